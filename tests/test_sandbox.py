"""The sandbox that runs the go command: environment, isolation, time limits."""

from __future__ import annotations

import _thread
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from gofixmap.codemod import sandbox
from gofixmap.codemod.sandbox import Sandbox, bwrap_status
from gofixmap.codemod.toolchain import Toolchain, ToolchainError, find_go

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"


@pytest.fixture(scope="module")
def toolchain() -> Toolchain:
    try:
        return find_go()
    except ToolchainError as exc:
        pytest.skip(f"no Go toolchain: {exc}")


def bwrap_or_skip() -> None:
    if shutil.which("bwrap") is None:
        pytest.skip("bwrap is not installed (apt-get install -y bubblewrap)")
    reason = bwrap_status()
    if reason is not None:
        pytest.skip(reason)


def processes_mentioning(*needles: str) -> list[str]:
    """Command lines of live processes (not zombies) that contain a needle."""
    found = []
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if any(n in cmdline for n in needles):
            found.append(f"{entry.name}: {cmdline}")
    return found


def write_module(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/sbx\n\ngo 1.22\n")
    for name, text in files.items():
        (root / name).write_text(text)
    return root


HANG_TEST = """package sbx

import (
	"os/exec"
	"testing"
)

// TestHang starts a child process that would outlive it, then waits forever.
func TestHang(t *testing.T) {
	cmd := exec.Command("sleep", "%s")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {}
}
"""

PROBE_TEST = """package sbx

import (
	"os"
	"testing"
)

func TestEnv(t *testing.T) {
	t.Logf("secret=%q", os.Getenv("GOFIXMAP_TEST_SECRET"))
	t.Logf("probe=%q", os.Getenv("GOFIXMAP_PASSED_THROUGH"))
	if err := os.WriteFile("written-by-test", []byte("x"), 0o644); err != nil {
		t.Logf("write: %v", err)
	} else {
		t.Logf("write: ok")
	}
}
"""


@pytest.mark.sandbox
def test_environment_is_scrubbed(toolchain: Toolchain, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOFIXMAP_TEST_SECRET", "hunter2")
    monkeypatch.setenv("GOFLAGS", "-mod=mod")
    monkeypatch.setenv("GOPROXY", "https://example.invalid")
    with Sandbox(toolchain) as box:
        env = box.environment()
        assert "GOFIXMAP_TEST_SECRET" not in env
        assert env["GOPROXY"] == "off"
        assert env["GOTOOLCHAIN"] == "local"
        assert env["GOWORK"] == "off"
        assert env["GOFLAGS"].split()[0] == "-mod=readonly"
        assert env["HOME"].startswith(str(box.root))
        assert env["TMPDIR"].startswith(str(box.root))
        assert env["GOROOT"] == str(toolchain.goroot)
        assert env["CGO_ENABLED"] == "1"
        result = box.run(["env", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN", "GOWORK"], box.root, 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["off", "-mod=readonly", "-buildvcs=false", "local", "off"]


def test_network_allowed_uses_user_proxy(
    toolchain: Toolchain, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Sandbox(toolchain, allow_network=True, use_bwrap=False) as box:
        env = box.environment()
    assert env["GOPROXY"] == dict(box.settings.network).get("GOPROXY", env["GOPROXY"])
    assert env["GOPROXY"] != "off" or not box.settings.network


@pytest.mark.sandbox
def test_go_test_sees_only_the_scrubbed_environment(
    toolchain: Toolchain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = write_module(tmp_path / "env", {"env_test.go": PROBE_TEST})
    monkeypatch.setenv("GOFIXMAP_TEST_SECRET", "hunter2")
    with Sandbox(toolchain) as box:
        result = box.run(
            ["test", "-count=1", "-v", "."],
            module,
            120,
            extra_env={"GOFIXMAP_PASSED_THROUGH": "yes"},
        )
        isolated = box.isolated
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'secret=""' in result.stdout
    assert 'probe="yes"' in result.stdout
    if isolated:
        # the user's tree is read-only inside bubblewrap
        assert "read-only file system" in result.stdout
        assert not (module / "written-by-test").exists()


@pytest.mark.parametrize("use_bwrap", [False, True], ids=["plain", "bwrap"])
def test_timeout_kills_the_whole_process_tree(
    toolchain: Toolchain, tmp_path: Path, use_bwrap: bool
) -> None:
    if use_bwrap:
        bwrap_or_skip()
    marker = f"{os.getpid() % 1000 + 1000}.{int(use_bwrap)}{time.monotonic_ns() % 100000:05d}"
    module = write_module(tmp_path / "hang", {"hang_test.go": HANG_TEST % marker})
    with Sandbox(toolchain, use_bwrap=use_bwrap) as box:
        # warm the build so that the limit falls on the running test
        box.run(["test", "-count=1", "-run", "^$", "."], module, 120)
        start = time.monotonic()
        result = box.run(["test", "-count=1", "-timeout=10m", "."], module, 4)
        elapsed = time.monotonic() - start
        root = str(box.root)
    assert result.timed_out
    assert result.returncode != 0
    assert result.isolated is use_bwrap
    assert elapsed < 9, elapsed
    assert "time limit" in result.stderr
    time.sleep(0.2)
    assert processes_mentioning(marker, root) == []
    assert not Path(root).exists()


@pytest.mark.sandbox
def test_keyboard_interrupt_kills_and_cleans_up(toolchain: Toolchain, tmp_path: Path) -> None:
    marker = f"{os.getpid() % 1000 + 3000}.7{time.monotonic_ns() % 100000:05d}"
    module = write_module(tmp_path / "hang", {"hang_test.go": HANG_TEST % marker})
    root = ""
    timer = threading.Timer(0, lambda: None)
    with pytest.raises(KeyboardInterrupt), Sandbox(toolchain) as box:
        root = str(box.root)
        box.run(["test", "-count=1", "-run", "^$", "."], module, 120)
        timer = threading.Timer(1.5, _thread.interrupt_main)
        timer.start()
        box.run(["test", "-count=1", "-timeout=10m", "."], module, 60)
    timer.cancel()
    time.sleep(0.2)
    assert processes_mentioning(marker, root) == []
    assert root and not Path(root).exists()


def test_bwrap_blocks_the_network(toolchain: Toolchain, tmp_path: Path) -> None:
    bwrap_or_skip()
    module = tmp_path / "network"
    shutil.copytree(FIXTURES / "network", module)
    probe = module / "probe.go"
    source = probe.read_bytes()
    # fix the nil map so that an unreachable network is reported, not a panic
    probe.write_bytes(
        source.replace(b"var failed map[string]string", b"failed := make(map[string]string)")
    )
    with Sandbox(toolchain, use_bwrap=True) as box:
        assert box.isolated
        result = box.run(
            ["test", "-count=1", "-v", "-run", "TestNetwork", "."],
            module,
            120,
            extra_env={"GOFIXMAP_NET_PROBE": "1"},
        )
    assert result.isolated
    assert "network reachable" not in result.stdout
    assert "network unreachable" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_without_bwrap_refuses_unless_unsandboxed(
    toolchain: Toolchain, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(sandbox.NO_BWRAP_ENV, "1")
    with pytest.raises(sandbox.SandboxUnavailable, match="--unsandboxed"):
        Sandbox(toolchain)


def test_unsandboxed_warns_once(
    toolchain: Toolchain, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(sandbox.NO_BWRAP_ENV, "1")
    monkeypatch.setattr(sandbox, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="gofixmap.sandbox"):
        for _ in range(2):
            with Sandbox(toolchain, unsandboxed=True) as box:
                assert box.mode == "unsandboxed"
                assert not box.isolated
                assert box.environment()["GOPROXY"] == "off"
                result = box.run(["env", "GOPROXY"], box.root, 60)
                assert result.stdout.strip() == "off"
                assert not result.isolated
    warnings = [r.getMessage() for r in caplog.records if "isolation is reduced" in r.getMessage()]
    assert len(warnings) == 1
    assert sandbox.NO_BWRAP_ENV in warnings[0]


def test_bwrap_is_used_when_it_works(toolchain: Toolchain) -> None:
    bwrap_or_skip()
    with Sandbox(toolchain) as box:
        result = box.run(["env", "GOVERSION"], box.root, 60)
    assert result.isolated
    assert result.argv[0].endswith("bwrap")
    assert "--unshare-net" in result.argv
    assert "--die-with-parent" in result.argv
    assert result.stdout.strip() == toolchain.version
