/*===- qnn_runtime.c - The qnn runtime ------------------------------------===*\
 *
 * Implements the checks and the call of a compiled entry point. A memref
 * descriptor of rank r is { T *allocated, T *aligned, int64 offset,
 * int64 sizes[r], int64 strides[r] }, the layout MLIR's C interface uses.
 *
\*===----------------------------------------------------------------------===*/

/* dlinfo and dl_iterate_phdr. */
#define _GNU_SOURCE

#include "qnn/qnn_runtime.h"
#include "qnn_runtime_internal.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[512];

qnn_status qnn_fail(qnn_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(last_error, sizeof(last_error), format, args);
  va_end(args);
  return status;
}

const char *qnn_last_error(void) { return last_error; }

size_t qnn_dtype_size(int32_t dtype) {
  switch (dtype) {
#define QNN_DTYPE(suffix, value, bytes, name)                                 \
  case QNN_DTYPE_##suffix:                                                     \
    return bytes;
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
  default:
    return 0;
  }
}

const char *qnn_dtype_name(int32_t dtype) {
  switch (dtype) {
#define QNN_DTYPE(suffix, value, bytes, name)                                 \
  case QNN_DTYPE_##suffix:                                                     \
    return name;
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
  default:
    return "unknown";
  }
}

qnn_status qnn_model_find_entry(const qnn_model_desc *model, const char *name,
                                const qnn_entry_desc **entry) {
  if (!model || !entry)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "null model or entry pointer");
  if (model->abi_version != QNN_ABI_VERSION)
    return qnn_fail(QNN_ERROR_ABI_MISMATCH,
                    "model built for runtime ABI %d, this runtime has ABI %d",
                    model->abi_version, QNN_ABI_VERSION);
  if (!name) {
    if (model->num_entries != 1)
      return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                      "the model has %d entry points: name one",
                      model->num_entries);
    *entry = &model->entries[0];
    return QNN_OK;
  }
  for (int32_t i = 0; i < model->num_entries; ++i)
    if (strcmp(model->entries[i].name, name) == 0) {
      *entry = &model->entries[i];
      return QNN_OK;
    }
  return qnn_fail(QNN_ERROR_NOT_FOUND, "the model has no entry point '%s'",
                  name);
}

/* Checks one caller tensor against its description. */
static qnn_status check_tensor(const qnn_entry_desc *entry, const char *role,
                               size_t index, const qnn_tensor *tensor,
                               const qnn_tensor_desc *desc) {
  if (!tensor->data)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "%s: %s #%zu ('%s') has no data", entry->name, role, index,
                    desc->name);
  if (tensor->dtype != desc->dtype)
    return qnn_fail(QNN_ERROR_TYPE_MISMATCH,
                    "%s: %s #%zu ('%s') has element type %s, expected %s",
                    entry->name, role, index, desc->name,
                    qnn_dtype_name(tensor->dtype), qnn_dtype_name(desc->dtype));
  if (tensor->rank != desc->rank)
    return qnn_fail(QNN_ERROR_SHAPE_MISMATCH,
                    "%s: %s #%zu ('%s') has rank %d, expected %d", entry->name,
                    role, index, desc->name, tensor->rank, desc->rank);
  if (tensor->rank > 0 && !tensor->shape)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "%s: %s #%zu ('%s') has no shape", entry->name, role, index,
                    desc->name);
  for (int32_t d = 0; d < desc->rank; ++d)
    if (tensor->shape[d] != desc->shape[d])
      return qnn_fail(QNN_ERROR_SHAPE_MISMATCH,
                      "%s: %s #%zu ('%s') has size %lld in dimension %d, "
                      "expected %lld",
                      entry->name, role, index, desc->name,
                      (long long)tensor->shape[d], d,
                      (long long)desc->shape[d]);
  return QNN_OK;
}

/* Writes a rank-r memref descriptor of a dense row-major buffer. */
static void fill_descriptor(int64_t *slots, void *data, int32_t rank,
                            const int64_t *shape) {
  memcpy(&slots[0], &data, sizeof(void *));
  memcpy(&slots[1], &data, sizeof(void *));
  slots[2] = 0;
  int64_t stride = 1;
  for (int32_t d = rank - 1; d >= 0; --d) {
    slots[3 + d] = shape[d];
    slots[3 + rank + d] = stride;
    stride *= shape[d];
  }
}

qnn_status qnn_model_run(const qnn_model_desc *model, const char *name,
                         const qnn_tensor *inputs, size_t num_inputs,
                         qnn_tensor *outputs, size_t num_outputs) {
  const qnn_entry_desc *entry;
  qnn_status status = qnn_model_find_entry(model, name, &entry);
  if (status != QNN_OK)
    return status;
  if (num_inputs != (size_t)entry->num_inputs ||
      num_outputs != (size_t)entry->num_outputs)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "%s: takes %d inputs and %d outputs, got %zu and %zu",
                    entry->name, entry->num_inputs, entry->num_outputs,
                    num_inputs, num_outputs);
  if ((num_inputs && !inputs) || (num_outputs && !outputs))
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "%s: null tensor array",
                    entry->name);
  size_t total = num_inputs + num_outputs, slots = 0;
  for (size_t i = 0; i < total; ++i) {
    const qnn_tensor *t =
        i < num_inputs ? &inputs[i] : &outputs[i - num_inputs];
    const char *role = i < num_inputs ? "input" : "output";
    size_t index = i < num_inputs ? i : i - num_inputs;
    status = check_tensor(entry, role, index, t, &entry->tensors[i]);
    if (status != QNN_OK)
      return status;
    slots += 3 + 2 * (size_t)entry->tensors[i].rank;
  }
  int64_t *storage = malloc(slots * sizeof(int64_t) + total * sizeof(void *));
  if (!storage)
    return qnn_fail(QNN_ERROR_OUT_OF_MEMORY, "%s: out of memory", entry->name);
  void **descriptors = (void **)(storage + slots);
  int64_t *next = storage;
  for (size_t i = 0; i < total; ++i) {
    const qnn_tensor *t =
        i < num_inputs ? &inputs[i] : &outputs[i - num_inputs];
    fill_descriptor(next, t->data, t->rank, t->shape);
    descriptors[i] = next;
    next += 3 + 2 * t->rank;
  }
  /* GPU models report device failures through the mgpu* functions. */
  qnn_gpu_clear_error();
  entry->packed(descriptors);
  free(storage);
  status = qnn_gpu_take_error();
  if (status != QNN_OK)
    return status;
  last_error[0] = '\0';
  return QNN_OK;
}

/* memrefCopy: the strided copy MLIR's memref lowering calls for copies it
 * cannot turn into one memcpy. Same C ABI as upstream's runner utilities:
 * unranked memrefs { int64 rank; descriptor* }, descriptor { T *allocated,
 * T *aligned, int64 offset, int64 sizes[rank], int64 strides[rank] }. */
typedef struct {
  int64_t rank;
  void *descriptor;
} qnn_unranked_memref;

void memrefCopy(int64_t element_size, qnn_unranked_memref *src,
                qnn_unranked_memref *dst) {
  int64_t rank = src->rank;
  const int64_t *s = (const int64_t *)src->descriptor;
  const int64_t *d = (const int64_t *)dst->descriptor;
  char *src_data, *dst_data;
  memcpy(&src_data, &s[1], sizeof(char *));
  memcpy(&dst_data, &d[1], sizeof(char *));
  src_data += s[2] * element_size;
  dst_data += d[2] * element_size;
  const int64_t *sizes = &s[3], *src_strides = &s[3 + rank],
                *dst_strides = &d[3 + rank];
  if (rank == 0) {
    memcpy(dst_data, src_data, (size_t)element_size);
    return;
  }
  for (int64_t i = 0; i < rank; ++i)
    if (sizes[i] == 0)
      return;
  /* Odometer over every index but the innermost, which is a strided run. */
  int64_t index[64] = {0};
  if (rank > 64)
    return; /* MLIR never produces memrefs of this rank. */
  for (;;) {
    int64_t so = 0, doff = 0;
    for (int64_t i = 0; i + 1 < rank; ++i) {
      so += index[i] * src_strides[i];
      doff += index[i] * dst_strides[i];
    }
    int64_t n = sizes[rank - 1], ss = src_strides[rank - 1],
            ds = dst_strides[rank - 1];
    if (ss == 1 && ds == 1) {
      memcpy(dst_data + doff * element_size, src_data + so * element_size,
             (size_t)(n * element_size));
    } else {
      for (int64_t j = 0; j < n; ++j)
        memcpy(dst_data + (doff + j * ds) * element_size,
               src_data + (so + j * ss) * element_size, (size_t)element_size);
    }
    int64_t dim = rank - 2;
    while (dim >= 0 && ++index[dim] == sizes[dim])
      index[dim--] = 0;
    if (dim < 0)
      return;
  }
}

/* --- The thread pool. ----------------------------------------------------
 * Workers sleep on a condition variable; qnn_parallel_for publishes one job
 * (task, ctx, n, chunk count) under a new generation and every participant
 * claims chunks from one atomic word holding (generation << 32 | next chunk):
 * a worker that wakes late for an old job fails its claim instead of running
 * a stale task. The caller returns when every chunk is done. Jobs from
 * several caller threads are serialized. */

typedef void (*qnn_task)(void *, int64_t, int64_t);

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake, done;
  pthread_mutex_t submit; /* one job at a time */
  int initialized;
  int threads; /* requested, caller included */
  int workers; /* started */
  /* The current job. */
  qnn_task task;
  void *ctx;
  int64_t n, chunks;
  uint32_t generation;
  uint64_t claim;   /* generation << 32 | next chunk */
  int64_t finished; /* chunks done */
} pool = {PTHREAD_MUTEX_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          PTHREAD_MUTEX_INITIALIZER,
          0,
          1,
          0,
          NULL,
          NULL,
          0,
          0,
          0,
          0,
          0};

static void run_chunks(uint32_t generation, qnn_task task, void *ctx, int64_t n,
                       int64_t chunks) {
  for (;;) {
    uint64_t seen = __atomic_load_n(&pool.claim, __ATOMIC_ACQUIRE);
    uint64_t c;
    do {
      if ((uint32_t)(seen >> 32) != generation)
        return; /* a newer job: this one is over */
      c = seen & 0xFFFFFFFFu;
      if ((int64_t)c >= chunks)
        return;
    } while (!__atomic_compare_exchange_n(&pool.claim, &seen, seen + 1, 0,
                                          __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    int64_t begin = n * (int64_t)c / chunks,
            end = n * ((int64_t)c + 1) / chunks;
    if (begin < end)
      task(ctx, begin, end);
    if (__atomic_add_fetch(&pool.finished, 1, __ATOMIC_ACQ_REL) == chunks) {
      pthread_mutex_lock(&pool.lock);
      pthread_cond_broadcast(&pool.done);
      pthread_mutex_unlock(&pool.lock);
    }
  }
}

/* Layers come back to back: a worker spins this many times for the next job
 * before sleeping, and a caller for its job's end before waiting, so that a
 * short parallel loop does not pay a wake-up. */
#define QNN_SPIN 20000
#if defined(__x86_64__) || defined(__i386__)
#define QNN_SPIN_HINT() __builtin_ia32_pause()
#else
#define QNN_SPIN_HINT() ((void)0)
#endif

static void *worker(void *arg) {
  (void)arg;
  uint32_t seen = 0;
  for (;;) {
    for (int spin = 0;
         spin < QNN_SPIN &&
         __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE) == seen;
         ++spin)
      QNN_SPIN_HINT();
    pthread_mutex_lock(&pool.lock);
    while (pool.generation == seen)
      pthread_cond_wait(&pool.wake, &pool.lock);
    seen = pool.generation;
    qnn_task task = pool.task;
    void *ctx = pool.ctx;
    int64_t n = pool.n, chunks = pool.chunks;
    pthread_mutex_unlock(&pool.lock);
    run_chunks(seen, task, ctx, n, chunks);
  }
  return NULL;
}

static void init_threads(void) {
  if (pool.initialized)
    return;
  pool.initialized = 1;
  const char *env = getenv("QNN_NUM_THREADS");
  int threads = env ? atoi(env) : 1;
  pool.threads = threads > 0 ? threads : 1;
}

/* Starts workers until `threads - 1` exist; called with pool.lock held. */
static void start_workers(void) {
  while (pool.workers < pool.threads - 1) {
    pthread_t id;
    if (pthread_create(&id, NULL, worker, NULL) != 0)
      return; /* fewer threads; the job still completes */
    pthread_detach(id);
    ++pool.workers;
  }
}

int qnn_set_num_threads(int threads) {
  pthread_mutex_lock(&pool.lock);
  init_threads();
  int previous = pool.threads;
  if (threads < 1) {
    pthread_mutex_unlock(&pool.lock);
    qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "thread count %d is below 1", threads);
    return previous;
  }
  pool.threads = threads;
  pthread_mutex_unlock(&pool.lock);
  return previous;
}

int qnn_get_num_threads(void) {
  pthread_mutex_lock(&pool.lock);
  init_threads();
  int threads = pool.threads;
  pthread_mutex_unlock(&pool.lock);
  return threads;
}

void qnn_parallel_for(qnn_task task, void *ctx, int64_t n) {
  if (n <= 0)
    return;
  pthread_mutex_lock(&pool.lock);
  init_threads();
  int threads = pool.threads;
  pthread_mutex_unlock(&pool.lock);
  if (threads <= 1 || n == 1) {
    task(ctx, 0, n);
    return;
  }
  pthread_mutex_lock(&pool.submit);
  pthread_mutex_lock(&pool.lock);
  start_workers();
  int participants = pool.workers + 1;
  int64_t chunks = n < participants ? n : participants;
  uint32_t generation = pool.generation + 1;
  pool.task = task;
  pool.ctx = ctx;
  pool.n = n;
  pool.chunks = chunks;
  __atomic_store_n(&pool.finished, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.claim, (uint64_t)generation << 32, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.generation, generation, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  run_chunks(generation, task, ctx, n, chunks);
  for (int spin = 0; spin < QNN_SPIN &&
                     __atomic_load_n(&pool.finished, __ATOMIC_ACQUIRE) < chunks;
       ++spin)
    QNN_SPIN_HINT();
  pthread_mutex_lock(&pool.lock);
  while (__atomic_load_n(&pool.finished, __ATOMIC_ACQUIRE) < chunks)
    pthread_cond_wait(&pool.done, &pool.lock);
  pthread_mutex_unlock(&pool.lock);
  pthread_mutex_unlock(&pool.submit);
}

/* --- Buffers of compiled code. -------------------------------------------
 * The generated code allocates its intermediate buffers through
 * _mlir_memref_to_llvm_{alloc,aligned_alloc,free} (MLIR's generic allocation
 * hooks). Freed blocks are kept in a small cache keyed by size, so running a
 * model again reuses the same memory instead of mapping and faulting in
 * fresh pages for every layer. Each block has a header with its size. */

#define QNN_CACHE_SLOTS 128
#define QNN_CACHE_MAX_BYTES ((size_t)1 << 30)

typedef struct {
  size_t size, header;
} block_header;

static struct {
  pthread_mutex_t lock;
  void *blocks[QNN_CACHE_SLOTS]; /* raw pointers */
  size_t sizes[QNN_CACHE_SLOTS], headers[QNN_CACHE_SLOTS];
  int count;
  size_t bytes;
} cache = {PTHREAD_MUTEX_INITIALIZER, {0}, {0}, {0}, 0, 0};

static void *block_alloc(size_t alignment, size_t size) {
  size_t header = alignment > 64 ? alignment : 64;
  pthread_mutex_lock(&cache.lock);
  for (int i = 0; i < cache.count; ++i)
    if (cache.sizes[i] == size && cache.headers[i] == header) {
      void *raw = cache.blocks[i];
      cache.bytes -= size;
      --cache.count;
      cache.blocks[i] = cache.blocks[cache.count];
      cache.sizes[i] = cache.sizes[cache.count];
      cache.headers[i] = cache.headers[cache.count];
      pthread_mutex_unlock(&cache.lock);
      return (char *)raw + header;
    }
  pthread_mutex_unlock(&cache.lock);
  void *raw = NULL;
  if (posix_memalign(&raw, header, header + (size ? size : 1)) != 0)
    return NULL;
  block_header *h = (block_header *)((char *)raw + header) - 1;
  h->size = size;
  h->header = header;
  return (char *)raw + header;
}

void *_mlir_memref_to_llvm_alloc(size_t size) { return block_alloc(64, size); }

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return block_alloc(alignment, size);
}

void _mlir_memref_to_llvm_free(void *ptr) {
  if (!ptr)
    return;
  block_header *h = (block_header *)ptr - 1;
  size_t size = h->size, header = h->header;
  void *raw = (char *)ptr - header;
  pthread_mutex_lock(&cache.lock);
  if (cache.count < QNN_CACHE_SLOTS &&
      cache.bytes + size <= QNN_CACHE_MAX_BYTES) {
    cache.blocks[cache.count] = raw;
    cache.sizes[cache.count] = size;
    cache.headers[cache.count] = header;
    ++cache.count;
    cache.bytes += size;
    pthread_mutex_unlock(&cache.lock);
    return;
  }
  pthread_mutex_unlock(&cache.lock);
  free(raw);
}

void *qnn_alloc(size_t bytes) {
  void *buffer = NULL;
  size_t rounded = (bytes + 63) / 64 * 64;
  if (posix_memalign(&buffer, 64, rounded ? rounded : 64) != 0)
    return NULL;
  return buffer;
}

void qnn_free(void *buffer) { free(buffer); }

struct qnn_loaded_model {
  void *handle;
  const qnn_model_desc *desc;
};

qnn_status qnn_model_load(const char *path, const char *symbol,
                          qnn_loaded_model **loaded) {
  if (!path || !loaded)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "null path or result pointer");
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "cannot load '%s': %s", path,
                    dlerror());
  const char *name = symbol ? symbol : "qnn_model";
  const qnn_model_desc *desc = dlsym(handle, name);
  if (!desc) {
    dlclose(handle);
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "'%s' does not export '%s'", path,
                    name);
  }
  if (desc->abi_version != QNN_ABI_VERSION) {
    int version = desc->abi_version;
    dlclose(handle);
    return qnn_fail(
        QNN_ERROR_ABI_MISMATCH,
        "'%s' was built for runtime ABI %d, this runtime has ABI %d", path,
        version, QNN_ABI_VERSION);
  }
  *loaded = malloc(sizeof(**loaded));
  if (!*loaded) {
    dlclose(handle);
    return qnn_fail(QNN_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  (*loaded)->handle = handle;
  (*loaded)->desc = desc;
  return QNN_OK;
}

const qnn_model_desc *qnn_loaded_model_desc(const qnn_loaded_model *loaded) {
  return loaded ? loaded->desc : NULL;
}

/* The address range of the loaded library whose load bias is `base`. */
typedef struct {
  uintptr_t base, begin, end;
} library_range;

static int find_library(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  library_range *range = data;
  if (info->dlpi_addr != range->base)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
    if (segment->p_type != PT_LOAD)
      continue;
    uintptr_t begin = info->dlpi_addr + segment->p_vaddr;
    uintptr_t end = begin + segment->p_memsz;
    if (!range->begin || begin < range->begin)
      range->begin = begin;
    if (end > range->end)
      range->end = end;
  }
  return 1;
}

void qnn_model_unload(qnn_loaded_model *loaded) {
  if (!loaded)
    return;
  /* The device copies of the library's constants go with it: another
   * library may be loaded at the same addresses. */
  struct link_map *map = NULL;
  if (dlinfo(loaded->handle, RTLD_DI_LINKMAP, &map) == 0 && map) {
    library_range range = {map->l_addr, 0, 0};
    if (dl_iterate_phdr(find_library, &range) && range.end)
      qnn_gpu_forget_constants((const void *)range.begin,
                               (const void *)range.end);
  }
  dlclose(loaded->handle);
  free(loaded);
}
