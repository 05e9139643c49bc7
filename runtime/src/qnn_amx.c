/*===- qnn_amx.c - The AMX tile-data permission --------------------------===*\
 *
 * Linux gives the AMX tile registers (the XTILEDATA state component) only
 * to processes that ask for them with arch_prctl(ARCH_REQ_XCOMP_PERM); an
 * AMX instruction without that permission faults. Compiled AMX kernels call
 * qnn_amx_request() before their loops: the first call asks, once for the
 * process, and every call answers 0 (granted) or the recorded refusal,
 * which then becomes the status of the qnn_model_run in progress (the
 * kernels skip their loops instead of faulting).
 *
\*===----------------------------------------------------------------------===*/

#define _GNU_SOURCE

#include "qnn/qnn_runtime.h"
#include "qnn_runtime_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* From the kernel's arch/x86/include/uapi/asm/prctl.h and fpu/types.h
 * (older C libraries lack the names). */
#define QNN_ARCH_REQ_XCOMP_PERM 0x1023
#define QNN_XFEATURE_XTILEDATA 18

static pthread_once_t amx_once = PTHREAD_ONCE_INIT;
static qnn_status amx_status = QNN_OK;
static char amx_reason[320];
/* The refusal a kernel met on this thread since the last clear. */
static _Thread_local qnn_status amx_pending = QNN_OK;

static void refuse(int error, const char *how) {
  amx_status = QNN_ERROR_UNSUPPORTED_CPU;
  snprintf(amx_reason, sizeof(amx_reason),
           "AMX: arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) "
           "refused the tile-data permission: %s (errno %d%s); the model "
           "was compiled for target=avx512-amx",
           strerror(error), error, how);
}

static void request_once(void) {
  /* Tests fake a refusal (the errno, EPERM by default) on any CPU. */
  const char *fake = getenv("QNN_AMX_FAKE_REFUSAL");
  if (fake && *fake) {
    int error = atoi(fake);
    refuse(error > 0 ? error : EPERM, ", faked by QNN_AMX_FAKE_REFUSAL");
    return;
  }
#if defined(__x86_64__) && defined(__linux__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  /* CPUID leaf 7: EDX bit 24 AMX-TILE, bit 25 AMX-INT8. */
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || !(edx & (1u << 24)) ||
      !(edx & (1u << 25))) {
    amx_status = QNN_ERROR_UNSUPPORTED_CPU;
    snprintf(amx_reason, sizeof(amx_reason),
             "AMX: this CPU lacks AMX-TILE and AMX-INT8 (cpuid leaf 7, edx "
             "bits 24 and 25), which the model was compiled for "
             "(target=avx512-amx; compile with emulate-amx=true or for "
             "another target)");
    return;
  }
  if (syscall(SYS_arch_prctl, QNN_ARCH_REQ_XCOMP_PERM,
              QNN_XFEATURE_XTILEDATA) != 0)
    refuse(errno, "");
#else
  amx_status = QNN_ERROR_UNSUPPORTED_CPU;
  snprintf(amx_reason, sizeof(amx_reason),
           "AMX: tile kernels run on x86-64 Linux only; the model was "
           "compiled for target=avx512-amx");
#endif
}

int32_t qnn_amx_request(void) {
  pthread_once(&amx_once, request_once);
  if (amx_status != QNN_OK && amx_pending == QNN_OK)
    amx_pending = amx_status;
  return (int32_t)amx_status;
}

qnn_status qnn_amx_init(void) {
  pthread_once(&amx_once, request_once);
  if (amx_status != QNN_OK)
    return qnn_fail(amx_status, "%s", amx_reason);
  return QNN_OK;
}

void qnn_amx_clear_error(void) { amx_pending = QNN_OK; }

qnn_status qnn_amx_take_error(void) {
  qnn_status status = amx_pending;
  amx_pending = QNN_OK;
  if (status != QNN_OK)
    qnn_fail(status, "%s", amx_reason);
  return status;
}
