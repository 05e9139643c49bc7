/* qnn_dtype_size and qnn_dtype_name against qnn_dtypes.def, entry by entry:
 * each enum constant has the entry's value, size and name; values and names
 * are unique; values outside the list are unknown (size 0, "unknown"). */
#include "qnn/qnn_runtime.h"

#include <stdio.h>
#include <string.h>

struct entry {
  const char *suffix;
  int32_t value, enum_value;
  size_t bytes;
  const char *name;
};

static const struct entry entries[] = {
#define QNN_DTYPE(suffix, value, bytes, name)                                  \
  {#suffix, value, QNN_DTYPE_##suffix, bytes, name},
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
};

int main(void) {
  const size_t n = sizeof(entries) / sizeof(entries[0]);
  int failures = 0, max = 0;
  for (size_t i = 0; i < n; ++i) {
    const struct entry *e = &entries[i];
    size_t size = qnn_dtype_size(e->value);
    const char *name = qnn_dtype_name(e->value);
    int ok = e->enum_value == e->value && size == e->bytes &&
             strcmp(name, e->name) == 0 && e->bytes > 0;
    for (size_t j = 0; j < i; ++j)
      if (entries[j].value == e->value || strcmp(entries[j].name, e->name) == 0)
        ok = 0;
    printf("%s = %d: %zu bytes, '%s': %s\n", e->suffix, (int)e->value, size,
           name, ok ? "ok" : "MISMATCH");
    failures += !ok;
    if (e->value > max)
      max = e->value;
  }
  const int32_t unknown[] = {0, -1, max + 1, 1000};
  for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); ++i) {
    size_t size = qnn_dtype_size(unknown[i]);
    const char *name = qnn_dtype_name(unknown[i]);
    int ok = size == 0 && strcmp(name, "unknown") == 0;
    printf("%d: %zu bytes, '%s': %s\n", (int)unknown[i], size, name,
           ok ? "ok" : "MISMATCH");
    failures += !ok;
  }
  printf("entries: %zu, failures: %d\n", n, failures);
  return failures != 0;
}
