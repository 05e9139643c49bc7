/* Libraries that are not qnn models, one per KIND, for misuse.test. */
#include <qnn/qnn_runtime.h>

#if KIND == 1
/* Exports something else. */
int other_symbol = 1;
#elif KIND == 2
/* An int called qnn_model (kept at 4 bytes in the sanitizer build, where
 * AddressSanitizer would pad the symbol with its redzone). */
__attribute__((no_sanitize("address"))) int qnn_model = 7;
#elif KIND == 3
/* A descriptor for another runtime ABI. */
const qnn_model_desc qnn_model = {QNN_ABI_VERSION + 1, 0, NULL};
#elif KIND == 4
/* A descriptor whose entry point has no function. */
static const int64_t shape[1] = {4};
static const qnn_tensor_desc tensors[1] = {{"x", QNN_DTYPE_F32, 1, shape}};
static const qnn_entry_desc entries[1] = {{"forward", NULL, 1, 0, tensors}};
const qnn_model_desc qnn_model = {QNN_ABI_VERSION, 1, entries};
#endif
