//===- Execution.cpp - Blocks of emulated GPU threads on one CPU thread ---===//
//
// This file runs kernels: the blocks of a grid one after another, the
// threads of a block as fibers on the calling thread. A thread runs until
// it reaches a collective operation (bar.sync, shfl.sync, vote.sync,
// mma.sync, bar.warp.sync) and waits there; when every thread waits, the
// warps whose member threads all reached the same operation complete it
// together with the PTX ISA's semantics, then a barrier completes when
// every thread that has not exited reached it. Anything else is a deadlock
// and fails the launch. Kernels without collectives run their threads one
// after another without fibers.
//
//===----------------------------------------------------------------------===//

#include "Emulator.h"

#include <cfenv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace qnn::emu {

//===----------------------------------------------------------------------===//
// Intrinsic names
//===----------------------------------------------------------------------===//

namespace {

bool startsWith(const std::string &s, const char *prefix) {
  return s.rfind(prefix, 0) == 0;
}

struct MathFunction {
  const char *name;
  double (*unary)(double);
  double (*binary)(double, double);
};

double rcp(double x) { return 1.0 / x; }
double rsqrt(double x) { return 1.0 / std::sqrt(x); }
double saturate(double x) {
  return std::isnan(x) ? 0.0 : std::fmin(1.0, std::fmax(0.0, x));
}
double fmin2(double x, double y) { return std::fmin(x, y); }
double fmax2(double x, double y) { return std::fmax(x, y); }
double exp2d(double x) { return std::exp2(x); }
double log2d(double x) { return std::log2(x); }
double sind(double x) { return std::sin(x); }
double cosd(double x) { return std::cos(x); }
double fabsd(double x) { return std::fabs(x); }
double rintd(double x) { return std::nearbyint(x); }
double floord(double x) { return std::floor(x); }
double ceild(double x) { return std::ceil(x); }
double truncd(double x) { return std::trunc(x); }
double tanhd(double x) { return std::tanh(x); }

/// Float intrinsics by the start of their name (after "llvm.nvvm.") with a
/// libm counterpart. The approximate ones are computed accurately: results
/// of float code may differ from a GPU's in the last bits (integer code is
/// exact). Correctly rounded arithmetic (add, mul, fma, div, sqrt with a
/// rounding mode) is exact: see Arith.
const MathFunction kMath[] = {
    {"ex2.approx", exp2d, nullptr},  {"lg2.approx", log2d, nullptr},
    {"sin.approx", sind, nullptr},   {"cos.approx", cosd, nullptr},
    {"rcp.approx", rcp, nullptr},    {"rsqrt.approx", rsqrt, nullptr},
    {"fabs", fabsd, nullptr},        {"saturate.", saturate, nullptr},
    {"round.", rintd, nullptr},      {"floor.", floord, nullptr},
    {"ceil.", ceild, nullptr},       {"trunc.", truncd, nullptr},
    {"tanh.approx", tanhd, nullptr}, {"fmin.", nullptr, fmin2},
    {"fmax.", nullptr, fmax2},
};

} // namespace

bool parseIntrinsic(const std::string &full, Intrinsic &out,
                    std::string &error) {
  out.name = full;
  std::string n = full.substr(std::strlen("llvm.nvvm."));
  auto axis = [&](const std::string &rest) {
    return rest == "x" ? 0 : rest == "y" ? 1 : rest == "z" ? 2 : -1;
  };
  struct Sreg {
    const char *prefix;
    IntrinsicKind kind;
  } sregs[] = {{"read.ptx.sreg.tid.", IntrinsicKind::ThreadId},
               {"read.ptx.sreg.ntid.", IntrinsicKind::BlockDim},
               {"read.ptx.sreg.ctaid.", IntrinsicKind::BlockId},
               {"read.ptx.sreg.nctaid.", IntrinsicKind::GridDim}};
  for (const Sreg &s : sregs)
    if (startsWith(n, s.prefix)) {
      out.kind = s.kind;
      out.variant = axis(n.substr(std::strlen(s.prefix)));
      if (out.variant < 0)
        break;
      return true;
    }
  if (n == "read.ptx.sreg.laneid") {
    out.kind = IntrinsicKind::LaneId;
    return true;
  }
  if (n == "read.ptx.sreg.warpsize") {
    out.kind = IntrinsicKind::WarpSize;
    return true;
  }
  // Block barriers: barrier0 and barrier.cta.sync[.aligned][.all] with
  // barrier 0 and all threads (the only form qnn's kernels use).
  if (n == "barrier0" || startsWith(n, "barrier.cta.sync") ||
      n == "barrier.sync" || n == "bar.sync") {
    out.kind = IntrinsicKind::Barrier;
    return true;
  }
  if (n == "bar.warp.sync") {
    out.kind = IntrinsicKind::WarpSync;
    return true;
  }
  if (startsWith(n, "shfl.sync.")) {
    std::string rest = n.substr(std::strlen("shfl.sync."));
    const char *modes[] = {"idx.", "up.", "down.", "bfly."};
    for (int m = 0; m < 4; ++m)
      if (startsWith(rest, modes[m])) {
        std::string type = rest.substr(std::strlen(modes[m]));
        out.kind = IntrinsicKind::Shuffle;
        out.variant = m;
        out.withPredicate = type == "i32p" || type == "f32p";
        if (type == "i32" || type == "f32" || out.withPredicate)
          return true;
      }
  }
  if (startsWith(n, "vote.")) {
    std::string rest = n.substr(std::strlen("vote."));
    const char *modes[] = {"all.sync", "any.sync", "uni.sync", "ballot.sync"};
    for (int m = 0; m < 4; ++m)
      if (rest == modes[m]) {
        out.kind = IntrinsicKind::Vote;
        out.variant = m;
        return true;
      }
  }
  // mma.m16n8k{16,32}.row.col[.satfinite].{s8,u8}[.{s8,u8}]
  for (int k : {16, 32}) {
    std::string prefix = "mma.m16n8k" + std::to_string(k) + ".row.col.";
    if (!startsWith(n, prefix.c_str()))
      continue;
    std::string rest = n.substr(prefix.size());
    out.kind = IntrinsicKind::Mma;
    out.k = k;
    if (startsWith(rest, "satfinite.")) {
      out.saturate = true;
      rest = rest.substr(std::strlen("satfinite."));
    }
    if (rest == "s8" || rest == "u8") {
      out.aSigned = out.bSigned = rest == "s8";
      return true;
    }
    if (rest.size() == 5 && (rest[0] == 's' || rest[0] == 'u') &&
        rest.substr(1, 2) == "8." && (rest[3] == 's' || rest[3] == 'u') &&
        rest[4] == '8') {
      out.aSigned = rest[0] == 's';
      out.bSigned = rest[3] == 's';
      return true;
    }
  }
  if (n == "prmt") {
    out.kind = IntrinsicKind::Permute;
    return true;
  }
  if (startsWith(n, "idp4a.") && n.size() == 9) {
    out.kind = IntrinsicKind::Dot4;
    out.aSigned = n[6] == 's';
    out.bSigned = n[8] == 's';
    return true;
  }
  // {add,mul,fma,div,sqrt,rcp}.{rn,rz,rm,rp}[.ftz].{f,d}
  const char *ops[] = {"add.", "mul.", "fma.", "div.", "sqrt.", "rcp."};
  for (int o = 0; o < 6; ++o) {
    if (!startsWith(n, ops[o]))
      continue;
    std::string rest = n.substr(std::strlen(ops[o]));
    const char *modes[] = {"rn", "rz", "rm", "rp"};
    for (int m = 0; m < 4; ++m)
      if (startsWith(rest, modes[m])) {
        std::string type = rest.substr(2);
        if (startsWith(type, ".ftz"))
          type = type.substr(4);
        if (type != ".f" && type != ".d")
          break;
        out.kind = IntrinsicKind::Arith;
        out.variant = o;
        out.rounding = m;
        out.isDouble = type == ".d";
        return true;
      }
  }
  for (const MathFunction &f : kMath)
    if (startsWith(n, f.name)) {
      out.kind = IntrinsicKind::Math;
      out.unary = f.unary;
      out.binary = f.binary;
      out.isDouble = n.size() > 2 && (n.substr(n.size() - 2) == ".d" ||
                                      n.find(".f64") != std::string::npos);
      return true;
    }
  error = "the qnn CUDA emulator does not implement " + full;
  return false;
}

//===----------------------------------------------------------------------===//
// Fibers
//===----------------------------------------------------------------------===//

extern "C" void qnn_emu_switch(void **save, void *load);
extern "C" void qnn_emu_fiber_start();

// Saves the callee-saved registers on the current stack, switches stacks,
// restores the other fiber's. A new fiber's stack holds the start routine
// as its return address and its entry point and argument in r13 and r12.
asm(R"(
  .text
  .p2align 4
  .globl qnn_emu_switch
  .hidden qnn_emu_switch
  .type qnn_emu_switch,@function
qnn_emu_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size qnn_emu_switch, .-qnn_emu_switch

  .p2align 4
  .globl qnn_emu_fiber_start
  .hidden qnn_emu_fiber_start
  .type qnn_emu_fiber_start,@function
qnn_emu_fiber_start:
  movq %r12, %rdi
  callq *%r13
  ud2
  .size qnn_emu_fiber_start, .-qnn_emu_fiber_start
)");

namespace {

constexpr size_t kStackBytes = 256 * 1024;
constexpr unsigned kWarp = 32;

enum class State { Ready, Waiting, Done };

struct Thread {
  unsigned tid[3] = {0, 0, 0};
  unsigned linear = 0, lane = 0, warp = 0;
  State state = State::Ready;
  void *sp = nullptr;
  char *stack = nullptr;
  /// The collective it waits at: the intrinsic, its argument slots and
  /// where its results go (on the thread's own stack).
  const Intrinsic *op = nullptr;
  uint64_t args[16];
  uint64_t *results = nullptr;
};

/// The block being run (blocks run one at a time per launch; launches are
/// serialized by the driver).
struct Block {
  const Kernel *kernel = nullptr;
  void **params = nullptr;
  unsigned grid[3], dim[3], id[3];
  std::vector<Thread> threads;
  Thread *current = nullptr;
  void *schedulerSp = nullptr;
  std::string error;
  /// The first misaligned access of the launch (it fails, as on a GPU).
  std::string misaligned;
};

Block *active = nullptr;

void fiberMain(void *arg) {
  auto *t = static_cast<Thread *>(arg);
  active->kernel->launch(active->params);
  t->state = State::Done;
  qnn_emu_switch(&t->sp, active->schedulerSp);
  __builtin_unreachable();
}

void startFiber(Thread &t) {
  if (!t.stack) {
    void *mem = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
      std::perror("qnn CUDA emulator: fiber stack");
      std::abort();
    }
    t.stack = static_cast<char *>(mem);
  }
  uintptr_t top = (uintptr_t(t.stack) + kStackBytes - 64) & ~uintptr_t(15);
  auto *slots = reinterpret_cast<void **>(top - 56);
  slots[0] = nullptr;                                        // r15
  slots[1] = nullptr;                                        // r14
  slots[2] = reinterpret_cast<void *>(&fiberMain);           // r13
  slots[3] = &t;                                             // r12
  slots[4] = nullptr;                                        // rbx
  slots[5] = nullptr;                                        // rbp
  slots[6] = reinterpret_cast<void *>(&qnn_emu_fiber_start); // return
  t.sp = slots;
}

void freeStacks(std::vector<Thread> &threads) {
  for (Thread &t : threads)
    if (t.stack)
      munmap(t.stack, kStackBytes);
}

//===----------------------------------------------------------------------===//
// Collective semantics
//===----------------------------------------------------------------------===//

uint32_t u32(uint64_t slot) { return uint32_t(slot); }

/// shfl.sync for the member lanes of `lanes` (indexed by lane).
void completeShuffle(Thread *lanes[kWarp], uint32_t mask, int mode) {
  uint32_t values[kWarp] = {};
  for (unsigned l = 0; l < kWarp; ++l)
    if (mask >> l & 1)
      values[l] = u32(lanes[l]->args[1]);
  for (unsigned l = 0; l < kWarp; ++l) {
    if (!(mask >> l & 1))
      continue;
    Thread &t = *lanes[l];
    uint32_t b = u32(t.args[2]) & 31, c = u32(t.args[3]);
    uint32_t clamp = c & 31, segmask = (c >> 8) & 31;
    uint32_t maxLane = (l & segmask) | (clamp & ~segmask);
    uint32_t minLane = l & segmask;
    int64_t j = l;
    bool valid = false;
    switch (ShuffleMode(mode)) {
    case ShuffleMode::Up:
      j = int64_t(l) - b;
      valid = j >= int64_t(maxLane);
      break;
    case ShuffleMode::Down:
      j = int64_t(l) + b;
      valid = j <= int64_t(maxLane);
      break;
    case ShuffleMode::Bfly:
      j = l ^ b;
      valid = j <= int64_t(maxLane);
      break;
    case ShuffleMode::Idx:
      j = minLane | (b & ~segmask);
      valid = j <= int64_t(maxLane);
      break;
    }
    if (!valid)
      j = l;
    t.results[0] = values[j];
    if (t.op->withPredicate)
      t.results[1] = valid;
  }
}

void completeVote(Thread *lanes[kWarp], uint32_t mask, int mode) {
  uint32_t ballot = 0;
  for (unsigned l = 0; l < kWarp; ++l)
    if ((mask >> l & 1) && (lanes[l]->args[1] & 1))
      ballot |= 1u << l;
  for (unsigned l = 0; l < kWarp; ++l) {
    if (!(mask >> l & 1))
      continue;
    uint64_t r = 0;
    switch (VoteMode(mode)) {
    case VoteMode::All:
      r = (ballot & mask) == mask;
      break;
    case VoteMode::Any:
      r = ballot != 0;
      break;
    case VoteMode::Uni:
      r = ballot == 0 || ballot == mask;
      break;
    case VoteMode::Ballot:
      r = ballot;
      break;
    }
    lanes[l]->results[0] = r;
  }
}

int64_t byteOf(uint32_t word, unsigned j, bool isSigned) {
  uint8_t b = uint8_t(word >> (8 * j));
  return isSigned ? int64_t(int8_t(b)) : int64_t(b);
}

/// mma.sync.aligned.m16n8k{16,32}.row.col.s32.{s8,u8}.{s8,u8}.s32 with the
/// PTX ISA's fragment layouts: lane = 4 * group + t;
///   A (16 x k, row major), register r byte j: row group + 8 * (r % 2),
///     column 4 * t + j + 16 * (r / 2);
///   B (k x 8, column major), register r byte j: row 4 * t + j + 16 * r,
///     column group;
///   C and D (16 x 8), element i: row group + 8 * (i / 2), column
///     2 * t + i % 2.
void completeMma(Thread *lanes[kWarp], const Intrinsic &op) {
  const unsigned aRegs = op.k / 8, bRegs = op.k / 16;
  int64_t a[16][32] = {}, b[32][8] = {}, c[16][8] = {};
  for (unsigned l = 0; l < kWarp; ++l) {
    const uint64_t *args = lanes[l]->args;
    unsigned g = l / 4, t = l % 4;
    for (unsigned r = 0; r < aRegs; ++r)
      for (unsigned j = 0; j < 4; ++j)
        a[g + 8 * (r % 2)][4 * t + j + 16 * (r / 2)] =
            byteOf(u32(args[r]), j, op.aSigned);
    for (unsigned r = 0; r < bRegs; ++r)
      for (unsigned j = 0; j < 4; ++j)
        b[4 * t + j + 16 * r][g] = byteOf(u32(args[aRegs + r]), j, op.bSigned);
    for (unsigned i = 0; i < 4; ++i)
      c[g + 8 * (i / 2)][2 * t + i % 2] =
          int64_t(int32_t(u32(args[aRegs + bRegs + i])));
  }
  for (unsigned l = 0; l < kWarp; ++l) {
    unsigned g = l / 4, t = l % 4;
    for (unsigned i = 0; i < 4; ++i) {
      unsigned row = g + 8 * (i / 2), col = 2 * t + i % 2;
      int64_t d = c[row][col];
      for (int k = 0; k < op.k; ++k)
        d += a[row][k] * b[k][col];
      int32_t result;
      if (op.saturate)
        result = int32_t(d < INT32_MIN   ? INT32_MIN
                         : d > INT32_MAX ? INT32_MAX
                                         : d);
      else
        result = int32_t(uint32_t(uint64_t(d)));
      lanes[l]->results[i] = uint32_t(result);
    }
  }
}

/// Completes the warp collectives every member lane reached; false when
/// none could complete. Sets `error` on a divergent collective.
bool completeWarpCollectives(Block &block) {
  bool progressed = false;
  unsigned count = unsigned(block.threads.size());
  for (unsigned base = 0; base < count; base += kWarp) {
    Thread *lanes[kWarp] = {};
    for (unsigned l = 0; l < kWarp && base + l < count; ++l)
      lanes[l] = &block.threads[base + l];
    // The first lane waiting at a warp collective names the operation.
    Thread *first = nullptr;
    for (Thread *t : lanes)
      if (t && t->state == State::Waiting &&
          t->op->kind != IntrinsicKind::Barrier) {
        first = t;
        break;
      }
    if (!first)
      continue;
    const Intrinsic &op = *first->op;
    uint32_t mask =
        op.kind == IntrinsicKind::Mma ? 0xffffffffu : u32(first->args[0]);
    for (unsigned l = 0; l < kWarp; ++l) {
      if (!(mask >> l & 1))
        continue;
      Thread *t = lanes[l];
      if (!t || t->state == State::Done) {
        block.error = op.name + " names lane " + std::to_string(l) +
                      " of warp " + std::to_string(base / kWarp) +
                      ", which has exited";
        return false;
      }
      if (t->state != State::Waiting || t->op != first->op ||
          (op.kind != IntrinsicKind::Mma && u32(t->args[0]) != mask)) {
        // Other lanes are elsewhere: they may still arrive after another
        // collective completes.
        mask = 0;
        break;
      }
    }
    if (!mask)
      continue;
    switch (op.kind) {
    case IntrinsicKind::Shuffle:
      completeShuffle(lanes, mask, op.variant);
      break;
    case IntrinsicKind::Vote:
      completeVote(lanes, mask, op.variant);
      break;
    case IntrinsicKind::Mma:
      completeMma(lanes, op);
      break;
    default: // bar.warp.sync
      break;
    }
    for (unsigned l = 0; l < kWarp; ++l)
      if (mask >> l & 1)
        lanes[l]->state = State::Ready;
    progressed = true;
  }
  return progressed;
}

bool runBlock(Block &block) {
  const Kernel &kernel = *block.kernel;
  if (!kernel.collective) {
    for (Thread &t : block.threads) {
      block.current = &t;
      kernel.launch(block.params);
    }
    return true;
  }
  for (Thread &t : block.threads) {
    t.state = State::Ready;
    startFiber(t);
  }
  for (;;) {
    bool anyLive = false;
    for (Thread &t : block.threads) {
      if (t.state == State::Ready) {
        block.current = &t;
        qnn_emu_switch(&block.schedulerSp, t.sp);
      }
      anyLive |= t.state != State::Done;
    }
    if (!anyLive)
      return true;
    if (completeWarpCollectives(block))
      continue;
    if (!block.error.empty())
      return false;
    // A barrier completes when every thread that has not exited waits at
    // one.
    bool allAtBarrier = true;
    for (Thread &t : block.threads)
      if (t.state == State::Waiting && t.op->kind != IntrinsicKind::Barrier)
        allAtBarrier = false;
    if (allAtBarrier) {
      for (Thread &t : block.threads)
        if (t.state == State::Waiting)
          t.state = State::Ready;
      continue;
    }
    block.error = "deadlock: threads wait at different collectives (";
    for (Thread &t : block.threads)
      if (t.state == State::Waiting) {
        block.error +=
            "thread " + std::to_string(t.linear) + " at " + t.op->name;
        break;
      }
    block.error += ")";
    return false;
  }
}

void faultHandler(int signal, siginfo_t *info, void *) {
  char message[256];
  int n = 0;
  if (active && active->current)
    n = std::snprintf(
        message, sizeof(message),
        "qnn CUDA emulator: kernel %s, block (%u,%u,%u), thread (%u,%u,%u): "
        "invalid access to %p\n",
        active->kernel->name.c_str(), active->id[0], active->id[1],
        active->id[2], active->current->tid[0], active->current->tid[1],
        active->current->tid[2], info->si_addr);
  if (n > 0)
    (void)!write(2, message, size_t(n));
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

} // namespace

Result launch(const Kernel &kernel, const unsigned grid[3],
              const unsigned block[3], unsigned sharedBytes, void **params,
              std::string &error) {
  uint64_t threads = uint64_t(block[0]) * block[1] * block[2];
  if (threads == 0 || threads > 1024 || !grid[0] || !grid[1] || !grid[2] ||
      sharedBytes > 227 * 1024) {
    error = "invalid launch configuration";
    return LaunchOutOfResources;
  }
  for (size_t i = 0; i < kernel.pointerParams.size(); ++i) {
    if (!kernel.pointerParams[i])
      continue;
    uintptr_t p = *static_cast<uintptr_t *>(params[i]);
    // Null and MLIR's marker for descriptors of globals are never read.
    if (p == 0 || p == 0xdeadbeef)
      continue;
    if (!isDeviceAddressable(p, 1)) {
      error = "kernel " + kernel.name + " parameter " + std::to_string(i) +
              " points to host memory a GPU cannot address (" +
              std::to_string(p) + ")";
      return IllegalAddress;
    }
  }
  Block state;
  state.kernel = &kernel;
  state.params = params;
  std::memcpy(state.grid, grid, sizeof(state.grid));
  std::memcpy(state.dim, block, sizeof(state.dim));
  state.threads.resize(threads);
  for (unsigned i = 0; i < threads; ++i) {
    Thread &t = state.threads[i];
    t.linear = i;
    t.tid[0] = i % block[0];
    t.tid[1] = i / block[0] % block[1];
    t.tid[2] = i / (block[0] * block[1]);
    t.lane = i % kWarp;
    t.warp = i / kWarp;
  }
  struct sigaction action = {}, oldSegv, oldBus;
  action.sa_sigaction = faultHandler;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, &oldSegv);
  sigaction(SIGBUS, &action, &oldBus);
  setDeviceMemoryAccessible(true);
  active = &state;
  Result result = Success;
  for (unsigned z = 0; z < grid[2] && result == Success; ++z)
    for (unsigned y = 0; y < grid[1] && result == Success; ++y)
      for (unsigned x = 0; x < grid[0] && result == Success; ++x) {
        state.id[0] = x;
        state.id[1] = y;
        state.id[2] = z;
        if (!runBlock(state) || !state.misaligned.empty()) {
          if (state.error.empty())
            state.error = state.misaligned;
          error = "kernel " + kernel.name + ", block (" + std::to_string(x) +
                  "," + std::to_string(y) + "," + std::to_string(z) +
                  "): " + state.error;
          result = state.misaligned.empty() ? LaunchFailed : Misaligned;
        }
      }
  active = nullptr;
  setDeviceMemoryAccessible(false);
  sigaction(SIGSEGV, &oldSegv, nullptr);
  sigaction(SIGBUS, &oldBus, nullptr);
  freeStacks(state.threads);
  return result;
}

} // namespace qnn::emu

using namespace qnn::emu;

namespace {

template <typename T> T slotValue(uint64_t slot) {
  T v;
  if constexpr (sizeof(T) == 4) {
    uint32_t bits = uint32_t(slot);
    std::memcpy(&v, &bits, sizeof(v));
  } else {
    std::memcpy(&v, &slot, sizeof(v));
  }
  return v;
}

template <typename T> uint64_t slotOf(T v) {
  if constexpr (sizeof(T) == 4) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    return bits;
  } else {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    return bits;
  }
}

/// IEEE operations in the intrinsic's type and rounding mode.
template <typename T>
uint64_t arithIn(const Intrinsic &op, const uint64_t *args) {
  const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
  volatile T a = slotValue<T>(args[0]), b = slotValue<T>(args[1]),
             c = slotValue<T>(args[2]);
  volatile T r;
  int saved = std::fegetround();
  std::fesetround(modes[op.rounding]);
  switch (op.variant) {
  case 0:
    r = a + b;
    break;
  case 1:
    r = a * b;
    break;
  case 2:
    r = std::fma(T(a), T(b), T(c));
    break;
  case 3:
    r = a / b;
    break;
  case 4:
    r = std::sqrt(T(a));
    break;
  default:
    r = T(1) / a;
    break;
  }
  std::fesetround(saved);
  return slotOf<T>(r);
}

uint64_t arith(const Intrinsic &op, const uint64_t *args) {
  return op.isDouble ? arithIn<double>(op, args) : arithIn<float>(op, args);
}

} // namespace

/// A load or store whose address the hardware would reject.
extern "C" void qnn_emu_misaligned(void *address, uint64_t alignment) {
  Block &block = *active;
  if (!block.misaligned.empty())
    return;
  Thread &t = *block.current;
  char message[200];
  std::snprintf(message, sizeof(message),
                "thread (%u,%u,%u): access to %p, which is not aligned to %llu "
                "bytes",
                t.tid[0], t.tid[1], t.tid[2], address,
                (unsigned long long)alignment);
  block.misaligned = message;
}

/// Every emulated intrinsic call: non-collective ones complete at once,
/// collective ones suspend the calling thread until the scheduler
/// completes them.
extern "C" void qnn_emu_intrinsic(uint32_t id, const uint64_t *args,
                                  uint64_t *results) {
  const Intrinsic &op = intrinsics()[id];
  Block &block = *active;
  Thread &t = *block.current;
  switch (op.kind) {
  case IntrinsicKind::ThreadId:
    results[0] = t.tid[op.variant];
    return;
  case IntrinsicKind::BlockDim:
    results[0] = block.dim[op.variant];
    return;
  case IntrinsicKind::BlockId:
    results[0] = block.id[op.variant];
    return;
  case IntrinsicKind::GridDim:
    results[0] = block.grid[op.variant];
    return;
  case IntrinsicKind::LaneId:
    results[0] = t.lane;
    return;
  case IntrinsicKind::WarpSize:
    results[0] = kWarp;
    return;
  case IntrinsicKind::Permute: {
    // prmt.b32: bytes 0-3 of a, 4-7 of b; each selector nibble picks one,
    // its bit 3 replicating the picked byte's sign.
    uint64_t pool = uint64_t(u32(args[0])) | uint64_t(u32(args[1])) << 32;
    uint32_t sel = u32(args[2]), d = 0;
    for (unsigned j = 0; j < 4; ++j) {
      unsigned nibble = (sel >> (4 * j)) & 15;
      uint8_t byte = uint8_t(pool >> (8 * (nibble & 7)));
      if (nibble & 8)
        byte = (byte & 0x80) ? 0xff : 0x00;
      d |= uint32_t(byte) << (8 * j);
    }
    results[0] = d;
    return;
  }
  case IntrinsicKind::Dot4: {
    int64_t sum = int32_t(u32(args[2]));
    for (unsigned j = 0; j < 4; ++j)
      sum += byteOf(u32(args[0]), j, op.aSigned) *
             byteOf(u32(args[1]), j, op.bSigned);
    results[0] = uint32_t(uint64_t(sum));
    return;
  }
  case IntrinsicKind::Arith:
    results[0] = arith(op, args);
    return;
  case IntrinsicKind::Math: {
    auto load = [&](uint64_t slot) {
      if (op.isDouble) {
        double d;
        std::memcpy(&d, &slot, sizeof(d));
        return d;
      }
      float f;
      uint32_t bits = u32(slot);
      std::memcpy(&f, &bits, sizeof(f));
      return double(f);
    };
    double r = op.unary ? op.unary(load(args[0]))
                        : op.binary(load(args[0]), load(args[1]));
    if (op.isDouble) {
      std::memcpy(&results[0], &r, sizeof(r));
    } else {
      float f = float(r);
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof(bits));
      results[0] = bits;
    }
    return;
  }
  default:
    break;
  }
  // A collective: wait for the scheduler.
  t.op = &op;
  std::memcpy(t.args, args, sizeof(t.args));
  t.results = results;
  t.state = State::Waiting;
  qnn_emu_switch(&t.sp, block.schedulerSp);
}
