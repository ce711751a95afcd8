#!/usr/bin/env python3
"""Regenerate gofixmap's Go parser (grammar/src/) from grammar/grammar.js.

Build-time tools only (the installed package needs none of them):

- the tree-sitter CLI, exactly version 0.25.10
  (``cargo install --locked tree-sitter-cli@0.25.10``; the npm package
  ``tree-sitter-cli`` downloads a binary when installed and fails without it);
- node, which the CLI runs to evaluate grammar.js;
- npm, to fetch the grammar that grammar.js extends: the npm package
  ``tree-sitter-go`` 0.25.0, checked against its pinned sha512.

The output is byte for byte what is committed: ``--check`` says whether it is.

Usage::

    python grammar/regenerate.py            # rewrite grammar/src/
    python grammar/regenerate.py --check    # exit 1 if grammar/src/ differs
    python grammar/regenerate.py --out DIR  # write DIR/ instead

Exit status: 0 done (or identical), 1 differs (``--check``), 3 a tool or the
npm registry is unavailable (the message says which).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CLI_VERSION = "0.25.10"
ABI = "15"  # the parser ABI; py-tree-sitter >= 0.25 loads ABI 13 to 15
BASE = "tree-sitter-go@0.25.0"
BASE_INTEGRITY = (  # npm's dist.integrity of BASE
    "sha512-APBc/Dq3xz/e35Xpkhb1blu5UgW+2E3RyGWawZSCNcbGwa7jhSQPS8KsUupuzBla8PCo8+lz9W/JDJjmfRa2tw=="
)

# The generated files, relative to src/.
OUTPUTS = (
    "parser.c",
    "grammar.json",
    "node-types.json",
    "tree_sitter/alloc.h",
    "tree_sitter/array.h",
    "tree_sitter/parser.h",
)

UNAVAILABLE = 3


class Unavailable(Exception):
    """A build-time tool (or the npm registry) is missing."""


def find_cli() -> str:
    candidates = [os.environ.get("TREE_SITTER", ""), shutil.which("tree-sitter") or ""]
    candidates.append(str(Path.home() / ".cargo" / "bin" / "tree-sitter"))
    found = []
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            out = subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        version = out.split()[1] if len(out.split()) > 1 else out.strip()
        if version == CLI_VERSION:
            return candidate
        found.append(f"{candidate} is {version}")
    raise Unavailable(
        f"tree-sitter CLI {CLI_VERSION} not found"
        + (f" ({'; '.join(found)})" if found else "")
        + f": cargo install --locked tree-sitter-cli@{CLI_VERSION} (or set TREE_SITTER)"
    )


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise Unavailable(f"{tool} not found on PATH")
    return path


def fetch_base(npm: str, into: Path) -> None:
    """``BASE``'s package, checked and unpacked as ``into/node_modules/tree-sitter-go``."""
    into.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "pack",
            "--fetch-retries=1",
            "--fetch-timeout=60000",
            "--pack-destination",
            str(into),
            BASE,
        ],
        capture_output=True,
        text=True,
        cwd=into,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.startswith("npm error")]
        why = next((line for line in lines if " code" in line), lines[0] if lines else "")
        raise Unavailable(f"npm pack {BASE} failed: {why or done.stderr.strip()[-300:]}")
    tarball = into / done.stdout.strip().splitlines()[-1]
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    integrity = "sha512-" + base64.b64encode(digest).decode()
    if integrity != BASE_INTEGRITY:
        raise SystemExit(f"regenerate: {tarball.name}: integrity {integrity} != {BASE_INTEGRITY}")
    target = into / "node_modules" / "tree-sitter-go"
    with tarfile.open(tarball) as archive:
        archive.extractall(into / "unpacked", filter="data")
    target.parent.mkdir(parents=True)
    (into / "unpacked" / "package").rename(target)


def generate(out: Path) -> None:
    """Generate src/ into ``out``."""
    cli = find_cli()
    need("node")
    npm = need("npm")
    with tempfile.TemporaryDirectory(prefix="gofixmap-grammar-") as tmp:
        work = Path(tmp) / "go"
        fetch_base(npm, work)
        for name in ("grammar.js", "tree-sitter.json"):
            shutil.copyfile(HERE / name, work / name)
        done = subprocess.run([cli, "generate", "--abi", ABI], cwd=work)
        if done.returncode != 0:
            raise SystemExit(f"regenerate: tree-sitter generate failed (exit {done.returncode})")
        for name in OUTPUTS:
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "src" / name, target)


def differences(a: Path, b: Path) -> list[str]:
    return [name for name in OUTPUTS if (a / name).read_bytes() != (b / name).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with grammar/src/")
    parser.add_argument("--out", type=Path, help="write here instead of grammar/src/")
    args = parser.parse_args(argv)
    committed = HERE / "src"
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                generate(Path(tmp))
                changed = differences(Path(tmp), committed)
            for name in changed:
                print(f"regenerate: grammar/src/{name} differs from its regeneration")
            return 1 if changed else 0
        generate(args.out or committed)
    except Unavailable as exc:
        print(f"regenerate: {exc}", file=sys.stderr)
        return UNAVAILABLE
    return 0


if __name__ == "__main__":
    sys.exit(main())
