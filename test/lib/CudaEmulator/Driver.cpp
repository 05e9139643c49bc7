//===- Driver.cpp - The CUDA driver API of the emulator ------------------===//
//
// This file implements the driver API entry points libqnn_runtime loads
// from libcuda.so.1 (point $QNN_CUDA_LIBRARY at this library instead): one
// device, synchronous streams and events, and memory.
//
// Device memory is host memory a kernel or a copy can reach and host code
// cannot: between launches and copies it is mapped without access, so a
// host read of device memory faults as it would on a real system, and each
// allocation ends at a guard page. $QNN_CUDA_EMULATOR_MEMORY (bytes) caps
// the device memory, so that tests can exhaust it.
//
//===----------------------------------------------------------------------===//

#include "Emulator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>

using namespace qnn::emu;

namespace {

struct Allocation {
  char *mapping;
  size_t mappingBytes;
  size_t bytes;
  /// Device memory (protected outside kernels and copies); managed memory
  /// and registered host memory are always accessible.
  bool device;
  /// Registered host memory: not owned.
  bool registered;
};

std::mutex memoryLock;
std::map<uintptr_t, Allocation> allocations;
size_t deviceBytes = 0;

size_t pageSize() { return size_t(sysconf(_SC_PAGESIZE)); }

size_t memoryLimit() {
  const char *limit = std::getenv("QNN_CUDA_EMULATOR_MEMORY");
  return limit ? size_t(std::strtoull(limit, nullptr, 10)) : SIZE_MAX;
}

/// A mapping whose last 256-byte-aligned `bytes` end right before a guard
/// page.
Result allocate(uintptr_t *out, size_t bytes, bool device) {
  std::lock_guard<std::mutex> guard(memoryLock);
  if (bytes == 0)
    return InvalidValue;
  if (deviceBytes + bytes > memoryLimit())
    return OutOfMemory;
  size_t page = pageSize();
  size_t padded = (bytes + 255) / 256 * 256;
  size_t dataBytes = (padded + page - 1) / page * page;
  size_t mappingBytes = dataBytes + page;
  void *mapping = mmap(nullptr, mappingBytes, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapping == MAP_FAILED)
    return OutOfMemory;
  auto *base = static_cast<char *>(mapping);
  if (!device)
    mprotect(base, dataBytes, PROT_READ | PROT_WRITE);
  char *data = base + dataBytes - padded;
  allocations[uintptr_t(data)] = {base, mappingBytes, bytes, device, false};
  deviceBytes += bytes;
  *out = uintptr_t(data);
  return Success;
}

/// The allocation holding [p, p + bytes), or null.
const Allocation *find(uintptr_t p, size_t bytes, uintptr_t *start) {
  auto it = allocations.upper_bound(p);
  if (it == allocations.begin())
    return nullptr;
  --it;
  if (p + bytes > it->first + it->second.bytes)
    return nullptr;
  *start = it->first;
  return &it->second;
}

const char *errorName(int result) {
  switch (result) {
  case Success:
    return "CUDA_SUCCESS";
  case InvalidValue:
    return "CUDA_ERROR_INVALID_VALUE";
  case OutOfMemory:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case NotInitialized:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case InvalidImage:
    return "CUDA_ERROR_INVALID_IMAGE";
  case InvalidHandle:
    return "CUDA_ERROR_INVALID_HANDLE";
  case NotFound:
    return "CUDA_ERROR_NOT_FOUND";
  case IllegalAddress:
    return "CUDA_ERROR_ILLEGAL_ADDRESS";
  case Misaligned:
    return "CUDA_ERROR_MISALIGNED_ADDRESS";
  case LaunchOutOfResources:
    return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
  case LaunchFailed:
    return "CUDA_ERROR_LAUNCH_FAILED";
  default:
    return nullptr;
  }
}

/// Failures are sticky, as a real context's launch errors are.
int sticky = Success;

/// $QNN_CUDA_EMULATOR_FAIL_LAUNCH=n: the n-th launch (from 1) fails, so
/// that tests can see a device fault reported.
unsigned launches = 0;

int fail(int result, const std::string &message) {
  std::fprintf(stderr, "qnn CUDA emulator: %s\n", message.c_str());
  return result;
}

int dummyContext;

/// Launches and copies run one at a time (models may run on several
/// threads; the executor and the memory protection are process-wide).
std::recursive_mutex workLock;

/// cuMemset*: `count` copies of `value` from `p`.
template <typename T> int fill(T *p, T value, size_t count) {
  std::lock_guard<std::recursive_mutex> guard(workLock);
  setDeviceMemoryAccessible(true);
  std::fill(p, p + count, value);
  setDeviceMemoryAccessible(false);
  return Success;
}

} // namespace

bool qnn::emu::isDeviceAddressable(uintptr_t p, size_t bytes) {
  std::lock_guard<std::mutex> guard(memoryLock);
  uintptr_t start;
  return find(p, bytes, &start) != nullptr;
}

void qnn::emu::setDeviceMemoryAccessible(bool accessible) {
  std::lock_guard<std::mutex> guard(memoryLock);
  size_t page = pageSize();
  for (auto &[start, a] : allocations)
    if (a.device)
      mprotect(a.mapping, a.mappingBytes - page,
               accessible ? PROT_READ | PROT_WRITE : PROT_NONE);
}

extern "C" {

int cuInit(unsigned flags) { return flags ? InvalidValue : Success; }

int cuGetErrorName(int result, const char **name) {
  *name = errorName(result);
  return *name ? Success : InvalidValue;
}

int cuDeviceGetCount(int *count) {
  *count = 1;
  return Success;
}

int cuDeviceGet(int *device, int ordinal) {
  if (ordinal != 0)
    return 101; // CUDA_ERROR_INVALID_DEVICE
  *device = 0;
  return Success;
}

int cuDevicePrimaryCtxRetain(void **context, int device) {
  if (device != 0)
    return 101;
  *context = &dummyContext;
  return Success;
}

int cuCtxSetCurrent(void *context) {
  return context == &dummyContext ? Success : InvalidValue;
}

int cuModuleLoadDataEx(void **module, const void *image, unsigned count,
                       int *options, void **values) {
  std::string error;
  LoadedModule *m = loadModule(image, error);
  if (!m) {
    // CU_JIT_ERROR_LOG_BUFFER(_SIZE_BYTES): the reason goes to the log.
    char *log = nullptr;
    size_t size = 0;
    for (unsigned i = 0; i < count; ++i) {
      if (options[i] == 5)
        log = static_cast<char *>(values[i]);
      else if (options[i] == 6)
        size = size_t(uintptr_t(values[i]));
    }
    if (log && size)
      std::snprintf(log, size, "%s", error.c_str());
    return fail(InvalidImage, error);
  }
  *module = m;
  return Success;
}

int cuModuleLoadData(void **module, const void *image) {
  return cuModuleLoadDataEx(module, image, 0, nullptr, nullptr);
}

int cuModuleUnload(void *module) {
  // Compiled code stays in the JIT; the handle goes.
  delete static_cast<LoadedModule *>(module);
  return Success;
}

int cuModuleGetFunction(void **function, void *module, const char *name) {
  for (Kernel &k : static_cast<LoadedModule *>(module)->kernels)
    if (k.name == name) {
      *function = &k;
      return Success;
    }
  return NotFound;
}

int cuFuncSetAttribute(void *, int, int) { return Success; }

int cuLaunchKernel(void *function, unsigned gx, unsigned gy, unsigned gz,
                   unsigned bx, unsigned by, unsigned bz, unsigned shared,
                   void *, void **params, void **extra) {
  std::lock_guard<std::recursive_mutex> guard(workLock);
  if (sticky != Success)
    return sticky;
  if (!function || extra)
    return InvalidValue;
  unsigned grid[3] = {gx, gy, gz}, block[3] = {bx, by, bz};
  const char *failAt = std::getenv("QNN_CUDA_EMULATOR_FAIL_LAUNCH");
  if (failAt && std::strtoul(failAt, nullptr, 10) == ++launches) {
    sticky = LaunchFailed;
    return fail(LaunchFailed, "launch " + std::to_string(launches) +
                                  " fails as $QNN_CUDA_EMULATOR_FAIL_LAUNCH "
                                  "asks");
  }
  std::string error;
  Result result = launch(*static_cast<Kernel *>(function), grid, block, shared,
                         params, error);
  if (result != Success) {
    fail(result, error);
    if (result != LaunchOutOfResources)
      sticky = result;
  }
  return result;
}

int cuStreamCreate(void **stream, unsigned) {
  *stream = new int(0);
  return Success;
}

int cuStreamDestroy_v2(void *stream) {
  delete static_cast<int *>(stream);
  return Success;
}

int cuStreamSynchronize(void *) { return sticky; }
int cuStreamWaitEvent(void *, void *, unsigned) { return sticky; }

int cuEventCreate(void **event, unsigned) {
  *event = new int(0);
  return Success;
}

int cuEventDestroy_v2(void *event) {
  delete static_cast<int *>(event);
  return Success;
}

int cuEventSynchronize(void *) { return sticky; }
int cuEventRecord(void *, void *) { return sticky; }

int cuMemAlloc_v2(uintptr_t *ptr, size_t bytes) {
  return allocate(ptr, bytes, /*device=*/true);
}

int cuMemAllocManaged(uintptr_t *ptr, size_t bytes, unsigned) {
  return allocate(ptr, bytes, /*device=*/false);
}

int cuMemFree_v2(uintptr_t ptr) {
  std::lock_guard<std::mutex> guard(memoryLock);
  auto it = allocations.find(ptr);
  if (it == allocations.end() || it->second.registered)
    return fail(InvalidValue, "cuMemFree of memory it did not allocate");
  munmap(it->second.mapping, it->second.mappingBytes);
  deviceBytes -= it->second.bytes;
  allocations.erase(it);
  return Success;
}

int cuMemcpyAsync(uintptr_t dst, uintptr_t src, size_t bytes, void *) {
  std::lock_guard<std::recursive_mutex> guard(workLock);
  if (sticky != Success)
    return sticky;
  setDeviceMemoryAccessible(true);
  std::memmove(reinterpret_cast<void *>(dst),
               reinterpret_cast<const void *>(src), bytes);
  setDeviceMemoryAccessible(false);
  return Success;
}

int cuMemsetD32Async(uintptr_t dst, unsigned value, size_t count, void *) {
  return fill(reinterpret_cast<uint32_t *>(dst), uint32_t(value), count);
}

int cuMemsetD16Async(uintptr_t dst, unsigned short value, size_t count,
                     void *) {
  return fill(reinterpret_cast<uint16_t *>(dst), uint16_t(value), count);
}

int cuMemHostRegister_v2(void *ptr, size_t bytes, unsigned) {
  std::lock_guard<std::mutex> guard(memoryLock);
  allocations[uintptr_t(ptr)] = {nullptr, 0, bytes, false, true};
  return Success;
}

int cuMemHostUnregister(void *ptr) {
  std::lock_guard<std::mutex> guard(memoryLock);
  auto it = allocations.find(uintptr_t(ptr));
  if (it == allocations.end() || !it->second.registered)
    return InvalidValue;
  allocations.erase(it);
  return Success;
}

} // extern "C"
