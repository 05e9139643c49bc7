# -*- Python -*-
# lit configuration of qnn's FileCheck and integration tests.

import os
import shutil
import subprocess
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "qnn"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qnn_obj_root, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt",
                   "Unit", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%qnn_src_root", config.qnn_src_root))
config.substitutions.append(("%qnn_obj_root", config.qnn_obj_root))
config.substitutions.append(("%llvm_cmake_dir", config.llvm_cmake_dir))
config.substitutions.append(("%mlir_include_dir", config.mlir_include_dir))
config.substitutions.append(("%cmake", config.cmake_command))

# The sanitizer build (build-asan: LLVM_USE_SANITIZER="Address;Undefined",
# docs/Reliability.md). lit.llvm has added the features asan and ubsan from
# config.llvm_use_sanitizer. Every sanitizer report is fatal and fails its
# test. Programs qnn builds link the ASan runtime themselves; the hosts that
# load qnn's instrumented libraries without being built by qnn (Debian's
# python3 for the runtime and the models through ctypes, mlir-runner for
# libqnn_runtime) get it preloaded.
c_compiler, cxx_compiler = config.c_compiler, config.cxx_compiler
python_host = sys.executable
runner_host = "mlir-runner"
if "asan" in config.available_features:
    sanitizer_dir = os.path.join(config.qnn_src_root, "test", "sanitizers")
    # abort_on_error: a report kills the process with SIGABRT, which `not`
    # (without --crash) and the Python tests count as a failure, so an error
    # path expected to fail cannot pass over a report.
    # allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its free slab
    # space from its inline code in qnn's instrumented objects, and Debian's
    # uninstrumented libMLIR allocates from the same slabs without
    # unpoisoning: every type uniqued by both would be a false report.
    asan_options = ":".join([
        "detect_leaks=1", "halt_on_error=1", "abort_on_error=1",
        "check_initialization_order=1", "strict_init_order=1",
        "allow_user_poisoning=0"])
    config.environment["ASAN_OPTIONS"] = asan_options
    config.environment["UBSAN_OPTIONS"] = ":".join([
        "halt_on_error=1", "abort_on_error=1", "print_stacktrace=1",
        "report_error_type=1"])
    config.environment["LSAN_OPTIONS"] = "suppressions=" + os.path.join(
        sanitizer_dir, "lsan.supp")
    symbolizer = os.path.join(config.llvm_tools_dir, "llvm-symbolizer")
    if os.path.exists(symbolizer):
        config.environment["ASAN_SYMBOLIZER_PATH"] = symbolizer
    # C drivers and downstream programs of the tests link the instrumented
    # libqnn_runtime, so they are built with the same sanitizers (and so link
    # the ASan runtime). The compilers are wrapper scripts, not a command
    # with flags, because the Install test hands them to CMake.
    sanitize_flags = ("-fsanitize=address,undefined -fno-sanitize=vptr,function"
                      " -fno-sanitize-recover=all -fno-omit-frame-pointer")
    wrapper_dir = os.path.join(config.test_exec_root, "sanitizers", "bin")
    os.makedirs(wrapper_dir, exist_ok=True)

    def sanitizing_wrapper(compiler):
        path = os.path.join(wrapper_dir, os.path.basename(compiler))
        with open(path, "w") as f:
            f.write('#!/bin/sh\nexec %s %s "$@"\n' % (compiler, sanitize_flags))
        os.chmod(path, 0o755)
        return path

    c_compiler = sanitizing_wrapper(c_compiler)
    cxx_compiler = sanitizing_wrapper(cxx_compiler)
    asan_runtime = subprocess.run(
        ["clang-22", "-print-file-name=libclang_rt.asan-x86_64.so"],
        stdout=subprocess.PIPE, text=True).stdout.strip()
    if not os.path.isabs(asan_runtime) or not os.path.exists(asan_runtime):
        lit_config.fatal("the sanitizer build needs the ASan runtime "
                         "(libclang-rt-22-dev): clang-22 does not find "
                         "libclang_rt.asan-x86_64.so")
    # mlir-runner: leaks are checked (lsan.supp names the ones of
    # libMLIR's JIT itself).
    runner_host = "env LD_PRELOAD=%s mlir-runner" % asan_runtime
    # python3 gets the preload but no leak check: CPython does not free its
    # heap at exit, and a suppression matches any frame of a stack, so one for
    # python3 would also hide the leaks of qnn's code it calls. The runtime's
    # and the models' leaks are checked in the C drivers and GoogleTest.
    # qnn_asan_host.pth (test/sanitizers) runs at interpreter start-up: it
    # drops the preload from the environment the script's children inherit
    # (qnn's tools link their own ASan runtime, and two runtimes cannot share a
    # process) and gives them the full options, leak check included.
    user_base = os.path.join(config.test_exec_root, "sanitizers", "python")
    user_site = os.path.join(user_base, "lib", "python%d.%d" % sys.version_info[:2],
                             "site-packages")
    os.makedirs(user_site, exist_ok=True)
    shutil.copy(os.path.join(sanitizer_dir, "qnn_asan_host.pth"), user_site)
    python_host = ("env LD_PRELOAD=%s PYTHONUSERBASE=%s QNN_ASAN_CHILD_OPTIONS=%s "
                   "ASAN_OPTIONS=%s %s" % (
                       asan_runtime, user_base, asan_options,
                       asan_options.replace("detect_leaks=1", "detect_leaks=0"),
                       sys.executable))

config.substitutions.append(("%c_compiler", c_compiler))
config.substitutions.append(("%cxx_compiler", cxx_compiler))

llvm_config.use_default_substitutions()
# Python scripts run under Debian's interpreter (the one lit runs under),
# through python_host; it replaces lit.llvm's default %python, which would
# match first.
config.substitutions = [(k, v) for k, v in config.substitutions
                        if k != "%python"]
config.substitutions.append(("%python", python_host))
# The Python package from the source tree, finding this build's tools and
# runtime.
config.substitutions.append(
    ("%qnn_python", "env PYTHONPATH=%s QNN_BUILD_DIR=%s %s" % (
        os.path.join(config.qnn_src_root, "python"), config.qnn_obj_root,
        python_host)))
# Every variable of a CHECK line is scoped to its CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

# Execution tests run the LLVM dialect with mlir-runner and the upstream
# runner utilities (printMemref*).
runner_libs = ",".join(
    [os.path.join(config.qnn_obj_root, "lib", "libqnn_runtime.so")] +
    [os.path.join(config.llvm_lib_dir, lib)
     for lib in ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"]])
config.substitutions.append(
    ("%mlir_runner",
     runner_host + " -e main -entry-point-result=void -shared-libs=" +
     runner_libs))

# The ONNX project's backend tests, as Debian's libonnx-testdata installs
# them.
if os.path.isdir("/usr/share/libonnx-testdata/data/node"):
    config.available_features.add("onnx-testdata")

# Execution tests of the AVX-512 VNNI and AVX2 kernels need a CPU that has
# them; on others they are reported unsupported, not failed.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = set()
        for line in cpuinfo:
            if line.startswith("flags"):
                flags.update(line.split(":", 1)[1].split())
    if {"avx512f", "avx512bw", "avx512_vnni"} <= flags:
        config.available_features.add("avx512vnni")
        if "avx512_vpopcntdq" in flags:
            config.available_features.add("avx512vpopcntdq")
    if "avx2" in flags:
        config.available_features.add("avx2")
    # AMX kernels run where the CPU has AMX-TILE and AMX-INT8 and Linux
    # grants the tile data (arch_prctl(ARCH_REQ_XCOMP_PERM,
    # XFEATURE_XTILEDATA), as libqnn_runtime asks).
    if {"amx_tile", "amx_int8"} <= flags:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA = 158, 0x1023, 18
        if libc.syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM,
                        XFEATURE_XTILEDATA) == 0:
            config.available_features.add("amx")
except OSError:
    pass

tool_dirs = [config.qnn_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["qnn-opt", "qnn-translate", "qnn-onnx-ops"], tool_dirs)
# The fuzzers: replayers of test/Fuzz's inputs in the normal build,
# libFuzzer binaries (which run the files they are given once) in the
# sanitizer build.
llvm_config.add_tool_substitutions(
    ["qnn-import-onnx-fuzzer", "qnn-opt-fuzzer", "qnn-pipeline-fuzzer",
     "qnn-runtime-fuzzer"], tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# The CUDA toolkit's stub driver library (every call fails), when the
# toolkit is installed: the runtime's GPU error paths are tested with it.
cuda_home = os.environ.get("CUDA_HOME", "/usr/local/cuda")
cuda_stub = os.path.join(cuda_home, "lib64", "stubs", "libcuda.so")
if os.path.exists(cuda_stub):
    config.available_features.add("cuda-stub")
    config.substitutions.append(("%cuda_stub", cuda_stub))

# ptxas assembles the PTX of every GPU test kernel (no GPU needed).
ptxas = os.path.join(cuda_home, "bin", "ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# The CUDA emulator (test/lib/CudaEmulator) runs GPU models compiled with
# format=llvm on the CPU: GPU code executes in every build of the suite.
cuda_emulator = os.path.join(config.qnn_obj_root, "lib",
                             "libqnn_cuda_emulator.so")
if os.path.exists(cuda_emulator):
    config.available_features.add("cuda-emulator")
    config.substitutions.append(("%cuda_emulator", cuda_emulator))

# GPU execution tests run where a CUDA device is present (else they are
# reported unsupported, not failed).
if os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl"):
    config.available_features.add("cuda-device")

# The model zoo (test/Zoo) runs where node loads onnxruntime-node from qnn's
# npm cache (scripts/install-onnxruntime.sh puts it there); elsewhere, or
# with QNN_SKIP_ZOO=1, it is reported unsupported.
npm_cache = os.environ.get(
    "QNN_NPM_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "qnn", "npm"))
node = shutil.which(os.environ.get("NODE", "node")) or "node"
try:
    if os.environ.get("QNN_SKIP_ZOO", "0") == "1":
        raise OSError("QNN_SKIP_ZOO=1")
    subprocess.run([node, "-e", "require('onnxruntime-node')"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ,
                            NODE_PATH=os.path.join(npm_cache, "node_modules")),
                   timeout=60)
    config.available_features.add("onnxruntime-node")
    config.environment["QNN_NPM_CACHE"] = npm_cache
    config.environment["NODE"] = node
except (OSError, subprocess.SubprocessError):
    pass
