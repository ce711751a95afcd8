"""gofixmap's Go grammar against tree-sitter-go 0.25 on a standard library.

For every ``.go`` file of ``GOROOT/src`` outside ``testdata/`` (of the Go
toolchain gofixmap uses, and of ``/usr/local/go`` when it is another one):

- files with ERROR or MISSING nodes, with tree-sitter-go 0.25 and with
  gofixmap's grammar;
- on the files tree-sitter-go parses cleanly, whether the two trees are
  identical node for node: kind, field name and byte range of every node,
  anonymous nodes included; where they differ, the smallest differing
  subtrees, and how many are not the one intended change (an index chain
  ``s.m[a.b][c.d]`` that tree-sitter-go reads as an instantiation of an
  instantiated type, see grammar/grammar.js);
- parse time of the whole library, gofixmap's grammar over tree-sitter-go's
  (a ratio measured in the same run, best of ``--repeat``).

    python benchmarks/grammar_std.py [--repeat N] [--old SO] [--show N] [GOROOT ...]

``--old`` compares with a compiled ``_grammar`` extension of another revision
of gofixmap (e.g. a copy of gofixmap/codemod/_grammar.abi3.so built before a
grammar change) instead of tree-sitter-go 0.25. Needs the reference grammar:
``pip install tree-sitter-go==0.25.0`` (the dev extra installs it).
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import sys
import time
from pathlib import Path

import tree_sitter
import tree_sitter_go

from gofixmap.codemod import source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gofixmap.codemod.toolchain import find_go
from tests.helpers import differences, is_index_chain_fix, nodes

NEW = source.GO


def load_extension(path: Path) -> tree_sitter.Language:
    """The Go language of a compiled ``_grammar`` extension at ``path``."""
    name = "gofixmap_old._grammar"  # the init function is PyInit__grammar
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return tree_sitter.Language(module.language())


def excerpt(data: bytes, node: tree_sitter.Node) -> str:
    text = data[node.start_byte : node.end_byte].decode(errors="replace")
    return " ".join(text.split())[:80]


def std_files(goroot: Path) -> list[Path]:
    """The ``.go`` files of ``goroot/src`` outside ``testdata/``, sorted."""
    return sorted(
        p for p in (goroot / "src").rglob("*.go") if "testdata" not in p.relative_to(goroot).parts
    )


def goroots(given: list[str]) -> list[Path]:
    if given:
        return [Path(g) for g in given]
    roots = [Path(find_go().env()["GOROOT"])]
    local = Path("/usr/local/go")
    if (local / "src").is_dir() and local.resolve() not in {r.resolve() for r in roots}:
        roots.append(local)
    return roots


def parse_all(language: tree_sitter.Language, data: list[bytes]) -> float:
    parser = tree_sitter.Parser(language)
    start = time.perf_counter()
    for content in data:
        parser.parse(content)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    parser.add_argument("--old", type=Path, help="a compiled _grammar extension to compare with")
    parser.add_argument("--show", type=int, default=10, help="differences printed in full")
    parser.add_argument("goroot", nargs="*")
    args = parser.parse_args(argv)
    old_language = (
        load_extension(args.old) if args.old else tree_sitter.Language(tree_sitter_go.language())
    )
    old_name = str(args.old) if args.old else "tree-sitter-go 0.25"
    old_parser, new_parser = tree_sitter.Parser(old_language), tree_sitter.Parser(NEW)
    for goroot in goroots(args.goroot):
        files = std_files(goroot)
        data = [f.read_bytes() for f in files]
        old_errors: list[str] = []
        new_errors: list[str] = []
        identical = different = chains = others = shown = 0
        for path, content in zip(files, data, strict=True):
            name = str(path.relative_to(goroot / "src"))
            old = old_parser.parse(content)
            new = new_parser.parse(content)
            if new.root_node.has_error:
                new_errors.append(name)
            if old.root_node.has_error:
                old_errors.append(name)
                continue
            if list(nodes(old)) == list(nodes(new)):
                identical += 1
            else:
                different += 1
                print(f"  tree differs: {name}")
                for a, b in differences(old.root_node, new.root_node):
                    fix = is_index_chain_fix(a, b)
                    chains += fix
                    others += not fix
                    if shown < args.show or not fix:
                        shown += 1
                        line = a.start_point.row + 1
                        print(f"    {line}: {excerpt(content, a)}")
                        print(f"      old {a}")
                        print(f"      new {b}")
        old_times, new_times = [], []
        for _ in range(args.repeat):  # alternating, so that load hits both alike
            old_times.append(parse_all(old_language, data))
            new_times.append(parse_all(NEW, data))
        old_time, new_time = min(old_times), min(new_times)
        size = sum(map(len, data)) >> 20
        print(f"{goroot} ({len(files)} files outside testdata/, {size} MiB)")
        print(f"  files with ERROR nodes: {old_name} {len(old_errors)}, gofixmap {len(new_errors)}")
        for name in old_errors:
            print(f"    before: {name}")
        for name in new_errors:
            print(f"    after:  {name}")
        print(
            f"  trees on the {identical + different} files clean before: "
            f"{identical} identical, {different} different ({chains} index chains"
            f" read as instantiations before, {others} other differences)"
        )
        print(
            f"  parse time: {old_name} {old_time:.2f} s, gofixmap {new_time:.2f} s, "
            f"ratio {new_time / old_time:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
