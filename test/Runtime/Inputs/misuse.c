/* Every misuse of the runtime's C API returns a status and a message (the
 * driver prints both); nothing crashes.
 * Usage: misuse model.so not_a_model.so int_model.so abi_model.so
 *               malformed_model.so text_file work_dir */
#include <qnn/qnn_runtime.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void report(const char *what, qnn_status status) {
  printf("%s: status %d: %s\n", what, (int)status, qnn_last_error());
}

static const int64_t in_shape[4] = {2, 12, 12, 4};
static const int64_t out_shape[4] = {2, 12, 12, 6};
static float image[2 * 12 * 12 * 4], features[2 * 12 * 12 * 6],
    expected[2 * 12 * 12 * 6];

static qnn_status run(const qnn_model_desc *model, const char *entry,
                      const qnn_tensor *in, size_t num_in, qnn_tensor *out,
                      size_t num_out) {
  return qnn_model_run(model, entry, in, num_in, out, num_out);
}

/* Descriptors the runtime must refuse before following their pointers
 * (static: a descriptor must lie in a loaded object). */
static const int64_t shape4[1] = {4};
static const int64_t negative[2] = {3, -1};
static const int64_t huge[3] = {INT64_C(1) << 40, INT64_C(1) << 20,
                                INT64_C(1) << 10};
static void packed_noop(void **descriptors) { (void)descriptors; }
static const qnn_tensor_desc good_tensor[1] = {{"x", QNN_DTYPE_F32, 1, shape4}};
static const qnn_tensor_desc unnamed_tensor[1] = {
    {NULL, QNN_DTYPE_F32, 1, shape4}};
static const qnn_tensor_desc unknown_dtype[1] = {{"x", 99, 1, shape4}};
static const qnn_tensor_desc deep[1] = {{"x", QNN_DTYPE_F32, 65, NULL}};
static const qnn_tensor_desc shapeless[1] = {{"x", QNN_DTYPE_F32, 1, NULL}};
static const qnn_tensor_desc negative_dim[1] = {
    {"x", QNN_DTYPE_F32, 2, negative}};
static const qnn_tensor_desc too_big[1] = {{"x", QNN_DTYPE_F32, 3, huge}};
static const qnn_entry_desc bad_entries[][1] = {
    {{NULL, packed_noop, 1, 0, good_tensor}},
    {{"f", NULL, 1, 0, good_tensor}},
    {{"f", packed_noop, -1, 0, good_tensor}},
    {{"f", packed_noop, 1, 0, NULL}},
    {{"f", packed_noop, 1, 0, unnamed_tensor}},
    {{"f", packed_noop, 1, 0, unknown_dtype}},
    {{"f", packed_noop, 1, 0, deep}},
    {{"f", packed_noop, 1, 0, shapeless}},
    {{"f", packed_noop, 1, 0, negative_dim}},
    {{"f", packed_noop, 1, 0, too_big}},
};
static qnn_model_desc
    bad_models[sizeof(bad_entries) / sizeof(bad_entries[0]) + 2];

/* Copies `size` bytes of `data` to `path`. */
static int write_file(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return 0;
  size_t written = fwrite(data, 1, size, f);
  return fclose(f) == 0 && written == size;
}

static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc(*size);
  if (fread(data, 1, *size, f) != *size) {
    free(data);
    data = NULL;
  }
  fclose(f);
  return data;
}

/* Loads the first `length` bytes of the model library; a load that
 * succeeds must run and give the whole library's result. */
static int try_truncated(const char *work, const void *bytes, size_t length,
                         int *rejected, int *loaded_ok, int print) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/truncated-%zu.so", work, length);
  if (!write_file(path, bytes, length))
    return 0;
  qnn_loaded_model *loaded = NULL;
  qnn_status status = qnn_model_load(path, NULL, &loaded);
  int ok = 1;
  if (status == QNN_OK) {
    qnn_tensor x = {image, QNN_DTYPE_F32, 4, in_shape};
    qnn_tensor y = {features, QNN_DTYPE_F32, 4, out_shape};
    memset(features, 0, sizeof(features));
    ok =
        run(qnn_loaded_model_desc(loaded), "forward", &x, 1, &y, 1) == QNN_OK &&
        memcmp(features, expected, sizeof(features)) == 0 &&
        qnn_model_unload(loaded) == QNN_OK;
    *loaded_ok += ok;
  } else {
    ok = status == QNN_ERROR_LOAD_FAILED && loaded == NULL &&
         qnn_last_error()[0];
    *rejected += ok;
  }
  if (print) {
    /* The message names the path, which varies: print the rest. */
    const char *message = qnn_last_error();
    const char *rest = strstr(message, ".so'");
    printf("truncated to %s: status %d: %s\n",
           length == 0    ? "0 bytes"
           : length == 3  ? "3 bytes"
           : length == 40 ? "40 bytes"
           : length == 64 ? "64 bytes"
                          : "half",
           (int)status, rest ? rest + 4 : message);
  }
  remove(path);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 8)
    return 2;
  const char *model_path = argv[1], *work = argv[7];
  for (size_t i = 0; i < sizeof(image) / sizeof(image[0]); ++i)
    image[i] = (float)((i * 31) % 17) / 8.0f - 1.0f;

  qnn_loaded_model *loaded = NULL;
  report("load", qnn_model_load(model_path, NULL, &loaded));
  const qnn_model_desc *model = qnn_loaded_model_desc(loaded);
  qnn_tensor in = {image, QNN_DTYPE_F32, 4, in_shape};
  qnn_tensor out = {expected, QNN_DTYPE_F32, 4, out_shape};
  report("run", run(model, "forward", &in, 1, &out, 1));
  report("run, the only entry point by NULL",
         run(model, NULL, &in, 1, &out, 1));

  /* The caller's tensors. */
  out.data = features;
  qnn_tensor bad = in;
  report("too many inputs", run(model, "forward", &in, 2, &out, 1));
  report("no outputs", run(model, "forward", &in, 1, &out, 0));
  report("null inputs array", run(model, "forward", NULL, 1, &out, 1));
  report("null outputs array", run(model, "forward", &in, 1, NULL, 1));
  bad.data = NULL;
  report("null input data", run(model, "forward", &bad, 1, &out, 1));
  qnn_tensor bad_out = out;
  bad_out.data = NULL;
  report("null output data", run(model, "forward", &in, 1, &bad_out, 1));
  bad = in;
  bad.dtype = QNN_DTYPE_I8;
  report("wrong dtype", run(model, "forward", &bad, 1, &out, 1));
  bad.dtype = 1000;
  report("unknown dtype", run(model, "forward", &bad, 1, &out, 1));
  bad = in;
  bad.rank = 3;
  report("wrong rank", run(model, "forward", &bad, 1, &out, 1));
  bad.rank = -1;
  report("negative rank", run(model, "forward", &bad, 1, &out, 1));
  bad = in;
  int64_t wrong_shape[4] = {2, 12, 13, 4};
  bad.shape = wrong_shape;
  report("wrong shape", run(model, "forward", &bad, 1, &out, 1));
  bad_out = out;
  int64_t wrong_out_shape[4] = {2, 12, 12, 7};
  bad_out.shape = wrong_out_shape;
  report("wrong output shape", run(model, "forward", &in, 1, &bad_out, 1));
  bad = in;
  bad.shape = NULL;
  report("null shape", run(model, "forward", &bad, 1, &out, 1));
  report("unknown entry point", run(model, "backward", &in, 1, &out, 1));
  report("empty entry name", run(model, "", &in, 1, &out, 1));
  report("null model", run(NULL, "forward", &in, 1, &out, 1));
  const qnn_entry_desc *entry = NULL;
  report("find, null result", qnn_model_find_entry(model, "forward", NULL));
  report("find", qnn_model_find_entry(model, "forward", &entry));
  printf("found: %s\n", entry ? entry->name : "(none)");

  /* Malformed descriptors. */
  size_t kinds = sizeof(bad_entries) / sizeof(bad_entries[0]);
  for (size_t i = 0; i < kinds; ++i) {
    bad_models[i] = (qnn_model_desc){QNN_ABI_VERSION, 1, bad_entries[i]};
    char what[64];
    snprintf(what, sizeof(what), "malformed #%zu", i);
    report(what, run(&bad_models[i], NULL, &in, 1, &out, 0));
  }
  bad_models[kinds] = (qnn_model_desc){QNN_ABI_VERSION, -3, NULL};
  report("negative entry count", run(&bad_models[kinds], "f", &in, 1, &out, 0));
  bad_models[kinds + 1] = (qnn_model_desc){QNN_ABI_VERSION, 2, NULL};
  report("no entry array", run(&bad_models[kinds + 1], "f", &in, 1, &out, 0));
  qnn_model_desc *heap = malloc(sizeof(qnn_model_desc));
  *heap = *model;
  report("descriptor on the heap", run(heap, "forward", &in, 1, &out, 1));
  /* A descriptor in memory runs once registered, until unregistered. */
  qnn_loaded_model *registered = NULL;
  report("register the heap descriptor", qnn_model_register(heap, &registered));
  report("run it registered", run(heap, "forward", &in, 1, &out, 1));
  report("unregister it", qnn_model_unload(registered));
  report("run it unregistered", run(heap, "forward", &in, 1, &out, 1));
  report("register null", qnn_model_register(NULL, &registered));
  report("register a malformed descriptor",
         qnn_model_register(&bad_models[kinds], &registered));
  free(heap);

  /* Unloaded models and stale handles. */
  report("unload", qnn_model_unload(loaded));
  report("unload again", qnn_model_unload(loaded));
  printf("desc of unloaded handle: %s: %s\n",
         qnn_loaded_model_desc(loaded) ? "non-null" : "NULL", qnn_last_error());
  report("run unloaded model", run(model, "forward", &in, 1, &out, 1));
  report("find in unloaded model",
         qnn_model_find_entry(model, "forward", &entry));
  report("unload a made-up handle",
         qnn_model_unload((qnn_loaded_model *)&loaded));
  report("unload NULL", qnn_model_unload(NULL));
  /* A new load gets a new handle; the old one stays dead. */
  qnn_loaded_model *again = NULL;
  report("load again", qnn_model_load(model_path, NULL, &again));
  printf("new handle differs: %s\n", again != loaded ? "yes" : "no");
  report("unload old handle", qnn_model_unload(loaded));
  report("unload new handle", qnn_model_unload(again));

  /* Libraries that are not (these) qnn models. */
  qnn_loaded_model *none = (qnn_loaded_model *)&none;
  report("null path", qnn_model_load(NULL, NULL, &none));
  report("null result", qnn_model_load(model_path, NULL, NULL));
  report("not a model", qnn_model_load(argv[2], NULL, &none));
  printf("handle after a failed load: %s\n", none ? "non-null" : "NULL");
  report("an int called qnn_model", qnn_model_load(argv[3], NULL, &none));
  report("a function", qnn_model_load(model_path, "forward", &none));
  report("a dependency's symbol",
         qnn_model_load(model_path, "qnn_alloc", &none));
  report("empty symbol name", qnn_model_load(model_path, "", &none));
  report("wrong ABI", qnn_model_load(argv[4], NULL, &none));
  report("malformed descriptor", qnn_model_load(argv[5], NULL, &none));
  report("not ELF", qnn_model_load(argv[6], NULL, &none));
  report("directory", qnn_model_load(work, NULL, &none));
  report("missing file", qnn_model_load("/nonexistent/model.so", NULL, &none));
  report("missing bare name",
         qnn_model_load("libqnn-no-such-model.so", NULL, &none));

  /* Truncated copies of the model library: named cases, then every length
   * up to 512 bytes and every 8th beyond. */
  size_t size = 0;
  unsigned char *bytes = read_file(model_path, &size);
  if (!bytes)
    return 1;
  int rejected = 0, loaded_ok = 0, wrong = 0;
  const size_t named[] = {0, 3, 40, 64, size / 2};
  for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); ++i)
    wrong += !try_truncated(work, bytes, named[i], &rejected, &loaded_ok, 1);
  rejected = loaded_ok = 0;
  for (size_t length = 0; length < size; length += length < 512 ? 1 : 8)
    wrong += !try_truncated(work, bytes, length, &rejected, &loaded_ok, 0);
  printf("truncated: %s lengths rejected, %s loaded and ran right, %d wrong\n",
         rejected > 512 ? "many" : "few", loaded_ok ? "some" : "none", wrong);
  free(bytes);

  /* Thread counts. */
  int previous = qnn_set_num_threads(3);
  printf("set 3: previous %d\n", previous);
  previous = qnn_set_num_threads(0);
  printf("set 0: previous %d, now %d: %s\n", previous, qnn_get_num_threads(),
         qnn_last_error());
  previous = qnn_set_num_threads(-5);
  printf("set -5: previous %d, now %d: %s\n", previous, qnn_get_num_threads(),
         qnn_last_error());
  previous = qnn_set_num_threads(QNN_MAX_THREADS + 1);
  printf("set max + 1: previous %d, now %d: %s\n", previous,
         qnn_get_num_threads(), qnn_last_error());
  previous = qnn_set_num_threads(INT32_MAX);
  printf("set INT32_MAX: previous %d, now %d: %s\n", previous,
         qnn_get_num_threads(), qnn_last_error());
  previous = qnn_set_num_threads(QNN_MAX_THREADS);
  printf("set max: previous %d, now %d: '%s'\n", previous,
         qnn_get_num_threads(), qnn_last_error());
  qnn_set_num_threads(1);

  /* Allocation sizes. */
  void *p = qnn_alloc(SIZE_MAX);
  printf("alloc SIZE_MAX: %s: %s\n", p ? "non-null" : "NULL", qnn_last_error());
  p = qnn_alloc(SIZE_MAX - 62);
  printf("alloc SIZE_MAX - 62: %s: %s\n", p ? "non-null" : "NULL",
         qnn_last_error());
  p = qnn_alloc(0);
  printf("alloc 0: %s, aligned: %s\n", p ? "non-null" : "NULL",
         ((uintptr_t)p % 64) == 0 ? "yes" : "no");
  qnn_free(p);
  qnn_free(NULL);
  return 0;
}
