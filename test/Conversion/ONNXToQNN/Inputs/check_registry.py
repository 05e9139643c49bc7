"""Reads qnn-onnx-ops' listing (stdin) and SinceVersions.inc (argv[1]):
every row has a domain, an operator, the since-versions qnn reads, the
operator's since-versions (default domain) and a family; in the default
domain the versions read are the changelog's and the tool prints the
changelog's row; an operator is listed once per domain. Prints the counts
and every violation."""
import re
import sys

changelog = {}
for m in re.finditer(r'^\{"(\w+)", \{([0-9, ]*)\}\},$', open(sys.argv[1]).read(), re.M):
    changelog[m.group(1)] = [int(v) for v in m.group(2).split(",") if v.strip()]

problems, seen, domains = [], set(), {}
for line in sys.stdin:
    cols = line.rstrip("\n").split("\t")
    if len(cols) != 5:
        problems.append("malformed row: %r" % line)
        continue
    domain, op, read, onnx, family = cols
    read = [int(v) for v in read.split(", ") if v]
    if (domain, op) in seen:
        problems.append("%s %s listed twice" % (domain, op))
    seen.add((domain, op))
    domains[domain] = domains.get(domain, 0) + 1
    if not read or read != sorted(set(read)):
        problems.append("%s %s reads %s" % (domain, op, read))
    if not family:
        problems.append("%s %s has no family" % (domain, op))
    if domain == "ai.onnx":
        versions = changelog.get(op)
        if versions is None:
            problems.append("%s is not an ONNX operator" % op)
            continue
        if onnx != ", ".join(map(str, versions)):
            problems.append("%s: the tool prints %s, the changelog has %s" % (op, onnx, versions))
        for v in read:
            if v not in versions:
                problems.append("%s-%d is registered but %s's since-versions are %s"
                                % (op, v, op, versions))
    elif onnx:
        problems.append("%s %s (not the default domain) prints ONNX versions" % (domain, op))
print("changelog operators: %d" % len(changelog))
for d in sorted(domains):
    print("domain %s: %d operators" % (d, domains[d]))
for p in problems:
    print("PROBLEM: " + p)
print("problems: %d" % len(problems))
