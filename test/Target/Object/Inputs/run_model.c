/* Runs the compiled model through libqnn_runtime, correctly and with every
 * kind of misuse; prints the status and message of each call. */
#include "model.h"

#include <stdio.h>
#include <string.h>

static void report(const char *what, qnn_status status) {
  printf("%s: status %d: %s\n", what, (int)status, qnn_last_error());
}

int main(int argc, char **argv) {
  float x[3] = {0.3f, 1.0f, 2.0f};
  int32_t y[2] = {-99, -99};
  int64_t xs[2] = {1, 3}, ys[2] = {1, 2};
  qnn_tensor in = {x, QNN_DTYPE_F32, 2, xs}, out = {y, QNN_DTYPE_I32, 2, ys};

  /* x codes {1, 2, 3}; weight levels {3, -3, 1} and {-3, 1, 1}. */
  report("forward", qnn_model_forward(&in, &out));
  printf("scores: %d %d\n", y[0], y[1]);

  float v[4] = {-1.0f, 0.25f, 0.75f, 9.0f};
  int8_t codes[4] = {0};
  int64_t vs[1] = {4};
  qnn_tensor vin = {v, QNN_DTYPE_F32, 1, vs},
             cout = {codes, QNN_DTYPE_CODES, 1, vs};
  report("codes", qnn_model_codes(&vin, &cout));
  printf("codes: %d %d %d %d\n", codes[0], codes[1], codes[2], codes[3]);

  int64_t wrong[2] = {1, 4};
  qnn_tensor bad = in;
  bad.shape = wrong;
  report("shape", qnn_model_forward(&bad, &out));
  bad = in;
  bad.rank = 1;
  report("rank", qnn_model_forward(&bad, &out));
  bad = in;
  bad.dtype = QNN_DTYPE_F64;
  report("dtype", qnn_model_forward(&bad, &out));
  bad = in;
  bad.data = NULL;
  report("null data", qnn_model_forward(&bad, &out));
  report("null tensors",
         qnn_model_run(&qnn_model, "forward", NULL, 1, &out, 1));
  report("count", qnn_model_run(&qnn_model, "forward", &in, 2, &out, 1));
  report("entry", qnn_model_run(&qnn_model, "backward", &in, 1, &out, 1));
  report("unnamed", qnn_model_run(&qnn_model, NULL, &in, 1, &out, 1));
  /* (Static: the runtime takes only descriptors inside a loaded object.) */
  static qnn_model_desc old;
  old = qnn_model;
  old.abi_version = 0;
  report("abi", qnn_model_run(&old, "forward", &in, 1, &out, 1));

  /* The same model from a shared library. */
  if (argc > 1) {
    qnn_loaded_model *loaded = NULL;
    report("load", qnn_model_load(argv[1], NULL, &loaded));
    y[0] = y[1] = -99;
    report("run loaded", qnn_model_run(qnn_loaded_model_desc(loaded), "forward",
                                       &in, 1, &out, 1));
    printf("scores: %d %d\n", y[0], y[1]);
    qnn_model_unload(loaded);
    report("missing symbol", qnn_model_load(argv[1], "other", &loaded));
    report("missing file",
           qnn_model_load("/nonexistent/model.so", NULL, &loaded));
  }
  return 0;
}
