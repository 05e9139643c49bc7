"""Writes the PTX of every kernel a qnn-gpu-pipeline module embeds
(`gpu.binary` objects in format isa) to <prefix>.<n>.ptx, and prints the
number written and the targets named.

    extract_ptx.py <lowered.mlir> <prefix>
"""
import re
import sys

text = open(sys.argv[1]).read()
count, targets = 0, set()
for escaped in re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', text):
    # MLIR string escapes: \\ and \XX (two hex digits).
    ptx = re.sub(r"\\([0-9A-Fa-f]{2}|\\)",
                 lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1), 16)), escaped)
    targets.update(re.findall(r"^\.target (\S+)", ptx, re.M))
    with open("%s.%d.ptx" % (sys.argv[2], count), "w") as f:
        f.write(ptx)
    count += 1
print("extract_ptx.py: %d kernels, targets %s" % (count, " ".join(sorted(targets))))
