"""Fails if modules of the billfold crate (sdk/src) refer to each other in a cycle (`crate::…` / `super::…` paths,
doc links included): the layout must stay a one-way graph (domain <- store <- gateways, payments <- web)."""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "sdk/src"
modules = {}
for root, _, files in os.walk(ROOT):
    for f in files:
        if f.endswith(".rs"):
            path = os.path.join(root, f)
            parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib"):
                parts = parts[:-1]
            modules["::".join(parts)] = path


def resolve(current, path):
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    else:
        base = current[:-1]
        segs = segs[1:]
        while segs and segs[0] == "super":
            base, segs = base[:-1], segs[1:]
    for i in range(len(segs), -1, -1):
        name = "::".join(base + segs[:i])
        if name in modules:
            return name
    return None


graph = {m: set() for m in modules}
for name, path in modules.items():
    current = name.split("::") if name else []
    for ref in re.findall(r"\b((?:crate|super)(?:::\w+)+)", open(path, encoding="utf-8").read()):
        target = resolve(current, ref)
        if target and target != name and not name.startswith(target + "::") and not target.startswith(name + "::"):
            graph[name].add(target)

sys.setrecursionlimit(10000)
index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            cycles.append(sorted(component))


for v in graph:
    if v not in index:
        visit(v)
for c in cycles:
    print("module cycle: " + " <-> ".join(c), file=sys.stderr)
sys.exit(1 if cycles else 0)
