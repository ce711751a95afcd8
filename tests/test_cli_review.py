"""Review and CI use of the command line: stdin, new code only, colour, one-line text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gofixmap.codemod import render
from gofixmap.codemod.model import Diagnostic, FileResult, Span, Status
from tests.test_cli import BUGGY, gofixmap

FIELD_TYPE = """package p

type Store struct{ items map[string]int }

func NewStore() *Store { return &Store{} }
"""
FIELD_WRITE = """package p

func (s *Store) Add(k string) {
	s.items[k] = 1
}
"""

OLD_BUG = """package p

func old() {
	var seen map[string]bool
	seen["x"] = true
}
"""

NEW_BUG = """
func added() {
	var counts map[string]int
	counts["y"]++
}
"""


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    return tmp_path


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


# -- stdin ---------------------------------------------------------------------


def test_stdin_reports_with_the_given_name(module: Path) -> None:
    out = gofixmap("-", "--stdin-filename", "pkg/x.go", cwd=module, stdin=BUGGY)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("pkg/x.go:6:3: NM001 ")
    assert len(out.stdout.splitlines()) == 1


def test_stdin_uses_the_package_on_disk_as_context(module: Path) -> None:
    """The struct is declared in a file beside the buffer: only with that context is
    ``s.items`` known to be a map field."""
    (module / "types.go").write_text(FIELD_TYPE)
    out = gofixmap("-", "--stdin-filename", "fill.go", cwd=module, stdin=FIELD_WRITE)
    assert out.stdout.startswith("fill.go:4:2: NM002 "), out.stdout + out.stderr
    assert "types.go" not in out.stdout  # the context is not reported on
    (module / "elsewhere").mkdir()
    alone = gofixmap("-", "--stdin-filename", "elsewhere/fill.go", cwd=module, stdin=FIELD_WRITE)
    assert alone.stdout == ""  # without the package, s.items is not known to be a map


def test_fix_stdout_prints_the_fixed_buffer(module: Path) -> None:
    out = gofixmap("-", "--fix-stdout", "--stdin-filename", "x.go", cwd=module, stdin=BUGGY)
    assert out.returncode == 0, out.stderr
    assert "m = make(map[string]int)" in out.stdout and out.stdout.startswith("package p")
    assert not (module / "x.go").exists()
    clean = "package p\n\nfunc f() {}\n"
    same = gofixmap("-", "--fix-stdout", cwd=module, stdin=clean)
    assert same.returncode == 0 and same.stdout == clean


def test_stdin_diff(module: Path) -> None:
    out = gofixmap("-d", "-", "--stdin-filename", "x.go", cwd=module, stdin=BUGGY)
    assert out.stdout.startswith("--- a/x.go\n+++ b/x.go\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-w", "-"], "-w cannot write stdin; --fix-stdout prints the fixed file"),
        (["-", "a.go"], "- (stdin) cannot be combined with other paths"),
        (["--fix-stdout", "."], "--fix-stdout needs - (stdin) as the path"),
        (["-", "--stdin-filename", "x.txt"], "not a Go file name"),
    ],
)
def test_stdin_misuse_is_one_line(module: Path, args: list[str], message: str) -> None:
    out = gofixmap(*args, cwd=module, stdin=BUGGY)
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1 and message in out.stderr


# -- new code only -------------------------------------------------------------


@pytest.fixture
def repo(module: Path) -> Path:
    (module / "p.go").write_text(OLD_BUG)
    git(module, "init", "-q")
    git(module, "add", ".")
    git(module, "commit", "-qm", "base")
    (module / "p.go").write_text(OLD_BUG + NEW_BUG)
    return module


def test_new_from_rev_reports_only_changed_lines(repo: Path) -> None:
    everything = gofixmap("--no-cache", ".", cwd=repo)
    assert len(everything.stdout.splitlines()) == 2
    out = gofixmap("--new-from-rev", "HEAD", ".", cwd=repo)
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "p.go:10:2: NM001 write to nil map counts: counts is nil when declared with var"
    ]


def test_new_from_rev_fixes_only_new_findings(repo: Path) -> None:
    out = gofixmap("-w", "--new-from-rev", "HEAD", ".", cwd=repo)
    assert out.returncode == 0, out.stderr
    text = (repo / "p.go").read_text()
    assert "counts := make(map[string]int)" in text
    assert "var seen map[string]bool" in text  # the old finding is left alone


def test_untracked_files_are_new(repo: Path) -> None:
    (repo / "fresh.go").write_text(BUGGY)
    out = gofixmap("--new-from-rev", "HEAD", ".", cwd=repo)
    assert any(line.startswith("fresh.go:") for line in out.stdout.splitlines())


def test_new_from_patch(repo: Path) -> None:
    patch = repo / "change.diff"
    patch.write_text(git(repo, "diff", "HEAD"))
    git(repo, "checkout", "-q", "--", ".")  # the patch is what is judged, not the tree
    (repo / "p.go").write_text(OLD_BUG + NEW_BUG)
    out = gofixmap("--new-from-patch", str(patch), ".", cwd=repo)
    assert [line.split(":")[1] for line in out.stdout.splitlines()] == ["10"]


def test_bad_revision_is_one_line(repo: Path) -> None:
    out = gofixmap("--new-from-rev", "no-such-rev", ".", cwd=repo)
    assert out.returncode == 2
    assert len(out.stderr.splitlines()) == 1 and "--new-from-rev" in out.stderr


def test_exit_zero(module: Path) -> None:
    (module / "a.go").write_text(BUGGY)
    out = gofixmap("--exit-zero", ".", cwd=module)
    assert out.returncode == 0 and "NM001" in out.stdout


# -- text ----------------------------------------------------------------------


def test_color_always_never_and_environment(module: Path) -> None:
    (module / "a.go").write_text(BUGGY)
    assert "\x1b[" in gofixmap("--color", "always", "a.go", cwd=module).stdout
    assert "\x1b[" not in gofixmap("--color", "never", "a.go", cwd=module).stdout
    assert "\x1b[" not in gofixmap("a.go", cwd=module).stdout  # not a terminal
    assert "\x1b[" in gofixmap("a.go", cwd=module, FORCE_COLOR="1").stdout
    assert "\x1b[" not in gofixmap("a.go", cwd=module, FORCE_COLOR="1", NO_COLOR="1").stdout


def test_summary_plurals(module: Path) -> None:
    (module / "a.go").write_text(BUGGY)
    out = gofixmap("--no-cache", "a.go", cwd=module)
    assert "gofixmap: 1 finding, 1 file checked" in out.stderr


def test_text_is_one_line_per_finding() -> None:
    source = b'package p\n\nfunc f() {\n\tm[\n\t\t"k"] = 1\n}\n'
    diag = Diagnostic("NM001", "nil-map-write", "odd\nname.go", Span(23, 24), 'write to m[\n"k"]')
    result = FileResult("odd\nname.go", Status.FINDINGS, source, source, (diag,))
    report = render.text([result])
    assert report.count("\n") == 1
    assert report == 'odd\\nname.go:4:2: NM001 write to m[\\n"k"]\n'


def test_subcommand_named_directory_is_reachable(module: Path) -> None:
    (module / "rules").mkdir()
    (module / "rules" / "a.go").write_text(BUGGY)
    hint = gofixmap("rules", cwd=module)
    assert hint.returncode == 0 and "NM001" in hint.stdout
    assert "write ./rules" in hint.stderr
    scan = gofixmap("./rules", cwd=module)
    assert scan.returncode == 1 and "rules/a.go:6:3: NM001" in scan.stdout
