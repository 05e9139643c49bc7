/* Calls the entry point 'codes' (f32[4] -> codes[4]) of a compiled model
 * through its raw packed function, past qnn_model_run's checks, with an
 * input buffer of argv[2] floats while the descriptor says 4: with fewer,
 * the model's own code reads past the end of the buffer. */
#include "qnn/qnn_runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill(int64_t *descriptor, void *data, int64_t size) {
  memcpy(&descriptor[0], &data, sizeof(void *));
  memcpy(&descriptor[1], &data, sizeof(void *));
  descriptor[2] = 0;    /* offset */
  descriptor[3] = size; /* sizes[0] */
  descriptor[4] = 1;    /* strides[0] */
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s model.so input-floats\n", argv[0]);
    return 2;
  }
  qnn_loaded_model *loaded;
  const qnn_entry_desc *entry;
  if (qnn_model_load(argv[1], NULL, &loaded) != QNN_OK ||
      qnn_model_find_entry(qnn_loaded_model_desc(loaded), "codes", &entry) !=
          QNN_OK) {
    fprintf(stderr, "%s\n", qnn_last_error());
    return 2;
  }
  int64_t count = strtol(argv[2], NULL, 10);
  float *input = malloc(count * sizeof(float));
  for (int64_t i = 0; i < count; ++i)
    input[i] = (float)i;
  unsigned char *output = calloc(64, 1);
  int64_t input_descriptor[5], output_descriptor[5];
  fill(input_descriptor, input, 4);
  fill(output_descriptor, output, 4);
  void *descriptors[] = {input_descriptor, output_descriptor};
  entry->packed(descriptors);
  printf("codes: %d %d %d %d\n", output[0], output[1], output[2], output[3]);
  free(output);
  free(input);
  qnn_model_unload(loaded);
  return 0;
}
