/* The AMX tile-data permission through the C API: qnn_amx_init, and the
 * status of a qnn_model_run whose code called qnn_amx_request.
 * Usage: amx_permission model.so */
#include <qnn/qnn_runtime.h>

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  qnn_status status = qnn_amx_init();
  printf("init: status %d: %s\n", (int)status, qnn_last_error());
  qnn_loaded_model *loaded;
  if (qnn_model_load(argv[1], NULL, &loaded) != QNN_OK) {
    printf("load: %s\n", qnn_last_error());
    return 1;
  }
  static const int64_t shape[1] = {4};
  float x[4] = {1, 2, 3, 4}, y[4] = {0};
  qnn_tensor in = {x, QNN_DTYPE_F32, 1, shape};
  qnn_tensor out = {y, QNN_DTYPE_F32, 1, shape};
  /* Twice: the request is made once, the answer stays. */
  for (int run = 0; run < 2; ++run) {
    status = qnn_model_run(qnn_loaded_model_desc(loaded), "forward", &in, 1,
                           &out, 1);
    printf("run: status %d: %s\n", (int)status, qnn_last_error());
  }
  qnn_model_unload(loaded);
  return 0;
}
