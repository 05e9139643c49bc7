/* The GPU glue without a usable driver: qnn_gpu_init's status and message,
 * and a "model" whose entry point calls the mgpu* functions the way MLIR's
 * GPU host code does: qnn_model_run returns the device status with the
 * message of the first failure, nothing aborts, and a CPU entry point of
 * the same model still runs. */
#include "qnn/qnn_runtime.h"

#include <stdbool.h>
#include <stdio.h>

void *mgpuModuleLoadJIT(void *data, int opt_level);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gx, intptr_t gy, intptr_t gz,
                      intptr_t bx, intptr_t by, intptr_t bz, int32_t shared,
                      void *stream, void **params, void **extra, size_t count);
void *mgpuStreamCreate(void);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamDestroy(void *stream);
void *mgpuMemAlloc(uint64_t bytes, void *stream, bool host_shared);
void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream);
void mgpuModuleUnload(void *module);

static int gpu_calls_returned;

static void gpu_entry(void **descriptors) {
  (void)descriptors;
  static const char ptx[] = ".version 8.0\n.target sm_90\n";
  void *stream = mgpuStreamCreate();
  void *buffer = mgpuMemAlloc(256, stream, false);
  void *module = mgpuModuleLoadJIT((void *)ptx, 2);
  void *kernel = mgpuModuleGetFunction(module, "k");
  mgpuLaunchKernel(kernel, 1, 1, 1, 1, 1, 1, 0, stream, NULL, NULL, 0);
  mgpuMemcpy(buffer, buffer, 256, stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  /* Host memory stands in for the buffer: host code can still use it. */
  ((char *)buffer)[255] = 1;
  void mgpuMemFree(void *ptr, void *stream);
  mgpuMemFree(buffer, NULL);
  gpu_calls_returned = buffer != NULL && module == NULL && kernel == NULL;
}

static void cpu_entry(void **descriptors) { (void)descriptors; }

int main(void) {
  qnn_status status = qnn_gpu_init();
  printf("init: status %d: %s\n", (int)status, qnn_last_error());
  static const qnn_entry_desc entries[] = {{"gpu", gpu_entry, 0, 0, NULL},
                                           {"cpu", cpu_entry, 0, 0, NULL}};
  static const qnn_model_desc model = {QNN_ABI_VERSION, 2, entries};
  status = qnn_model_run(&model, "gpu", NULL, 0, NULL, 0);
  printf("gpu run: status %d: %s\n", (int)status, qnn_last_error());
  printf("every call returned: %s\n", gpu_calls_returned ? "yes" : "no");
  status = qnn_model_run(&model, "cpu", NULL, 0, NULL, 0);
  printf("cpu run: status %d: %s\n", (int)status, qnn_last_error());
  return 0;
}
