#!/usr/bin/env python3
"""Trim the generated AWS SDK crates to the operations authgate calls.

The aws-sdk-* crates are generated: every operation of a service is a module tree (input,
output, builders, errors, serializers, the fluent client method), so aws-sdk-iam compiles 180
operations for the dozen authgate calls. This script copies the crates.io source of each crate
named in vendor/aws-sdk/keep.toml and deletes, mechanically, the operations not listed there and
whatever then has no user left (serializers, shapes, types, waiters, lenses, helpers). No line
of the remaining code is edited: what compiles is AWS's published code, minus whole items.
Cargo.toml loses its dev-dependencies and the nightly-only `[hints]`, and allows unused code.

    python3 scripts/trim-aws-sdk.py           # regenerate vendor/aws-sdk/<crate>
    python3 scripts/trim-aws-sdk.py --check   # fail if vendor/ differs from a fresh trim

The original .crate comes from cargo's registry cache; if it is not there (the patch means
cargo never downloads it), a throwaway project fetches it.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor" / "aws-sdk"
KEEP = VENDOR / "keep.toml"

# Module lists whose children are removed once nothing outside them names them.
PRUNABLE_PARENTS = ("protocol_serde", "types", "types/error", "waiters")
# Files whose top-level items (and the items inside their trait/impl blocks) are dropped when
# they name a removed module: the per-operation From impls, paginator lenses, waiter methods.
ITEM_PRUNED_FILES = ("error_meta.rs", "lens.rs", "client.rs", "types.rs", "types/builders.rs",
                     "types/error.rs", "types/error/builders.rs", "waiters.rs", "operation.rs",
                     "protocol_serde.rs", "serde_util.rs")
# Files of crate-private helper functions: a helper nothing else calls any more goes too.
HELPER_FILES = ("serde_util.rs", "lens.rs")

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Every `a::b` step of a path, overlapping: `crate::operation::x` gives (crate, operation), (operation, x).
PATH_STEP = re.compile(r"(?<![A-Za-z0-9_])(?=([A-Za-z_][A-Za-z0-9_]*)::([A-Za-z_][A-Za-z0-9_]*))")


# --- a small Rust scanner: enough for generated code --------------------------------------

LITERAL_OR_COMMENT = re.compile(
    r"//[^\n]*"                      # line comment
    r"|/\*.*?\*/"                    # block comment (generated code does not nest them)
    r'|b?r(?P<h>#*)".*?"(?P=h)'       # raw string
    r'|b?"(?:\\.|[^"\\])*"'           # string
    r"|'(?:\\.[^']*|[^\\'])'",        # char; a lifetime does not close
    re.S,
)


def code_mask(text: str) -> str:
    """`text` with comments and string/char literals blanked (same length, newlines kept)."""
    return LITERAL_OR_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def split_items(text: str, mask: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the items between start and end; each span carries its docs and attributes."""
    items, depth, item_start, i = [], 0, start, start
    while i < end:
        c = mask[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0 and c == "]" and mask[item_start:i].lstrip().startswith("#!"):
                items.append((item_start, i + 1))  # an inner attribute stands alone
                item_start = i + 1
            elif depth == 0 and c == "}":
                j = i + 1
                while j < end and mask[j].isspace():
                    j += 1
                if j < end and mask[j] == ";":
                    i = j
                items.append((item_start, i + 1))
                item_start = i + 1
        elif c == ";" and depth == 0:
            items.append((item_start, i + 1))
            item_start = i + 1
        i += 1
    return items


def body_span(mask: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The inside of a trait or impl block's braces, else None."""
    head = mask[span[0]:span[1]]
    m = re.search(r"\b(impl|trait)\b[^{;]*\{", head)
    if not m or not re.match(r"\s*(pub(\([^)]*\))?\s*)?(unsafe\s+)?(impl|trait)\b", re.sub(r"#\[[^\]]*\]", "", head).lstrip()):
        return None
    open_at = span[0] + m.end()
    close_at = span[1] - 1
    while mask[close_at] != "}":
        close_at -= 1
    return open_at, close_at


# --- the crate as units ---------------------------------------------------------------------

class Unit:
    """One file, or one item of an item-pruned file."""

    def __init__(self, path: Path, span: tuple[int, int] | None, code: str):
        self.path, self.span = path, span
        self.idents = set(IDENT.findall(code))
        self.paths = set(PATH_STEP.findall(code))
        self.alive = True


def module_of(src: Path, path: Path) -> tuple[str, str] | None:
    """(parent, child) for src/<parent>/<child>.rs and everything under src/<parent>/<child>/."""
    rel = path.relative_to(src).as_posix()
    for parent in sorted(PRUNABLE_PARENTS + ("operation", "client"), key=len, reverse=True):
        if rel.startswith(parent + "/"):
            rest = rel[len(parent) + 1:]
            child = rest.split("/")[0].removesuffix(".rs")
            if child in ("builders", "error") and parent in ("types", "types/error", "operation"):
                if "/" not in rest:
                    return None
            return parent, child
    return None


def trim(src: Path, keep_ops: set[str]) -> None:
    all_ops = {p.stem for p in (src / "operation").glob("*.rs")}
    missing = keep_ops - all_ops
    if missing:
        sys.exit(f"trim-aws-sdk: {src.parent.name} has no operation {sorted(missing)}")
    removed_ops = all_ops - keep_ops

    texts: dict[Path, str] = {p: p.read_text() for p in src.rglob("*.rs")}
    masks = {p: code_mask(t) for p, t in texts.items()}
    units: list[Unit] = []
    file_units: dict[Path, Unit] = {}
    item_units: dict[Path, list[Unit]] = {}
    groups: dict[tuple[str, str], list[Unit]] = {}
    for p, text in texts.items():
        rel = p.relative_to(src).as_posix()
        mod = module_of(src, p)
        if rel in ITEM_PRUNED_FILES:
            lst = []
            for span in split_items(text, masks[p], 0, len(text)):
                inner = body_span(masks[p], span)
                if inner and rel == "client.rs":
                    lst.append(Unit(p, (span[0], inner[0]), masks[p][span[0]:inner[0]]))
                    for sub in split_items(text, masks[p], inner[0], inner[1]):
                        lst.append(Unit(p, sub, masks[p][sub[0]:sub[1]]))
                    lst.append(Unit(p, (inner[1], span[1]), masks[p][inner[1]:span[1]]))
                else:
                    lst.append(Unit(p, span, masks[p][span[0]:span[1]]))
            item_units[p] = lst
            units.extend(lst)
        else:
            u = Unit(p, None, masks[p])
            units.append(u)
            file_units[p] = u
            if mod:
                groups.setdefault(mod, []).append(u)

    # The declaration (`mod x;`) and re-exports (`pub use crate::types::_x::X;`) of a module
    # belong to its group: they name it but do not use it.
    names: dict[tuple[str, str], set[str]] = {g: {g[1]} for g in groups}
    for p, lst in item_units.items():
        rel = p.relative_to(src).as_posix().removesuffix(".rs")
        for u in lst:
            code = masks[p][u.span[0]:u.span[1]]
            decl = re.search(r"\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;", code)
            if decl and (rel, decl.group(1)) in groups:
                groups[(rel, decl.group(1))].append(u)
                continue
            reexport = re.search(r"\buse\s+crate::([a-z_:]+)::(_[a-z0-9_]+)::([A-Za-z0-9_]+)\s*;", code)
            if reexport:
                g = (reexport.group(1).replace("::", "/"), reexport.group(2))
                if g in groups:
                    groups[g].append(u)
                    names[g].add(reexport.group(3))

    removed_paths: set[tuple[str, str]] = set()
    helper_files = [p for p in item_units if p.relative_to(src).as_posix() in HELPER_FILES]

    def drop(g: tuple[str, str]) -> None:
        for u in groups.pop(g):
            u.alive = False
        parent = g[0].split("/")[-1]
        removed_paths.add((parent, g[1]))

    for op in removed_ops:
        for parent in ("operation", "client"):
            if (parent, op) in groups:
                drop((parent, op))

    changed = True
    while changed:
        changed = False
        # Items and prunable modules that name a removed module go too.
        for u in units:
            if u.alive and u.paths & removed_paths and u.span is not None:
                rel = u.path.relative_to(src).as_posix()
                if rel in ITEM_PRUNED_FILES:
                    u.alive, changed = False, True
        for g in [g for g in groups if g[0] in PRUNABLE_PARENTS]:
            if any(u.paths & removed_paths for u in groups[g]):
                drop(g)
                changed = True
        # Prunable modules and helpers nobody outside them names any more.
        used: dict[str, int] = {}
        for u in units:
            if u.alive:
                for ident in u.idents:
                    used[ident] = used.get(ident, 0) + 1
        for p in helper_files:
            for u in item_units[p]:
                fn = re.search(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)", masks[p][u.span[0]:u.span[1]])
                if u.alive and fn and used.get(fn.group(1), 0) == 1:
                    u.alive, changed = False, True
        for g in [g for g in groups if g[0] in PRUNABLE_PARENTS]:
            own: dict[str, int] = {}
            for u in groups[g]:
                for ident in u.idents & names[g]:
                    own[ident] = own.get(ident, 0) + 1
            if all(used.get(n, 0) == own.get(n, 0) for n in names[g]):
                drop(g)
                changed = True

    # Write back: drop dead files and dead items; empty directories go too.
    for p, text in texts.items():
        if p in item_units:
            dead = sorted(u.span for u in item_units[p] if not u.alive)
            if dead:
                out, at = [], 0
                for a, b in dead:
                    out.append(text[at:a])
                    at = b
                out.append(text[at:])
                p.write_text("".join(out))
        elif not file_units[p].alive:
            p.unlink()
    for d in sorted((d for d in src.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
        if not any(d.iterdir()):
            d.rmdir()

    left = [(p, m) for p in src.rglob("*.rs")
            for m in re.finditer(r"\boperation::([a-z0-9_]+)\b", code_mask(p.read_text()))
            if m.group(1) in removed_ops]
    if left:
        where = ", ".join(f"{p.relative_to(src)}: operation::{m.group(1)}" for p, m in left[:5])
        sys.exit(f"trim-aws-sdk: removed operations are still named in {where}")


def trim_manifest(manifest: Path) -> None:
    """Drop dev-dependencies, tests and benches (nothing here builds them); allow unused code."""
    kept, skip = [], False
    for line in manifest.read_text().splitlines(keepends=True):
        if line.startswith("["):
            skip = bool(re.match(r"\[(hints\]|dev-dependencies|\[test\]|\[bench\]|\[example\])", line.strip()))
        if not skip:
            kept.append(line)
    # What is left of a helper whose last caller went is dead code, not a fault: stay quiet.
    kept.append('\n[lints.rust]\nunused = "allow"\n')
    manifest.write_text("".join(kept))


# --- getting the published source ---------------------------------------------------------

def crate_archives(versions: dict[str, str]) -> dict[str, Path]:
    """The published .crate of each name → version, fetched in one go if not cached."""
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))

    def cached(name: str) -> Path | None:
        found = sorted(cargo_home.glob(f"registry/cache/*/{name}-{versions[name]}.crate"))
        return found[0] if found else None

    missing = [name for name in versions if cached(name) is None]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            deps = "".join(f'{n} = {{ version = "={versions[n]}", default-features = false }}\n' for n in missing)
            Path(tmp, "Cargo.toml").write_text(
                '[package]\nname = "fetch-aws-sdk"\nversion = "0.0.0"\nedition = "2021"\n\n'
                f"[dependencies]\n{deps}\n[workspace]\n")
            Path(tmp, "src").mkdir()
            Path(tmp, "src", "lib.rs").write_text("")
            subprocess.run(["cargo", "fetch", "--quiet"], cwd=tmp, check=True)
    archives = {name: cached(name) for name in versions}
    lost = [name for name, path in archives.items() if path is None]
    if lost:
        sys.exit(f"trim-aws-sdk: cargo fetched {lost} but their .crate files are not in the cache")
    return archives


def build(out: Path, spec: dict) -> None:
    crates = spec["crate"]
    archives = crate_archives({name: entry["version"] for name, entry in crates.items()})
    for name, entry in crates.items():
        dest = out / name
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(archives[name]) as tar:
                tar.extractall(tmp, filter="data")
            shutil.copytree(Path(tmp) / f"{name}-{entry['version']}", dest)
        for extra in ("tests", "benches", "examples", "Cargo.toml.orig", "Cargo.lock", ".cargo_vcs_info.json"):
            target = dest / extra
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        trim_manifest(dest / "Cargo.toml")
        trim(dest / "src", set(entry["operations"]))
        print(f"trim-aws-sdk: {name} {entry['version']}: kept {len(entry['operations'])} operations")


def differences(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    diffs = [f"only in {p}: {n}" for p, names in ((a, cmp.left_only), (b, cmp.right_only)) for n in names]
    diffs += [str(a / n) for n in cmp.diff_files]
    for sub in cmp.common_dirs:
        diffs += differences(a / sub, b / sub)
    return diffs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare vendor/aws-sdk with a fresh trim")
    args = parser.parse_args()
    spec = tomllib.loads(KEEP.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), spec)
        if args.check:
            diffs = [d for name in spec["crate"] for d in differences(VENDOR / name, Path(tmp) / name)]
            if diffs:
                sys.exit("trim-aws-sdk: vendor/aws-sdk differs from a fresh trim; rerun "
                         "scripts/trim-aws-sdk.py\n  " + "\n  ".join(diffs[:20]))
            print("trim-aws-sdk: vendor/aws-sdk matches a fresh trim of the published crates")
            return
        for name in spec["crate"]:
            shutil.rmtree(VENDOR / name, ignore_errors=True)
            shutil.copytree(Path(tmp) / name, VENDOR / name)


if __name__ == "__main__":
    main()
