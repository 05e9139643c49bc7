// Times one compiled qnn dense layer (a shared library from qnn_add_model or
// bench/gemm.py) against OpenBLAS sgemv/sgemm and oneDNN's u8 x s8 -> s32
// matmul on the same M x K x N problem, interleaved in one process.
//
//   gemm_harness <model.so> <M> <K> <N> <reps> <threads>
//
// Prints one line per contender: "<name> median_ms min_ms". For a GEMV
// (M = 1) a fourth contender, "read_256mib", sums 256 MiB of memory on one
// thread: the read bandwidth the GEMV's weight stream is compared with.
// Not a test.

#include "harness.h"

#include <cblas.h>
#include <dnnl.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 7) {
    std::fprintf(stderr,
                 "usage: %s <model.so> <M> <K> <N> <reps> <threads>\n",
                 argv[0]);
    return 2;
  }
  const char *path = argv[1];
  int64_t m = std::atoll(argv[2]), k = std::atoll(argv[3]),
          n = std::atoll(argv[4]);
  int reps = std::atoi(argv[5]), threads = std::atoi(argv[6]);

  qnn_loaded_model *loaded = nullptr;
  const qnn_model_desc *desc = bench::loadModel(path, threads, &loaded);
  openblas_set_num_threads(threads);
  // oneDNN (OpenMP) takes its threads from OMP_NUM_THREADS, which the
  // driver sets: OpenMP reads it when the library loads.

  // qnn: activation codes in (one byte each; 0..3 fit any width), i32
  // accumulators out. OpenBLAS gets the same values as floats.
  std::vector<uint8_t> codes(size_t(m * k));
  std::vector<float> x(size_t(m * k));
  for (size_t i = 0; i < codes.size(); ++i) {
    codes[i] = uint8_t((i * 7919) % 4);
    x[i] = float(codes[i]);
  }
  std::vector<int32_t> acc(size_t(m * n));
  int64_t inShape[2] = {m, k}, outShape[2] = {m, n};
  qnn_tensor in = {codes.data(), QNN_DTYPE_CODES, 2, inShape};
  qnn_tensor out = {acc.data(), QNN_DTYPE_I32, 2, outShape};

  // OpenBLAS: fp32 weights [N][K] (row-major), y = W x.
  std::vector<float> wf(size_t(n * k));
  for (size_t i = 0; i < wf.size(); ++i)
    wf[i] = float(int64_t(i * 2654435761u % 4) - 2) * 0.1f;
  std::vector<float> yf(size_t(m * n));

  // oneDNN: u8 activations [M][K], s8 weights [K][N] in the layout the
  // primitive prefers (reordered once), s32 out.
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  dnnl::memory::desc aDesc({m, k}, dt::u8, tag::ab);
  dnnl::memory::desc bAny({k, n}, dt::s8, tag::any);
  dnnl::memory::desc cDesc({m, n}, dt::s32, tag::ab);
  dnnl::matmul::primitive_desc pd(
      dnnl::matmul::desc(aDesc, bAny, cDesc), engine);
  dnnl::memory aMem(aDesc, engine), cMem(cDesc, engine);
  dnnl::memory bUser({{k, n}, dt::s8, tag::ab}, engine);
  dnnl::memory bMem(pd.weights_desc(), engine);
  auto *a8 = static_cast<uint8_t *>(aMem.get_data_handle());
  for (int64_t i = 0; i < m * k; ++i)
    a8[i] = uint8_t(i % 4);
  auto *b8 = static_cast<int8_t *>(bUser.get_data_handle());
  for (int64_t i = 0; i < k * n; ++i)
    b8[i] = int8_t(int64_t(i * 2654435761u % 4) * 2 - 3);
  dnnl::reorder(bUser, bMem).execute(stream, bUser, bMem);
  stream.wait();
  dnnl::matmul matmul(pd);

  std::vector<bench::Contender> contenders;
  contenders.push_back(bench::qnnContender(desc, &in, &out));
  contenders.push_back({m == 1 ? "openblas_sgemv" : "openblas_sgemm", [&] {
                          if (m == 1)
                            cblas_sgemv(CblasRowMajor, CblasNoTrans, int(n),
                                        int(k), 1.0f, wf.data(), int(k),
                                        x.data(), 1, 0.0f, yf.data(), 1);
                          else
                            cblas_sgemm(CblasRowMajor, CblasNoTrans,
                                        CblasTrans, int(m), int(n), int(k),
                                        1.0f, x.data(), int(k), wf.data(),
                                        int(k), 0.0f, yf.data(), int(n));
                        }});
  contenders.push_back({"onednn_u8s8s32", [&] {
                          matmul.execute(stream,
                                         {{DNNL_ARG_SRC, aMem},
                                          {DNNL_ARG_WEIGHTS, bMem},
                                          {DNNL_ARG_DST, cMem}});
                          stream.wait();
                        }});
  // Larger than any cache: 256 MiB summed as 64-bit words (vectorized by
  // the compiler), the result kept alive through a volatile sink.
  std::vector<uint64_t> big;
  volatile uint64_t sink = 0;
  if (m == 1) {
    big.assign(size_t(32) << 20, 1);
    contenders.push_back({"read_256mib", [&] {
                            uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                            for (size_t i = 0; i < big.size(); i += 4) {
                              s0 += big[i];
                              s1 += big[i + 1];
                              s2 += big[i + 2];
                              s3 += big[i + 3];
                            }
                            sink = s0 + s1 + s2 + s3;
                          }});
  }
  bench::timeInterleaved(contenders, reps);
  qnn_model_unload(loaded);
  return 0;
}
