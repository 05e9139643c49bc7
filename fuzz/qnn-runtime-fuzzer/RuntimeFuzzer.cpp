//===- RuntimeFuzzer.cpp - libFuzzer target for the runtime's C API -------===//
//
// Drives libqnn_runtime's C API with fuzzer bytes: a sequence of operations
// (runs of a compiled model with mutated tensors, counts, entry names and
// thread counts; runs and lookups on mutated model descriptors; loads of
// truncated copies, other files and symbols; stale and made-up handles;
// dtype queries; thread counts; allocations; parallel loops), each checked
// against the contract of qnn/qnn_runtime.h:
// - every status is the one the contract gives for the call (a mirror of
//   the checks, written from the header), with a message exactly when it is
//   an error;
// - a run that succeeds computes the same bits at another thread count, and
//   the memref descriptors an entry point gets describe the caller's
//   buffers;
// - a truncated copy of the model loads exactly when it holds all its
//   segments, and then computes what the model computes.
// Buffers the fuzzer passes are allocated to the size its tensors claim
// (the runtime cannot check that: qnn_runtime.h).
//
//===----------------------------------------------------------------------===//

#include "qnn/qnn_runtime.h"

#include <dirent.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#ifndef QNN_FUZZ_MODEL
#error "QNN_FUZZ_MODEL must name the compiled model library"
#endif
#ifndef QNN_FUZZ_RUNTIME
#error "QNN_FUZZ_RUNTIME must name libqnn_runtime"
#endif

// Huge requests are part of the exploration: the allocator says no instead
// of reporting them.
extern "C" const char *__asan_default_options() {
  return "allocator_may_return_null=1";
}

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::fprintf(stderr, "qnn-runtime-fuzzer: contract broken: ");           \
      std::fprintf(stderr, __VA_ARGS__);                                       \
      std::fprintf(stderr, "\n");                                              \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

namespace {

/// Reads the fuzzer's bytes front to back; zeros once they run out.
class Bytes {
public:
  Bytes(const uint8_t *data, size_t size) : data(data), size(size) {}
  bool empty() const { return pos >= size; }
  uint8_t u8() { return pos < size ? data[pos++] : 0; }
  uint16_t u16() { return uint16_t(u8() | u8() << 8); }
  uint32_t u32() { return uint32_t(u16()) | uint32_t(u16()) << 16; }
  uint64_t u64() { return uint64_t(u32()) | uint64_t(u32()) << 32; }
  /// One in `n` (n a power of two).
  bool oneIn(unsigned n) { return (u8() & (n - 1)) == 0; }
  /// A string of up to `max` characters.
  std::string str(size_t max) {
    size_t length = u8() % (max + 1);
    std::string s;
    for (size_t i = 0; i < length; ++i)
      s.push_back(char(u8()));
    return s;
  }
  /// An integer from the values that matter, or any.
  int64_t interesting64() {
    static const int64_t values[] = {0,
                                     1,
                                     2,
                                     3,
                                     4,
                                     6,
                                     8,
                                     -1,
                                     -2,
                                     INT64_MAX,
                                     INT64_MIN,
                                     INT64_C(1) << 31,
                                     INT64_C(1) << 32,
                                     INT64_C(1) << 62,
                                     (INT64_C(1) << 61) + 1,
                                     INT32_MAX};
    uint8_t choice = u8();
    if (choice < 200)
      return values[choice % (sizeof(values) / sizeof(values[0]))];
    return int64_t(u64());
  }
  int32_t interesting32() {
    static const int32_t values[] = {
        0,  1,  2,  3,  4,  5,    7,    8,    9,         17,        18, 19,
        -1, -2, 64, 65, 66, 1023, 1024, 1025, INT32_MAX, INT32_MIN, 256};
    uint8_t choice = u8();
    if (choice < 220)
      return values[choice % (sizeof(values) / sizeof(values[0]))];
    return int32_t(u32());
  }

private:
  const uint8_t *data;
  size_t size, pos = 0;
};

// --- The model and the files, set up once. ---------------------------------

qnn_loaded_model *model;
const qnn_model_desc *modelDesc;
std::vector<char> modelBytes;
uint64_t segmentsEnd; // the model file's bytes its segments need
std::string scratch, copyPath, truncatedPath, junkPath;

std::vector<char> readFile(const char *path) {
  std::vector<char> bytes;
  FILE *f = std::fopen(path, "rb");
  CHECK(f, "cannot open %s", path);
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), f)) > 0;)
    bytes.insert(bytes.end(), buffer, buffer + n);
  std::fclose(f);
  return bytes;
}

/// Writes a new file (a new inode: a library once loaded from the path is
/// never rewritten in place).
void writeFile(const std::string &path, const char *data, size_t size) {
  unlink(path.c_str());
  FILE *f = std::fopen(path.c_str(), "wb");
  CHECK(f, "cannot write %s", path.c_str());
  CHECK(std::fwrite(data, 1, size, f) == size, "short write");
  std::fclose(f);
}

void removeScratch() {
  for (const std::string &path : {copyPath, truncatedPath, junkPath})
    unlink(path.c_str());
  rmdir(scratch.c_str());
}

void setUp() {
  modelBytes = readFile(QNN_FUZZ_MODEL);
  ElfW(Ehdr) header;
  CHECK(modelBytes.size() > sizeof(header), "the model library is empty");
  std::memcpy(&header, modelBytes.data(), sizeof(header));
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    ElfW(Phdr) p;
    std::memcpy(&p, modelBytes.data() + header.e_phoff + i * sizeof(p),
                sizeof(p));
    if (p.p_type == PT_LOAD && p.p_offset + p.p_filesz > segmentsEnd)
      segmentsEnd = p.p_offset + p.p_filesz;
  }
  char dir[] = "/tmp/qnn-runtime-fuzzer-XXXXXX";
  CHECK(mkdtemp(dir), "mkdtemp failed");
  scratch = dir;
  copyPath = scratch + "/copy.so";
  truncatedPath = scratch + "/truncated.so";
  junkPath = scratch + "/junk.so";
  writeFile(copyPath, modelBytes.data(), modelBytes.size());
  std::atexit(removeScratch);
  CHECK(qnn_model_load(QNN_FUZZ_MODEL, nullptr, &model) == QNN_OK,
        "cannot load the model: %s", qnn_last_error());
  modelDesc = qnn_loaded_model_desc(model);
}

void checkStatus(qnn_status status, const char *what) {
  CHECK(status >= QNN_OK && status <= QNN_ERROR_UNSUPPORTED_CPU,
        "%s: status %d is no qnn_status", what, int(status));
  const char *message = qnn_last_error();
  CHECK(message, "%s: qnn_last_error is null", what);
  if (status == QNN_OK)
    CHECK(!message[0], "%s: success with message '%s'", what, message);
  else
    CHECK(message[0], "%s: status %d without a message", what, int(status));
}

// --- What the contract says a call returns. --------------------------------

/// The byte size of `rank` dimensions of `dtype`; false when a dimension is
/// negative or the size exceeds INT64_MAX.
bool byteSize(int32_t dtype, int32_t rank, const int64_t *shape,
              int64_t *bytes) {
  int64_t total = int64_t(qnn_dtype_size(dtype));
  for (int32_t d = 0; d < rank; ++d)
    if (shape[d] < 0 || __builtin_mul_overflow(total, shape[d], &total))
      return false;
  *bytes = total;
  return true;
}

qnn_status expectedEntryDesc(const qnn_entry_desc *e) {
  if (!e->packed || e->num_inputs < 0 || e->num_outputs < 0)
    return QNN_ERROR_INVALID_ARGUMENT;
  int total = e->num_inputs + e->num_outputs;
  if (total && !e->tensors)
    return QNN_ERROR_INVALID_ARGUMENT;
  for (int i = 0; i < total; ++i) {
    const qnn_tensor_desc &t = e->tensors[i];
    int64_t bytes;
    if (!t.name || !qnn_dtype_size(t.dtype) || t.rank < 0 ||
        t.rank > QNN_MAX_RANK || (t.rank && !t.shape) ||
        !byteSize(t.dtype, t.rank, t.shape, &bytes))
      return QNN_ERROR_INVALID_ARGUMENT;
  }
  return QNN_OK;
}

/// The status of qnn_model_find_entry(m, name, &entry) on a live model.
qnn_status expectedFind(const qnn_model_desc *m, const char *name,
                        const qnn_entry_desc **found) {
  if (m->abi_version != QNN_ABI_VERSION)
    return QNN_ERROR_ABI_MISMATCH;
  if (m->num_entries < 0 || (m->num_entries > 0 && !m->entries))
    return QNN_ERROR_INVALID_ARGUMENT;
  for (int i = 0; i < m->num_entries; ++i)
    if (!m->entries[i].name)
      return QNN_ERROR_INVALID_ARGUMENT;
  *found = nullptr;
  if (!name) {
    if (m->num_entries != 1)
      return QNN_ERROR_INVALID_ARGUMENT;
    *found = &m->entries[0];
  }
  for (int i = 0; !*found && i < m->num_entries; ++i)
    if (!std::strcmp(m->entries[i].name, name))
      *found = &m->entries[i];
  if (!*found)
    return QNN_ERROR_NOT_FOUND;
  return expectedEntryDesc(*found);
}

qnn_status expectedRun(const qnn_model_desc *m, bool live, const char *name,
                       const qnn_tensor *in, size_t numIn,
                       const qnn_tensor *out, size_t numOut) {
  if (!m || !live)
    return QNN_ERROR_INVALID_ARGUMENT;
  const qnn_entry_desc *e;
  qnn_status status = expectedFind(m, name, &e);
  if (status != QNN_OK)
    return status;
  if (numIn != size_t(e->num_inputs) || numOut != size_t(e->num_outputs) ||
      (numIn && !in) || (numOut && !out))
    return QNN_ERROR_INVALID_ARGUMENT;
  for (size_t i = 0; i < numIn + numOut; ++i) {
    const qnn_tensor &t = i < numIn ? in[i] : out[i - numIn];
    const qnn_tensor_desc &d = e->tensors[i];
    if (!t.data)
      return QNN_ERROR_INVALID_ARGUMENT;
    if (t.dtype != d.dtype)
      return QNN_ERROR_TYPE_MISMATCH;
    if (t.rank != d.rank)
      return QNN_ERROR_SHAPE_MISMATCH;
    if (t.rank && !t.shape)
      return QNN_ERROR_INVALID_ARGUMENT;
    for (int32_t k = 0; k < d.rank; ++k)
      if (t.shape[k] != d.shape[k])
        return QNN_ERROR_SHAPE_MISMATCH;
  }
  return QNN_OK;
}

// --- Caller tensors. -------------------------------------------------------

/// A caller's tensor with the storage behind its pointers.
struct CallerTensor {
  qnn_tensor tensor{};
  std::vector<int64_t> shape;
  std::vector<unsigned char> buffer;
};

/// Where tensors whose buffers would be too large to allocate point, for
/// entry points that never touch data (checkedPacked).
unsigned char unbacked[1];

/// Fills `t` after description `d` (null: none), mostly matching it, else
/// with one thing wrong. `touched`: the entry point reads and writes the
/// data, so the buffer must be real.
void makeTensor(Bytes &in, const qnn_tensor_desc *d, bool touched,
                CallerTensor &t) {
  int32_t dtype = d ? d->dtype : QNN_DTYPE_F32;
  int32_t rank = d && d->rank >= 0 && d->rank <= QNN_MAX_RANK ? d->rank : 1;
  t.shape.assign(size_t(rank), 1);
  if (d && d->shape)
    for (int32_t k = 0; k < rank; ++k)
      t.shape[size_t(k)] = d->shape[k];
  bool nullShape = false, nullData = false;
  switch (in.u8() % 12) {
  case 0:
    dtype = in.interesting32();
    break;
  case 1:
    rank = int32_t(in.u8() % (QNN_MAX_RANK + 4)) - 2;
    t.shape.resize(size_t(rank > 0 ? rank : 0), 1);
    break;
  case 2:
    if (rank)
      t.shape[in.u8() % size_t(rank)] = in.interesting64();
    break;
  case 3:
    nullShape = true;
    break;
  case 4:
    nullData = true;
    break;
  default:
    break;
  }
  t.tensor.dtype = dtype;
  t.tensor.rank = rank;
  t.tensor.shape = nullShape ? nullptr : t.shape.data();
  int64_t bytes = 0;
  bool sized = rank >= 0 &&
               byteSize(dtype, int32_t(t.shape.size()), t.shape.data(), &bytes);
  if (nullData) {
    t.tensor.data = nullptr;
  } else if (sized && bytes <= (1 << 16)) {
    t.buffer.resize(size_t(bytes ? bytes : 1));
    // Inputs: values from the bytes (NaN and infinities included).
    for (size_t i = 0; i < t.buffer.size(); ++i)
      t.buffer[i] = in.u8();
    t.tensor.data = t.buffer.data();
  } else {
    // Too large to back: the runtime must reject it before the entry point
    // touches it (it cannot match a model tensor), or the entry point does
    // not touch data.
    t.tensor.data = touched ? nullptr : unbacked;
  }
}

/// The qnn_tensor of each caller tensor, in order: a caller's array.
std::vector<qnn_tensor> pointers(std::vector<CallerTensor> &tensors) {
  std::vector<qnn_tensor> result;
  for (CallerTensor &t : tensors)
    result.push_back(t.tensor);
  return result;
}

// --- Runs. -----------------------------------------------------------------

void setThreads(Bytes &in) {
  int threads = 1 + in.u8() % 6;
  qnn_set_num_threads(threads);
  CHECK(qnn_get_num_threads() == threads, "thread count %d not taken", threads);
}

/// Runs the model's entry `name` with tensors made after its description,
/// mutated; a success runs again at another thread count with the same
/// inputs and must give the same bits.
void runModel(Bytes &in) {
  static const char *const names[] = {"forward", "codes", nullptr, "",
                                      "forwardx"};
  const char *name = names[in.u8() % 5];
  std::string fuzzed;
  if (in.oneIn(16)) {
    fuzzed = in.str(12);
    name = fuzzed.c_str();
  }
  const qnn_entry_desc *entry = nullptr;
  qnn_model_find_entry(modelDesc, name, &entry);
  int numIn = entry ? entry->num_inputs : 1,
      numOut = entry ? entry->num_outputs : 1;
  std::vector<CallerTensor> tensors(size_t(numIn + numOut) + 2);
  for (size_t i = 0; i < tensors.size(); ++i)
    makeTensor(
        in, entry && i < size_t(numIn + numOut) ? &entry->tensors[i] : nullptr,
        /*touched=*/true, tensors[i]);
  size_t callIn = size_t(numIn), callOut = size_t(numOut);
  if (in.oneIn(8))
    callIn = in.u8() % 3;
  if (in.oneIn(8))
    callOut = in.u8() % 3;
  std::vector<qnn_tensor> all = pointers(tensors);
  // Outputs start right after the inputs the call names, as a caller's
  // arrays would (never past the tensors made).
  const qnn_tensor *inputs = in.oneIn(16) ? nullptr : all.data();
  qnn_tensor *outputs = in.oneIn(16) ? nullptr : all.data() + callIn;
  setThreads(in);
  qnn_status expected =
      expectedRun(modelDesc, true, name, inputs, callIn, outputs, callOut);
  qnn_status status =
      qnn_model_run(modelDesc, name, inputs, callIn, outputs, callOut);
  checkStatus(status, "qnn_model_run");
  CHECK(status == expected, "qnn_model_run('%s'): status %d, expected %d (%s)",
        name ? name : "(null)", int(status), int(expected), qnn_last_error());
  if (status != QNN_OK)
    return;
  // Again at another thread count, into fresh outputs.
  std::vector<std::vector<unsigned char>> first;
  for (size_t i = 0; i < callOut; ++i) {
    CallerTensor &t = tensors[callIn + i];
    first.push_back(t.buffer);
    std::memset(t.buffer.data(), 0x5A, t.buffer.size());
  }
  setThreads(in);
  status = qnn_model_run(modelDesc, name, inputs, callIn, outputs, callOut);
  CHECK(status == QNN_OK, "second run failed: %s", qnn_last_error());
  for (size_t i = 0; i < callOut; ++i)
    CHECK(tensors[callIn + i].buffer == first[i],
          "output #%zu differs at another thread count", i);
}

// Mutated descriptors live in static storage: the runtime takes only
// descriptors inside a loaded object.
constexpr int kEntries = 4, kTensors = 6, kShape = QNN_MAX_RANK + 4;
qnn_model_desc fuzzDesc;
qnn_entry_desc fuzzEntries[kEntries];
qnn_tensor_desc fuzzTensors[kEntries][kTensors];
int64_t fuzzShapes[kEntries][kTensors][kShape];
char fuzzNames[kEntries][12];

/// What checkedPacked compares its descriptors with.
const qnn_tensor *checkInputs, *checkOutputs;
size_t checkNumIn, checkNumOut;
int checkCalls;

/// An entry point that checks the memref descriptors the runtime built: the
/// caller's buffer, offset 0, its shape, row-major strides.
void checkedPacked(void **descriptors) {
  ++checkCalls;
  for (size_t i = 0; i < checkNumIn + checkNumOut; ++i) {
    const qnn_tensor &t =
        i < checkNumIn ? checkInputs[i] : checkOutputs[i - checkNumIn];
    const int64_t *d = static_cast<const int64_t *>(descriptors[i]);
    void *allocated, *aligned;
    std::memcpy(&allocated, &d[0], sizeof(void *));
    std::memcpy(&aligned, &d[1], sizeof(void *));
    CHECK(allocated == t.data && aligned == t.data && d[2] == 0,
          "descriptor #%zu: pointers or offset wrong", i);
    int64_t stride = 1;
    for (int32_t k = t.rank - 1; k >= 0; --k) {
      CHECK(d[3 + k] == t.shape[k] && d[3 + t.rank + k] == stride,
            "descriptor #%zu: size or stride of dimension %d wrong", i, k);
      CHECK(!__builtin_mul_overflow(stride, t.shape[k], &stride),
            "descriptor #%zu: the strides overflow", i);
    }
  }
}

void fuzzDescriptor(Bytes &in) {
  fuzzDesc.abi_version = in.oneIn(16) ? int32_t(in.u32()) : QNN_ABI_VERSION;
  fuzzDesc.num_entries = int32_t(in.u8() % (kEntries + 3)) - 2;
  fuzzDesc.entries = in.oneIn(16) ? nullptr : fuzzEntries;
  static const char *const tensorNames[] = {"x", "y", "weights", ""};
  for (int i = 0; i < kEntries; ++i) {
    qnn_entry_desc &e = fuzzEntries[i];
    std::string name = in.str(sizeof(fuzzNames[i]) - 1);
    std::memcpy(fuzzNames[i], name.c_str(), name.size() + 1);
    e.name = in.oneIn(32) ? nullptr : fuzzNames[i];
    e.packed = in.oneIn(32) ? nullptr : checkedPacked;
    e.num_inputs = int32_t(in.u8() % 4) - (in.oneIn(32) ? 5 : 0);
    e.num_outputs = int32_t(in.u8() % 3) - (in.oneIn(32) ? 5 : 0);
    e.tensors = in.oneIn(32) ? nullptr : fuzzTensors[i];
    for (int j = 0; j < kTensors; ++j) {
      qnn_tensor_desc &t = fuzzTensors[i][j];
      t.name = in.oneIn(32) ? nullptr : tensorNames[in.u8() % 4];
      t.dtype = in.oneIn(16) ? in.interesting32() : 1 + in.u8() % 18;
      t.rank = in.oneIn(16) ? int32_t(in.u8() % kShape) - 2 : in.u8() % 4;
      t.shape = in.oneIn(32) ? nullptr : fuzzShapes[i][j];
      for (int k = 0; k < kShape; ++k)
        fuzzShapes[i][j][k] =
            k < 4 && in.u8() % 8 ? 1 + in.u8() % 4 : in.interesting64();
    }
  }
}

/// Runs or looks up an entry of a mutated descriptor (in static storage, or
/// a copy on the heap, which is not live).
void runDescriptor(Bytes &in) {
  fuzzDescriptor(in);
  bool heap = in.oneIn(16);
  qnn_model_desc *copy = nullptr;
  const qnn_model_desc *desc = &fuzzDesc;
  if (heap) {
    copy = static_cast<qnn_model_desc *>(std::malloc(sizeof(*copy)));
    *copy = fuzzDesc;
    desc = copy;
  }
  const char *name = nullptr;
  if (!in.oneIn(4) && fuzzDesc.num_entries > 0)
    name = fuzzNames[in.u8() % fuzzDesc.num_entries];
  std::string other;
  if (in.oneIn(8)) {
    other = in.str(11);
    name = other.c_str();
  }
  if (in.oneIn(4)) {
    const qnn_entry_desc *entry = nullptr, *mirror = nullptr;
    qnn_status status = qnn_model_find_entry(desc, name, &entry);
    checkStatus(status, "qnn_model_find_entry");
    qnn_status expected =
        heap ? QNN_ERROR_INVALID_ARGUMENT : expectedFind(desc, name, &mirror);
    CHECK(status == expected, "qnn_model_find_entry: status %d, expected %d",
          int(status), int(expected));
    CHECK(status != QNN_OK || entry == mirror, "found the wrong entry");
    std::free(copy);
    return;
  }
  // The caller's tensors after the entry the runtime should find.
  const qnn_entry_desc *entry = nullptr;
  bool found = !heap && expectedFind(desc, name, &entry) == QNN_OK;
  int numIn = found ? entry->num_inputs : 1,
      numOut = found ? entry->num_outputs : 1;
  std::vector<CallerTensor> tensors(size_t(numIn + numOut) + 2);
  for (size_t i = 0; i < tensors.size(); ++i)
    makeTensor(
        in, found && i < size_t(numIn + numOut) ? &entry->tensors[i] : nullptr,
        /*touched=*/false, tensors[i]);
  size_t callIn = size_t(numIn), callOut = size_t(numOut);
  if (in.oneIn(8))
    callIn = in.u8() % 3;
  if (in.oneIn(8))
    callOut = in.u8() % 3;
  std::vector<qnn_tensor> all = pointers(tensors);
  const qnn_tensor *inputs = in.oneIn(16) ? nullptr : all.data();
  qnn_tensor *outputs = in.oneIn(16) ? nullptr : all.data() + callIn;
  checkInputs = inputs;
  checkOutputs = outputs;
  checkNumIn = callIn;
  checkNumOut = callOut;
  checkCalls = 0;
  qnn_status expected =
      expectedRun(desc, !heap, name, inputs, callIn, outputs, callOut);
  qnn_status status =
      qnn_model_run(desc, name, inputs, callIn, outputs, callOut);
  checkStatus(status, "qnn_model_run");
  CHECK(status == expected, "qnn_model_run: status %d, expected %d (%s)",
        int(status), int(expected), qnn_last_error());
  CHECK(checkCalls == (status == QNN_OK),
        "the entry point ran %d times for status %d", checkCalls, int(status));
  std::free(copy);
}

// --- Loads. ----------------------------------------------------------------

/// Runs "forward" of `desc` and of the model on the same inputs: the same
/// bits.
void sameAsModel(Bytes &in, const qnn_model_desc *desc) {
  float image[1 * 6 * 6 * 3], a[1 * 6 * 6 * 4], b[1 * 6 * 6 * 4];
  for (float &x : image)
    x = float(int(in.u8()) - 128) / 64.0f;
  static const int64_t inShape[4] = {1, 6, 6, 3}, outShape[4] = {1, 6, 6, 4};
  qnn_tensor x = {image, QNN_DTYPE_F32, 4, inShape};
  qnn_tensor ya = {a, QNN_DTYPE_F32, 4, outShape};
  qnn_tensor yb = {b, QNN_DTYPE_F32, 4, outShape};
  CHECK(qnn_model_run(desc, "forward", &x, 1, &ya, 1) == QNN_OK,
        "run of a loaded copy: %s", qnn_last_error());
  CHECK(qnn_model_run(modelDesc, "forward", &x, 1, &yb, 1) == QNN_OK,
        "run of the model: %s", qnn_last_error());
  CHECK(!std::memcmp(a, b, sizeof(a)), "a loaded copy computes otherwise");
}

/// Loads a copy of the model (its own mapping), runs it, unloads it; then
/// the handle and the descriptor are dead.
void loadCopy(Bytes &in) {
  qnn_loaded_model *loaded = nullptr;
  qnn_status status = qnn_model_load(copyPath.c_str(), nullptr, &loaded);
  checkStatus(status, "qnn_model_load");
  CHECK(status == QNN_OK && loaded, "loading the copy failed");
  const qnn_model_desc *desc = qnn_loaded_model_desc(loaded);
  CHECK(desc && desc != modelDesc, "the copy's descriptor");
  if (in.u8() & 1)
    sameAsModel(in, desc);
  status = qnn_model_unload(loaded);
  checkStatus(status, "qnn_model_unload");
  CHECK(status == QNN_OK, "unload failed");
  CHECK(!qnn_loaded_model_desc(loaded), "an unloaded handle has a descriptor");
  status = qnn_model_unload(loaded);
  checkStatus(status, "qnn_model_unload");
  CHECK(status == QNN_ERROR_INVALID_ARGUMENT, "second unload: status %d",
        int(status));
  float x[8] = {0}, y[8];
  int64_t shape[1] = {8};
  qnn_tensor tx = {x, QNN_DTYPE_F32, 1, shape},
             ty = {y, QNN_DTYPE_CODES, 1, shape};
  status = qnn_model_run(desc, "codes", &tx, 1, &ty, 1);
  checkStatus(status, "qnn_model_run");
  CHECK(status == QNN_ERROR_INVALID_ARGUMENT,
        "a run of an unloaded library's descriptor: status %d", int(status));
}

/// Loads the first bytes of the model file: it loads exactly when it holds
/// every segment, and then computes what the model computes.
void loadTruncated(Bytes &in) {
  size_t length = in.u32() % (modelBytes.size() + 1);
  if (in.oneIn(4)) // around the end of the segments
    length = size_t(segmentsEnd) - 8 + in.u8() % 16;
  if (length > modelBytes.size())
    length = modelBytes.size();
  writeFile(truncatedPath, modelBytes.data(), length);
  qnn_loaded_model *loaded = model; // must be cleared on failure
  qnn_status status = qnn_model_load(truncatedPath.c_str(), nullptr, &loaded);
  checkStatus(status, "qnn_model_load");
  bool whole = length >= segmentsEnd;
  CHECK((status == QNN_OK) == whole,
        "%zu of %zu bytes (segments end at %llu): status %d: %s", length,
        modelBytes.size(), (unsigned long long)segmentsEnd, int(status),
        qnn_last_error());
  if (status != QNN_OK) {
    CHECK(status == QNN_ERROR_LOAD_FAILED && !loaded,
          "a failed load: status %d, handle %p", int(status), (void *)loaded);
    return;
  }
  sameAsModel(in, qnn_loaded_model_desc(loaded));
  CHECK(qnn_model_unload(loaded) == QNN_OK, "unload: %s", qnn_last_error());
}

/// Loads what is not this model: no file, a directory, bytes that are not
/// an ELF file, the runtime library, other symbols of the model.
void loadOther(Bytes &in) {
  std::string path = "/nonexistent/qnn-model.so", symbolStorage;
  const char *symbol = nullptr;
  bool nullPath = false, nullResult = false, shouldLoad = false;
  switch (in.u8() % 6) {
  case 0:
    break;
  case 1:
    path = scratch;
    break;
  case 2: {
    std::string bytes = in.str(200);
    if (in.u8() & 1) // an ELF magic, but shorter than an ELF header
      bytes = std::string("\x7f"
                          "ELF") +
              bytes.substr(0, 50);
    else if (!bytes.empty() && bytes[0] == '\x7f')
      bytes[0] = 'X';
    writeFile(junkPath, bytes.data(), bytes.size());
    path = junkPath;
    break;
  }
  case 3:
    path = QNN_FUZZ_RUNTIME;
    break;
  case 4: {
    static const char *const symbols[] = {"qnn_model", "forward", "codes",
                                          "qnn_alloc", "stdout",  "",
                                          nullptr,     "environ"};
    path = copyPath;
    symbol = symbols[in.u8() % 8];
    if (in.oneIn(8)) {
      symbolStorage = in.str(16);
      symbol = symbolStorage.c_str();
    }
    shouldLoad = !symbol || !std::strcmp(symbol, "qnn_model");
    break;
  }
  case 5:
    nullPath = in.u8() & 1;
    nullResult = !nullPath;
    path = copyPath;
    break;
  }
  qnn_loaded_model *loaded = model;
  qnn_status status = qnn_model_load(nullPath ? nullptr : path.c_str(), symbol,
                                     nullResult ? nullptr : &loaded);
  checkStatus(status, "qnn_model_load");
  if (shouldLoad) {
    CHECK(status == QNN_OK, "loading the model as '%s' failed", symbol);
    CHECK(qnn_model_unload(loaded) == QNN_OK, "unload");
    return;
  }
  CHECK(status != QNN_OK, "'%s' ('%s') loaded", path.c_str(),
        symbol ? symbol : "(null)");
  CHECK(nullResult || !loaded, "a failed load left a handle");
}

/// Handles that were never returned: no descriptor, no unload.
void madeUpHandle(Bytes &in) {
  uint64_t value = in.oneIn(2) ? in.u8() : in.u64();
  auto *handle = reinterpret_cast<qnn_loaded_model *>(uintptr_t(value));
  if (handle == model)
    return;
  CHECK(!qnn_loaded_model_desc(handle), "made-up handle %llx has a model",
        (unsigned long long)value);
  qnn_status status = qnn_model_unload(handle);
  checkStatus(status, "qnn_model_unload");
  CHECK(status == QNN_ERROR_INVALID_ARGUMENT, "made-up handle unloaded");
}

// --- The rest of the API. ---------------------------------------------------

void dtypes(Bytes &in) {
  int32_t dtype = in.interesting32();
  size_t size = qnn_dtype_size(dtype);
  const char *name = qnn_dtype_name(dtype);
  CHECK(name, "qnn_dtype_name(%d) is null", dtype);
  CHECK((size == 0) == !std::strcmp(name, "unknown"),
        "dtype %d: size %zu, name '%s'", dtype, size, name);
  CHECK(size == 0 || size == 1 || size == 2 || size == 4 || size == 8,
        "dtype %d: size %zu", dtype, size);
}

void threads(Bytes &in) {
  int32_t count = in.interesting32();
  int before = qnn_get_num_threads();
  int previous = qnn_set_num_threads(count);
  CHECK(previous == before, "set_num_threads returned %d, not %d", previous,
        before);
  bool valid = count >= 1 && count <= QNN_MAX_THREADS;
  CHECK(qnn_get_num_threads() == (valid ? count : before),
        "set_num_threads(%d): now %d", count, qnn_get_num_threads());
  CHECK(!qnn_last_error()[0] == valid, "set_num_threads(%d): message '%s'",
        count, qnn_last_error());
  // (Back to a few: runs would start a worker for every thread counted.)
  qnn_set_num_threads(before);
}

void allocate(Bytes &in) {
  size_t size;
  switch (in.u8() % 4) {
  case 0:
    size = in.u16();
    break;
  case 1:
    size = in.u32() % (1u << 20);
    break;
  case 2:
    // Within 63 bytes of SIZE_MAX, rounding up to 64 overflows; below, the
    // allocator is asked (and refuses: sanitizers warn of each).
    size = SIZE_MAX - (in.oneIn(16) ? 64 + in.u8() : in.u8() % 64);
    break;
  default:
    size = 0;
    break;
  }
  void *p = qnn_alloc(size);
  if (size > (size_t(1) << 20)) {
    CHECK(!p && qnn_last_error()[0], "qnn_alloc(%zu) succeeded", size);
    return;
  }
  CHECK(p, "qnn_alloc(%zu) failed", size);
  CHECK(uintptr_t(p) % 64 == 0, "qnn_alloc(%zu) is not 64-byte aligned", size);
  // Every byte it claims is there (AddressSanitizer checks).
  std::memset(p, 0xA5, size);
  qnn_free(p);
}

struct Counts {
  std::vector<int> hits;
};

void countTask(void *ctx, int64_t begin, int64_t end) {
  auto *counts = static_cast<Counts *>(ctx);
  CHECK(begin >= 0 && begin < end && end <= int64_t(counts->hits.size()),
        "chunk [%lld, %lld) of %zu", (long long)begin, (long long)end,
        counts->hits.size());
  for (int64_t i = begin; i < end; ++i)
    __atomic_add_fetch(&counts->hits[size_t(i)], 1, __ATOMIC_RELAXED);
}

void parallelFor(Bytes &in) {
  setThreads(in);
  int64_t n = int64_t(in.u16() % 5000) - (in.oneIn(16) ? 5000 : 0);
  Counts counts;
  counts.hits.assign(size_t(n > 0 ? n : 0), 0);
  qnn_parallel_for(countTask, &counts, n);
  for (size_t i = 0; i < counts.hits.size(); ++i)
    CHECK(counts.hits[i] == 1, "index %zu of %lld ran %d times", i,
          (long long)n, counts.hits[i]);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  setUp();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Bytes in(data, size);
  for (int op = 0; op < 24 && !in.empty(); ++op) {
    switch (in.u8() % 11) {
    case 0:
    case 1:
      runModel(in);
      break;
    case 2:
    case 3:
      runDescriptor(in);
      break;
    case 4:
      loadCopy(in);
      break;
    case 5:
      loadTruncated(in);
      break;
    case 6:
      loadOther(in);
      break;
    case 7:
      madeUpHandle(in);
      break;
    case 8:
      dtypes(in);
      threads(in);
      break;
    case 9:
      allocate(in);
      break;
    case 10:
      parallelFor(in);
      break;
    }
  }
  return 0;
}
