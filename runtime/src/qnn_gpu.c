/*===- qnn_gpu.c - The mgpu* functions on the CUDA driver API -------------===*\
 *
 * MLIR's GPU host code (gpu-to-llvm) calls mgpu* functions to load modules,
 * launch kernels and move memory. Debian ships no MLIR CUDA runtime, so
 * libqnn_runtime provides them, on the CUDA driver API loaded with dlopen:
 * the runtime builds and CPU models run on machines without a driver.
 *
 * The mgpu* signatures return nothing (or a handle), so failures are kept
 * as the runtime's "device error": the first failure since the last
 * qnn_gpu_clear_error() with its CUDA error name, which qnn_model_run
 * returns as its status. After a failure the calls that depend on it are
 * skipped (null handles, no launches or copies while an error is
 * pending; host memory stands in for device memory that could not be
 * had), never an abort.
 *
\*===----------------------------------------------------------------------===*/

#include "qnn/qnn_runtime.h"
#include "qnn_runtime_internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver API's types, as far as qnn uses them (cuda.h need not be
 * installed to build the runtime). */
typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef void *CUcontext, *CUmodule, *CUfunction, *CUstream, *CUevent;
enum {
  CUDA_SUCCESS = 0,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_JIT_OPTIMIZATION_LEVEL = 7,
  CU_MEM_ATTACH_GLOBAL = 1,
  CU_STREAM_NON_BLOCKING = 1,
  CU_EVENT_DISABLE_TIMING = 2,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
};

/* Every driver function qnn calls (all return CUresult): its name in
 * libcuda and its parameters. */
#define QNN_CUDA_FUNCTIONS(X)                                                  \
  X(cuInit, (unsigned))                                                        \
  X(cuGetErrorName, (CUresult, const char **))                                 \
  X(cuDeviceGetCount, (int *))                                                 \
  X(cuDeviceGet, (CUdevice *, int))                                            \
  X(cuDevicePrimaryCtxRetain, (CUcontext *, CUdevice))                         \
  X(cuCtxSetCurrent, (CUcontext))                                              \
  X(cuModuleLoadData, (CUmodule *, const void *))                              \
  X(cuModuleLoadDataEx, (CUmodule *, const void *, unsigned, int *, void **))  \
  X(cuModuleUnload, (CUmodule))                                                \
  X(cuModuleGetFunction, (CUfunction *, CUmodule, const char *))               \
  X(cuFuncSetAttribute, (CUfunction, int, int))                                \
  X(cuLaunchKernel,                                                            \
    (CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,   \
     unsigned, CUstream, void **, void **))                                    \
  X(cuStreamCreate, (CUstream *, unsigned))                                    \
  X(cuStreamDestroy_v2, (CUstream))                                            \
  X(cuStreamSynchronize, (CUstream))                                           \
  X(cuStreamWaitEvent, (CUstream, CUevent, unsigned))                          \
  X(cuEventCreate, (CUevent *, unsigned))                                      \
  X(cuEventDestroy_v2, (CUevent))                                              \
  X(cuEventSynchronize, (CUevent))                                             \
  X(cuEventRecord, (CUevent, CUstream))                                        \
  X(cuMemAlloc_v2, (CUdeviceptr *, size_t))                                    \
  X(cuMemAllocManaged, (CUdeviceptr *, size_t, unsigned))                      \
  X(cuMemFree_v2, (CUdeviceptr))                                               \
  X(cuMemcpyAsync, (CUdeviceptr, CUdeviceptr, size_t, CUstream))               \
  X(cuMemsetD32Async, (CUdeviceptr, unsigned, size_t, CUstream))               \
  X(cuMemsetD16Async, (CUdeviceptr, unsigned short, size_t, CUstream))         \
  X(cuMemHostRegister_v2, (void *, size_t, unsigned))                          \
  X(cuMemHostUnregister, (void *))

static struct {
#define QNN_CUDA_SLOT(name, params) CUresult(*name) params;
  QNN_CUDA_FUNCTIONS(QNN_CUDA_SLOT)
#undef QNN_CUDA_SLOT
} cuda;

static pthread_once_t cuda_once = PTHREAD_ONCE_INIT;
static qnn_status cuda_status = QNN_ERROR_NO_DEVICE;
static char cuda_message[512];
static CUcontext cuda_context;
/* The device to open: mgpuSetDefaultDevice's, else $QNN_CUDA_DEVICE, else
 * 0 (atomic). */
static int requested_device = -1;

/* The first device error since the last clear. */
/* Per thread: a model's host code calls the mgpu* functions on the thread
 * that runs it, so models running on different threads keep their own. */
static _Thread_local qnn_status device_status = QNN_OK;
static _Thread_local char device_message[512];
/* Guards the fallback buffers. */
static pthread_mutex_t fallback_lock = PTHREAD_MUTEX_INITIALIZER;

static void record(qnn_status status, const char *format, ...) {
  if (device_status == QNN_OK) {
    va_list args;
    va_start(args, format);
    vsnprintf(device_message, sizeof(device_message), format, args);
    va_end(args);
    device_status = status;
  }
}

static const char *error_name(CUresult result) {
  const char *name = NULL;
  if (cuda.cuGetErrorName &&
      cuda.cuGetErrorName(result, &name) == CUDA_SUCCESS && name)
    return name;
  /* Names for when the driver cannot give one (the toolkit's link-time
   * libcuda, a failed cuInit): the common errors by number. */
  static const struct {
    CUresult code;
    const char *name;
  } known[] = {
      {1, "CUDA_ERROR_INVALID_VALUE"},
      {2, "CUDA_ERROR_OUT_OF_MEMORY"},
      {3, "CUDA_ERROR_NOT_INITIALIZED"},
      {34, "CUDA_ERROR_STUB_LIBRARY"},
      {100, "CUDA_ERROR_NO_DEVICE"},
      {101, "CUDA_ERROR_INVALID_DEVICE"},
      {200, "CUDA_ERROR_INVALID_IMAGE"},
      {209, "CUDA_ERROR_NO_BINARY_FOR_GPU"},
      {218, "CUDA_ERROR_INVALID_PTX"},
      {222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"},
      {400, "CUDA_ERROR_INVALID_HANDLE"},
      {500, "CUDA_ERROR_NOT_FOUND"},
      {700, "CUDA_ERROR_ILLEGAL_ADDRESS"},
      {701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"},
      {702, "CUDA_ERROR_LAUNCH_TIMEOUT"},
      {719, "CUDA_ERROR_LAUNCH_FAILED"},
      {803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"},
  };
  for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); ++i)
    if (known[i].code == result)
      return known[i].name;
  static _Thread_local char unknown[32];
  snprintf(unknown, sizeof(unknown), "CUDA error %d", result);
  return unknown;
}

static void load_driver(void) {
  const char *path = getenv("QNN_CUDA_LIBRARY");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    snprintf(cuda_message, sizeof(cuda_message),
             "no CUDA driver: cannot load %s (%s)", path, dlerror());
    return;
  }
#define QNN_CUDA_LOAD(name, type)                                              \
  *(void **)&cuda.name = dlsym(handle, #name);                                 \
  if (!cuda.name) {                                                            \
    snprintf(cuda_message, sizeof(cuda_message),                               \
             "the CUDA driver %s has no %s", path, #name);                     \
    return;                                                                    \
  }
  QNN_CUDA_FUNCTIONS(QNN_CUDA_LOAD)
#undef QNN_CUDA_LOAD
  CUresult result = cuda.cuInit(0);
  if (result != CUDA_SUCCESS) {
    snprintf(cuda_message, sizeof(cuda_message), "cuInit failed: %s",
             error_name(result));
    return;
  }
  int count = 0;
  result = cuda.cuDeviceGetCount(&count);
  const char *index = getenv("QNN_CUDA_DEVICE");
  int requested = __atomic_load_n(&requested_device, __ATOMIC_ACQUIRE);
  int cuda_device_index =
      requested >= 0 ? requested : (index ? atoi(index) : 0);
  if (result != CUDA_SUCCESS || cuda_device_index < 0 ||
      cuda_device_index >= count) {
    snprintf(cuda_message, sizeof(cuda_message),
             "no CUDA device %d (%d found%s%s)", cuda_device_index, count,
             result != CUDA_SUCCESS ? ": " : "",
             result != CUDA_SUCCESS ? error_name(result) : "");
    return;
  }
  CUdevice device;
  result = cuda.cuDeviceGet(&device, cuda_device_index);
  if (result == CUDA_SUCCESS)
    result = cuda.cuDevicePrimaryCtxRetain(&cuda_context, device);
  if (result != CUDA_SUCCESS) {
    snprintf(cuda_message, sizeof(cuda_message),
             "cannot open CUDA device %d: %s", cuda_device_index,
             error_name(result));
    return;
  }
  cuda_status = QNN_OK;
}

qnn_status qnn_gpu_init(void) {
  pthread_once(&cuda_once, load_driver);
  if (cuda_status != QNN_OK)
    return qnn_fail(cuda_status, "%s", cuda_message);
  return QNN_OK;
}

void qnn_gpu_clear_error(void) {
  device_status = QNN_OK;
  device_message[0] = '\0';
}

qnn_status qnn_gpu_take_error(void) {
  qnn_status status = device_status;
  if (status != QNN_OK)
    qnn_fail(status, "%s", device_message);
  device_status = QNN_OK;
  return status;
}

/* Whether a device error is pending: work that depends on earlier calls
 * (launches, copies) is skipped then. */
static int pending(void) { return device_status != QNN_OK; }

/* Host buffers handed out when device memory could not be had, so that
 * the model's host code (copies into and out of its buffers) runs to the
 * end and the run returns its status instead of crashing. */
typedef struct fallback {
  void *ptr;
  struct fallback *next;
} fallback;
static fallback *fallbacks;

static void *fallback_alloc(uint64_t bytes) {
  fallback *node = malloc(sizeof(fallback));
  void *ptr = calloc(1, bytes);
  if (!node || !ptr) {
    free(node);
    free(ptr);
    return NULL;
  }
  pthread_mutex_lock(&fallback_lock);
  node->ptr = ptr;
  node->next = fallbacks;
  fallbacks = node;
  pthread_mutex_unlock(&fallback_lock);
  return ptr;
}

static int fallback_free(void *ptr) {
  pthread_mutex_lock(&fallback_lock);
  for (fallback **at = &fallbacks; *at; at = &(*at)->next)
    if ((*at)->ptr == ptr) {
      fallback *node = *at;
      *at = node->next;
      pthread_mutex_unlock(&fallback_lock);
      free(node->ptr);
      free(node);
      return 1;
    }
  pthread_mutex_unlock(&fallback_lock);
  return 0;
}

/* Makes the device's context current on this thread; false (recorded)
 * when there is no device. */
static int ready(const char *what) {
  pthread_once(&cuda_once, load_driver);
  if (cuda_status != QNN_OK) {
    record(cuda_status, "%s: %s", what, cuda_message);
    return 0;
  }
  CUresult result = cuda.cuCtxSetCurrent(cuda_context);
  if (result != CUDA_SUCCESS) {
    record(QNN_ERROR_DEVICE, "%s: cuCtxSetCurrent failed: %s", what,
           error_name(result));
    return 0;
  }
  return 1;
}

/* Checks a driver call; records the failure, naming the mgpu function. */
static int ok(CUresult result, const char *what, const char *call) {
  if (result == CUDA_SUCCESS)
    return 1;
  record(result == 2 ? QNN_ERROR_OUT_OF_MEMORY : QNN_ERROR_DEVICE,
         "%s: %s failed: %s", what, call, error_name(result));
  return 0;
}

/* --- Modules and launches. ------------------------------------------- */

/* Modules load when a model library loads (its constructors), on whatever
 * thread loads it, before any run: the reason a module failed is kept for
 * the runs that then find no kernel in it. */
static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static char module_error[512];

/* A module load records its own failure: an error pending on this thread
 * is set aside meanwhile and stays the one reported. */
typedef struct {
  qnn_status status;
  char message[sizeof(device_message)];
} pending_error;

static void begin_module_load(pending_error *saved) {
  saved->status = device_status;
  memcpy(saved->message, device_message, sizeof(saved->message));
  qnn_gpu_clear_error();
}

static void end_module_load(const pending_error *saved, int loaded) {
  if (!loaded) {
    pthread_mutex_lock(&module_lock);
    snprintf(module_error, sizeof(module_error), "%s", device_message);
    pthread_mutex_unlock(&module_lock);
  }
  if (saved->status != QNN_OK) {
    device_status = saved->status;
    memcpy(device_message, saved->message, sizeof(device_message));
  }
}

void *mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  CUmodule module = NULL;
  pending_error saved;
  begin_module_load(&saved);
  if (data && ready("mgpuModuleLoad"))
    ok(cuda.cuModuleLoadData(&module, data), "mgpuModuleLoad",
       "cuModuleLoadData");
  end_module_load(&saved, module != NULL);
  return module;
}

void *mgpuModuleLoadJIT(void *data, int opt_level) {
  CUmodule module = NULL;
  pending_error saved;
  begin_module_load(&saved);
  if (!data || !ready("mgpuModuleLoadJIT")) {
    end_module_load(&saved, 0);
    return NULL;
  }
  char log[1024] = "";
  int options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                   CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, (void *)(size_t)sizeof(log),
                    (void *)(size_t)opt_level};
  CUresult result = cuda.cuModuleLoadDataEx(&module, data, 3, options, values);
  if (result != CUDA_SUCCESS) {
    record(QNN_ERROR_DEVICE,
           "mgpuModuleLoadJIT: cuModuleLoadDataEx failed: "
           "%s%s%s",
           error_name(result), log[0] ? ": " : "", log);
  }
  end_module_load(&saved, module != NULL);
  return module;
}

void mgpuModuleUnload(void *module) {
  if (module && ready("mgpuModuleUnload"))
    ok(cuda.cuModuleUnload(module), "mgpuModuleUnload", "cuModuleUnload");
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  CUfunction function = NULL;
  if (!ready("mgpuModuleGetFunction"))
    return NULL;
  if (!module) {
    pthread_mutex_lock(&module_lock);
    record(QNN_ERROR_DEVICE, "kernel '%s': its module did not load: %s", name,
           module_error[0] ? module_error : "unknown reason");
    pthread_mutex_unlock(&module_lock);
    return NULL;
  }
  CUresult result = cuda.cuModuleGetFunction(&function, module, name);
  if (result != CUDA_SUCCESS) {
    record(QNN_ERROR_DEVICE, "mgpuModuleGetFunction: no kernel '%s': %s", name,
           error_name(result));
    return NULL;
  }
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t grid_x, intptr_t grid_y,
                      intptr_t grid_z, intptr_t block_x, intptr_t block_y,
                      intptr_t block_z, int32_t shared_bytes, void *stream,
                      void **params, void **extra, size_t param_count) {
  (void)param_count;
  if (!function || pending() || !ready("mgpuLaunchKernel"))
    return;
  if (shared_bytes > 48 * 1024 &&
      !ok(cuda.cuFuncSetAttribute(
              function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
              shared_bytes),
          "mgpuLaunchKernel", "cuFuncSetAttribute"))
    return;
  ok(cuda.cuLaunchKernel(function, (unsigned)grid_x, (unsigned)grid_y,
                         (unsigned)grid_z, (unsigned)block_x, (unsigned)block_y,
                         (unsigned)block_z, (unsigned)shared_bytes, stream,
                         params, extra),
     "mgpuLaunchKernel", "cuLaunchKernel");
}

/* --- Streams and events. --------------------------------------------- */

void *mgpuStreamCreate(void) {
  CUstream stream = NULL;
  if (ready("mgpuStreamCreate"))
    ok(cuda.cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING), "mgpuStreamCreate",
       "cuStreamCreate");
  return stream;
}

void mgpuStreamDestroy(void *stream) {
  if (stream && ready("mgpuStreamDestroy"))
    ok(cuda.cuStreamDestroy_v2(stream), "mgpuStreamDestroy", "cuStreamDestroy");
}

void mgpuStreamSynchronize(void *stream) {
  /* Asynchronous launch failures surface here. */
  if (stream && ready("mgpuStreamSynchronize"))
    ok(cuda.cuStreamSynchronize(stream), "mgpuStreamSynchronize",
       "cuStreamSynchronize");
}

void mgpuStreamWaitEvent(void *stream, void *event) {
  if (stream && event && ready("mgpuStreamWaitEvent"))
    ok(cuda.cuStreamWaitEvent(stream, event, 0), "mgpuStreamWaitEvent",
       "cuStreamWaitEvent");
}

void *mgpuEventCreate(void) {
  CUevent event = NULL;
  if (ready("mgpuEventCreate"))
    ok(cuda.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING), "mgpuEventCreate",
       "cuEventCreate");
  return event;
}

void mgpuEventDestroy(void *event) {
  if (event && ready("mgpuEventDestroy"))
    ok(cuda.cuEventDestroy_v2(event), "mgpuEventDestroy", "cuEventDestroy");
}

void mgpuEventSynchronize(void *event) {
  if (event && ready("mgpuEventSynchronize"))
    ok(cuda.cuEventSynchronize(event), "mgpuEventSynchronize",
       "cuEventSynchronize");
}

void mgpuEventRecord(void *event, void *stream) {
  if (event && stream && ready("mgpuEventRecord"))
    ok(cuda.cuEventRecord(event, stream), "mgpuEventRecord", "cuEventRecord");
}

/* --- Memory. --------------------------------------------------------- */

/* Device blocks freed by a run are kept for the next one (a model asks for
 * the same sizes every run; cuMemAlloc and cuMemFree cost more than the
 * kernels of a small layer): a list of every block this runtime allocated
 * with cuMemAlloc, free or not. Frees are stream-ordered: a block freed on
 * a stream whose work may still use it carries an event recorded there,
 * and its next user (another stream, another thread's run) waits for that
 * event before touching it. */
typedef struct device_block {
  CUdeviceptr ptr;
  uint64_t bytes;
  int in_use;
  /* Recorded on the stream that freed the block; kept for the block's
   * next free (events are not free to create). */
  CUevent released;
  int pending;
  struct device_block *next;
} device_block;
static device_block *device_blocks;
static pthread_mutex_t device_lock = PTHREAD_MUTEX_INITIALIZER;

/* Waits (on `stream`, or on the host without one) for the work that used a
 * reused block before it was freed. */
static void wait_released(device_block *block, CUstream stream) {
  if (!block->pending)
    return;
  if (stream)
    cuda.cuStreamWaitEvent(stream, block->released, 0);
  else
    cuda.cuEventSynchronize(block->released);
  block->pending = 0;
}

/* Gives the free cached blocks back to the driver. */
static void release_free_blocks(void) {
  pthread_mutex_lock(&device_lock);
  for (device_block **at = &device_blocks; *at;) {
    device_block *block = *at;
    if (block->in_use) {
      at = &block->next;
      continue;
    }
    *at = block->next;
    wait_released(block, NULL);
    if (block->released)
      cuda.cuEventDestroy_v2(block->released);
    cuda.cuMemFree_v2(block->ptr);
    free(block);
  }
  pthread_mutex_unlock(&device_lock);
}

/* cuMemAlloc; out of memory, the free cached blocks go back to the driver
 * and it is tried once more. */
static CUresult alloc_or_release(CUdeviceptr *ptr, uint64_t bytes) {
  CUresult result = cuda.cuMemAlloc_v2(ptr, bytes);
  if (result == 2) {
    release_free_blocks();
    result = cuda.cuMemAlloc_v2(ptr, bytes);
  }
  return result;
}

static CUresult device_alloc(CUdeviceptr *ptr, uint64_t bytes,
                             CUstream stream) {
  pthread_mutex_lock(&device_lock);
  for (device_block *block = device_blocks; block; block = block->next)
    if (!block->in_use && block->bytes == bytes) {
      block->in_use = 1;
      wait_released(block, stream);
      *ptr = block->ptr;
      pthread_mutex_unlock(&device_lock);
      return CUDA_SUCCESS;
    }
  pthread_mutex_unlock(&device_lock);
  device_block *block = malloc(sizeof(device_block));
  if (!block)
    return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
  CUresult result = alloc_or_release(ptr, bytes);
  if (result != CUDA_SUCCESS) {
    free(block);
    return result;
  }
  block->ptr = *ptr;
  block->bytes = bytes;
  block->in_use = 1;
  block->released = NULL;
  block->pending = 0;
  pthread_mutex_lock(&device_lock);
  block->next = device_blocks;
  device_blocks = block;
  pthread_mutex_unlock(&device_lock);
  return CUDA_SUCCESS;
}

/* Marks a cached block free once `stream`'s work so far is done; false
 * when `ptr` is not one. */
static int device_release(CUdeviceptr ptr, CUstream stream) {
  int found = 0;
  pthread_mutex_lock(&device_lock);
  for (device_block *block = device_blocks; block; block = block->next)
    if (block->ptr == ptr && block->in_use) {
      block->in_use = 0;
      if (stream) {
        if (!block->released &&
            cuda.cuEventCreate(&block->released, CU_EVENT_DISABLE_TIMING) !=
                CUDA_SUCCESS)
          block->released = NULL;
        if (block->released &&
            cuda.cuEventRecord(block->released, stream) == CUDA_SUCCESS)
          block->pending = 1;
        else
          /* No event: wait for the stream here instead. */
          cuda.cuStreamSynchronize(stream);
      }
      found = 1;
      break;
    }
  pthread_mutex_unlock(&device_lock);
  return found;
}

void *mgpuMemAlloc(uint64_t bytes, void *stream, bool host_shared) {
  CUdeviceptr ptr = 0;
  if (!bytes)
    return NULL;
  if (!ready("mgpuMemAlloc"))
    return fallback_alloc(bytes);
  CUresult result =
      host_shared ? cuda.cuMemAllocManaged(&ptr, bytes, CU_MEM_ATTACH_GLOBAL)
                  : device_alloc(&ptr, bytes, stream);
  if (result != CUDA_SUCCESS) {
    record(result == 2 ? QNN_ERROR_OUT_OF_MEMORY : QNN_ERROR_DEVICE,
           "mgpuMemAlloc: %s of %llu bytes failed: %s",
           host_shared ? "cuMemAllocManaged" : "cuMemAlloc",
           (unsigned long long)bytes, error_name(result));
    return fallback_alloc(bytes);
  }
  return (void *)(uintptr_t)ptr;
}

void mgpuMemFree(void *ptr, void *stream) {
  if (!ptr || fallback_free(ptr) ||
      (cuda_status == QNN_OK &&
       device_release((CUdeviceptr)(uintptr_t)ptr, stream)))
    return;
  if (ready("mgpuMemFree"))
    ok(cuda.cuMemFree_v2((CUdeviceptr)(uintptr_t)ptr), "mgpuMemFree",
       "cuMemFree");
}

/* Managed memory for the buffers of a model that host code and kernels
 * both use (outside the model's stream: host code reads them). */
void *qnn_gpu_managed_alloc(int64_t bytes) {
  return mgpuMemAlloc((uint64_t)bytes, NULL, true);
}

void qnn_gpu_managed_free(void *ptr) { mgpuMemFree(ptr, NULL); }

/* --- Resident constants. --------------------------------------------- */

/* The device copies of models' constant globals (weights, tables), by
 * host address: uploaded by the first run that needs them, shared by every
 * later one, dropped when the library holding them is unloaded. */
typedef struct resident {
  const void *host;
  int64_t bytes;
  CUdeviceptr device;
  struct resident *next;
} resident;
static resident *residents;
static pthread_mutex_t resident_lock = PTHREAD_MUTEX_INITIALIZER;

void *qnn_gpu_constant(const void *host, int64_t bytes) {
  pthread_mutex_lock(&resident_lock);
  for (resident *r = residents; r; r = r->next)
    if (r->host == host && r->bytes == bytes) {
      pthread_mutex_unlock(&resident_lock);
      return (void *)(uintptr_t)r->device;
    }
  /* After a failure the host copy stands in; kernels are not launched
   * while the error is pending. */
  void *result = (void *)(uintptr_t)host;
  resident *r = NULL;
  CUdeviceptr device = 0;
  if (pending() || !ready("qnn_gpu_constant"))
    goto done;
  CUresult status = alloc_or_release(&device, (uint64_t)bytes);
  if (status != CUDA_SUCCESS) {
    record(status == 2 ? QNN_ERROR_OUT_OF_MEMORY : QNN_ERROR_DEVICE,
           "qnn_gpu_constant: cuMemAlloc of %lld bytes failed: %s",
           (long long)bytes, error_name(status));
    goto done;
  }
  /* The legacy default stream, waited for: kernels run on other streams. */
  if (!ok(cuda.cuMemcpyAsync(device, (CUdeviceptr)(uintptr_t)host,
                             (size_t)bytes, NULL),
          "qnn_gpu_constant", "cuMemcpyAsync") ||
      !ok(cuda.cuStreamSynchronize(NULL), "qnn_gpu_constant",
          "cuStreamSynchronize") ||
      !(r = malloc(sizeof(resident)))) {
    cuda.cuMemFree_v2(device);
    goto done;
  }
  r->host = host;
  r->bytes = bytes;
  r->device = device;
  r->next = residents;
  residents = r;
  result = (void *)(uintptr_t)device;
done:
  pthread_mutex_unlock(&resident_lock);
  return result;
}

void qnn_gpu_forget_constants(const void *begin, const void *end) {
  pthread_mutex_lock(&resident_lock);
  for (resident **at = &residents; *at;) {
    resident *r = *at;
    if ((const char *)r->host >= (const char *)begin &&
        (const char *)r->host < (const char *)end) {
      *at = r->next;
      if (cuda_status == QNN_OK)
        cuda.cuMemFree_v2(r->device);
      free(r);
    } else {
      at = &r->next;
    }
  }
  pthread_mutex_unlock(&resident_lock);
}

void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream) {
  if (dst && src && !pending() && ready("mgpuMemcpy"))
    ok(cuda.cuMemcpyAsync((CUdeviceptr)(uintptr_t)dst,
                          (CUdeviceptr)(uintptr_t)src, bytes, stream),
       "mgpuMemcpy", "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned int value, size_t count, void *stream) {
  if (dst && ready("mgpuMemset32"))
    ok(cuda.cuMemsetD32Async((CUdeviceptr)(uintptr_t)dst, value, count, stream),
       "mgpuMemset32", "cuMemsetD32Async");
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, void *stream) {
  if (dst && ready("mgpuMemset16"))
    ok(cuda.cuMemsetD16Async((CUdeviceptr)(uintptr_t)dst, value, count, stream),
       "mgpuMemset16", "cuMemsetD16Async");
}

void mgpuMemHostRegister(void *ptr, uint64_t bytes) {
  if (ptr && ready("mgpuMemHostRegister"))
    ok(cuda.cuMemHostRegister_v2(ptr, bytes, 0), "mgpuMemHostRegister",
       "cuMemHostRegister");
}

void mgpuMemHostUnregister(void *ptr) {
  if (ptr && ready("mgpuMemHostUnregister"))
    ok(cuda.cuMemHostUnregister(ptr), "mgpuMemHostUnregister",
       "cuMemHostUnregister");
}

/* The extent in bytes of a memref descriptor's data: { T *allocated,
 * T *aligned, int64 offset, int64 sizes[rank], int64 strides[rank] }. */
static uint64_t memref_bytes(int64_t rank, const int64_t *descriptor,
                             int64_t element_bytes, void **aligned) {
  const int64_t *sizes = descriptor + 3, *strides = descriptor + 3 + rank;
  int64_t extent = 1;
  for (int64_t d = 0; d < rank; ++d)
    if (sizes[d] > 0)
      extent += (sizes[d] - 1) * strides[d];
  *aligned =
      (char *)((void *const *)descriptor)[1] + descriptor[2] * element_bytes;
  return (uint64_t)(extent * element_bytes);
}

void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                               int64_t element_bytes) {
  void *data;
  uint64_t bytes = memref_bytes(rank, descriptor, element_bytes, &data);
  mgpuMemHostRegister(data, bytes);
}

void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                 int64_t element_bytes) {
  void *data;
  memref_bytes(rank, descriptor, element_bytes, &data);
  mgpuMemHostUnregister(data);
}

void mgpuSetDefaultDevice(int32_t device) {
  /* Takes effect when the driver is first loaded. (Atomic: models' host
   * code may call it on several threads at once.) */
  __atomic_store_n(&requested_device, device, __ATOMIC_RELEASE);
}
