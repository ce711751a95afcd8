"""gofixmap batch end to end: a real estate (git remotes cloned by URL@ref, a
monorepo with a go.work), the real CLI, the real journal; no mocks."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from gofixmap import cli
from gofixmap.batch import estate as est
from gofixmap.batch import run as batch_run
from gofixmap.codemod.gomod import parse_gomod
from gofixmap.codemod.sandbox import bwrap_status
from tests.batch_estate import COUNT, COUNT_TEST, HANG_TEST, Estate, build, commit_all, git, module

REPORT_KEYS = {
    "version",
    "gofixmap",
    "config",
    "executor",
    "totals",
    "findings_by_rule",
    "fixes_by_applicability",
    "verification",
    "repositories",
    "failures",
}


def batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gofixmap", "batch", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def journal_rows(out: Path) -> list[tuple[str, str, str, int, float | None]]:
    if not (out / "journal.sqlite").exists():
        return []
    db = sqlite3.connect(f"file:{out / 'journal.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT repo, module_dir, status, attempts, finished FROM units"
            " ORDER BY repo, module_dir"
        ).fetchall()
    except sqlite3.OperationalError:  # the coordinator has not made the table yet
        return []
    finally:
        db.close()


def diffs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("units/**/*.diff"))
    }


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Estate:
    return build(tmp_path_factory.mktemp("estate"))


@pytest.fixture(scope="module")
def reference(estate: Estate) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One uninterrupted run over the estate."""
    out = estate.base / "out-reference"
    done = batch("--repos", estate.repos_file, "--out", out, "--jobs", "2")
    return out, done


def _outputs(
    estate: Estate, reference: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, done = reference
    # one finding (a write through a value receiver) has no fix: exit 1
    assert done.returncode == 1, done.stderr
    # no progress line when stderr is not a terminal: only the note
    assert done.stderr == "gofixmap batch: plain: no Go module found\n"
    rows = journal_rows(out)
    assert {(r[0], r[1]) for r in rows} == estate.units
    assert all(r[2] == "done" and r[3] == 1 for r in rows)
    report = json.loads((out / "report.json").read_text())
    assert set(report) == REPORT_KEYS
    totals = report["totals"]
    assert (totals["units"], totals["done"], totals["failed"], totals["remaining"]) == (7, 7, 0, 1)
    assert totals["fixes"] == totals["findings"] - 1
    assert report["findings_by_rule"]["NM002"] >= 2
    # every diff applies with git apply from the root of a fresh clone at the ref
    clone = tmp_path / "beta"
    git(tmp_path, "clone", "-q", str(estate.remotes / "beta.git"), "beta")
    git(clone, "checkout", "-q", "release")
    for name in ("svc", "tools"):
        patch = out / "units" / "beta" / "example.com" / "beta" / f"{name}.diff"
        git(clone, "apply", str(patch))
    after = subprocess.run(
        [sys.executable, "-m", "gofixmap", "--format", "json", str(clone)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    left = json.loads(after.stdout)["findings"]
    assert [(f["rule"], f["path"].rsplit("/", 1)[-1]) for f in left] == [("NM002", "set.go")]
    # the findings document of a unit, with its paths relative to the repository
    document = json.loads((out / "units/beta/example.com/beta/svc.json").read_text())
    assert document["unit"]["module"] == "example.com/beta/svc"
    assert {f["path"] for f in document["findings"]} >= {"svc/set/set.go", "svc/index/index.go"}
    # the alpha unit is at the tag v1, not at main (where cache.go is fixed)
    alpha = json.loads((out / "units/alpha/example.com/alpha.json").read_text())
    assert any(f["path"] == "cache/cache.go" for f in alpha["findings"])


def _report_offline(reference: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = reference
    page = (out / "report.html").read_text()
    assert page.count("<svg") == 4  # findings per rule, per repository, verification, time
    for remote in ("<script", "<link", "src=", "url(http", 'href="http', "@import"):
        assert remote not in page
    markdown = (out / "report.md").read_text()
    assert "| beta | example.com/beta/svc | done |" in markdown
    assert "## Failures\n\nNone." in markdown


def _resume_after_sigkill(
    estate: Estate, reference: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "gofixmap", "batch", "--repos", str(estate.repos_file)]
    proc = subprocess.Popen(
        [*command, "--out", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    done_at_kill: list[tuple[str, str, str, int, float | None]] = []
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "journal.sqlite").exists():
            with_status = [r for r in journal_rows(out) if r[2] == "done"]
            if len(with_status) >= 2:
                proc.send_signal(signal.SIGKILL)
                done_at_kill = with_status
                break
        time.sleep(0.05)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    rows = journal_rows(out)
    assert len(rows) == 7 and 2 <= len(done_at_kill) < 7
    again = batch("--repos", estate.repos_file, "--out", out)
    assert again.returncode == 1, again.stderr
    rows = journal_rows(out)
    assert all(r[2] == "done" for r in rows)
    for before in done_at_kill:  # done before the kill: not run again
        assert before in rows
    # a unit runs again only if it was running when the coordinator died
    assert sum(r[3] for r in rows) <= 7 + 1
    assert diffs(out) == diffs(reference[0])


def test_every_module_is_one_unit_and_a_killed_run_resumes_to_the_same_diffs(
    estate: Estate,
    reference: tuple[Path, subprocess.CompletedProcess[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """One test (one estate, one uninterrupted run) for the outputs, the report
    and a coordinator SIGKILLed mid-run that resumes without loss or repeat."""
    _outputs(estate, reference, tmp_path_factory.mktemp("apply"))
    _report_offline(reference)
    _resume_after_sigkill(estate, reference, tmp_path_factory.mktemp("resume"))


def test_changed_config_version_and_commit_make_units_pending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    for name in ("a", "b"):
        where = module(repo / name, f"example.com/{name}")
        (where / "count.go").write_bytes(COUNT)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "two modules")
    out = tmp_path / "out"

    def units_run(*extra: str) -> int:
        code = cli.main(["batch", str(repo), "--out", str(out), "--format", "json", *extra])
        assert code == 0
        return int(json.loads(capsys.readouterr().out)["totals"]["units_run"])

    assert units_run() == 2
    assert units_run() == 0  # resumed: all done
    assert units_run("--select", "NM001") == 2  # the configuration changed
    (repo / "b" / "count.go").write_bytes(COUNT.replace(b"words", b"items"))
    commit_all(repo, "change b")
    assert units_run("--select", "NM001") == 2  # the commit changed: every unit of the repo
    (repo / "a" / "count.go").write_bytes(COUNT.replace(b"words", b"names"))
    assert units_run("--select", "NM001") == 2  # a dirty tree: content hashes from now on
    (repo / "a" / "count.go").write_bytes(COUNT.replace(b"words", b"keys"))
    assert units_run("--select", "NM001") == 1  # only the module whose files changed
    old = batch_run.__version__
    try:
        batch_run.__version__ = old + ".dev1"
        assert units_run("--select", "NM001") == 2  # another gofixmap version
    finally:
        batch_run.__version__ = old
    assert units_run("--select", "NM001", "--fresh") == 2


def test_bad_repositories_fail_alone(estate: Estate, tmp_path: Path) -> None:
    repos = tmp_path / "repos.txt"
    repos.write_text(
        f"file://{estate.remotes / 'alpha.git'}@v1\n"
        "missing-checkout\n"
        f"file://{tmp_path}/nowhere.git@main\n"
        f"file://{estate.remotes / 'alpha.git'}@no-such-ref\n"
    )
    done = batch("--repos", repos, "--out", tmp_path / "out")
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if "failed:" in line]
    assert len(lines) == 3, done.stderr
    assert "missing-checkout: no such directory" in lines[0]
    assert "nowhere.git@main: git clone" in lines[1]
    assert "no branch, tag or commit named 'no-such-ref'" in lines[2]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["totals"]["done"] == 1  # the good repository went on
    assert len(report["failures"]) == 3


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    done = batch("--out", tmp_path / "out")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        2,
        "gofixmap batch: nothing to do: give --repos FILE or a ROOT",
    )
    done = batch("--repos", tmp_path / "nope.txt", "--out", tmp_path / "out")
    assert done.returncode == 2 and "nope.txt: cannot read" in done.stderr
    done = batch(tmp_path, "--out", tmp_path / "out", "--select", "XX999")
    assert done.returncode == 2 and "unknown rule 'XX999'" in done.stderr
    # one run at a time per --out
    import fcntl

    (tmp_path / "busy").mkdir()
    with open(tmp_path / "busy" / ".lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        done = batch(tmp_path, "--out", tmp_path / "busy")
    assert (done.returncode, done.stderr) == (
        2,
        f"gofixmap batch: {tmp_path / 'busy'}: another batch run is using this directory\n",
    )


def _hanging_module(tmp_path: Path) -> Path:
    root = tmp_path / "hang"
    count = module(root, "example.com/hang")
    (count / "count.go").write_bytes(COUNT)
    (count / "count_test.go").write_bytes(HANG_TEST)
    return root


def _left(pids: Iterable[int]) -> list[int]:
    """The processes of ``pids`` still alive after a moment (the fork server of
    the units ends when it sees its coordinator gone)."""
    deadline = time.monotonic() + 10
    while True:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


# `--verify` runs the module's tests in the sandbox; without a working bwrap the
# batch refuses (or needs --unsandboxed), so these runs have nothing to show
# (bwrap_status says why: not installed, disabled, or failing; it probes once)
_needs_sandbox = pytest.mark.skipif(
    bwrap_status() is not None, reason=f"no sandbox here: {bwrap_status()}"
)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


@_needs_sandbox
def test_a_hung_go_test_is_killed_with_its_group_and_retried(tmp_path: Path) -> None:
    from gofixmap.codemod.sandbox import descendants, proc_table

    root = _hanging_module(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gofixmap",
            "batch",
            str(root),
            "--out",
            str(out),
            "--verify",
            "--timeout-per-module",
            "2",
            "--retries",
            "1",
            "--jobs",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: dict[int, str] = {}
    while proc.poll() is None:
        for pid in descendants(proc.pid, proc_table()):
            with contextlib.suppress(OSError):
                seen.setdefault(pid, Path(f"/proc/{pid}/comm").read_text().strip())
        time.sleep(0.05)
    _, stderr = proc.communicate()
    assert proc.returncode == 2, stderr
    assert "failed: hang:example.com/hang: timed out after 2s" in stderr
    # the go command ran below the unit, in a session of its own; nothing is left
    assert "go" in seen.values(), seen  # the unit, the go command and what it started
    assert _left(seen) == []
    rows = journal_rows(out)
    assert [(r[2], r[3]) for r in rows] == [("failed", 2)]  # a timeout is retried once


@pytest.mark.sandbox
def test_a_failed_unit_exits_2_and_retry_failed_runs_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this process, so the units come from one fork server: each still sees
    the environment of its run (the toolchain missing, then there)."""
    root = tmp_path / "repo"
    count = module(root / "b", "example.com/b")
    (count / "count.go").write_bytes(COUNT)  # no test: verification builds and vets only
    module(root / "clean", "example.com/clean")
    (root / "clean" / "ok.go").write_text("package clean\n\nvar M = map[string]int{}\n")
    out = tmp_path / "out"
    argv = ["batch", str(root), "--out", str(out), "--verify"]
    monkeypatch.setenv("GOFIXMAP_GO", str(tmp_path / "no-go"))
    assert cli.main(argv) == 2
    failed = [line for line in capsys.readouterr().err.splitlines() if "failed:" in line]
    assert len(failed) == 1 and "repo:example.com/b: ToolchainError" in failed[0]
    assert [(r[1], r[2], r[3]) for r in journal_rows(out)] == [
        ("b", "failed", 1),  # an error of the unit itself is not retried
        ("clean", "done", 1),
    ]
    report = json.loads((out / "report.json").read_text())
    assert report["failures"][0]["module"] == "example.com/b"
    assert "ToolchainError" in (out / "report.md").read_text()
    monkeypatch.delenv("GOFIXMAP_GO")
    assert cli.main(argv) == 2  # without --retry-failed a failed unit stays failed
    assert [r[3] for r in journal_rows(out)] == [1, 1]
    assert cli.main([*argv, "--retry-failed"]) == 1  # a fix whose verification was skipped
    assert [(r[2], r[3]) for r in journal_rows(out)] == [("done", 2), ("done", 1)]
    report = json.loads((out / "report.json").read_text())
    assert report["verification"]["skipped"] == 1 and report["failures"] == []


def test_progress_line_only_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    root = tmp_path / "r"
    module(root, "example.com/r", "cache")
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixmap", "batch", str(root), "--out", str(tmp_path / "o")],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env={**os.environ, "TERM": "xterm"},
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(main)
    assert b"gofixmap batch" in seen and b"1/1" in seen and b"findings=3" in seen


def test_ref_parsing_and_gowork_members(tmp_path: Path) -> None:
    assert est.split_ref("https://h/o/n.git@feature/x") == ("https://h/o/n.git", "feature/x")
    assert est.split_ref("https://user@h/o/n.git") == ("https://user@h/o/n.git", None)
    assert est.split_ref("git@h:o/n.git") == ("git@h:o/n.git", None)
    assert est.split_ref("git@h:o/n.git@v1.2") == ("git@h:o/n.git", "v1.2")
    work = tmp_path / "go.work"
    work.write_text('go 1.22\n// use ./commented\nuse ./one\nuse (\n\t./two // x\n\t"./three"\n)\n')
    assert sorted(parse_gomod(work.read_text()).uses) == ["./one", "./three", "./two"]


@pytest.mark.slow
def test_sigkill_at_random_points_ten_times(
    estate: Estate, reference: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """The coordinator killed at random points (clone, plan, units, report) ten
    times: every unit ends done exactly once and the diffs are those of one
    uninterrupted run, byte for byte."""
    import random

    rng = random.Random(17)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "gofixmap", "batch", "--repos", str(estate.repos_file)]
    command += ["--out", str(out), "--jobs", "2"]
    finished: dict[tuple[str, str], float | None] = {}
    kills = 0
    while kills < 10:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 2.5))
        if proc.poll() is not None:  # it finished first: start over from nothing
            assert proc.returncode == 1
            shutil.rmtree(out)
            finished.clear()
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        for repo, module_dir, status, _, at in journal_rows(out):
            if status == "done":  # once done, never run again
                assert finished.setdefault((repo, module_dir), at) == at
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    rows = journal_rows(out)
    assert {(r[0], r[1]) for r in rows} == estate.units
    assert all(r[2] == "done" for r in rows)
    for repo, module_dir, _, _, at in rows:
        assert finished.get((repo, module_dir), at) == at
    assert diffs(out) == diffs(reference[0])


@_needs_sandbox
def test_ctrl_c_kills_the_running_units_and_leaves_them_to_run_again(tmp_path: Path) -> None:
    from gofixmap.codemod.sandbox import descendants, proc_table

    root = _hanging_module(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixmap", "batch", str(root), "--out", str(out), "--verify"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: dict[int, str] = {}
    deadline = time.monotonic() + 120
    while "go" not in seen.values() and time.monotonic() < deadline and proc.poll() is None:
        for pid in descendants(proc.pid, proc_table()):
            with contextlib.suppress(OSError):
                seen.setdefault(pid, Path(f"/proc/{pid}/comm").read_text().strip())
        time.sleep(0.05)
    assert "go" in seen.values()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert _left(seen) == []
    assert [(r[2], r[3]) for r in journal_rows(out)] == [("running", 1)]  # run again next time


@pytest.mark.sandbox
def test_open_prs_hands_verified_fixes_to_the_bot_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fake_forges import REPO, TOKEN, FakeGitHub, serve

    owner, name = REPO.split("/")
    work = module(tmp_path / "work", "example.com/demo")
    (work / "count.go").write_bytes(COUNT)
    (work / "count_test.go").write_bytes(COUNT_TEST)
    git(work, "init", "-q", "-b", "main")
    commit_all(work, "demo")
    remote = tmp_path / owner / f"{name}.git"
    remote.parent.mkdir()
    git(remote.parent, "init", "-q", "--bare", "-b", "main", remote.name)
    git(work, "push", "-q", str(remote), "main")
    repos = tmp_path / "repos.txt"
    repos.write_text(f"file://{remote}@main\n")
    out = tmp_path / "out"
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    fake = FakeGitHub()
    with serve(fake) as url:
        argv = ["batch", "--repos", str(repos), "--out", str(out), "--verify", "--open-prs"]
        argv += ["--api-url", url, "--format", "json"]
        assert cli.main(argv) == 0
        report = json.loads(capsys.readouterr().out)
        pull = report["repositories"][0]["pull_request"]
        assert pull == {
            "action": "opened",
            "url": f"https://github.com/{REPO}/pull/1",
            "detail": None,
        }
        assert len(fake.pulls) == 1 and fake.pulls[0]["base"]["ref"] == "main"
        assert "m = make(map[string]int)" in git(remote, "show", "gofixmap/fixes:count.go")
        writes = len(fake.writes())
        # resumed: nothing to run, the pull request comes from the journal
        assert cli.main(argv) == 0
        again = json.loads(capsys.readouterr().out)
        assert again["totals"]["units_run"] == 0
        assert again["repositories"][0]["pull_request"] == pull
        assert len(fake.writes()) == writes
    assert "## Pull requests" in (out / "report.md").read_text()


def test_a_root_inside_a_work_tree_keeps_paths_from_the_work_tree_root(
    estate: Estate, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "clone", "-q", str(estate.mono), "mono")
    mono = tmp_path / "mono"
    out = tmp_path / "out"
    assert cli.main(["batch", str(mono / "a"), "--out", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (repo,) = report["repositories"]
    assert repo["commit"] == git(mono, "rev-parse", "HEAD")  # the work tree is clean
    assert [u["module_dir"] for u in repo["units"]] == ["a", "a/inner"]
    for unit in repo["units"]:
        git(mono, "apply", str(out / unit["diff"]))  # from the work tree's root
    assert "make(map[string]Handler)" in (mono / "a/inner/registry/registry.go").read_text()
