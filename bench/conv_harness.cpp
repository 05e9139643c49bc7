// Times one compiled qnn 3x3 convolution (a shared library from
// bench/conv.py) against oneDNN's fp32 and u8 x s8 -> s32 convolutions of the
// same shape, interleaved in one process.
//
//   conv_harness <model.so> <H> <W> <C> <O> <reps> <threads>
//
// Batch 1, 3x3 window, stride 1, padding 1, NHWC activations. oneDNN picks
// its preferred layouts for every tensor (format tag any); inputs and weights
// are reordered into them once, outside the timing. Prints one line per
// contender: "<name> median_ms min_ms". Not a test.

#include "harness.h"

#include <dnnl.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

/// A oneDNN 3x3 convolution with its operands in the primitive's preferred
/// layouts, filled from plain NHWC / OHWI data.
struct OneDnnConv {
  dnnl::convolution_forward conv;
  dnnl::memory src, weights, dst;

  OneDnnConv(dnnl::engine &engine, dnnl::stream &stream, dt act, dt wt,
             dt out, int64_t h, int64_t w, int64_t c, int64_t o,
             const void *x, const void *wdata) {
    dnnl::memory::desc srcAny({1, c, h, w}, act, tag::any);
    dnnl::memory::desc wAny({o, c, 3, 3}, wt, tag::any);
    dnnl::memory::desc dstAny({1, o, h, w}, out, tag::any);
    dnnl::convolution_forward::primitive_desc pd(
        dnnl::convolution_forward::desc(
            dnnl::prop_kind::forward_inference,
            dnnl::algorithm::convolution_direct, srcAny, wAny, dstAny,
            {1, 1}, {1, 1}, {1, 1}),
        engine);
    dnnl::memory srcUser({{1, c, h, w}, act, tag::nhwc}, engine,
                         const_cast<void *>(x));
    dnnl::memory wUser({{o, c, 3, 3}, wt, tag::ohwi}, engine,
                       const_cast<void *>(wdata));
    src = dnnl::memory(pd.src_desc(), engine);
    weights = dnnl::memory(pd.weights_desc(), engine);
    dst = dnnl::memory(pd.dst_desc(), engine);
    dnnl::reorder(srcUser, src).execute(stream, srcUser, src);
    dnnl::reorder(wUser, weights).execute(stream, wUser, weights);
    stream.wait();
    conv = dnnl::convolution_forward(pd);
  }

  void run(dnnl::stream &stream) {
    conv.execute(stream, {{DNNL_ARG_SRC, src},
                          {DNNL_ARG_WEIGHTS, weights},
                          {DNNL_ARG_DST, dst}});
    stream.wait();
  }
};

} // namespace

int main(int argc, char **argv) {
  if (argc != 8) {
    std::fprintf(stderr,
                 "usage: %s <model.so> <H> <W> <C> <O> <reps> <threads>\n",
                 argv[0]);
    return 2;
  }
  const char *path = argv[1];
  int64_t h = std::atoll(argv[2]), w = std::atoll(argv[3]),
          c = std::atoll(argv[4]), o = std::atoll(argv[5]);
  int reps = std::atoi(argv[6]), threads = std::atoi(argv[7]);

  qnn_loaded_model *loaded = nullptr;
  const qnn_model_desc *desc = bench::loadModel(path, threads, &loaded);
  // oneDNN (OpenMP) takes its threads from OMP_NUM_THREADS, set by the
  // driver before the library loads.

  // Activation codes 0..3 (bytes for qnn and oneDNN int8, floats for fp32);
  // 2-bit weight levels -3, -1, 1, 3.
  std::vector<uint8_t> codes(size_t(h * w * c));
  std::vector<float> xf(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    codes[i] = uint8_t((i * 7919) % 4);
    xf[i] = float(codes[i]);
  }
  std::vector<int8_t> w8(size_t(o * 9 * c));
  std::vector<float> wf(w8.size());
  for (size_t i = 0; i < w8.size(); ++i) {
    w8[i] = int8_t(int64_t(i * 2654435761u % 4) * 2 - 3);
    wf[i] = float(w8[i]) * 0.03f;
  }
  std::vector<int32_t> acc(size_t(h * w * o));
  int64_t inShape[4] = {1, h, w, c}, outShape[4] = {1, h, w, o};
  qnn_tensor in = {codes.data(), QNN_DTYPE_CODES, 4, inShape};
  qnn_tensor out = {acc.data(), QNN_DTYPE_I32, 4, outShape};

  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  OneDnnConv fp32(engine, stream, dt::f32, dt::f32, dt::f32, h, w, c, o,
                  xf.data(), wf.data());
  OneDnnConv int8(engine, stream, dt::u8, dt::s8, dt::s32, h, w, c, o,
                  codes.data(), w8.data());

  std::vector<bench::Contender> contenders;
  contenders.push_back(bench::qnnContender(desc, &in, &out));
  contenders.push_back({"onednn_f32", [&] { fp32.run(stream); }});
  contenders.push_back({"onednn_u8s8s32", [&] { int8.run(stream); }});
  bench::timeInterleaved(contenders, reps);
  qnn_model_unload(loaded);
  return 0;
}
