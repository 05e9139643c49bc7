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
config.substitutions.append(("%c_compiler", config.c_compiler))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))

llvm_config.use_default_substitutions()
# Python scripts run under Debian's interpreter (the one lit runs under).
config.substitutions.append(("%python", sys.executable))
# The Python package from the source tree, finding this build's tools and
# runtime.
config.substitutions.append(
    ("%qnn_python", "env PYTHONPATH=%s QNN_BUILD_DIR=%s %s" % (
        os.path.join(config.qnn_src_root, "python"), config.qnn_obj_root,
        sys.executable)))
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
     "mlir-runner -e main -entry-point-result=void -shared-libs=" + runner_libs))

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
except OSError:
    pass

tool_dirs = [config.qnn_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["qnn-opt", "qnn-translate", "qnn-onnx-ops"], tool_dirs)
# The fuzzers' replayers (fuzz/, a libFuzzer binary in the sanitizer build)
# run the regression inputs under test/Fuzz.
llvm_config.add_tool_substitutions(["qnn-pipeline-fuzzer"], tool_dirs)
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
