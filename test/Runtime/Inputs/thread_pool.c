/* Stresses qnn_parallel_for: every index of every job is run exactly once,
 * for several thread counts and ranges, over many jobs in a row. */
#include <qnn/qnn_runtime.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct {
  int *counts;
} job;

static void task(void *ctx, int64_t begin, int64_t end) {
  job *j = ctx;
  for (int64_t i = begin; i < end; ++i)
    __atomic_add_fetch(&j->counts[i], 1, __ATOMIC_RELAXED);
}

int main(void) {
  printf("default threads: %d\n", qnn_get_num_threads());
  const int64_t sizes[] = {1, 2, 3, 7, 100, 1000};
  int failures = 0;
  for (int threads = 1; threads <= 4; ++threads) {
    qnn_set_num_threads(threads);
    for (int rep = 0; rep < 300; ++rep)
      for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); ++s) {
        int64_t n = sizes[s];
        job j = {calloc((size_t)n, sizeof(int))};
        qnn_parallel_for(task, &j, n);
        for (int64_t i = 0; i < n; ++i)
          if (j.counts[i] != 1) {
            if (failures++ < 5)
              printf("threads %d n %lld: index %lld ran %d times\n", threads,
                     (long long)n, (long long)i, j.counts[i]);
          }
        free(j.counts);
      }
    printf("threads %d: ok\n", qnn_get_num_threads());
  }
  int previous = qnn_set_num_threads(0);
  printf("set 0: previous %d, now %d: %s\n", previous, qnn_get_num_threads(),
         qnn_last_error());
  printf("failures: %d\n", failures);
  return failures != 0;
}
