/* Runs a compiled ResNet through libqnn_runtime on an image read from a raw
 * f32 file, printing one logit per line. */
#include "resnet.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: run_resnet <image.f32> <resolution> <classes> "
                    "<channels>\n");
    return 2;
  }
  int64_t r = atoll(argv[2]), classes = atoll(argv[3]), c = atoll(argv[4]);
  size_t count = (size_t)(r * r * c);
  float *image = qnn_alloc(count * sizeof(float));
  float *logits = qnn_alloc((size_t)classes * sizeof(float));
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(image, sizeof(float), count, f) != count) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  fclose(f);
  int64_t in_shape[4] = {1, r, r, c}, out_shape[3] = {1, 1, classes};
  qnn_tensor in = {image, QNN_DTYPE_F32, 4, in_shape};
  qnn_tensor out = {logits, QNN_DTYPE_F32, 3, out_shape};
  qnn_status status = qnn_model_forward(&in, &out);
  if (status != QNN_OK) {
    fprintf(stderr, "%s\n", qnn_last_error());
    return 1;
  }
  for (int64_t i = 0; i < classes; ++i)
    printf("%g\n", logits[i]);
  qnn_free(image);
  qnn_free(logits);
  return 0;
}
