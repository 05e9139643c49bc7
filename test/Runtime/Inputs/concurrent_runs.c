/* Runs one loaded model from several threads at once and checks every
 * result bit for bit against a run of the same input on one thread:
 * - 8 threads on 4 pool threads;
 * - 8 threads while another sets the thread count from 1 up to 256 and
 *   back down, over and over;
 * - 8 threads while the model is unloaded under them: each run either
 *   gives the right result or fails with a status, none crashes.
 * Usage: concurrent_runs model.so */
#include <qnn/qnn_runtime.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNNERS 8
#define INPUTS 8
#define IN_ELEMS (2 * 12 * 12 * 4)
#define OUT_ELEMS (2 * 12 * 12 * 6)

static const int64_t in_shape[4] = {2, 12, 12, 4};
static const int64_t out_shape[4] = {2, 12, 12, 6};
static float inputs[INPUTS][IN_ELEMS];
static float expected[INPUTS][OUT_ELEMS];
static const qnn_model_desc *model;

static qnn_status run(const qnn_model_desc *desc, const float *in, float *out) {
  qnn_tensor x = {(void *)in, QNN_DTYPE_F32, 4, in_shape};
  qnn_tensor y = {out, QNN_DTYPE_F32, 4, out_shape};
  return qnn_model_run(desc, "forward", &x, 1, &y, 1);
}

typedef struct {
  int index;
  int runs;         /* runs to do; 0: until `stop` */
  int done;         /* runs done */
  int mismatches;   /* results that differ from the single-threaded one */
  int failures;     /* runs that returned an error before `stop_ok` */
  int after_unload; /* phase 3: runs that failed, as they should */
  char message[256];
} runner;

static volatile int stop;      /* atomic */
static volatile int unloading; /* atomic: failures are expected from now */

static void *run_thread(void *arg) {
  runner *r = arg;
  float *out = malloc(sizeof(float) * OUT_ELEMS);
  /* After the unload, a run must fail soon: the library is gone. */
  int grace = 100;
  for (int i = 0;
       r->runs ? i < r->runs : !__atomic_load_n(&stop, __ATOMIC_ACQUIRE); ++i) {
    int k = (r->index + i) % INPUTS;
    memset(out, 0xA5, sizeof(float) * OUT_ELEMS);
    int expect_failure = __atomic_load_n(&unloading, __ATOMIC_ACQUIRE);
    if (expect_failure && --grace < 0)
      break;
    qnn_status status = run(model, inputs[k], out);
    if (status != QNN_OK) {
      if (expect_failure || __atomic_load_n(&unloading, __ATOMIC_ACQUIRE)) {
        ++r->after_unload;
        snprintf(r->message, sizeof(r->message), "%d: %s", (int)status,
                 qnn_last_error());
        break;
      }
      if (r->failures++ == 0)
        snprintf(r->message, sizeof(r->message), "%d: %s", (int)status,
                 qnn_last_error());
      continue;
    }
    if (memcmp(out, expected[k], sizeof(float) * OUT_ELEMS) != 0)
      ++r->mismatches;
    __atomic_add_fetch(&r->done, 1, __ATOMIC_RELAXED);
  }
  free(out);
  return NULL;
}

/* Starts RUNNERS threads doing `runs` runs each (0: until stop). */
static void start(runner *runners, pthread_t *ids, int runs) {
  for (int t = 0; t < RUNNERS; ++t) {
    memset(&runners[t], 0, sizeof(runner));
    runners[t].index = t;
    runners[t].runs = runs;
    pthread_create(&ids[t], NULL, run_thread, &runners[t]);
  }
}

/* Joins the runners and prints their totals. */
static int finish(const char *phase, runner *runners, pthread_t *ids) {
  int done = 0, mismatches = 0, failures = 0, after = 0;
  for (int t = 0; t < RUNNERS; ++t) {
    pthread_join(ids[t], NULL);
    done += runners[t].done;
    mismatches += runners[t].mismatches;
    failures += runners[t].failures;
    after += runners[t].after_unload;
    if (runners[t].failures)
      printf("%s: thread %d failed: %s\n", phase, t, runners[t].message);
  }
  printf("%s: %s runs, %d mismatches, %d failures\n", phase,
         done >= RUNNERS ? "some" : "too few", mismatches, failures);
  return after;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  qnn_loaded_model *loaded;
  if (qnn_model_load(argv[1], NULL, &loaded) != QNN_OK) {
    printf("load: %s\n", qnn_last_error());
    return 1;
  }
  model = qnn_loaded_model_desc(loaded);

  /* Inputs around the thresholds (-0.5, 0.1, 0.7), so every code occurs. */
  unsigned seed = 12345;
  for (int k = 0; k < INPUTS; ++k)
    for (int i = 0; i < IN_ELEMS; ++i) {
      seed = seed * 1103515245u + 12345u;
      inputs[k][i] = (float)((seed >> 16) % 2000) / 1000.0f - 1.0f;
    }
  /* The single-threaded results. */
  qnn_set_num_threads(1);
  for (int k = 0; k < INPUTS; ++k)
    if (run(model, inputs[k], expected[k]) != QNN_OK) {
      printf("reference run: %s\n", qnn_last_error());
      return 1;
    }
  /* The results depend on the input (the check below means something). */
  int distinct = 0;
  for (int k = 1; k < INPUTS; ++k)
    distinct += memcmp(expected[0], expected[k], sizeof(expected[0])) != 0;
  printf("reference: %d of %d results differ from the first\n", distinct,
         INPUTS - 1);

  runner runners[RUNNERS];
  pthread_t ids[RUNNERS];

  /* 1. Eight threads, four pool threads. */
  qnn_set_num_threads(4);
  start(runners, ids, 40);
  finish("hammer", runners, ids);

  /* 2. The thread count changes under the runs: 1 .. 256 .. 1, three
   * times. */
  __atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
  start(runners, ids, 0);
  int sets = 0, bad_sets = 0;
  for (int sweep = 0; sweep < 3; ++sweep)
    for (int step = 0; step < 2 * 256; ++step) {
      int threads = step < 256 ? step + 1 : 512 - step;
      qnn_set_num_threads(threads);
      bad_sets += qnn_get_num_threads() != threads;
      ++sets;
    }
  /* Let the runs go on at the largest count for a moment. */
  qnn_set_num_threads(256);
  for (int i = 0; i < 20; ++i) {
    float out[OUT_ELEMS];
    if (run(model, inputs[i % INPUTS], out) != QNN_OK ||
        memcmp(out, expected[i % INPUTS], sizeof(out)) != 0)
      ++bad_sets;
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  finish("changing threads", runners, ids);
  printf("changing threads: %d counts set, %d wrong\n", sets, bad_sets);

  /* 3. Unloaded while it runs: results stay right until the unload, then
   * every run fails with a status. */
  qnn_set_num_threads(3);
  __atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
  __atomic_store_n(&unloading, 0, __ATOMIC_RELEASE);
  start(runners, ids, 0);
  for (int t = 0; t < RUNNERS; ++t)
    while (!__atomic_load_n(&runners[t].done, __ATOMIC_RELAXED))
      ;
  __atomic_store_n(&unloading, 1, __ATOMIC_RELEASE);
  qnn_status status = qnn_model_unload(loaded);
  printf("unload under runs: status %d\n", (int)status);
  int after = finish("unloaded under runs", runners, ids);
  printf("unloaded under runs: %d of %d threads stopped by a status\n", after,
         RUNNERS);
  for (int t = 0; t < RUNNERS; ++t)
    printf("  %s\n", runners[t].message);
  float out[OUT_ELEMS];
  status = run(model, inputs[0], out);
  printf("run after unload: status %d: %s\n", (int)status, qnn_last_error());
  return 0;
}
