/* Runs every entry point of a compiled model library on deterministic
 * inputs (element i of every f32 input is (i % 17) / 8 - 1; integer inputs
 * i % 5 - 2) and prints the status, the message and every output value,
 * so that two builds of a model (CPU and GPU) can be compared. */
#include "qnn/qnn_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t count(const qnn_tensor_desc *d) {
  int64_t n = 1;
  for (int r = 0; r < d->rank; ++r)
    n *= d->shape[r];
  return n;
}

static void run_entry(const qnn_model_desc *model,
                      const qnn_entry_desc *entry) {
  int total = entry->num_inputs + entry->num_outputs;
  qnn_tensor *tensors = calloc((size_t)total, sizeof(qnn_tensor));
  for (int t = 0; t < total; ++t) {
    const qnn_tensor_desc *d = &entry->tensors[t];
    int64_t n = count(d);
    size_t size = qnn_dtype_size(d->dtype);
    char *data = calloc((size_t)n, size);
    for (int64_t i = 0; t < entry->num_inputs && i < n; ++i) {
      if (d->dtype == QNN_DTYPE_F32)
        ((float *)data)[i] = (float)(i % 17) / 8.0f - 1.0f;
      else if (size == 1)
        data[i] = (char)(i % 5 - 2);
    }
    tensors[t] = (qnn_tensor){data, d->dtype, d->rank, d->shape};
  }
  qnn_status status = qnn_model_run(
      model, entry->name, tensors, (size_t)entry->num_inputs,
      tensors + entry->num_inputs, (size_t)entry->num_outputs);
  printf("run: status %d: %s\n", (int)status, qnn_last_error());
  for (int t = entry->num_inputs; t < total; ++t) {
    const qnn_tensor_desc *d = &entry->tensors[t];
    printf("%s:", d->name);
    for (int64_t i = 0; i < count(d); ++i) {
      if (d->dtype == QNN_DTYPE_F32)
        printf(" %.9g", ((float *)tensors[t].data)[i]);
      else if (d->dtype == QNN_DTYPE_I64)
        printf(" %lld", (long long)((int64_t *)tensors[t].data)[i]);
      else if (d->dtype == QNN_DTYPE_I32)
        printf(" %d", ((int32_t *)tensors[t].data)[i]);
      else
        printf(" %d", ((int8_t *)tensors[t].data)[i]);
    }
    printf("\n");
  }
  for (int t = 0; t < total; ++t)
    free(tensors[t].data);
  free(tensors);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: run_any model.so\n");
    return 2;
  }
  qnn_loaded_model *loaded;
  qnn_status status = qnn_model_load(argv[1], NULL, &loaded);
  if (status != QNN_OK) {
    printf("load: status %d: %s\n", (int)status, qnn_last_error());
    return 1;
  }
  const qnn_model_desc *model = qnn_loaded_model_desc(loaded);
  for (int e = 0; e < model->num_entries; ++e) {
    if (model->num_entries > 1)
      printf("entry %s\n", model->entries[e].name);
    run_entry(model, &model->entries[e]);
  }
  qnn_model_unload(loaded);
  return 0;
}
