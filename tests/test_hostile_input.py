"""Hostile names and broken standard streams: one line and exit 2, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gofixmap.codemod.diff import quote_path
from tests.helpers import ROOT
from tests.test_cli import BUGGY, gofixmap


def run_raw(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "gofixmap", *args],
        cwd=cwd,
        env=env,
        capture_output="stdout" not in kwargs,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.fixture
def module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_text(BUGGY)
    return tmp_path


def test_odd_file_names_give_a_diff_git_applies(module: Path) -> None:
    undecodable = os.fsdecode(b"b\xff.go")
    (module / undecodable).write_text(BUGGY)
    (module / "new\nline.go").write_text(BUGGY)
    (module / 'quote".go').write_text(BUGGY)
    subprocess.run(["git", "init", "-q"], cwd=module, check=True)
    out = run_raw("--no-cache", "-d", ".", cwd=module)
    assert out.returncode == 1, out.stderr
    assert b"Traceback" not in out.stderr
    assert b'--- "a/b\\377.go"' in out.stdout and b'+++ "b/new\\nline.go"' in out.stdout
    # the names print as they are in text output
    text = run_raw("--no-cache", ".", cwd=module)
    assert b"b\xff.go:" in text.stdout and b"Traceback" not in text.stderr
    patch = module.parent / "fix.patch"
    patch.write_bytes(out.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=module, check=True)
    for name in ("a.go", undecodable, "new\nline.go", 'quote".go'):
        assert "make(map[string]int)" in (module / name).read_text(), name


def test_odd_file_names_through_the_result_cache(
    module: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keys and entries take any name the file system gives (cold, warm, -w)."""
    (module / os.fsdecode(b"b\xff.go")).write_text(BUGGY)
    (module / "new\nline.go").write_text(BUGGY)
    monkeypatch.setenv("GOFIXMAP_CACHE_DIR", str(module.parent / "cache"))
    cold = run_raw("-l", ".", cwd=module)
    warm = run_raw("-l", ".", cwd=module)
    for out in (cold, warm):
        assert out.returncode == 1, out.stderr
        assert b"Traceback" not in out.stderr
        assert b"3 files fixable" in out.stderr, out.stderr
    assert warm.stdout == cold.stdout
    assert b"b\xff.go\n" in cold.stdout and b'"new\\nline.go"' in cold.stdout
    written = run_raw("-w", ".", cwd=module)
    assert written.returncode == 0, written.stderr
    assert b"3 files fixed, 0 remaining" in written.stderr, written.stderr
    after = run_raw("-l", ".", cwd=module)
    assert after.returncode == 0 and after.stdout == b"", after.stderr


def test_sarif_percent_encodes_a_name_that_is_not_utf8(module: Path) -> None:
    (module / os.fsdecode(b"b\xff.go")).write_text(BUGGY)
    out = run_raw("--no-cache", "--format", "sarif", ".", cwd=module)
    assert out.returncode == 1 and b"Traceback" not in out.stderr, out.stderr
    assert b'"uri": "b%FF.go"' in out.stdout


def test_fifo_named_go_is_not_read(module: Path) -> None:
    os.mkfifo(module / "pipe.go")
    out = gofixmap("--no-cache", ".", cwd=module)  # would hang forever reading the FIFO
    assert out.returncode == 1 and "a.go:" in out.stdout
    explicit = gofixmap("--no-cache", "pipe.go", cwd=module)
    assert explicit.returncode == 2
    assert explicit.stderr.strip() == "gofixmap: pipe.go: not a regular file"


LOCKED = """package p

import "sync"

type table struct {
	mu   sync.RWMutex
	rows map[string]int
}

func newTable() *table { return &table{rows: map[string]int{}} }

func (t *table) Get(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rows[k]
}

func (t *table) put(k string) { t.rows[k] = 1 }

// Load fills the table without its lock.
func Load(k string) *table {
	t := newTable()
	go t.Get(k)
	t.put(k)
	return t
}
"""


def test_fifo_in_the_module_is_not_read_by_module_facts(module: Path) -> None:
    """MR002 reads every file of the module (who starts goroutines, who calls
    what): a FIFO named like a Go file in another package is skipped there
    too, not opened and waited on."""
    (module / "table.go").write_text(LOCKED)
    (module / "sub").mkdir()
    (module / "sub" / "s.go").write_text("package sub\n")
    os.mkfifo(module / "sub" / "pipe.go")
    out = run_raw("--no-cache", "table.go", cwd=module)
    assert out.returncode == 1, out.stderr
    assert b"table.go:18:" in out.stdout and b"MR002" in out.stdout


def test_symlink_loop_is_named(module: Path) -> None:
    (module / "loop.go").symlink_to("other")
    (module / "other").symlink_to("loop.go")
    for args in (["loop.go"], ["loop.go", "a.go"], ["a.go", "loop.go"]):
        out = gofixmap("--no-cache", *args, cwd=module)
        assert out.returncode == 2, out.stderr
        assert out.stderr.strip() == "gofixmap: loop.go: too many levels of symbolic links"
    # inside a directory it is not a regular file: skipped, the rest is scanned
    out = gofixmap("--no-cache", ".", cwd=module)
    assert out.returncode == 1 and "Traceback" not in out.stderr


def test_closed_stdin_for_triage(module: Path) -> None:
    out = run_raw(
        "triage",
        "--repo",
        str(module),
        "-",
        cwd=module,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        b"gofixmap triage: -: cannot read: standard input is closed"
    ]


def test_closed_stdout(module: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gofixmap", "--no-cache", "a.go"],
        cwd=module,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=120,
        check=False,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [b"gofixmap: standard output is closed"]


def test_stdout_on_a_full_device(module: Path) -> None:
    with open("/dev/full", "wb") as full:
        out = subprocess.run(
            [sys.executable, "-m", "gofixmap", "--no-cache", "a.go"],
            cwd=module,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert out.returncode == 2
    assert b"gofixmap: cannot write the output: No space left on device" in out.stderr
    assert b"Traceback" not in out.stderr


GO_PIECES = [
    b"package p\n",
    b"func f() {\n",
    b"var m map[string]int\n",
    b'm["k"] = 1\n',
    b"}\n",
    b"type T struct{ M map[string]int }\n",
    b'func (t *T) Set() { t.M["a"] = 1 }\n',
    b"\xff\xfe",
    b"\r\n",
    b"new(",
    b"go func() { m[1] = 2 }()\n",
]

names = (
    st.text(
        alphabet=st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=12,
    )
    .map(lambda s: s + ".go")
    .filter(lambda s: not s.startswith((".", "_")))
)
contents = st.one_of(
    st.binary(max_size=200),
    st.lists(st.sampled_from(GO_PIECES), max_size=12).map(b"".join),
)


def _main(args: list[str]) -> tuple[int, bytes, bytes]:
    import contextlib
    import io

    from gofixmap import cli

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
        out.flush()
        err.flush()
    return code, out.buffer.getvalue(), err.buffer.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=None)
@given(files=st.dictionaries(names, contents, min_size=1, max_size=4))
def test_random_names_and_bytes_never_crash_and_only_fixed_files_change(
    files: dict[str, bytes],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
        for name, data in files.items():
            try:
                (root / name).write_bytes(data)
            except OSError:  # a name this file system refuses (too long in bytes)
                return
        before = {p.name: p.read_bytes() for p in root.iterdir()}
        code, listed, err = _main(["-l", "--no-cache", str(root)])
        assert code in (0, 1, 2) and b"Traceback" not in err
        fixable = set(os.fsdecode(listed).split("\n")) - {""}
        for mode in ("-d", "--format=json", "--format=sarif"):
            code, _, err = _main([mode, "--no-cache", str(root)])
            assert code in (0, 1, 2) and b"Traceback" not in err
        code, _, err = _main(["-w", "--no-cache", str(root)])
        assert code in (0, 1, 2) and b"Traceback" not in err
        changed = {p for p in root.iterdir() if p.read_bytes() != before.get(p.name)}
        # -l names files as given (here absolute), git-quoted when a control
        # character would break the list
        assert {
            os.fsdecode(quote_path(os.fsencode(str(p))))
            if any(ord(c) < 0x20 or ord(c) == 0x7F for c in str(p))
            else str(p)
            for p in changed
        } <= fixable
        assert not [p for p in root.iterdir() if p.name.endswith(".gofixmap")]
