"""qnn.compile's temporary build directories: private (mode 0700, even
under umask 0), unpredictable names, removed after a compile that succeeds,
one that fails, and at interpreter exit while a compile is still running on
another thread; a forked child's exit leaves its parent's directory alone;
a workdir the caller names is kept.

Usage: check_workdirs.py <scratch dir>; TMPDIR must be <scratch>/tmp
(created here: tempfile reads it at its first use)."""
import os
import stat
import subprocess
import sys
import threading

scratch = sys.argv[1]
tmp = os.path.join(scratch, "tmp")
assert os.environ.get("TMPDIR") == tmp, "run with TMPDIR=%s" % tmp
os.makedirs(tmp, exist_ok=True)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

import qnn  # noqa: E402
from qnn import compiler  # noqa: E402

onnx_path = os.path.join(scratch, "relu.onnx")
graph = helper.make_graph(
    [helper.make_node("Relu", ["x"], ["y"])], "relu",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]),
          onnx_path)
broken = os.path.join(scratch, "broken.onnx")
with open(broken, "wb") as f:
    f.write(b"\x08\x07 this is not an ONNX model")


def leftovers():
    return sorted(os.listdir(tmp))


# Every step of a compile runs in the directory it was given: record what
# the directory looks like while the compiler works in it.
seen = []
real_run = compiler._run


def watching_run(cmd, what):
    dirs = {os.path.dirname(a) for a in cmd
            if isinstance(a, str) and a.startswith(tmp + os.sep)}
    for d in dirs:
        st = os.stat(d)
        seen.append((d, stat.S_IMODE(st.st_mode), st.st_uid))
    return real_run(cmd, what)


compiler._run = watching_run
old_umask = os.umask(0)
model = qnn.compile(onnx_path, target="generic")
os.umask(old_umask)
y = model(np.array([[-1.0, 2.0, -3.0, 4.0]], np.float32))
dirs = sorted({d for d, _, _ in seen})
print("compiled: y = %s, workdir attribute %s" % (y.tolist(), model.workdir))
print("build directories: %d, modes %s, owned by me: %s" % (
    len(dirs), sorted({"%o" % m for _, m, _ in seen}),
    all(uid == os.getuid() for _, _, uid in seen)))
print("after success, left in TMPDIR: %s" % leftovers())

# Names differ from compile to compile and carry no counter or pid.
seen.clear()
qnn.compile(onnx_path, target="generic")
second = sorted({d for d, _, _ in seen})
names = [os.path.basename(d) for d in dirs + second]
print("two compiles, different names: %s, pid in a name: %s" % (
    len(set(names)) == 2, any(str(os.getpid()) in n for n in names)))

# A failing compile removes its directory too.
seen.clear()
try:
    qnn.compile(broken, target="generic")
    print("broken: compiled?")
except qnn.QNNError as e:
    print("broken: QNNError: %s" % str(e).splitlines()[0].split(":")[0])
print("after failure, left in TMPDIR: %s (it was used: %s)" % (
    leftovers(), bool(seen)))

# A forked child's exit (atexit handlers run) does not remove the
# directory of a compile its parent is running.
survived = []


def forking_run(cmd, what):
    d = [a for a in cmd if isinstance(a, str) and a.startswith(tmp + os.sep)]
    sys.stdout.flush()  # (the child would print the buffer again)
    pid = os.fork()
    if pid == 0:
        sys.exit(0)  # runs the atexit handlers, as any Python exit does
    os.waitpid(pid, 0)
    survived.append(os.path.isdir(os.path.dirname(d[0])))
    return real_run(cmd, what)


compiler._run = forking_run
qnn.compile(onnx_path, target="generic")
compiler._run = real_run
print("forked children's exits: parent's directory survived %s" %
      all(survived))
print("after the forks, left in TMPDIR: %s" % leftovers())

# A named workdir is the caller's: kept, with the files in it.
keep = os.path.join(scratch, "kept")
model = qnn.compile(onnx_path, target="generic", workdir=keep)
print("named workdir: attribute matches %s, library kept %s" % (
    model.workdir == keep, os.path.exists(os.path.join(keep, "model.so"))))

# The interpreter exits while another thread is in the middle of a
# compile: the directory goes at exit.
child = r"""
import os, sys, threading
sys.path.insert(0, %r)
import qnn
from qnn import compiler
started, never = threading.Event(), threading.Event()
def stuck_run(cmd, what):
    started.set()
    never.wait()
compiler._run = stuck_run
threading.Thread(target=qnn.compile, args=(%r,), kwargs={"target": "generic"},
                 daemon=True).start()
started.wait()
print("child: compiling, TMPDIR holds %%d" %% len(os.listdir(%r)))
sys.exit(0)
""" % (os.path.dirname(os.path.dirname(compiler.__file__)), onnx_path, tmp)
out = subprocess.run([sys.executable, "-c", child], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True)
print(out.stdout.strip())
print("after exit mid-compile, left in TMPDIR: %s" % leftovers())
