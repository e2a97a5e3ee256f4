#!/usr/bin/env python3
"""The import rules the compiler does not hold, over each crate's file-level import graph.

A file imports another when it names a module the other file is: in a `use` (re-exports
too) or in a path in its code (`crate::state::State`, `child::f` for a `mod child;` it
declares). Paths are resolved to the longest module prefix that is a file. A file naming one
of its own ancestors (`super::Session` in flow/step1.rs) is not an arrow: a module's scope is
its parent's. A parent naming its children is one (dispatch, re-exports), so a child that
comes back to a parent for a helper its parent also routes to is a circle only through a
sibling or a cousin, and a helper two children share belongs in a file of its own. Each crate's graph must be
acyclic: the import circles it finds are printed, and any circle not listed in the allowlist
(one circle a line, its files in order from the smallest, joined by ` -> `) fails the check.
A listed circle that is gone is reported too, so the list only shrinks.

In the root package, the lower rooms never import the upper ones: `flow`, `state` and
`authorizer_code` (and the files beside them: `steps.rs`, `snippets`) never name `app`,
`ui`, `tasks`, `event`, `commands` or `boot`, and never use ratatui or crossterm.

Usage: check-imports.py [--allowlist FILE] [--list] (run from the repository root).
"""

import argparse
import re
import sys
from pathlib import Path

CRATES = {
    "authgate": Path("src"),
    "authgate-core": Path("crates/authgate-core/src"),
    "authgate-sandbox": Path("crates/authgate-sandbox/src"),
    "authgate-providers": Path("crates/authgate-providers/src"),
}

LOWER = ("flow", "state", "authorizer_code", "steps", "snippets")
UPPER = ("app", "ui", "tasks", "event", "commands", "boot")
UI_CRATES = ("ratatui", "crossterm")

COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'r#*"(?:.|\n)*?"#*|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'')
USE = re.compile(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);")
PATH = re.compile(r"(?<![\w:])((?:crate|super|self|[a-z_][a-z0-9_]*)(?:::[A-Za-z_][A-Za-z0-9_]*)+)")
MOD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([a-z_][a-z0-9_]*)\s*;", re.M)


def modules(root: Path) -> dict:
    """Module path (tuple) -> file, for every .rs file under `root`."""
    out = {}
    for file in root.rglob("*.rs"):
        rel = file.relative_to(root).with_suffix("")
        parts = rel.parts
        if parts in (("lib",), ("main",)):
            parts = ()
        elif parts[-1] == "mod":
            parts = parts[:-1]
        out[parts] = file
    return out


def strip(text: str) -> str:
    return COMMENT.sub(" ", STRING.sub('""', text))


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> ["a::b", "a::c::d", "a::c::e"] (aliases and globs dropped)."""
    tree = re.sub(r"\s+as\s+[A-Za-z_][A-Za-z0-9_]*", "", tree)
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix: str, rest: str) -> None:
        i = rest.find("{")
        if i < 0:
            for item in split(rest):
                item = item.rstrip("*").rstrip(":")
                out.append(prefix + item if item not in ("", "self") else prefix.rstrip(":"))
            return
        head, body = rest[:i], rest[i + 1 : rest.rfind("}")]
        for part in split(body):
            walk(prefix + head, part)

    walk("", tree)
    return [p for p in out if p]


def split(text: str) -> list:
    """Splits on commas outside braces."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p for p in parts if p]


def resolve(path: str, here: tuple, children: set, mods: dict):
    """The file a path names, from the module `here`, or None (another crate, a local)."""
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = (), segs[1:]
    elif segs[0] in ("super", "self"):
        base = here
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    elif segs[0] in children:
        base = here
    else:
        return None
    full = base + tuple(segs)
    for n in range(len(full), -1, -1):
        if full[:n] in mods and n >= len(base):
            return mods[full[:n]]
    return mods.get(base)


def graph(root: Path):
    mods = modules(root)
    by_file = {f: m for m, f in mods.items()}
    edges, ui_uses = {}, {}
    for file, here in by_file.items():
        text = strip(file.read_text())
        children = set(MOD.findall(text))
        targets = set()
        for m in USE.finditer(text):
            for p in expand(m.group(2)):
                first = p.split("::")[0]
                if first in UI_CRATES:
                    ui_uses.setdefault(file, set()).add(first)
                t = resolve(p, here, children, mods)
                if t:
                    targets.add(t)
        code = USE.sub(" ", text)
        for p in PATH.findall(code):
            first = p.split("::")[0]
            if first in UI_CRATES:
                ui_uses.setdefault(file, set()).add(first)
            t = resolve(p, here, children, mods)
            if t:
                targets.add(t)
        # A module's own scope is its parent's: a child naming an ancestor (`super::Session`,
        # `crate::flow::Session` from flow/step1.rs) is inside that module, not an arrow.
        edges[file] = {t for t in targets if by_file[t] != here[: len(by_file[t])]}
    return edges, ui_uses


def circles(edges: dict) -> list:
    """Each strongly connected component of more than one file (Tarjan), sorted."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
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
                out.append(sorted(str(c) for c in comp))

    for v in sorted(edges, key=str):
        if v not in index:
            visit(v)
    return sorted(out)


def upward(root: Path, edges: dict, ui_uses: dict) -> list:
    bad = []
    for file, targets in edges.items():
        rel = file.relative_to(root).parts
        if rel[0].removesuffix(".rs") not in LOWER:
            continue
        for t in targets:
            if t.relative_to(root).parts[0].removesuffix(".rs") in UPPER:
                bad.append(f"{file} imports {t}")
        for crate in sorted(ui_uses.get(file, ())):
            bad.append(f"{file} uses {crate}")
    return sorted(bad)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allowlist", type=Path, default=Path("scripts/import-circles.allow"))
    parser.add_argument("--list", action="store_true", help="print every circle found")
    args = parser.parse_args()
    allowed = set()
    if args.allowlist.exists():
        for line in args.allowlist.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                allowed.add(line)
    failed, seen = False, set()
    for crate, root in CRATES.items():
        if not root.is_dir():
            continue
        edges, ui_uses = graph(root)
        for comp in circles(edges):
            key = " -> ".join(comp)
            seen.add(key)
            known = key in allowed
            if args.list or not known:
                print(f"{crate}: {'known' if known else 'NEW'} import circle ({len(comp)} files): {key}")
            failed |= not known
        if crate == "authgate":
            for line in upward(root, edges, ui_uses):
                print(f"authgate: upward import: {line}")
                failed = True
    for gone in sorted(allowed - seen):
        print(f"listed circle no longer there (take it off {args.allowlist}): {gone}")
    if failed:
        print(
            "import check failed: break the circle (move the shared piece into a file of its own) "
            "or the upward import; see ARCHITECTURE.md, 'What may import what'",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
