"""qnn.compile: ONNX (or a PyTorch model) in, a loaded native model out.

The compiler runs as its tools (qnn-translate, qnn-opt; Debian ships no MLIR
Python bindings) and the compiled shared library is driven through
libqnn_runtime's C API with ctypes. Every failure, from the compiler or the
runtime, is a QNNError carrying the diagnostic.
"""
import atexit
import ctypes
import os
import re
import shutil
import subprocess
import tempfile
import threading

import numpy as np

__all__ = ["QNNError", "CompiledModel", "compile", "find_tool"]

# Targets of qnn-cpu-pipeline (docs/Pipelines): "cpu" is this machine's best.
# GPU targets: qnn-gpu-pipeline for the chip (docs/GPU.md).
_GPU_TARGETS = {"gpu": "sm_90", "sm_90": "sm_90", "sm_80": "sm_80"}
_TARGETS = {"cpu": "native", "native": "native", "generic": "generic",
            "avx2": "avx2", "avx512-vnni": "avx512-vnni",
            "avx512-vpopcntdq": "avx512-vpopcntdq", "avx512-amx": "avx512-amx"}


class QNNError(RuntimeError):
    """A compiler diagnostic or a runtime status with its message."""


def _here():
    return os.path.dirname(os.path.abspath(__file__))


def _prefixes():
    """Where qnn's bin/ and lib/ may be: $QNN_BUILD_DIR, the install prefix
    of an installed package (prefix/lib/python3/dist-packages/qnn), and the
    repository's build/ for a source tree (python/qnn)."""
    out = []
    if os.environ.get("QNN_BUILD_DIR"):
        out.append(os.environ["QNN_BUILD_DIR"])
    here = _here()
    out.append(os.path.normpath(os.path.join(here, "..", "..", "..", "..")))
    out.append(os.path.normpath(os.path.join(here, "..", "..", "build")))
    return out


def find_tool(name):
    """The path of a qnn tool (qnn-opt, qnn-translate)."""
    for prefix in _prefixes():
        path = os.path.join(prefix, "bin", name)
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found:
        return found
    raise QNNError("cannot find %s: build qnn (scripts/build.sh) or set "
                   "QNN_BUILD_DIR to its build or install directory" % name)


def _runtime_path():
    for prefix in _prefixes():
        path = os.path.join(prefix, "lib", "libqnn_runtime.so")
        if os.path.exists(path):
            return path
    raise QNNError("cannot find libqnn_runtime.so: build qnn or set "
                   "QNN_BUILD_DIR")


def _builtins_archive():
    """The C compiler's runtime archive (libgcc.a): code generated for CPUs
    without F16C converts half floats by calling its __extendhfsf2 and
    __truncsfhf2, which a compiler driver links by itself but ld.lld does
    not. None when no compiler names one."""
    for name in ("clang-22", "cc", "gcc"):
        path = shutil.which(name)
        if not path:
            continue
        proc = subprocess.run([path, "-print-libgcc-file-name"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
        archive = proc.stdout.strip()
        if proc.returncode == 0 and os.path.isabs(archive) and os.path.exists(archive):
            return archive
    return None


def _link_command(obj, lib):
    """The command linking a model object into a shared library needing
    libqnn_runtime (the compiler runtime's helpers it calls linked in)."""
    rt_dir = os.path.dirname(_runtime_path())
    for name in ("ld.lld-22", "ld.lld", "/usr/lib/llvm-22/bin/ld.lld"):
        path = shutil.which(name)
        if path:
            builtins = _builtins_archive()
            return ([path, "-shared", obj] + ([builtins] if builtins else []) +
                    ["-o", lib, "-L" + rt_dir, "-lqnn_runtime", "-rpath", rt_dir])
    for name in ("clang-22", "cc"):
        path = shutil.which(name)
        if path:
            return [path, "-shared", obj, "-o", lib, "-L" + rt_dir,
                    "-lqnn_runtime", "-Wl,-rpath," + rt_dir]
    raise QNNError("no linker found (install lld-22)")


# --- libqnn_runtime through ctypes ---------------------------------------

class _TensorDesc(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32), ("shape", ctypes.POINTER(ctypes.c_int64))]


class _EntryDesc(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("packed", ctypes.c_void_p),
                ("num_inputs", ctypes.c_int32), ("num_outputs", ctypes.c_int32),
                ("tensors", ctypes.POINTER(_TensorDesc))]


class _ModelDesc(ctypes.Structure):
    _fields_ = [("abi_version", ctypes.c_int32), ("num_entries", ctypes.c_int32),
                ("entries", ctypes.POINTER(_EntryDesc))]


class _Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32),
                ("rank", ctypes.c_int32), ("shape", ctypes.POINTER(ctypes.c_int64))]


def _dtype_table():
    """qnn_dtype value -> (name, numpy dtype), read from qnn_dtypes.def, the
    one definition the compiler and the runtime share. bf16 has no numpy
    type: its tensors travel as their uint16 bit patterns."""
    here = _here()
    candidates = [
        os.path.join(here, "..", "..", "runtime", "include", "qnn", "qnn_dtypes.def"),
        os.path.join(here, "..", "..", "..", "..", "include", "qnn", "qnn_dtypes.def"),
    ]
    for prefix in _prefixes():
        candidates.append(os.path.join(prefix, "include", "qnn", "qnn_dtypes.def"))
    numpy_of = {"f32": np.float32, "f64": np.float64, "f16": np.float16,
                "bf16": np.uint16, "i8": np.int8, "i16": np.int16,
                "i32": np.int32, "i64": np.int64, "codes": np.int8,
                "u8": np.uint8, "u16": np.uint16, "u32": np.uint32,
                "u64": np.uint64, "bool": np.bool_, "i4": np.int8,
                "u4": np.uint8, "i2": np.int8, "u2": np.uint8}
    for path in candidates:
        if os.path.exists(path):
            table = {}
            with open(path) as f:
                for m in re.finditer(r'^QNN_DTYPE\((\w+), (\d+), (\d+), "(\w+)"\)',
                                     f.read(), re.M):
                    name = m.group(4)
                    table[int(m.group(2))] = (name, np.dtype(numpy_of[name]))
            return table
    raise QNNError("cannot find qnn_dtypes.def (qnn's include directory)")


_DTYPES = None


def _dtypes():
    global _DTYPES
    if _DTYPES is None:
        _DTYPES = _dtype_table()
    return _DTYPES


def _natural_dtype(dtype):
    """The qnn_dtype an array of numpy `dtype` is taken for where no input
    expects it: its own type (uint16 is u16, not the bf16 bit patterns that
    also travel as uint16; int8 is i8, not codes or i4); 0 when none."""
    by_name = {name: k for k, (name, _) in _dtypes().items()}
    natural = {np.dtype(np.float32): "f32", np.dtype(np.float64): "f64",
               np.dtype(np.float16): "f16", np.dtype(np.int8): "i8",
               np.dtype(np.int16): "i16", np.dtype(np.int32): "i32",
               np.dtype(np.int64): "i64", np.dtype(np.uint8): "u8",
               np.dtype(np.uint16): "u16", np.dtype(np.uint32): "u32",
               np.dtype(np.uint64): "u64", np.dtype(np.bool_): "bool"}
    return by_name.get(natural.get(np.dtype(dtype)), 0)


_runtime = None


def runtime():
    """libqnn_runtime, loaded once (globally, for the models it serves)."""
    global _runtime
    if _runtime is None:
        lib = ctypes.CDLL(_runtime_path(), mode=ctypes.RTLD_GLOBAL)
        lib.qnn_last_error.restype = ctypes.c_char_p
        lib.qnn_model_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p,
                                       ctypes.POINTER(ctypes.c_void_p)]
        lib.qnn_loaded_model_desc.restype = ctypes.POINTER(_ModelDesc)
        lib.qnn_loaded_model_desc.argtypes = [ctypes.c_void_p]
        lib.qnn_model_unload.argtypes = [ctypes.c_void_p]
        lib.qnn_model_run.argtypes = [ctypes.POINTER(_ModelDesc), ctypes.c_char_p,
                                      ctypes.POINTER(_Tensor), ctypes.c_size_t,
                                      ctypes.POINTER(_Tensor), ctypes.c_size_t]
        lib.qnn_set_num_threads.argtypes = [ctypes.c_int]
        _runtime = lib
    return _runtime


def _check(status):
    if status != 0:
        raise QNNError(runtime().qnn_last_error().decode())


class TensorInfo:
    """An entry point's tensor: name, numpy dtype and shape."""

    def __init__(self, desc):
        self.name = desc.name.decode()
        self.qnn_dtype = desc.dtype
        name, dtype = _dtypes().get(desc.dtype, ("unknown", np.dtype(np.uint8)))
        self.dtype_name = name
        self.dtype = dtype
        self.shape = tuple(desc.shape[i] for i in range(desc.rank))

    def __repr__(self):
        return "%s: %s%s" % (self.name, self.dtype, list(self.shape))


class CompiledModel:
    """A compiled model library, loaded. Call it with numpy arrays (one per
    input, positionally or by name); it returns one array per output (a
    single array when there is one output)."""

    def __init__(self, library, entry="forward"):
        rt = runtime()
        handle = ctypes.c_void_p()
        _check(rt.qnn_model_load(library.encode(), None, ctypes.byref(handle)))
        self._handle = handle
        self.library = library
        self._desc = rt.qnn_loaded_model_desc(handle)
        model = self._desc.contents
        entries = {model.entries[i].name.decode(): model.entries[i]
                   for i in range(model.num_entries)}
        if entry not in entries:
            raise QNNError("the model has no entry point '%s' (it has %s)"
                           % (entry, ", ".join(sorted(entries))))
        e = entries[entry]
        self.entry = entry
        self.inputs = [TensorInfo(e.tensors[i]) for i in range(e.num_inputs)]
        self.outputs = [TensorInfo(e.tensors[e.num_inputs + i])
                        for i in range(e.num_outputs)]

    def __call__(self, *args, **kwargs):
        if kwargs:
            if args:
                raise QNNError("pass inputs either by position or by name")
            missing = [t.name for t in self.inputs if t.name not in kwargs]
            unknown = sorted(set(kwargs) - {t.name for t in self.inputs})
            if missing or unknown:
                raise QNNError("inputs by name: missing %s, unknown %s" % (missing, unknown))
            args = [kwargs[t.name] for t in self.inputs]
        # (np.ascontiguousarray would make a 0-d array 1-d.)
        arrays = [np.asarray(a, order="C") for a in args]
        # Quantized codes travel one per byte: uint8 arrays are taken for
        # them as they are.
        arrays = [a.view(np.int8) if (i < len(self.inputs) and a.dtype == np.uint8
                                      and self.inputs[i].dtype_name == "codes") else a
                  for i, a in enumerate(arrays)]
        ins = (_Tensor * max(len(arrays), 1))()
        shapes = []
        for t, a, info in zip(ins, arrays, self.inputs + [None] * len(arrays)):
            # The declared dtype when the array has its numpy type (codes
            # are int8), else the array's own, which the runtime rejects.
            code = info.qnn_dtype if info and a.dtype == info.dtype else _natural_dtype(a.dtype)
            shape = (ctypes.c_int64 * max(a.ndim, 1))(*a.shape)
            shapes.append(shape)
            t.data, t.dtype, t.rank, t.shape = a.ctypes.data, code, a.ndim, shape
        results = [np.empty(o.shape, o.dtype) for o in self.outputs]
        outs = (_Tensor * max(len(results), 1))()
        for t, a, o in zip(outs, results, self.outputs):
            shape = (ctypes.c_int64 * max(a.ndim, 1))(*a.shape)
            shapes.append(shape)
            t.data, t.dtype, t.rank, t.shape = a.ctypes.data, o.qnn_dtype, a.ndim, shape
        _check(runtime().qnn_model_run(self._desc, self.entry.encode(), ins, len(arrays),
                                       outs, len(results)))
        return results[0] if len(results) == 1 else tuple(results)

    def __del__(self):
        if getattr(self, "_handle", None) and _runtime is not None:
            _runtime.qnn_model_unload(self._handle)
            self._handle = None

    def __repr__(self):
        return "CompiledModel(%s -> %s)" % (self.inputs, self.outputs)


def _run(cmd, what):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise QNNError("%s failed:\n%s" % (what, proc.stderr.strip() or proc.stdout.strip()))


def _write_tensor(array, path):
    """A numpy array as a serialized ONNX TensorProto (--input-value)."""
    from onnx import numpy_helper
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(np.asarray(array)).SerializeToString())


def compile_commands(onnx_path, workdir, target="cpu", input_shapes=None,
                     constant_inputs=None):
    """The steps of compiling the ONNX file `onnx_path` in `workdir`, as
    compile runs them: a list of (what, command) and the path of the shared
    library the last one writes. Constant inputs are written to `workdir`
    now. (bench/compile.py measures these same commands.)"""
    if target not in _TARGETS and target not in _GPU_TARGETS:
        raise QNNError("unknown target '%s' (one of %s)" % (
            target, ", ".join(list(_TARGETS) + list(_GPU_TARGETS))))
    mlir = os.path.join(workdir, "model.mlirbc")
    lowered = os.path.join(workdir, "model.ll.mlirbc")
    obj = os.path.join(workdir, "model.o")
    lib = os.path.join(workdir, "model.so")
    importer = [find_tool("qnn-translate"), "--import-onnx", onnx_path,
                "--emit-bytecode", "-o", mlir]
    for name, shape in (input_shapes or {}).items():
        importer.append("--input-shape=%s=%s" % (name, ",".join(str(int(d)) for d in shape)))
    for i, (name, value) in enumerate((constant_inputs or {}).items()):
        path = os.path.join(workdir, "input%d.pb" % i)
        _write_tensor(value, path)
        importer.append("--input-value=%s=%s" % (name, path))
    pipeline = ("--qnn-gpu-pipeline=chip=" + _GPU_TARGETS[target]
                if target in _GPU_TARGETS else
                "--qnn-cpu-pipeline=target=" + _TARGETS[target])
    steps = [
        ("importing %s" % onnx_path, importer),
        ("compiling", [find_tool("qnn-opt"), mlir, pipeline, "--emit-bytecode",
                       "-o", lowered]),
        ("emitting the object", [find_tool("qnn-translate"), "--mlir-to-object",
                                 lowered, "-o", obj]),
        ("linking", _link_command(obj, lib)),
    ]
    return steps, lib


# --- Private build directories -------------------------------------------
# The compiled library is loaded (and so runs code) from the build
# directory: another user must not be able to put files there or guess
# where it is. compile() builds in a new directory from tempfile.mkdtemp
# (mode 0700, an unpredictable name) and removes it when it returns or
# raises; one still in use when the interpreter exits (a compile on
# another thread) is removed then.

_workdirs = {}  # path -> the process that made it
_workdirs_lock = threading.Lock()


def _private_workdir():
    """A new directory only this user can enter, with a name no one can
    guess, removed at interpreter exit if _remove_workdir has not been
    called."""
    path = tempfile.mkdtemp(prefix="qnn-")
    # (mkdtemp makes it 0700; a umask could only have taken the owner's
    # own bits away.)
    os.chmod(path, 0o700)
    with _workdirs_lock:
        _workdirs[path] = os.getpid()
    return path


def _remove_workdir(path):
    """Removes a directory of _private_workdir's, in the process that made
    it only: a forked child unwinding through compile() or exiting leaves
    its parent's directory alone."""
    with _workdirs_lock:
        if _workdirs.get(path) != os.getpid():
            return
    shutil.rmtree(path, ignore_errors=True)
    with _workdirs_lock:
        _workdirs.pop(path, None)


@atexit.register
def _remove_leftover_workdirs():
    with _workdirs_lock:
        mine = [p for p, pid in _workdirs.items() if pid == os.getpid()]
    for path in mine:
        _remove_workdir(path)


def compile(model, target="cpu", example_inputs=None, workdir=None, threads=None,
            input_shapes=None, constant_inputs=None):
    """Compiles an ONNX file (a path) or a PyTorch model built from qnn.nn
    modules (exported with qnn.export at `example_inputs`' shapes) for
    `target` ("cpu": this machine's best x86 kernels; a qnn-cpu-pipeline
    target name: generic, avx2, avx512-vnni, avx512-vpopcntdq, avx512-amx;
    or "gpu" / "sm_90" / "sm_80": NVIDIA kernels run through the CUDA
    driver, whose absence is a QNNError when the model runs) and loads it. The
    intermediate files go to `workdir` (kept; `compiled.workdir`) or a new
    private temporary directory (mode 0700, an unpredictable name), removed
    before compile returns or raises, or at interpreter exit
    (`compiled.workdir` is None).

    `input_shapes` ({name: shape}) fixes the dynamic dimensions of graph
    inputs; `constant_inputs` ({name: array}) gives graph inputs whose values
    are known at compile time (shapes, axes, sizes that qnn, which compiles
    static shapes, must know): they leave the compiled model's inputs."""
    if target not in _TARGETS and target not in _GPU_TARGETS:
        raise QNNError("unknown target '%s' (one of %s)" % (
            target, ", ".join(list(_TARGETS) + list(_GPU_TARGETS))))
    keep = workdir is not None
    if keep:
        workdir = os.fspath(workdir)
        os.makedirs(workdir, exist_ok=True)
    else:
        workdir = _private_workdir()
    try:
        if isinstance(model, (str, os.PathLike)):
            onnx_path = os.fspath(model)
            if not os.path.exists(onnx_path):
                raise QNNError("no such ONNX file: %s" % onnx_path)
        else:
            from .export import export as export_onnx
            if example_inputs is None:
                raise QNNError("compiling a PyTorch model needs example_inputs")
            onnx_path = os.path.join(workdir, "model.onnx")
            export_onnx(model, example_inputs, onnx_path)
        steps, lib = compile_commands(onnx_path, workdir, target, input_shapes,
                                      constant_inputs)
        for what, cmd in steps:
            _run(cmd, what)
        if threads is not None:
            runtime().qnn_set_num_threads(int(threads))
        compiled = CompiledModel(lib)
        compiled.workdir = workdir if keep else None
        return compiled
    finally:
        # The loaded library stays mapped after its file is removed.
        if not keep:
            _remove_workdir(workdir)
