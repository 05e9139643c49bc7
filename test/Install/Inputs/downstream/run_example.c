/* Calls a model qnn_add_model compiled with SYMBOL example. */
#include "model.h"

#include <stdio.h>

int main(void) {
  float features[4] = {0.2f, 1.4f, -0.3f, 0.9f};
  float scores[3];
  int64_t in_shape[3] = {1, 1, 4}, out_shape[3] = {1, 1, 3};
  qnn_tensor in = {features, QNN_DTYPE_F32, 3, in_shape};
  qnn_tensor out = {scores, QNN_DTYPE_F32, 3, out_shape};
  qnn_status status = example_forward(&in, &out);
  printf("status %d scores: %g %g %g\n", (int)status, scores[0], scores[1],
         scores[2]);
  return status;
}
