/*===- qnn_runtime.c - The qnn runtime ------------------------------------===*\
 *
 * Implements the checks and the call of a compiled entry point. A memref
 * descriptor of rank r is { T *allocated, T *aligned, int64 offset,
 * int64 sizes[r], int64 strides[r] }, the layout MLIR's C interface uses.
 *
\*===----------------------------------------------------------------------===*/

/* dladdr1, dlinfo and dl_iterate_phdr. */
#define _GNU_SOURCE

#include "qnn/qnn_runtime.h"
#include "qnn_runtime_internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#define QNN_DTYPE(suffix, value, bytes, name)                                  \
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
#define QNN_DTYPE(suffix, value, bytes, name)                                  \
  case QNN_DTYPE_##suffix:                                                     \
    return name;
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
  default:
    return "unknown";
  }
}

/* --- Model descriptors. --------------------------------------------------
 * A descriptor comes from a compiled model, but the runtime does not take
 * its word for it: every run checks that it is live (registered by
 * qnn_model_load, or inside a loaded object) and well formed before
 * following any of its pointers further than it has to. */

#define QNN_MALFORMED "malformed model descriptor: "

/* Checks one tensor description of `entry`: a name, a known element type, a
 * rank in [0, QNN_MAX_RANK], non-negative dimensions whose byte size fits
 * int64 (the index type of the generated code). */
static qnn_status check_tensor_desc(const qnn_entry_desc *entry, size_t index,
                                    const qnn_tensor_desc *desc) {
  if (!desc->name)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "%s: tensor #%zu has no name", entry->name,
                    index);
  size_t bytes = qnn_dtype_size(desc->dtype);
  if (!bytes)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "%s: tensor #%zu ('%s') has unknown element "
                                  "type %d",
                    entry->name, index, desc->name, desc->dtype);
  if (desc->rank < 0 || desc->rank > QNN_MAX_RANK)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "%s: tensor #%zu ('%s') has rank %d, not in "
                                  "[0, %d]",
                    entry->name, index, desc->name, desc->rank, QNN_MAX_RANK);
  if (desc->rank > 0 && !desc->shape)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "%s: tensor #%zu ('%s') has no shape",
                    entry->name, index, desc->name);
  int64_t total = (int64_t)bytes;
  for (int32_t d = 0; d < desc->rank; ++d) {
    if (desc->shape[d] < 0)
      return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                      QNN_MALFORMED "%s: tensor #%zu ('%s') has size %lld in "
                                    "dimension %d",
                      entry->name, index, desc->name, (long long)desc->shape[d],
                      d);
    if (__builtin_mul_overflow(total, desc->shape[d], &total))
      return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                      QNN_MALFORMED "%s: tensor #%zu ('%s') has more than "
                                    "2^63 bytes",
                      entry->name, index, desc->name);
  }
  return QNN_OK;
}

/* Checks an entry point's description (its name was checked by the
 * caller): a function, non-negative counts, a tensor array, each tensor. */
static qnn_status check_entry_desc(const qnn_entry_desc *entry) {
  if (!entry->packed)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "entry point '%s' has no function",
                    entry->name);
  if (entry->num_inputs < 0 || entry->num_outputs < 0)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "entry point '%s' has %d inputs and %d "
                                  "outputs",
                    entry->name, entry->num_inputs, entry->num_outputs);
  size_t total = (size_t)entry->num_inputs + (size_t)entry->num_outputs;
  if (total && !entry->tensors)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "entry point '%s' has no tensor array",
                    entry->name);
  for (size_t i = 0; i < total; ++i) {
    qnn_status status = check_tensor_desc(entry, i, &entry->tensors[i]);
    if (status != QNN_OK)
      return status;
  }
  return QNN_OK;
}

/* Checks the model-level fields: the ABI, the entry array, entry names. */
static qnn_status check_model_desc(const qnn_model_desc *model) {
  if (model->abi_version != QNN_ABI_VERSION)
    return qnn_fail(QNN_ERROR_ABI_MISMATCH,
                    "model built for runtime ABI %d, this runtime has ABI %d",
                    model->abi_version, QNN_ABI_VERSION);
  if (model->num_entries < 0 || (model->num_entries > 0 && !model->entries))
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    QNN_MALFORMED "%d entry points%s", model->num_entries,
                    model->num_entries > 0 ? " and no entry array" : "");
  for (int32_t i = 0; i < model->num_entries; ++i)
    if (!model->entries[i].name)
      return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                      QNN_MALFORMED "entry point #%d has no name", i);
  return QNN_OK;
}

/* Whether `model` lies in an object the dynamic loader has mapped (a
 * loaded library or the executable): a descriptor of a library that has
 * been unloaded does not. */
static qnn_status check_mapped(const qnn_model_desc *model) {
  Dl_info info;
  if (!dladdr(model, &info))
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "model descriptor %p lies in no loaded object: its "
                    "library was unloaded, or it is not a compiled model's "
                    "descriptor",
                    (const void *)model);
  return QNN_OK;
}

static qnn_status enter_run(const qnn_model_desc *model, uint64_t *id);
static void leave_run(uint64_t id);

/* Finds `name` in a live, well-formed model and checks its description. */
static qnn_status find_entry(const qnn_model_desc *model, const char *name,
                             const qnn_entry_desc **entry) {
  qnn_status status = check_model_desc(model);
  if (status != QNN_OK)
    return status;
  const qnn_entry_desc *found = NULL;
  if (!name) {
    if (model->num_entries != 1)
      return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                      "the model has %d entry points: name one",
                      model->num_entries);
    found = &model->entries[0];
  }
  for (int32_t i = 0; !found && i < model->num_entries; ++i)
    if (strcmp(model->entries[i].name, name) == 0)
      found = &model->entries[i];
  if (!found)
    return qnn_fail(QNN_ERROR_NOT_FOUND, "the model has no entry point '%s'",
                    name);
  status = check_entry_desc(found);
  if (status != QNN_OK)
    return status;
  *entry = found;
  return QNN_OK;
}

qnn_status qnn_model_find_entry(const qnn_model_desc *model, const char *name,
                                const qnn_entry_desc **entry) {
  if (!model || !entry)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "null model or entry pointer");
  uint64_t id;
  qnn_status status = enter_run(model, &id);
  if (status != QNN_OK)
    return status;
  status = find_entry(model, name, entry);
  leave_run(id);
  if (status == QNN_OK)
    last_error[0] = '\0';
  return status;
}

/* Checks one caller tensor against its (checked) description. */
static qnn_status check_tensor(const qnn_entry_desc *entry, const char *role,
                               size_t index, const qnn_tensor *tensor,
                               const qnn_tensor_desc *desc) {
  if (!tensor->data)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "%s: %s #%zu ('%s') has no data", entry->name, role, index,
                    desc->name);
  if (!qnn_dtype_size(tensor->dtype))
    return qnn_fail(QNN_ERROR_TYPE_MISMATCH,
                    "%s: %s #%zu ('%s') has unknown element type %d, "
                    "expected %s",
                    entry->name, role, index, desc->name, (int)tensor->dtype,
                    qnn_dtype_name(desc->dtype));
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

/* Writes a rank-r memref descriptor of a dense row-major buffer (a checked
 * shape: the strides do not overflow). */
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

/* Checks the call against a live model and runs the entry point. */
static qnn_status run_entry(const qnn_model_desc *model, const char *name,
                            const qnn_tensor *inputs, size_t num_inputs,
                            qnn_tensor *outputs, size_t num_outputs) {
  const qnn_entry_desc *entry;
  qnn_status status = find_entry(model, name, &entry);
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
  /* One block for the descriptors and the pointer array (at least one
   * byte: an entry point without tensors still gets a valid array). */
  int64_t *storage =
      malloc(slots * sizeof(int64_t) + total * sizeof(void *) + 1);
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
  /* GPU models report device failures through the mgpu* functions, AMX
   * kernels a refused tile-data permission through qnn_amx_request. */
  qnn_gpu_clear_error();
  qnn_amx_clear_error();
  entry->packed(descriptors);
  free(storage);
  qnn_status device = qnn_gpu_take_error();
  qnn_status amx = qnn_amx_take_error();
  return device != QNN_OK ? device : amx;
}

qnn_status qnn_model_run(const qnn_model_desc *model, const char *name,
                         const qnn_tensor *inputs, size_t num_inputs,
                         qnn_tensor *outputs, size_t num_outputs) {
  if (!model)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "null model");
  uint64_t id;
  qnn_status status = enter_run(model, &id);
  if (status != QNN_OK)
    return status;
  status = run_entry(model, name, inputs, num_inputs, outputs, num_outputs);
  leave_run(id);
  if (status == QNN_OK)
    last_error[0] = '\0';
  return status;
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
 * (task, ctx, n, chunk count, how many workers help) under a new generation
 * and every participant claims chunks from one atomic word holding
 * (generation << 32 | next chunk): a worker that wakes late for an old job
 * fails its claim instead of running a stale task. The caller returns when
 * every chunk is done. Jobs from several caller threads (runs of one model
 * or several) are serialized: each runs on the whole pool. Workers, once
 * started, live as long as the process; a smaller thread count leaves the
 * extra ones asleep. */

typedef void (*qnn_task)(void *, int64_t, int64_t);

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake, done;
  pthread_mutex_t submit; /* one job at a time */
  int initialized;
  int threads; /* requested, caller included */
  int workers; /* started */
  int spin;    /* spin iterations before sleeping (atomic) */
  int cpus;    /* online processors */
  /* The current job. */
  qnn_task task;
  void *ctx;
  int64_t n, chunks;
  int helpers; /* workers 0 .. helpers-1 take part */
  uint32_t generation;
  uint64_t claim;   /* generation << 32 | next chunk */
  int64_t finished; /* chunks done */
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
    .submit = PTHREAD_MUTEX_INITIALIZER,
    .threads = 1,
};

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
 * short parallel loop does not pay a wake-up. Only while every thread can
 * have a processor: with more threads than processors, spinning takes the
 * time of the threads that have work. */
#define QNN_SPIN 20000
#if defined(__x86_64__) || defined(__i386__)
#define QNN_SPIN_HINT() __builtin_ia32_pause()
#else
#define QNN_SPIN_HINT() ((void)0)
#endif

static void *worker(void *arg) {
  int index = (int)(intptr_t)arg;
  uint32_t seen = 0;
  for (;;) {
    int spin = __atomic_load_n(&pool.spin, __ATOMIC_RELAXED);
    for (int i = 0; i < spin &&
                    __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE) == seen;
         ++i)
      QNN_SPIN_HINT();
    pthread_mutex_lock(&pool.lock);
    while (pool.generation == seen)
      pthread_cond_wait(&pool.wake, &pool.lock);
    seen = pool.generation;
    qnn_task task = pool.task;
    void *ctx = pool.ctx;
    int64_t n = pool.n, chunks = pool.chunks;
    int helps = index < pool.helpers;
    pthread_mutex_unlock(&pool.lock);
    if (helps)
      run_chunks(seen, task, ctx, n, chunks);
  }
  return NULL;
}

/* Sets the thread count and whether threads spin; pool.lock held. */
static void set_threads(int threads) {
  pool.threads = threads;
  __atomic_store_n(&pool.spin, threads <= pool.cpus ? QNN_SPIN : 0,
                   __ATOMIC_RELAXED);
}

/* The first use reads QNN_NUM_THREADS: a number in [1, QNN_MAX_THREADS]
 * (one above is taken as QNN_MAX_THREADS; anything else as 1). */
static void init_threads(void) {
  if (pool.initialized)
    return;
  pool.initialized = 1;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  pool.cpus =
      cpus > 0 ? (int)(cpus < QNN_MAX_THREADS ? cpus : QNN_MAX_THREADS) : 1;
  const char *env = getenv("QNN_NUM_THREADS");
  long threads = 1;
  if (env && *env) {
    char *end;
    errno = 0;
    threads = strtol(env, &end, 10);
    if (*end || threads < 1)
      threads = 1;
    else if (errno == ERANGE || threads > QNN_MAX_THREADS)
      threads = QNN_MAX_THREADS;
  }
  set_threads((int)threads);
}

/* Starts workers until `count` exist; called with pool.lock held. */
static void start_workers(int count) {
  while (pool.workers < count) {
    pthread_t id;
    if (pthread_create(&id, NULL, worker, (void *)(intptr_t)pool.workers) != 0)
      return; /* fewer threads; the job still completes */
    pthread_detach(id);
    ++pool.workers;
  }
}

int qnn_set_num_threads(int threads) {
  pthread_mutex_lock(&pool.lock);
  init_threads();
  int previous = pool.threads;
  if (threads < 1 || threads > QNN_MAX_THREADS) {
    pthread_mutex_unlock(&pool.lock);
    if (threads < 1)
      qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "thread count %d is below 1",
               threads);
    else
      qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
               "thread count %d is above QNN_MAX_THREADS (%d)", threads,
               QNN_MAX_THREADS);
    return previous;
  }
  set_threads(threads);
  pthread_mutex_unlock(&pool.lock);
  last_error[0] = '\0';
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
  /* The count may have changed meanwhile: the job uses the current one. */
  threads = pool.threads;
  start_workers(threads - 1);
  int helpers = pool.workers < threads - 1 ? pool.workers : threads - 1;
  if (helpers < 1) {
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&pool.submit);
    task(ctx, 0, n);
    return;
  }
  int64_t chunks = n < helpers + 1 ? n : helpers + 1;
  uint32_t generation = pool.generation + 1;
  pool.task = task;
  pool.ctx = ctx;
  pool.n = n;
  pool.chunks = chunks;
  pool.helpers = helpers;
  int spin = __atomic_load_n(&pool.spin, __ATOMIC_RELAXED);
  __atomic_store_n(&pool.finished, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.claim, (uint64_t)generation << 32, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.generation, generation, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  run_chunks(generation, task, ctx, n, chunks);
  for (int i = 0;
       i < spin && __atomic_load_n(&pool.finished, __ATOMIC_ACQUIRE) < chunks;
       ++i)
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
  if (size > SIZE_MAX - header ||
      posix_memalign(&raw, header, header + (size ? size : 1)) != 0)
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
  /* (A size within 63 bytes of SIZE_MAX would round up to 0.) */
  size_t rounded = bytes > SIZE_MAX - 63 ? 0 : (bytes + 63) / 64 * 64;
  if ((bytes && !rounded) ||
      posix_memalign(&buffer, 64, rounded ? rounded : 64) != 0) {
    qnn_fail(QNN_ERROR_OUT_OF_MEMORY, "qnn_alloc: cannot allocate %zu bytes",
             bytes);
    return NULL;
  }
  return buffer;
}

void qnn_free(void *buffer) { free(buffer); }

/* --- Loaded models. ------------------------------------------------------
 * qnn_model_load registers every model it loads; a handle is the model's
 * registration number (never reused in a process), not a pointer, so a
 * stale or made-up handle is found missing instead of followed. Runs of a
 * registered descriptor are counted: qnn_model_unload waits for them, and
 * runs that start while it unloads fail. */

typedef struct {
  uint64_t id;
  void *handle;
  const qnn_model_desc *desc;
  const void *begin, *end; /* the library's address range */
  int runs;
  int closing;
} live_model;

static struct {
  pthread_mutex_t lock;
  pthread_cond_t idle; /* a closing model's last run ended */
  live_model *models;
  size_t count, capacity;
  uint64_t next_id;
} registry = {
    PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 1};

/* The registered model with `id`; registry.lock held. */
static live_model *find_live(uint64_t id) {
  for (size_t i = 0; i < registry.count; ++i)
    if (registry.models[i].id == id)
      return &registry.models[i];
  return NULL;
}

/* Starts a run of `model`: counted (*id set) when a registered model has
 * that descriptor; else the descriptor must lie in a loaded object. */
static qnn_status enter_run(const qnn_model_desc *model, uint64_t *id) {
  *id = 0;
  int closing = 0;
  pthread_mutex_lock(&registry.lock);
  for (size_t i = 0; i < registry.count; ++i) {
    live_model *m = &registry.models[i];
    if (m->desc != model)
      continue;
    if (m->closing) {
      closing = 1;
      continue;
    }
    ++m->runs;
    *id = m->id;
    pthread_mutex_unlock(&registry.lock);
    return QNN_OK;
  }
  pthread_mutex_unlock(&registry.lock);
  if (closing)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "the model is being unloaded (qnn_model_unload)");
  return check_mapped(model);
}

static void leave_run(uint64_t id) {
  if (!id)
    return;
  pthread_mutex_lock(&registry.lock);
  live_model *m = find_live(id);
  if (m && --m->runs == 0 && m->closing)
    pthread_cond_broadcast(&registry.idle);
  pthread_mutex_unlock(&registry.lock);
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

/* Checks that `path` holds a whole ELF shared library before the dynamic
 * loader maps it: the loader maps segments that a truncated file does not
 * hold and dies of SIGBUS touching them. Files of another ELF class are
 * left to the loader, which rejects them. */
static qnn_status check_library_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "cannot load '%s': %s", path,
                    strerror(errno));
  qnn_status status = QNN_OK;
  ElfW(Phdr) *phdrs = NULL;
  struct stat st;
  ElfW(Ehdr) header;
  if (fstat(fd, &st) != 0) {
    status = qnn_fail(QNN_ERROR_LOAD_FAILED, "cannot stat '%s': %s", path,
                      strerror(errno));
    goto done;
  }
  if (!S_ISREG(st.st_mode)) {
    status =
        qnn_fail(QNN_ERROR_LOAD_FAILED, "'%s' is not a regular file", path);
    goto done;
  }
  uint64_t size = (uint64_t)st.st_size;
  memset(&header, 0, sizeof(header));
  if (size < SELFMAG || pread(fd, &header, sizeof(header), 0) < SELFMAG ||
      memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    status = qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' is not a shared library: not an ELF file", path);
    goto done;
  }
  if (size < sizeof(header)) {
    status = qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' is truncated: %llu bytes, shorter than an ELF "
                      "header",
                      path, (unsigned long long)size);
    goto done;
  }
#if __SIZEOF_POINTER__ == 8
  if (header.e_ident[EI_CLASS] != ELFCLASS64)
#else
  if (header.e_ident[EI_CLASS] != ELFCLASS32)
#endif
    goto done;
  if (header.e_type != ET_DYN) {
    status = qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' is not a shared library (ELF file type %u)", path,
                      (unsigned)header.e_type);
    goto done;
  }
  uint64_t table = (uint64_t)header.e_phnum * sizeof(ElfW(Phdr));
  if (header.e_phentsize != sizeof(ElfW(Phdr)) || header.e_phnum == 0 ||
      header.e_phoff > size || table > size - header.e_phoff) {
    status =
        qnn_fail(QNN_ERROR_LOAD_FAILED,
                 "'%s' is truncated or corrupt: its program header table "
                 "(%u entries at byte %llu) is not in its %llu bytes",
                 path, (unsigned)header.e_phnum,
                 (unsigned long long)header.e_phoff, (unsigned long long)size);
    goto done;
  }
  phdrs = malloc((size_t)table);
  if (!phdrs) {
    status = qnn_fail(QNN_ERROR_OUT_OF_MEMORY, "out of memory");
    goto done;
  }
  if (pread(fd, phdrs, (size_t)table, (off_t)header.e_phoff) !=
      (ssize_t)table) {
    status = qnn_fail(QNN_ERROR_LOAD_FAILED, "cannot read '%s': %s", path,
                      strerror(errno));
    goto done;
  }
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    const ElfW(Phdr) *p = &phdrs[i];
    if (p->p_type == PT_LOAD &&
        (p->p_offset > size || p->p_filesz > size - p->p_offset)) {
      status = qnn_fail(QNN_ERROR_LOAD_FAILED,
                        "'%s' is truncated: its segment #%u needs bytes up to "
                        "%llu, the file has %llu",
                        path, i,
                        (unsigned long long)p->p_offset +
                            (unsigned long long)p->p_filesz,
                        (unsigned long long)size);
      goto done;
    }
  }
done:
  free(phdrs);
  close(fd);
  return status;
}

/* Checks that `desc`, found as `name` in the library `handle`, is an object
 * that library defines itself (not a function, not a dependency's symbol)
 * and large enough to be a descriptor. */
static qnn_status check_symbol(void *handle, const char *path, const char *name,
                               const void *desc) {
  struct link_map *own = NULL, *map = NULL;
  const ElfW(Sym) *symbol = NULL;
  Dl_info info;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &own) != 0 ||
      !dladdr1(desc, &info, (void **)&map, RTLD_DL_LINKMAP))
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "'%s': cannot locate '%s'", path,
                    name);
  if (map != own)
    return qnn_fail(QNN_ERROR_LOAD_FAILED,
                    "'%s' does not define '%s' (found in '%s', a library it "
                    "uses): not a qnn model",
                    path, name, info.dli_fname ? info.dli_fname : "?");
  void *entry = NULL;
  if (dladdr1(desc, &info, &entry, RTLD_DL_SYMENT) &&
      (symbol = entry) != NULL && info.dli_saddr == desc) {
    if (ELF64_ST_TYPE(symbol->st_info) == STT_FUNC ||
        ELF64_ST_TYPE(symbol->st_info) == STT_GNU_IFUNC)
      return qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' in '%s' is a function, not a model descriptor: "
                      "not a qnn model",
                      name, path);
    if (symbol->st_size && symbol->st_size < sizeof(qnn_model_desc))
      return qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' in '%s' has %llu bytes, not a model descriptor "
                      "(%zu): not a qnn model",
                      name, path, (unsigned long long)symbol->st_size,
                      sizeof(qnn_model_desc));
  }
  return QNN_OK;
}

/* Checks every entry point of a freshly loaded descriptor. */
static qnn_status check_loaded_desc(const char *path,
                                    const qnn_model_desc *desc) {
  qnn_status status = check_model_desc(desc);
  for (int32_t i = 0; status == QNN_OK && i < desc->num_entries; ++i)
    status = check_entry_desc(&desc->entries[i]);
  if (status == QNN_ERROR_ABI_MISMATCH)
    return qnn_fail(
        QNN_ERROR_ABI_MISMATCH,
        "'%s' was built for runtime ABI %d, this runtime has ABI %d", path,
        desc->abi_version, QNN_ABI_VERSION);
  if (status != QNN_OK) {
    char message[sizeof(last_error)];
    snprintf(message, sizeof(message), "%s", last_error);
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "'%s': %s", path, message);
  }
  return QNN_OK;
}

/* Adds a live model (`handle` NULL for one registered from memory) and sets
 * *loaded to its new id. */
static qnn_status register_model(void *handle, const qnn_model_desc *desc,
                                 const void *begin, const void *end,
                                 qnn_loaded_model **loaded) {
  qnn_status status = QNN_OK;
  pthread_mutex_lock(&registry.lock);
  if (registry.count == registry.capacity) {
    size_t capacity = registry.capacity ? 2 * registry.capacity : 8;
    live_model *models =
        realloc(registry.models, capacity * sizeof(live_model));
    if (models) {
      registry.models = models;
      registry.capacity = capacity;
    }
  }
  if (registry.count < registry.capacity) {
    live_model *m = &registry.models[registry.count++];
    m->id = registry.next_id++;
    m->handle = handle;
    m->desc = desc;
    m->begin = begin;
    m->end = end;
    m->runs = 0;
    m->closing = 0;
    *loaded = (qnn_loaded_model *)(uintptr_t)m->id;
  } else {
    status = qnn_fail(QNN_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  pthread_mutex_unlock(&registry.lock);
  return status;
}

qnn_status qnn_model_register(const qnn_model_desc *desc,
                              qnn_loaded_model **registered) {
  if (registered)
    *registered = NULL;
  if (!desc || !registered)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "null descriptor or result pointer");
  qnn_status status = check_model_desc(desc);
  for (int32_t i = 0; status == QNN_OK && i < desc->num_entries; ++i)
    status = check_entry_desc(&desc->entries[i]);
  if (status == QNN_OK)
    status = register_model(NULL, desc, NULL, NULL, registered);
  if (status == QNN_OK)
    last_error[0] = '\0';
  return status;
}

qnn_status qnn_model_load(const char *path, const char *symbol,
                          qnn_loaded_model **loaded) {
  if (loaded)
    *loaded = NULL;
  if (!path || !loaded)
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT, "null path or result pointer");
  /* A name without a slash is looked up by the dynamic loader (its search
   * path), where the runtime cannot check the file first. */
  if (strchr(path, '/')) {
    qnn_status status = check_library_file(path);
    if (status != QNN_OK)
      return status;
  }
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "cannot load '%s': %s", path,
                    dlerror());
  const char *name = symbol ? symbol : "qnn_model";
  dlerror();
  const qnn_model_desc *desc = dlsym(handle, name);
  qnn_status status =
      desc ? check_symbol(handle, path, name, desc)
           : qnn_fail(QNN_ERROR_LOAD_FAILED,
                      "'%s' does not export '%s': not a qnn model", path, name);
  if (status == QNN_OK)
    status = check_loaded_desc(path, desc);
  library_range range = {0, 0, 0};
  struct link_map *map = NULL;
  if (status == QNN_OK && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map) {
    range.base = map->l_addr;
    dl_iterate_phdr(find_library, &range);
  }
  if (status == QNN_OK)
    status = register_model(handle, desc, (const void *)range.begin,
                            (const void *)range.end, loaded);
  if (status != QNN_OK) {
    dlclose(handle);
    return status;
  }
  last_error[0] = '\0';
  return QNN_OK;
}

const qnn_model_desc *qnn_loaded_model_desc(const qnn_loaded_model *loaded) {
  const qnn_model_desc *desc = NULL;
  pthread_mutex_lock(&registry.lock);
  live_model *m = find_live((uint64_t)(uintptr_t)loaded);
  if (m && !m->closing)
    desc = m->desc;
  pthread_mutex_unlock(&registry.lock);
  if (!desc)
    qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
             "%p is not a loaded model (unloaded, or not from qnn_model_load)",
             (const void *)loaded);
  return desc;
}

qnn_status qnn_model_unload(qnn_loaded_model *loaded) {
  uint64_t id = (uint64_t)(uintptr_t)loaded;
  pthread_mutex_lock(&registry.lock);
  live_model *m = find_live(id);
  if (!m || m->closing) {
    pthread_mutex_unlock(&registry.lock);
    return qnn_fail(QNN_ERROR_INVALID_ARGUMENT,
                    "qnn_model_unload: %p is not a loaded model (already "
                    "unloaded, or not from qnn_model_load)",
                    (void *)loaded);
  }
  /* New runs of the model fail from now on; the running ones finish. */
  m->closing = 1;
  while (m->runs > 0) {
    pthread_cond_wait(&registry.idle, &registry.lock);
    m = find_live(id); /* the array may have moved */
  }
  void *handle = m->handle;
  const void *begin = m->begin, *end = m->end;
  pthread_mutex_unlock(&registry.lock);
  /* The device copies of the library's constants go with it: another
   * library may be loaded at the same addresses. */
  if (end)
    qnn_gpu_forget_constants(begin, end);
  /* A model registered from memory has no library to close. */
  int closed = handle ? dlclose(handle) : 0;
  const char *reason = closed ? dlerror() : NULL;
  /* Unregistered only now: until the library is gone, runs of its
   * descriptor fail as closing instead of passing the loaded-object
   * check. */
  pthread_mutex_lock(&registry.lock);
  m = find_live(id);
  *m = registry.models[--registry.count];
  pthread_mutex_unlock(&registry.lock);
  if (closed)
    return qnn_fail(QNN_ERROR_LOAD_FAILED, "dlclose failed: %s",
                    reason ? reason : "unknown reason");
  last_error[0] = '\0';
  return QNN_OK;
}
