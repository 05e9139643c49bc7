/*===- qnn_runtime.h - The qnn runtime C API ---------------------*- C -*-===*\
 *
 * The thin C runtime compiled qnn models link against. A compiled model
 * exports one `qnn_model_desc` (its entry points with their tensors' element
 * types and shapes); qnn_model_run checks caller tensors against it and runs
 * an entry point. Errors are status codes with a message, never aborts.
 *
 * Threads: every function may be called from any thread at any time.
 * qnn_model_run may run one model (or several) on several threads at
 * once; each call gets the same results as it would alone (the outputs of
 * a run depend on its inputs only, not on the thread count or on other
 * runs). The runs' parallel loops share one thread pool, one loop at a
 * time. qnn_last_error() is per thread.
 *
 * What the runtime cannot check: that a tensor's buffer holds as many
 * elements as its shape says (it has only the pointer). The caller must
 * pass buffers of at least product(shape) * qnn_dtype_size(dtype) bytes,
 * inputs readable and outputs writable, not overlapping an output, and
 * valid until qnn_model_run returns; a shorter buffer is a buffer
 * overflow, not an error status. Everything else a caller passes is
 * checked (see qnn_model_run).
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

/* The most threads qnn_set_num_threads accepts (QNN_NUM_THREADS above it is
 * taken as this). */
#define QNN_MAX_THREADS 1024

/* The highest rank of an entry point's tensor (a descriptor with more is
 * malformed). */
#define QNN_MAX_RANK 64

typedef enum qnn_status {
  QNN_OK = 0,
  QNN_ERROR_INVALID_ARGUMENT = 1, /* null pointer, wrong count, a model
                                     descriptor that is malformed or not
                                     live, a handle that is not loaded */
  QNN_ERROR_NOT_FOUND = 2,        /* no such entry point */
  QNN_ERROR_SHAPE_MISMATCH = 3,   /* rank or dimension differs */
  QNN_ERROR_TYPE_MISMATCH = 4,    /* element type differs */
  QNN_ERROR_ABI_MISMATCH = 5,     /* model built for another runtime ABI */
  QNN_ERROR_LOAD_FAILED = 6,      /* a model library did not load */
  QNN_ERROR_OUT_OF_MEMORY = 7,    /* host or device memory */
  QNN_ERROR_DEVICE = 8,           /* a CUDA call failed: the message names
                                     the call and the CUDA error */
  QNN_ERROR_NO_DEVICE = 9,        /* no CUDA driver or device */
  QNN_ERROR_UNSUPPORTED_CPU = 10, /* the CPU or the OS lacks what the model
                                     was compiled for (AMX: the message
                                     names cpuid, or arch_prctl and errno) */
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

/* Finds an entry point by name (NULL: the model's only entry point). The
 * model is checked as by qnn_model_run. */
qnn_status qnn_model_find_entry(const qnn_model_desc *model, const char *name,
                                const qnn_entry_desc **entry);

/* Runs an entry point: checks the model, then every tensor against the
 * entry's description, then computes the outputs into the caller's buffers.
 * Each failed check returns its status with a message naming the entry,
 * the tensor and the offending value:
 * - QNN_ERROR_INVALID_ARGUMENT: a null model; a model that is not live; a
 *   malformed descriptor (an entry without a name or function, negative
 *   counts, a tensor with an unknown dtype, a rank outside [0,
 *   QNN_MAX_RANK], a negative dimension, more than 2^63 bytes); a tensor
 *   count that differs from the entry's; a null tensor array for a
 *   non-zero count; a tensor with null data; a null shape for a non-zero
 *   rank;
 * - QNN_ERROR_ABI_MISMATCH: the descriptor's ABI version is not
 *   QNN_ABI_VERSION;
 * - QNN_ERROR_NOT_FOUND: no entry point of that name;
 * - QNN_ERROR_TYPE_MISMATCH: a tensor's dtype differs;
 * - QNN_ERROR_SHAPE_MISMATCH: a tensor's rank or a dimension differs;
 * - QNN_ERROR_OUT_OF_MEMORY, QNN_ERROR_DEVICE, QNN_ERROR_NO_DEVICE: the run
 *   itself failed (GPU models, below);
 * - QNN_ERROR_UNSUPPORTED_CPU: a model compiled for AMX tiles on a CPU
 *   without AMX-INT8, or where Linux refused the tile-data permission
 *   (below); its AMX layers computed nothing.
 * A live model is either the descriptor of a model loaded with
 * qnn_model_load and not unloaded (qnn_loaded_model_desc), or one inside
 * an object the dynamic loader has mapped (a model linked into the
 * program, or a library the caller loaded itself). The descriptor of a
 * library that qnn_model_unload has unloaded is detected
 * (QNN_ERROR_INVALID_ARGUMENT, "... lies in no loaded object") as long as
 * nothing else has been mapped at its address since; descriptors built in
 * heap or stack memory are rejected the same way unless registered with
 * qnn_model_register (a model compiled in memory, e.g. by MLIR's
 * ExecutionEngine). (A library that another
 * reference keeps loaded, or one linked with -z nodelete, stays mapped
 * after qnn_model_unload: its descriptor stays live.) */
qnn_status qnn_model_run(const qnn_model_desc *model, const char *entry,
                         const qnn_tensor *inputs, size_t num_inputs,
                         qnn_tensor *outputs, size_t num_outputs);

/* Buffers aligned for the generated vector code (64 bytes), of at least
 * `bytes` bytes; NULL (QNN_ERROR_OUT_OF_MEMORY through qnn_last_error) when
 * they cannot be had. */
void *qnn_alloc(size_t bytes);
void qnn_free(void *buffer);

/* Threads the compiled layers run on (the calling thread included), for
 * the whole process. The default is QNN_NUM_THREADS from the environment
 * (a number from 1; above QNN_MAX_THREADS it is taken as QNN_MAX_THREADS,
 * anything else as 1), else 1. Returns the previous count; values below 1
 * or above QNN_MAX_THREADS are rejected (QNN_ERROR_INVALID_ARGUMENT through
 * qnn_last_error, the count unchanged). May be called while runs are in
 * flight: each parallel loop uses the count at its start. Worker threads,
 * once started, stay (asleep) until the process exits. */
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
/* AMX models (target=avx512-amx without emulate-amx): their kernels call
 * qnn_amx_request(), which on first use asks Linux for the AMX tile data
 * (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA), once per process)
 * after checking the CPU (cpuid AMX-TILE and AMX-INT8), and returns 0 once
 * granted; otherwise the kernels skip their loops and the qnn_model_run
 * that ran them returns QNN_ERROR_UNSUPPORTED_CPU, with a message naming
 * cpuid, or arch_prctl and the errno. qnn_amx_request is not part of the
 * user API. qnn_amx_init asks ahead of time: QNN_OK, or
 * QNN_ERROR_UNSUPPORTED_CPU with the reason. Setting QNN_AMX_FAKE_REFUSAL
 * to an errno (any non-number: EPERM) before the first request makes it
 * fail as arch_prctl would, for tests. */
int32_t qnn_amx_request(void);
qnn_status qnn_amx_init(void);

/* Loads a compiled model from a shared library exporting `symbol`
 * (default "qnn_model"); the handle stays open until qnn_model_unload.
 *
 * Loading runs code from the file: the dynamic loader maps the library
 * and runs its constructors (and those of libraries it needs) in this
 * process before any check of the model. Load only files you would
 * execute; the checks below catch accidents (a wrong, damaged or
 * incompatible file), not an attacker.
 *
 * Before loading a path that contains a '/', the runtime checks that the
 * file is a whole ELF shared library (a truncated one would crash the
 * loader; a file changed between that check and dlopen is not covered). A
 * bare name is searched by the dynamic loader as dlopen does. Errors:
 * QNN_ERROR_INVALID_ARGUMENT (null path or result), QNN_ERROR_LOAD_FAILED
 * (no such file, not an ELF file, not a shared library, truncated, the
 * loader's own error, `symbol` not defined by the library itself or not a
 * descriptor-sized object, a malformed descriptor) and
 * QNN_ERROR_ABI_MISMATCH; *loaded is NULL then.
 *
 * A handle is an opaque token, never a pointer to follow and never reused
 * within the process: qnn_loaded_model_desc (NULL) and qnn_model_unload
 * (QNN_ERROR_INVALID_ARGUMENT) report a handle that was already unloaded or
 * never loaded. qnn_model_unload waits for the runs of the model in flight
 * on other threads; runs that start while it unloads fail
 * (QNN_ERROR_INVALID_ARGUMENT); after it returns, the library is closed
 * and its descriptor must not be used. */
typedef struct qnn_loaded_model qnn_loaded_model;
qnn_status qnn_model_load(const char *path, const char *symbol,
                          qnn_loaded_model **loaded);
const qnn_model_desc *qnn_loaded_model_desc(const qnn_loaded_model *loaded);
qnn_status qnn_model_unload(qnn_loaded_model *loaded);

/* Registers the descriptor of a model that lives in memory rather than in a
 * library (JIT-compiled, or built by the caller), after the same checks of
 * the descriptor as qnn_model_load (QNN_ERROR_INVALID_ARGUMENT for a
 * malformed one, QNN_ERROR_ABI_MISMATCH). qnn_model_run then accepts it
 * until qnn_model_unload(*registered), which waits for its runs in flight
 * and closes nothing: the memory stays the caller's, and must outlive the
 * registration. */
qnn_status qnn_model_register(const qnn_model_desc *desc,
                              qnn_loaded_model **registered);

#ifdef __cplusplus
}
#endif

#endif /* QNN_RUNTIME_H */
