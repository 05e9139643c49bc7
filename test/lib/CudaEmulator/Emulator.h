//===- Emulator.h - A CUDA driver that runs kernels on the CPU --*- C++ -*-===//
//
// Internal to libqnn_cuda_emulator, a test-only stand-in for libcuda.so.1:
// what the driver API entry points (Driver.cpp), the module loader
// (Loader.cpp) and the SIMT executor (Execution.cpp) share.
//
// The emulator loads kernels compiled by qnn-gpu-pipeline with format=llvm
// (LLVM bitcode for NVPTX), rewrites the NVVM intrinsics they call into
// calls of this library, compiles them for the host with ORC, and runs each
// block's threads as fibers in lockstep at every warp- or block-collective
// operation (bar.sync, shfl.sync, mma.sync, vote.sync), with the semantics
// of the PTX ISA. It lets the suite execute generated GPU code bit for bit
// on machines without a GPU; it is not a performance model.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_TEST_LIB_CUDAEMULATOR_EMULATOR_H
#define QNN_TEST_LIB_CUDAEMULATOR_EMULATOR_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace qnn::emu {

/// CUresult values the emulator returns.
enum Result : int {
  Success = 0,
  InvalidValue = 1,
  OutOfMemory = 2,
  NotInitialized = 3,
  InvalidImage = 200,
  InvalidHandle = 400,
  NotFound = 500,
  IllegalAddress = 700,
  Misaligned = 716,
  LaunchOutOfResources = 701,
  LaunchFailed = 719,
};

/// What an emulated NVVM intrinsic does.
enum class IntrinsicKind {
  ThreadId, // llvm.nvvm.read.ptx.sreg.tid.{x,y,z}
  BlockDim, // ntid
  BlockId,  // ctaid
  GridDim,  // nctaid
  LaneId,   // laneid
  WarpSize, // warpsize
  Barrier,  // bar.sync / barrier.cta.sync: block collective
  WarpSync, // bar.warp.sync
  Shuffle,  // shfl.sync.{idx,up,down,bfly}.{i32,f32}[p]
  Vote,     // vote.sync.{all,any,uni,ballot}
  Mma,      // mma.sync m16n8k{16,32} row.col, 8-bit integers
  Permute,  // prmt (default mode)
  Dot4,     // idp4a.{s,u}.{s,u}
  Arith,    // {add,mul,fma,div,sqrt,rcp}.{rn,rz,rm,rp}: exact IEEE
  Math,     // float math with a libm counterpart
};

enum class ShuffleMode { Idx, Up, Down, Bfly };
enum class VoteMode { All, Any, Uni, Ballot };

/// One intrinsic a loaded module calls, as its wrapper passes it to
/// qnn_emu_intrinsic: arguments and results flattened into 64-bit slots.
struct Intrinsic {
  std::string name;
  IntrinsicKind kind;
  /// The axis of special registers (0..2); the shuffle or vote mode; the
  /// libm function of Math.
  int variant = 0;
  /// Shuffle: a predicate result follows the value. Vote: a predicate.
  bool withPredicate = false;
  /// Shuffle: f32 values (moved as bits; the same as i32).
  /// Mma: k (16 or 32); A and B signedness; saturating accumulation.
  int k = 0;
  /// Arith: the rounding mode (rn, rz, rm, rp); the operation in variant.
  int rounding = 0;
  bool aSigned = false, bSigned = false, saturate = false;
  /// Math: the function and its arity.
  double (*unary)(double) = nullptr;
  double (*binary)(double, double) = nullptr;
  bool isDouble = false;
  /// Whether every thread of a warp or block must reach it together.
  bool collective() const {
    return kind == IntrinsicKind::Barrier || kind == IntrinsicKind::WarpSync ||
           kind == IntrinsicKind::Shuffle || kind == IntrinsicKind::Vote ||
           kind == IntrinsicKind::Mma;
  }
};

/// Parses an `llvm.nvvm.*` intrinsic name; false (with `error`) for those
/// the emulator does not implement.
bool parseIntrinsic(const std::string &name, Intrinsic &out,
                    std::string &error);

/// The table of intrinsics of every loaded module, indexed by the id the
/// wrappers pass.
std::vector<Intrinsic> &intrinsics();

/// A kernel ready to run: its launch trampoline takes the driver's
/// `kernelParams` array.
struct Kernel {
  std::string name;
  void (*launch)(void **params) = nullptr;
  /// Which parameters are pointers (checked against device memory).
  std::vector<bool> pointerParams;
  /// Whether it calls a collective intrinsic (then its threads run as
  /// fibers; otherwise one after another).
  bool collective = false;
};

struct LoadedModule {
  std::vector<Kernel> kernels;
  /// The module's shared memory (its kernels address it directly); freed
  /// with the module.
  std::unique_ptr<char, decltype(&std::free)> sharedArena{nullptr, &std::free};
};

/// Loads a module image (LLVM bitcode); null with `error` otherwise.
LoadedModule *loadModule(const void *image, std::string &error);

/// Whether [p, p + bytes) lies in memory kernels may address: device or
/// managed allocations and registered host memory.
bool isDeviceAddressable(uintptr_t p, size_t bytes);

/// Makes device allocations accessible (during kernels and copies) or not
/// (host code touching device memory then faults, as on a real system).
void setDeviceMemoryAccessible(bool accessible);

/// Runs `kernel` over the grid; Success or the failure with `error`.
Result launch(const Kernel &kernel, const unsigned grid[3],
              const unsigned block[3], unsigned sharedBytes, void **params,
              std::string &error);

} // namespace qnn::emu

#endif // QNN_TEST_LIB_CUDAEMULATOR_EMULATOR_H
