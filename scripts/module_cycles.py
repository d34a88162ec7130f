#!/usr/bin/env python3
"""Fails when a module of a crate imports one that imports it back, directly or in a longer
circle: `python3 scripts/module_cycles.py crates/phi-lint/src crates/cli`.

A module depends on another when its code names it by a `crate::` or `super::` path, also
through a `pub use` re-export (`crate::Linter` is a use of `linter`). Comments are not code.
A module and its own submodules are one unit: edges between them are not counted. An inline
`#[cfg(test)] mod tests { … }` is a module of its own (nothing imports it), so a unit test may
use the crate's public API without that counting as its parent's dependency.
"""

import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z_0-9]*"


def expand(text):
    """`crate::{a, b::{c, d}}` → `crate::a crate::b::c crate::b::d` (same for `super::`)."""
    out, i = [], 0
    for m in re.finditer(r"\b(crate|super)::((?:%s::)*)\{" % IDENT, text):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        items, depth, start = [], 0, m.end()
        for k in range(m.end(), j - 1):
            c = text[k]
            depth += {"{": 1, "}": -1}.get(c, 0)
            if c == "," and depth == 0:
                items.append(text[start:k])
                start = k + 1
        items.append(text[start : j - 1])
        prefix = m.group(1) + "::" + m.group(2)
        out.append(expand(" ".join(prefix + it.strip() for it in items if it.strip())))
        out.append(text[i : m.start()])
        i = j
    out.append(text[i:])
    return " ".join(out)


def paths(code):
    """Every `crate::…`/`super::…` path in `code`, as a list of segments."""
    return [p.split("::") for p in re.findall(r"\b(?:crate|super)(?:::%s)+" % IDENT, expand(code))]


def read_modules(root):
    """{module path: code}, with inline test modules split off as modules of their own."""
    mods = {}
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)[: -len(".rs")]
            parts = [p for p in rel.split(os.sep) if p != "mod"]
            name = "::".join(parts) if parts not in (["lib"], ["main"]) else "crate"
            lines = [re.sub(r"//.*", "", line) for line in open(os.path.join(dirpath, f))]
            code, test = [], None
            for line in lines:
                m = re.match(r"mod (%s) \{" % IDENT, line)
                if test is None and m and code and code[-1].strip() == "#[cfg(test)]":
                    test = (m.group(1), [])
                elif test is not None and line.rstrip() == "}":
                    mods[join(name, test[0])] = "".join(test[1])
                    test = None
                elif test is not None:
                    test[1].append(line)
                else:
                    code.append(line)
            mods[name] = mods.get(name, "") + "".join(code)  # lib.rs and main.rs are both `crate`
    return mods


def join(parent, child):
    return child if parent == "crate" else parent + "::" + child


def resolve(segs, here, mods, reexports):
    """The module a path names: its longest module prefix, followed through re-exports."""
    if segs[0] == "super":
        parent = here.rsplit("::", 1)[0] if "::" in here else "crate"
        segs = [parent] + segs[1:] if parent != "crate" else ["crate"] + segs[1:]
    mod = "crate"
    for seg in segs[1:]:
        if join(mod, seg) in mods:
            mod = join(mod, seg)
        elif (mod, seg) in reexports:
            mod = reexports[(mod, seg)]
        else:
            break
    return mod


def graph(root):
    mods = read_modules(root)
    reexports = {}
    for name, code in mods.items():
        for m in re.finditer(r"pub use (%s(?:::%s)*)::(?:\{([^}]*)\}|(%s));" % (IDENT, IDENT, IDENT), code):
            segs = m.group(1).split("::")
            if segs[0] not in ("crate", "super"):  # relative to this module
                segs = ["crate"] + ([] if name == "crate" else name.split("::")) + segs
            target = resolve(segs, name, mods, {})
            for item in (m.group(2) or m.group(3)).split(","):
                if item.strip():
                    reexports[(name, item.strip())] = target
    def related(a, b):
        return a == b or a.startswith(b + "::") or b.startswith(a + "::") or "crate" in (a, b)
    return {
        name: {d for d in (resolve(p, name, mods, reexports) for p in paths(code)) if not related(name, d)}
        for name, code in mods.items()
    }


def cycles(g):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def self_test():
    """The check finds a circle through a re-export and a `use` group, and ignores unit tests."""
    import tempfile

    crate = {
        "lib.rs": "mod a;\nmod b;\nmod c;\npub use c::Thing;\n",
        "a.rs": "use crate::{b::{self, B}, Thing};\n",  # a -> b, a -> c (re-export)
        "b.rs": "// crate::a in a comment is not an import\n"
        "#[cfg(test)]\nmod tests {\n    use crate::a::A;\n}\n",
        "c.rs": "use super::b::B;\n",
    }
    with tempfile.TemporaryDirectory() as root:
        for name, code in crate.items():
            open(os.path.join(root, name), "w").write(code)
        assert cycles(graph(root)) == [], graph(root)
        open(os.path.join(root, "b.rs"), "a").write("fn f() -> crate::Thing { todo!() }\n")
        assert cycles(graph(root)) == [["b", "c"]], graph(root)


def main(roots):
    self_test()
    bad = 0
    for root in roots:
        g = graph(root)
        for comp in cycles(g):
            bad += 1
            edges = [f"{a} -> {b}" for a in comp for b in sorted(g[a]) if b in comp]
            print(f"{root}: modules in a circle: {', '.join(comp)}\n  " + "\n  ".join(edges))
        print(f"{root}: {len(g)} modules, {sum(map(len, g.values()))} imports between them")
    if bad:
        sys.exit(1)
    print("no module imports one that imports it back")


if __name__ == "__main__":
    main(sys.argv[1:] or ["crates/phi-lint/src", "crates/cli"])
