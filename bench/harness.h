// Shared pieces of the C++ benchmark harnesses: loading the compiled qnn
// model, its contender, and the interleaved timing loop. Not a test.

#ifndef QNN_BENCH_HARNESS_H
#define QNN_BENCH_HARNESS_H

#include "qnn/qnn_runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace bench {

inline double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Contender {
  std::string name;
  std::function<void()> run;
  std::vector<double> times;
};

/// The model in the shared library at `path`, run on `threads` threads;
/// exits with the runtime's message when it cannot be loaded.
inline const qnn_model_desc *loadModel(const char *path, int threads,
                                       qnn_loaded_model **loaded) {
  if (qnn_model_load(path, nullptr, loaded) != QNN_OK) {
    std::fprintf(stderr, "qnn_model_load: %s\n", qnn_last_error());
    std::exit(1);
  }
  qnn_set_num_threads(threads);
  return qnn_loaded_model_desc(*loaded);
}

/// The contender running the model on one input and one output tensor.
inline Contender qnnContender(const qnn_model_desc *desc, qnn_tensor *in,
                              qnn_tensor *out) {
  return {"qnn", [=] {
            if (qnn_model_run(desc, nullptr, in, 1, out, 1) != QNN_OK) {
              std::fprintf(stderr, "qnn_model_run: %s\n", qnn_last_error());
              std::exit(1);
            }
          }};
}

/// Times `reps` runs of each contender, interleaved in blocks: 5 rounds in
/// which each contender runs untimed for at least 20 ms, then reps / 5
/// times timed, back to back. Within a block a library's worker threads
/// stay as warm as they are between the layers of a network; the untimed
/// runs outlast the previous library's idle workers, which keep spinning
/// for a while after a call (OpenMP's for milliseconds) on the cores this
/// one needs. Prints "<name> median_ms min_ms" per contender.
inline void timeInterleaved(std::vector<Contender> &contenders, int reps) {
  const int rounds = 5, perRound = std::max(1, reps / rounds);
  for (int r = 0; r < rounds; ++r)
    for (Contender &c : contenders) {
      for (double t0 = now(); now() - t0 < 0.02;)
        c.run();
      for (int i = 0; i < perRound; ++i) {
        double t0 = now();
        c.run();
        c.times.push_back(now() - t0);
      }
    }
  for (Contender &c : contenders) {
    std::sort(c.times.begin(), c.times.end());
    std::printf("%s %.4f %.4f\n", c.name.c_str(),
                c.times[c.times.size() / 2] * 1e3, c.times.front() * 1e3);
  }
}

} // namespace bench

#endif // QNN_BENCH_HARNESS_H
