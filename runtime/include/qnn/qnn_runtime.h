/*===- qnn_runtime.h - The qnn runtime C API ---------------------*- C -*-===*\
 *
 * The thin C runtime compiled qnn models link against. A compiled model
 * exports one `qnn_model_desc` (its entry points with their tensors' element
 * types and shapes); qnn_model_run checks caller tensors against it and runs
 * an entry point. Errors are status codes with a message, never aborts.
 *
\*===----------------------------------------------------------------------===*/

#ifndef QNN_RUNTIME_H
#define QNN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The layout of the structures below; a model built for another ABI version
 * is rejected. */
#define QNN_ABI_VERSION 1

typedef enum qnn_status {
  QNN_OK = 0,
  QNN_ERROR_INVALID_ARGUMENT = 1, /* null pointer, wrong count */
  QNN_ERROR_NOT_FOUND = 2,        /* no such entry point */
  QNN_ERROR_SHAPE_MISMATCH = 3,   /* rank or dimension differs */
  QNN_ERROR_TYPE_MISMATCH = 4,    /* element type differs */
  QNN_ERROR_ABI_MISMATCH = 5,     /* model built for another runtime ABI */
  QNN_ERROR_LOAD_FAILED = 6,      /* a model library did not load */
  QNN_ERROR_OUT_OF_MEMORY = 7,    /* host or device memory */
  QNN_ERROR_DEVICE = 8,           /* a CUDA call failed: the message names
                                     the call and the CUDA error */
  QNN_ERROR_NO_DEVICE = 9,        /* no CUDA driver or device */
} qnn_status;

/* Element types of entry-point tensors (qnn_dtypes.def has the list and
 * what each holds). Quantized tensors travel as their codes, one per byte
 * (QNN_DTYPE_CODES); 4- and 2-bit integers one per byte. */
typedef enum qnn_dtype {
#define QNN_DTYPE(suffix, value, bytes, name) QNN_DTYPE_##suffix = value,
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
} qnn_dtype;

/* A caller's tensor: a dense row-major buffer. */
typedef struct qnn_tensor {
  void *data;
  int32_t dtype; /* qnn_dtype */
  int32_t rank;
  const int64_t *shape;
} qnn_tensor;

/* --- What a compiled model exports (emitted by the compiler). ---------- */

typedef struct qnn_tensor_desc {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
} qnn_tensor_desc;

typedef struct qnn_entry_desc {
  const char *name;
  /* Takes one memref descriptor pointer per input, then per output. */
  void (*packed)(void **descriptors);
  int32_t num_inputs;
  int32_t num_outputs;
  const qnn_tensor_desc *tensors; /* inputs, then outputs */
} qnn_entry_desc;

typedef struct qnn_model_desc {
  int32_t abi_version;
  int32_t num_entries;
  const qnn_entry_desc *entries;
} qnn_model_desc;

/* --- The API. ----------------------------------------------------------- */

/* The message of the last error on this thread ("" after success). */
const char *qnn_last_error(void);

/* Size in bytes of one element of `dtype` (0 for an unknown dtype). */
size_t qnn_dtype_size(int32_t dtype);
const char *qnn_dtype_name(int32_t dtype);

/* Finds an entry point by name (NULL: the model's only entry point). */
qnn_status qnn_model_find_entry(const qnn_model_desc *model, const char *name,
                                const qnn_entry_desc **entry);

/* Runs an entry point: checks every tensor against the entry's description
 * (count, non-null data, dtype, rank, every dimension), then computes the
 * outputs into the caller's buffers. */
qnn_status qnn_model_run(const qnn_model_desc *model, const char *entry,
                         const qnn_tensor *inputs, size_t num_inputs,
                         qnn_tensor *outputs, size_t num_outputs);

/* Buffers aligned for the generated vector code (64 bytes). */
void *qnn_alloc(size_t bytes);
void qnn_free(void *buffer);

/* Threads the compiled layers run on (the calling thread included). The
 * default is QNN_NUM_THREADS from the environment, else 1. Returns the
 * previous count; values below 1 are rejected (QNN_ERROR_INVALID_ARGUMENT
 * through qnn_last_error, the count unchanged). */
int qnn_set_num_threads(int threads);
int qnn_get_num_threads(void);

/* Compiled code splits parallel loops with qnn_parallel_for: task(ctx, begin,
 * end) runs on disjoint chunks covering [0, n), on the pool's threads and
 * the caller's; it returns when all have finished. Not part of the user
 * API. */
void qnn_parallel_for(void (*task)(void *ctx, int64_t begin, int64_t end),
                      void *ctx, int64_t n);

/* Compiled code calls `memrefCopy` (the symbol upstream MLIR's runner
 * utilities define) for strided copies, and allocates its intermediate
 * buffers with _mlir_memref_to_llvm_{alloc,aligned_alloc,free} (MLIR's
 * generic allocation hooks), which keep freed blocks for the next run;
 * libqnn_runtime provides all of them, so models need no other library. They
 * are not part of the user API. */

/* GPU models: their host code calls the mgpu* functions MLIR's GPU lowering
 * emits, which libqnn_runtime implements on the CUDA driver API, loaded
 * with dlopen (libcuda.so.1, or $QNN_CUDA_LIBRARY) on first use, on device
 * $QNN_CUDA_DEVICE (default 0). A failure (no driver, no device, a module
 * that does not load, a failed launch, out of device memory) makes the
 * qnn_model_run that caused it return QNN_ERROR_NO_DEVICE,
 * QNN_ERROR_DEVICE or QNN_ERROR_OUT_OF_MEMORY with the CUDA error's name;
 * nothing aborts. qnn_gpu_init loads the driver and opens the device
 * ahead of time: QNN_OK, or QNN_ERROR_NO_DEVICE with the reason. */
qnn_status qnn_gpu_init(void);

/* Loads a compiled model from a shared library exporting `symbol`
 * (default "qnn_model"); the handle stays open until qnn_model_unload. */
typedef struct qnn_loaded_model qnn_loaded_model;
qnn_status qnn_model_load(const char *path, const char *symbol,
                          qnn_loaded_model **loaded);
const qnn_model_desc *qnn_loaded_model_desc(const qnn_loaded_model *loaded);
void qnn_model_unload(qnn_loaded_model *loaded);

#ifdef __cplusplus
}
#endif

#endif /* QNN_RUNTIME_H */
