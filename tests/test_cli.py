"""The command line as a subprocess: the contract users and CI depend on."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

BUGGY = """package p

func count(words []string) map[string]int {
	var m map[string]int
	for _, w := range words {
		m[w]++
	}
	return m
}
"""

CLEAN = """package p

func double(xs []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = 2 * x
	}
	return out
}
"""


def gofixmap(
    *args: str, cwd: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m gofixmap`` from this checkout; ``env`` adds variables."""
    environ = dict(os.environ)
    environ["PYTHONPATH"] = str(ROOT) + os.pathsep + environ.get("PYTHONPATH", "")
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gofixmap", *args],
        cwd=cwd,
        env=environ,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "buggy.go").write_text(BUGGY)
    (tmp_path / "clean.go").write_text(CLEAN)
    return tmp_path


def test_help_teaches() -> None:
    out = gofixmap("--help", cwd=ROOT)
    assert out.returncode == 0
    for word in ("-d, --diff", "-w, --write", "--unsafe-fixes", "exit status", "triage", "nolint"):
        assert word in out.stdout


def test_report_like_go_vet_and_exit_1(module: Path) -> None:
    out = gofixmap("./...", cwd=module)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith("buggy.go:6:3: NM001 ")
    assert "1 finding" in out.stderr


def test_clean_tree_exits_0(module: Path) -> None:
    (module / "buggy.go").unlink()
    out = gofixmap(".", cwd=module)
    assert out.returncode == 0 and out.stdout == ""


def test_diff_applies_with_git_apply(module: Path) -> None:
    before = (module / "buggy.go").read_bytes()
    out = gofixmap("-d", "./...", cwd=module)
    assert out.returncode == 1
    assert out.stdout.startswith("--- a/buggy.go\n+++ b/buggy.go\n")
    assert (module / "buggy.go").read_bytes() == before
    subprocess.run(["git", "init", "-q"], cwd=module, check=True)
    applied = subprocess.run(
        ["git", "apply", "-"], cwd=module, input=out.stdout, text=True, capture_output=True
    )
    assert applied.returncode == 0, applied.stderr
    assert gofixmap(".", cwd=module).returncode == 0


def test_write_is_atomic_keeps_mode_and_exits_0(module: Path) -> None:
    path = module / "buggy.go"
    path.chmod(0o640)
    out = gofixmap("-w", ".", cwd=module)
    assert out.returncode == 0, out.stderr
    assert "make(map[string]int)" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in module.iterdir() if p.name.startswith(".buggy.go.")]
    assert gofixmap(".", cwd=module).returncode == 0


def test_list_names_files_that_would_change(module: Path) -> None:
    out = gofixmap("-l", ".", cwd=module)
    assert out.stdout == "buggy.go\n"


def test_json_document_shape(module: Path) -> None:
    out = gofixmap("--format", "json", ".", cwd=module)
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert doc["version"] == 1
    (finding,) = doc["findings"]
    for key in ("rule", "name", "path", "line", "column", "end_line", "end_column", "message"):
        assert key in finding
    assert finding["rule"] == "NM001" and finding["name"] == "nil-map-write"
    assert (finding["path"], finding["line"], finding["column"]) == ("buggy.go", 6, 3)
    fix = finding["fixes"][0]
    assert fix["applicability"] in ("safe", "unsafe", "display-only")
    assert fix["verified"] is None
    assert all({"start", "end", "new_text"} <= set(e) for e in fix["edits"])
    assert doc["summary"]["findings"] == 1


def test_missing_path_is_exit_2_one_line(module: Path) -> None:
    out = gofixmap("nothere/...", cwd=module)
    assert out.returncode == 2
    assert out.stderr.strip() == "gofixmap: nothere/...: no such file or directory"
    assert "Traceback" not in out.stderr


def test_directory_without_go_files_is_exit_0_with_note(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("hi")
    out = gofixmap(".", cwd=tmp_path)
    assert out.returncode == 0
    assert "no Go files" in out.stderr


def test_syntax_error_names_file_and_line_and_others_still_fixed(module: Path) -> None:
    broken = module / "broken.go"
    broken.write_bytes(b"package p\n\nfunc f() {\n\tx := \n}\n")
    before = broken.read_bytes()
    out = gofixmap("-w", ".", cwd=module)
    assert out.returncode == 2
    # Go's first error, where Go puts it
    assert "broken.go:5:1: syntax error: expected operand, found '}'" in out.stderr
    assert broken.read_bytes() == before
    assert "make(map[string]int)" in (module / "buggy.go").read_text()
    assert "Traceback" not in out.stderr


def test_generated_vendor_testdata_and_hidden_are_skipped(module: Path) -> None:
    for sub in ("vendor/x", "testdata", ".hidden"):
        (module / sub).mkdir(parents=True)
        (module / sub / "b.go").write_text(BUGGY)
    (module / "buggy.go").write_text("// Code generated by x. DO NOT EDIT.\n\n" + BUGGY)
    out = gofixmap("./...", cwd=module)
    assert out.returncode == 0, out.stdout


def test_suppression_comments(module: Path) -> None:
    text = BUGGY.replace("\t\tm[w]++", "\t\tm[w]++ //gofixmap:ignore NM001 counted elsewhere")
    (module / "buggy.go").write_text(text)
    assert gofixmap(".", cwd=module).returncode == 0
    text = BUGGY.replace("\t\tm[w]++", "\t\t//nolint:gofixmap // reviewed\n\t\tm[w]++")
    (module / "buggy.go").write_text(text)
    assert gofixmap(".", cwd=module).returncode == 0


def test_select_ignore_and_unknown_codes(module: Path) -> None:
    assert gofixmap("--ignore", "NM001", ".", cwd=module).returncode == 0
    assert gofixmap("--select", "NM", ".", cwd=module).returncode == 1
    out = gofixmap("--select", "XX999", ".", cwd=module)
    assert out.returncode == 2 and "unknown rule" in out.stderr


def test_config_file_and_bad_config(module: Path) -> None:
    (module / ".gofixmap.toml").write_text('ignore = ["NM001"]\n')
    assert gofixmap(".", cwd=module).returncode == 0
    (module / ".gofixmap.toml").write_text("ignore = [\n")
    out = gofixmap(".", cwd=module)
    assert out.returncode == 2 and ".gofixmap.toml" in out.stderr and "invalid TOML" in out.stderr


def test_usage_error_is_exit_2(module: Path) -> None:
    out = gofixmap("--format", "yaml", ".", cwd=module)
    assert out.returncode == 2


def test_rules_command() -> None:
    out = gofixmap("rules", cwd=ROOT)
    assert out.returncode == 0
    codes = [line.split()[0] for line in out.stdout.splitlines()]
    assert codes == ["NM001", "NM002", "NM003", "NM004", "NM005", "MR001", "MR002"]
    one = gofixmap("rules", "NM001", cwd=ROOT)
    assert one.returncode == 0 and "Fix safety" in one.stdout
    assert gofixmap("rules", "NM999", cwd=ROOT).returncode == 2


def test_crlf_and_non_utf8_bytes_survive(module: Path) -> None:
    data = BUGGY.replace("\n", "\r\n").encode().replace(b"package p", b"package p // \xff")
    (module / "buggy.go").write_bytes(data)
    out = gofixmap("-w", ".", cwd=module)
    assert out.returncode == 0, out.stderr
    fixed = (module / "buggy.go").read_bytes()
    assert b"\xff" in fixed
    assert fixed.count(b"\n") == fixed.count(b"\r\n")


def test_build_ignored_files_are_skipped(module: Path) -> None:
    (module / "gen.go").write_text("//go:build ignore\n\n" + BUGGY.replace("count", "gen"))
    (module / "buggy.go").unlink()
    out = gofixmap(".", cwd=module)
    assert out.returncode == 0, out.stdout


def test_explicit_non_go_file_is_exit_2(module: Path) -> None:
    (module / "notes.txt").write_text("hello")
    out = gofixmap("notes.txt", cwd=module)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("gofixmap: notes.txt: not a Go file")


def test_syntax_error_is_named_even_where_no_rule_can_fire(tmp_path: Path) -> None:
    # No map, no sync: the prefilter skips the package, the syntax check does not.
    (tmp_path / "a.go").write_text("package p\n\nfunc f() int {\n\treturn 1 +\n}\n")
    out = gofixmap(".", cwd=tmp_path)
    assert out.returncode == 2
    assert "a.go:5:1: syntax error: expected operand, found '}'" in out.stdout + out.stderr


def test_nil_map_writes_in_test_files_are_reported_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/t\n\ngo 1.22\n")
    (tmp_path / "t.go").write_text('package t\n\nfunc Add(m map[string]int) { m["a"]++ }\n')
    (tmp_path / "t_test.go").write_text(
        'package t\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n'
        '\tvar m map[string]int\n\tm["x"] = 1\n}\n'
    )
    quiet = gofixmap("--no-cache", ".", cwd=tmp_path)
    assert quiet.returncode == 0 and "t_test.go" not in quiet.stdout, quiet.stdout
    loud = gofixmap("--no-cache", "--include-tests", ".", cwd=tmp_path)
    assert loud.returncode == 1 and "t_test.go:7:2: NM001" in loud.stdout, loud.stdout
    (tmp_path / ".gofixmap.toml").write_text("include-tests = true\n")
    configured = gofixmap("--no-cache", ".", cwd=tmp_path)
    assert "t_test.go:7:2: NM001" in configured.stdout, configured.stdout


def test_nil_map_writes_in_test_support_packages_are_reported_only_when_asked() -> None:
    # e2e/framework is imported only by another directory's tests and no
    # command links it: only `go test` runs it, as it runs a _test.go file
    case = ROOT / "tests" / "data" / "test_support_package"
    quiet = gofixmap("--no-cache", "./...", cwd=case)
    assert "server/server.go:9:2: NM001" in quiet.stdout, quiet.stdout
    assert "framework.go" not in quiet.stdout, quiet.stdout
    # a fake that imports no test framework could be linked by a program
    assert "e2e/fake/fake.go:8:2: NM001" in quiet.stdout, quiet.stdout
    loud = gofixmap("--no-cache", "--include-tests", "./...", cwd=case)
    assert "e2e/framework/framework.go:13:2: NM001" in loud.stdout, loud.stdout
    # a library module (no command): its packages are for its importers
    library = ROOT / "tests" / "data" / "test_support_library"
    out = gofixmap("--no-cache", "./...", cwd=library)
    assert "framework/framework.go:12:2: NM001" in out.stdout, out.stdout
