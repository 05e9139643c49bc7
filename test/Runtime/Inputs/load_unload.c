/* Loads, runs and unloads a model library `cycles` times in one process and
 * measures the resident memory (/proc/self/statm) and the open file
 * descriptors (/proc/self/fd) after a warm-up and at the end: neither may
 * grow (memory within `tolerance_kib`, descriptors not at all).
 * Usage: load_unload model.so cycles tolerance_kib */
#include <qnn/qnn_runtime.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Under AddressSanitizer, freed memory waits in its quarantine and the
 * resident size says nothing about leaks: the allocator's count of live
 * bytes is measured instead. */
static size_t (*live_heap_bytes)(void);

static long resident_kib(void) {
  if (live_heap_bytes)
    return (long)(live_heap_bytes() / 1024);
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2)
    resident = -1;
  if (f)
    fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int open_fds(void) {
  DIR *dir = opendir("/proc/self/fd");
  if (!dir)
    return -1;
  int count = 0;
  for (struct dirent *e; (e = readdir(dir));)
    count += e->d_name[0] != '.';
  closedir(dir);
  return count - 1; /* the directory's own descriptor */
}

static float image[2 * 12 * 12 * 4], features[2 * 12 * 12 * 6],
    first[2 * 12 * 12 * 6];

/* One cycle; 0 when the load, the run, the result or the unload is
 * wrong. */
static int cycle(const char *path, int check) {
  static const int64_t in_shape[4] = {2, 12, 12, 4},
                       out_shape[4] = {2, 12, 12, 6};
  qnn_loaded_model *loaded;
  if (qnn_model_load(path, NULL, &loaded) != QNN_OK) {
    printf("load: %s\n", qnn_last_error());
    return 0;
  }
  qnn_tensor x = {image, QNN_DTYPE_F32, 4, in_shape};
  qnn_tensor y = {features, QNN_DTYPE_F32, 4, out_shape};
  memset(features, 0, sizeof(features));
  if (qnn_model_run(qnn_loaded_model_desc(loaded), "forward", &x, 1, &y, 1) !=
      QNN_OK) {
    printf("run: %s\n", qnn_last_error());
    return 0;
  }
  if (check && memcmp(features, first, sizeof(first)) != 0) {
    printf("run: the result changed\n");
    return 0;
  }
  if (qnn_model_unload(loaded) != QNN_OK) {
    printf("unload: %s\n", qnn_last_error());
    return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  const char *path = argv[1];
  int cycles = atoi(argv[2]);
  long tolerance = atol(argv[3]);
  for (size_t i = 0; i < sizeof(image) / sizeof(image[0]); ++i)
    image[i] = (float)((i * 7919) % 23) / 10.0f - 1.0f;
  qnn_set_num_threads(2);
  *(void **)&live_heap_bytes =
      dlsym(RTLD_DEFAULT, "__sanitizer_get_current_allocated_bytes");

  /* Warm-up: the thread pool, the allocation cache, the loader's own
   * one-time allocations. */
  const int warmup = 100;
  if (!cycle(path, 0))
    return 1;
  memcpy(first, features, sizeof(first));
  for (int i = 1; i < warmup; ++i)
    if (!cycle(path, 1))
      return 1;
  long rss_before = resident_kib();
  int fds_before = open_fds();
  for (int i = warmup; i < cycles; ++i)
    if (!cycle(path, 1)) {
      printf("cycle %d failed\n", i);
      return 1;
    }
  long rss_after = resident_kib();
  int fds_after = open_fds();
  printf("%d cycles: every load, run and unload ok\n", cycles);
  printf("%s after %d cycles: %ld KiB, after %d: %ld KiB\n",
         live_heap_bytes ? "live heap" : "resident memory", warmup, rss_before,
         cycles, rss_after);
  printf("open file descriptors after %d cycles: %d, after %d: %d\n", warmup,
         fds_before, cycles, fds_after);
  printf("memory: %s (growth %s %ld KiB)\n",
         rss_after - rss_before <= tolerance ? "ok" : "GREW",
         rss_after - rss_before <= tolerance ? "within" : "beyond", tolerance);
  printf("file descriptors: %s\n", fds_after == fds_before ? "ok" : "GREW");
  return 0;
}
