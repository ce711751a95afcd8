"""ERROR nodes are a syntax error only when Go says so (gofmt -e), named at
Go's line and column; a file Go accepts is analysed as far as it parses."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_go

from gofixmap import rules
from gofixmap.codemod import parallel, parsecheck, source
from gofixmap.codemod.discover import expand
from gofixmap.codemod.model import Applicability, FileResult, RunOptions, Status
from gofixmap.codemod.toolchain import find_go
from tests.test_cli import gofixmap

BROKEN = b"package p\n\nfunc f() {\n\tx := \n}\n"

# Valid Go (gofmt accepts it) that the grammar cannot parse: a labelled empty
# statement followed by another statement on the same line. The declaration
# after it has a nil-map write.
PARTIAL = b"""package p

func spin() { L: ; goto L }

func fill() map[string]int {
	var m map[string]int
	m["a"] = 1
	return m
}
"""

# A nil-map write that gofixmap fixes, beside Go 1.26's new(expr).
FIXABLE = b"""package p

func ports() map[string]*int {
	var m map[string]*int
	m["default"] = new(8080)
	return m
}
"""


def _gofmt_accepts(data: bytes) -> bool:
    gofmt = find_go().gofmt
    return subprocess.run([str(gofmt), "-e"], input=data, capture_output=True).returncode == 0


def test_the_partial_example_is_a_gap_of_the_grammar() -> None:
    """The premise of the partial-parse tests (if the grammar learns this
    form, pick another valid form it cannot parse)."""
    assert source.parse("x.go", PARTIAL).first_error() is not None
    assert _gofmt_accepts(PARTIAL)


def test_first_error_is_the_innermost_earliest() -> None:
    tree = source.parse("x.go", BROKEN)
    node = parsecheck.first_error(tree.root)
    assert node is not None and node.is_missing
    position = tree.position(node.start_byte)
    assert (position.line, position.column) == (4, 6)  # after `x := `
    assert parsecheck.first_error(source.parse("x.go", FIXABLE).root) is None


def test_diagnose_asks_go() -> None:
    broken = parsecheck.diagnose(BROKEN, source.parse("x.go", BROKEN).root)
    assert broken == parsecheck.ParseProblem(
        parsecheck.Verdict.SYNTAX_ERROR, 5, 1, "expected operand, found '}'"
    )
    partial = parsecheck.diagnose(PARTIAL, source.parse("x.go", PARTIAL).root)
    assert partial.verdict is parsecheck.Verdict.GO_ACCEPTS
    assert (partial.line, partial.column) == (3, 15)


def test_diagnose_without_go_claims_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOFIXMAP_GO", "/nonexistent/go")
    problem = parsecheck.diagnose(BROKEN, source.parse("x.go", BROKEN).root)
    assert problem == parsecheck.ParseProblem(parsecheck.Verdict.UNCONFIRMED, 4, 6)


def test_without_unparsed_blanks_only_the_declaration_that_does_not_parse() -> None:
    kept = parsecheck.without_unparsed(PARTIAL, lambda data: source.parse("x.go", data).tree)
    assert len(kept) == len(PARTIAL) and kept.count(b"\n") == PARTIAL.count(b"\n")
    assert source.parse("x.go", kept).first_error() is None
    changed = [i for i, (a, b) in enumerate(zip(PARTIAL, kept, strict=True)) if a != b]
    spin = PARTIAL.index(b"func spin")
    assert changed and min(changed) == spin and max(changed) < PARTIAL.index(b"func fill")
    assert kept[PARTIAL.index(b"func fill") :] == PARTIAL[PARTIAL.index(b"func fill") :]


def _std_files_tree_sitter_go_cannot_parse() -> list[Path]:
    """Real files Go accepts with constructs tree-sitter-go 0.25 lacks (Go 1.26
    new(expr), Go 1.27 methods with type parameters)."""
    goroot = Path(find_go().env()["GOROOT"]) / "src"
    names = [
        "math/rand/v2/rand.go",
        "runtime/traceback_test.go",
        "net/http/internal/http2/server.go",
        "go/types/trie_test.go",
    ]
    return [goroot / n for n in names if (goroot / n).is_file()]


def test_without_unparsed_on_real_files_with_a_grammar_that_has_gaps() -> None:
    """tree-sitter-go 0.25 as the grammar with gaps: what it cannot parse is
    blanked declaration by declaration, the rest is kept byte for byte."""
    reference = tree_sitter.Parser(tree_sitter.Language(tree_sitter_go.language()))
    # the files as this toolchain ships them use the constructs or not (go1.26.8's don't)
    files = [
        path
        for path in _std_files_tree_sitter_go_cannot_parse()
        if reference.parse(path.read_bytes()).root_node.has_error
    ]
    if not files:
        pytest.skip("this Go toolchain has none of the files, or none with the constructs")
    for path in files:
        data = path.read_bytes()
        kept = parsecheck.without_unparsed(data, reference.parse)
        assert not reference.parse(kept).root_node.has_error, path
        assert len(kept) == len(data), path
        blanked = sum(1 for a, b in zip(data, kept, strict=True) if a != b)
        assert 0 < blanked < len(data) // 2, path
        assert all(b in b" \t\r\n" or a == b for a, b in zip(data, kept, strict=True)), path


def _run(directory: Path, fix: Applicability | None = None) -> dict[str, FileResult]:
    options = RunOptions(rules=rules.all_rules(), fix=fix, external_types=rules.external_types())
    results = parallel.run(expand([str(directory)]), options, jobs=1)
    return {Path(r.path).name: r for r in results}


def test_gofmt_is_asked_only_about_files_with_error_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bytes] = []
    real = parsecheck.go_syntax

    def counting(data: bytes) -> tuple[int, int, str] | parsecheck.Verdict | None:
        asked.append(data)
        return real(data)

    monkeypatch.setattr(parsecheck, "go_syntax", counting)
    (tmp_path / "broken.go").write_bytes(BROKEN)
    (tmp_path / "fixable.go").write_bytes(FIXABLE)
    (tmp_path / "other.go").write_bytes(b"package p\n\nfunc other() {}\n")
    found = _run(tmp_path)
    assert asked == [BROKEN]
    broken = found["broken.go"]
    assert broken.status is Status.SKIPPED
    assert found["fixable.go"].diagnostics


def test_cli_syntax_error_at_gos_position_others_still_fixed(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.26\n")
    (tmp_path / "broken.go").write_bytes(BROKEN)
    (tmp_path / "fixable.go").write_bytes(FIXABLE)
    out = gofixmap("-w", ".", cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert "broken.go:5:1: syntax error: expected operand, found '}'" in out.stderr
    assert (tmp_path / "broken.go").read_bytes() == BROKEN
    fixed = (tmp_path / "fixable.go").read_text()
    assert "m := make(map[string]*int)" in fixed and "new(8080)" in fixed
    assert "Traceback" not in out.stderr
    for _ in range(2):  # the second time from the cache: the same line and column
        out = gofixmap(".", cwd=tmp_path)
        assert out.returncode == 2
        assert out.stdout == "broken.go:5:1: syntax error: expected operand, found '}'\n"


def test_cli_without_go_says_could_not_parse_and_does_not_cache_it(tmp_path: Path) -> None:
    (tmp_path / "broken.go").write_bytes(BROKEN)
    cache = str(tmp_path / "cache")
    for _ in range(2):
        out = gofixmap(".", cwd=tmp_path, GOFIXMAP_GO="/nonexistent/go", GOFIXMAP_CACHE_DIR=cache)
        assert out.returncode == 2
        assert out.stdout == "broken.go:4:6: could not parse (tree-sitter)\n"
        assert "syntax error" not in out.stdout + out.stderr
    # with a toolchain, the same cache: Go is asked now
    out = gofixmap(".", cwd=tmp_path, GOFIXMAP_CACHE_DIR=cache)
    assert out.stdout == "broken.go:5:1: syntax error: expected operand, found '}'\n"


def test_cli_partially_parsed_file_is_analysed_named_once_and_never_fixed(
    tmp_path: Path,
) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.26\n")
    (tmp_path / "partial.go").write_bytes(PARTIAL)
    (tmp_path / "fixable.go").write_bytes(FIXABLE)
    cache = str(tmp_path / "cache")
    out = gofixmap("-w", ".", cwd=tmp_path, GOFIXMAP_CACHE_DIR=cache)
    assert out.returncode == 1, out.stderr  # a finding remains; not exit 2
    assert (tmp_path / "partial.go").read_bytes() == PARTIAL
    assert "m := make(map[string]*int)" in (tmp_path / "fixable.go").read_text()
    note = "partial.go: partially parsed: Go accepts the file, "
    assert out.stderr.count(note) == 1
    assert "line 3 column 15" in out.stderr
    assert "partial.go:7:2: NM001 write to nil map m" in out.stderr  # what is left
    for _ in range(2):  # the second time from the cache
        out = gofixmap("--format", "json", ".", cwd=tmp_path, GOFIXMAP_CACHE_DIR=cache)
        assert out.returncode == 1
        assert '"errors": []' in out.stdout
        assert out.stderr.count(note) == 1


def test_partially_parsed_results_keep_their_findings_but_apply_no_fix(tmp_path: Path) -> None:
    (tmp_path / "partial.go").write_bytes(PARTIAL)
    result = _run(tmp_path, Applicability.UNSAFE)["partial.go"]
    assert result.status is Status.FINDINGS
    assert result.fixed == PARTIAL
    assert [d.rule for d in result.diagnostics] == ["NM001"]
    assert [why for _, why in result.rejected] == ["not applied: the file is only partially parsed"]
    assert result.note.startswith("partially parsed: ")
