/*===- qnn_runtime_internal.h - Shared between the runtime's files -*- C
-*-===*\
 *
 * Not part of the installed API.
 *
\*===----------------------------------------------------------------------===*/

#ifndef QNN_RUNTIME_INTERNAL_H
#define QNN_RUNTIME_INTERNAL_H

#include "qnn/qnn_runtime.h"

/* Sets this thread's qnn_last_error() message and returns `status`. */
__attribute__((visibility("hidden"), format(printf, 2, 3))) qnn_status
qnn_fail(qnn_status status, const char *format, ...);

/* The device error the mgpu* functions keep on this thread (the first since the
 * last clear): cleared before an entry point runs, taken (as the status, with
 * its message in qnn_last_error()) after. */
__attribute__((visibility("hidden"))) void qnn_gpu_clear_error(void);
__attribute__((visibility("hidden"))) qnn_status qnn_gpu_take_error(void);

/* The AMX refusal a kernel met on this thread (qnn_amx_request): cleared
 * before an entry point runs, taken (as the status, with its message in
 * qnn_last_error()) after. */
__attribute__((visibility("hidden"))) void qnn_amx_clear_error(void);
__attribute__((visibility("hidden"))) qnn_status qnn_amx_take_error(void);
/* Drops the resident device copies of constants whose host addresses lie
 * in [begin, end) (a model library being unloaded). */
__attribute__((visibility("hidden"))) void
qnn_gpu_forget_constants(const void *begin, const void *end);

#endif /* QNN_RUNTIME_INTERNAL_H */
