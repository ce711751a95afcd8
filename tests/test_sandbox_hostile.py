"""A hostile test suite under ``--verify``: with bubblewrap and with ``--unsandboxed``.

The module under verification has a nil-map bug (so there is a fix to
verify) and a ``TestMain`` that tries to escape: it looks for the user's
secret in every ``/proc/*/environ`` it can read, writes into ``$HOME`` and the
user's Go build cache, and leaves a ``setsid`` child running. The test
records what it managed in a report file whose absolute path is compiled in.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gofixmap.codemod.sandbox import (
    bwrap_status,
    sandbox_gocache,
    scrubbed_environment,
    unshare_prefix,
)
from tests.test_cli import gofixmap

SECRET = "gofixmap-test-secret-7f3a9c"

BUG = """package hostile

func Count(words []string) map[string]int {
	var m map[string]int
	for _, w := range words {
		m[w]++
	}
	return m
}
"""

HOSTILE_TEST = """package hostile

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	var found []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err == nil && strings.Contains(string(data), @secret@) {
			found = append(found, "secret in /proc/"+e.Name()+"/environ")
		}
	}
	if err := os.WriteFile(@home_probe@, []byte("x"), 0o644); err == nil {
		found = append(found, "wrote the user's home")
	}
	if err := os.WriteFile(@cache_probe@, []byte("x"), 0o644); err == nil {
		found = append(found, "wrote the user's GOCACHE")
	}
	if conn, err := net.DialTimeout("tcp", @loopback@, 2*time.Second); err == nil {
		conn.Close()
		found = append(found, "reached loopback TCP")
	}
	cmd := exec.Command("sleep", @sleeper@)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	_ = cmd.Start()
	report := strings.Join(found, "\\n")
	if report == "" {
		report = "nothing"
	}
	_ = os.WriteFile(@report@, []byte(report), 0o644)
	fmt.Println("hostile done")
	os.Exit(m.Run())
}

func TestCount(t *testing.T) {
	if Count([]string{"a", "a"})["a"] != 2 {
		t.Fatal("wrong count")
	}
}
"""


def fill(template: str, **values: str) -> str:
    """``@name@`` becomes a Go string literal of the value."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", json.dumps(value))
    return template


def hostile_module(
    tmp: Path, report: Path, sleeper: str, user_cache: Path, loopback: str = "127.0.0.1:1"
) -> Path:
    module = tmp / "hostile"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/hostile\n\ngo 1.22\n")
    (module / "count.go").write_text(BUG)
    (module / "count_test.go").write_text(
        fill(
            HOSTILE_TEST,
            secret=SECRET,
            home_probe=str(tmp / "home" / "planted"),
            cache_probe=str(user_cache / "planted"),
            sleeper=sleeper,
            report=str(report),
            loopback=loopback,
        )
    )
    return module


@contextlib.contextmanager
def loopback_listener() -> Iterator[str]:
    """A TCP listener on 127.0.0.1 that a test escaping the network namespace would reach."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        host, port = server.getsockname()
        yield f"{host}:{port}"


def sleepers(arg: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if cmdline[:2] == [b"sleep", arg.encode()] and state != "Z":
            found.append(int(entry.name))
    return found


def run_verify(tmp: Path, module: Path, user_cache: Path, *extra: str, **env: str) -> str:
    (tmp / "home").mkdir(exist_ok=True)
    # HOME moves for the test: keep gofixmap's own build cache where it is (warm)
    env.setdefault("GOFIXMAP_SANDBOX_GOCACHE", str(sandbox_gocache()))
    out = gofixmap(
        "-d", "--verify", "--no-cache", *extra, "./...",
        cwd=module,
        HOME=str(tmp / "home"),
        GOCACHE=str(user_cache),
        AWS_SECRET_ACCESS_KEY=SECRET,
        GITHUB_TOKEN=SECRET,
        **env,
    )  # fmt: skip
    return out.stdout + out.stderr + f"\nexit {out.returncode}"


@pytest.fixture
def user_cache(tmp_path: Path) -> Path:
    cache = tmp_path / "user-gocache"
    cache.mkdir()
    return cache


def test_without_bwrap_verify_refuses(tmp_path: Path, user_cache: Path) -> None:
    report = tmp_path / "report.txt"
    module = hostile_module(tmp_path, report, "3011", user_cache)
    out = run_verify(tmp_path, module, user_cache, GOFIXMAP_NO_BWRAP="1")
    assert out.rstrip().endswith("exit 2"), out
    assert "--unsandboxed" in out and "bubblewrap" in out
    assert not report.exists()  # no test ran


def test_unsandboxed_hides_secrets_and_leaves_nothing_running(
    tmp_path: Path, user_cache: Path
) -> None:
    report = tmp_path / "report.txt"
    sleeper = str(3000 + os.getpid() % 997)
    with loopback_listener() as address:
        module = hostile_module(tmp_path, report, sleeper, user_cache, address)
        out = run_verify(tmp_path, module, user_cache, "--unsandboxed", GOFIXMAP_NO_BWRAP="1")
    assert "verify passed, unsandboxed" in out, out
    assert "secret" not in report.read_text(), out
    if unshare_prefix(False):  # a network namespace of its own: the host's loopback is gone
        assert "loopback" not in report.read_text(), out
    time.sleep(0.2)
    assert sleepers(sleeper) == [], "a setsid child outlived the run"


def test_bwrap_contains_the_hostile_suite(tmp_path: Path, user_cache: Path) -> None:
    if shutil.which("bwrap") is None or bwrap_status() is not None:
        pytest.skip(f"bubblewrap does not work here: {bwrap_status()}")
    report = tmp_path / "report.txt"
    sleeper = str(4000 + os.getpid() % 997)
    with loopback_listener() as address:
        module = hostile_module(tmp_path, report, sleeper, user_cache, address)
        out = run_verify(tmp_path, module, user_cache)
    assert "verify passed" in out and "unsandboxed" not in out, out
    assert not report.exists()  # the repository's parent is read-only inside
    assert not (tmp_path / "home" / "planted").exists()
    assert list(user_cache.iterdir()) == []  # the user's build cache is never bound
    assert sleepers(sleeper) == []


def test_sandbox_build_cache_is_gofixmaps_own(tmp_path: Path) -> None:
    own = sandbox_gocache({"XDG_CACHE_HOME": str(tmp_path), "GOCACHE": "/elsewhere"})
    assert own == tmp_path / "gofixmap-sandbox" / "go-build"


def test_scrubbed_environment_drops_secrets() -> None:
    env = scrubbed_environment(
        {
            "PATH": "/bin",
            "HOME": "/root",
            "GITHUB_TOKEN": "s",
            "AWS_SECRET_ACCESS_KEY": "s",
            "GOFLAGS": "-mod=mod",
            "GOPROXY_TOKEN": "s",
            "LC_ALL": "C",
        }
    )
    assert env == {
        "PATH": "/bin",
        "HOME": "/root",
        "GOFLAGS": "-mod=mod",
        "LC_ALL": "C",
        "GOFIXMAP_SCRUBBED": "1",
    }


def test_file_size_limit_applies_to_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gofixmap.codemod import sandbox

    monkeypatch.setattr(sandbox, "MAX_FILE_SIZE", 1 << 20)
    proc = subprocess.Popen(
        ["dd", "if=/dev/zero", f"of={tmp_path / 'big'}", "bs=1M", "count=4"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=sandbox._limit_child,
    )
    assert proc.wait(timeout=30) != 0
    assert (tmp_path / "big").stat().st_size <= 1 << 20


def test_process_limit_stops_a_fork_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    from gofixmap.codemod import sandbox

    monkeypatch.setattr(sandbox, "MAX_PROCESSES", 8)
    proc = subprocess.Popen(
        ["/bin/sh", "-c", "for i in $(seq 40); do sleep 30 & done; wait"],
        start_new_session=True,
    )
    try:
        timed_out, limit = sandbox._watch(proc, 20)
    finally:
        sandbox._kill_group(proc)
    assert not timed_out and limit == "more than 8 processes"


def test_memory_limit_stops_a_hog(monkeypatch: pytest.MonkeyPatch) -> None:
    from gofixmap.codemod import sandbox

    monkeypatch.setattr(sandbox, "MAX_MEMORY", 64 << 20)
    hog = "b = bytearray(256 << 20); import time; time.sleep(30)"
    proc = subprocess.Popen(["python3", "-c", hog], start_new_session=True)
    try:
        timed_out, limit = sandbox._watch(proc, 20)
    finally:
        sandbox._kill_group(proc)
    assert not timed_out and limit.startswith("more than")
