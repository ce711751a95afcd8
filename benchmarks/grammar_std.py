"""gofixmap's Go grammar against tree-sitter-go 0.25 on a standard library.

For every ``.go`` file of ``GOROOT/src`` outside ``testdata/`` (of the Go
toolchain gofixmap uses, and of ``/usr/local/go`` when it is another one):

- files with ERROR or MISSING nodes, with tree-sitter-go 0.25 and with
  gofixmap's grammar;
- on the files tree-sitter-go parses cleanly, whether the two trees are
  identical node for node: kind, field name and byte range of every node,
  anonymous nodes included;
- parse time of the whole library, gofixmap's grammar over tree-sitter-go's
  (a ratio measured in the same run, best of ``--repeat``).

    python benchmarks/grammar_std.py [--repeat N] [GOROOT ...]

Needs the reference grammar: ``pip install tree-sitter-go==0.25.0`` (the dev
extra installs it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import tree_sitter
import tree_sitter_go

from gofixmap.codemod import source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gofixmap.codemod.toolchain import find_go
from tests.helpers import nodes

OLD = tree_sitter.Language(tree_sitter_go.language())
NEW = source.GO


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
    parser.add_argument("goroot", nargs="*")
    args = parser.parse_args(argv)
    old_parser, new_parser = tree_sitter.Parser(OLD), tree_sitter.Parser(NEW)
    for goroot in goroots(args.goroot):
        files = std_files(goroot)
        data = [f.read_bytes() for f in files]
        old_errors: list[str] = []
        new_errors: list[str] = []
        identical = different = 0
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
        old_times, new_times = [], []
        for _ in range(args.repeat):  # alternating, so that load hits both alike
            old_times.append(parse_all(OLD, data))
            new_times.append(parse_all(NEW, data))
        old_time, new_time = min(old_times), min(new_times)
        size = sum(map(len, data)) >> 20
        print(f"{goroot} ({len(files)} files outside testdata/, {size} MiB)")
        print(
            f"  files with ERROR nodes: tree-sitter-go 0.25 {len(old_errors)}, "
            f"gofixmap {len(new_errors)}"
        )
        for name in old_errors:
            print(f"    before: {name}")
        for name in new_errors:
            print(f"    after:  {name}")
        print(
            f"  trees on the {identical + different} files clean before: "
            f"{identical} identical, {different} different"
        )
        print(
            f"  parse time: tree-sitter-go {old_time:.2f} s, gofixmap {new_time:.2f} s, "
            f"ratio {new_time / old_time:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
