"""Parse Go crash reports and race-detector reports out of arbitrary log text.

A pure library: no printing, no file writes. It reads the text a user holds --
``kubectl logs --previous`` output, a CI log, ``go test -json`` output -- and
returns immutable values:

- :func:`parse_log` finds every Go crash report (``panic: ...`` or
  ``fatal error: ...`` followed by goroutine stacks, and race-detector
  ``WARNING: DATA RACE`` blocks) and classifies it;
- :func:`parse_races` finds every ``WARNING: DATA RACE`` block;
- :func:`parse_test_json` turns a ``go test -json`` stream back into text;
- :func:`first_user_frame` and :func:`map_frame_to_repo` locate the user's
  code in a stack.

The text may be noisy: every line may carry a timestamp prefix (``kubectl logs
--timestamps``, CI runners, CRI log files), klog or zap JSON lines may surround
or interleave the report, lines may end in CRLF, ANSI colours may be present and
the log may end in the middle of a stack.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gofixmap.codemod import stdlib
from gofixmap.rules import crashes as catalogue

__all__ = [
    "KINDS",
    "Crash",
    "Frame",
    "Goroutine",
    "Race",
    "RaceAccess",
    "first_user_frame",
    "map_frame_to_repo",
    "parse_log",
    "parse_races",
    "parse_test_json",
]

KINDS = (
    "nil-map-write",
    "concurrent-map-writes",
    "concurrent-map-read-write",
    "concurrent-map-iteration-write",
    "data-race",
    "nil-pointer",
    "index-out-of-range",
    "other-panic",
    "other-fatal",
)

# --------------------------------------------------------------------------
# values


def _package_of(function: str) -> str:
    """The import path of a Go function symbol as printed in a traceback.

    ``example.com/op/controllers.(*R).Reconcile`` -> ``example.com/op/controllers``;
    ``main.main.func1`` -> ``main``; ``gopkg.in/yaml%2ev3.(*d).f`` -> ``gopkg.in/yaml.v3``.
    The runtime prints ``runtime.gopanic`` as ``panic`` and similar: those
    dotless names belong to ``runtime``.
    """
    name = function.strip()
    if not name:
        return ""
    cut = len(name)
    for stop in ("(", "["):
        i = name.find(stop)
        if i != -1:
            cut = min(cut, i)
    head = name[:cut]
    slash = head.rfind("/")
    dot = head.find(".", slash + 1)
    if dot == -1:
        if slash == -1 and cut == len(name):
            return "runtime"  # panic, goexit, ...
        return head.rstrip(".").replace("%2e", ".")
    return head[:dot].replace("%2e", ".").replace("%2E", ".")


_RUNTIME_PREFIXES = ("runtime/", "internal/runtime/")
_MAP_FUNC = re.compile(
    r"^(?:runtime\.(?:map(?:assign|access|delete|iter|Iter|clear|clone)\w*|reflect_map\w*)"
    r"|internal/runtime/maps\.)"
)


@dataclass(frozen=True, slots=True)
class Frame:
    """One stack frame: the function symbol, its file and line."""

    function: str
    file: str
    line: int
    package: str

    @classmethod
    def make(cls, function: str, file: str = "", line: int = 0) -> Frame:
        """Build a frame, deriving ``package`` from ``function``."""
        return cls(function=function, file=file, line=line, package=_package_of(function))

    @property
    def is_runtime(self) -> bool:
        """The Go runtime, including Go >= 1.24's ``internal/runtime/maps``."""
        pkg = self.package
        return pkg == "runtime" or pkg.startswith(_RUNTIME_PREFIXES) or pkg == "internal/runtime"

    @property
    def is_map_runtime(self) -> bool:
        """A runtime map operation (``runtime.mapassign*``, ``internal/runtime/maps.*``)."""
        return bool(_MAP_FUNC.match(self.function))

    @property
    def is_stdlib(self) -> bool:
        """Standard library (including runtime and testing): by the std package
        list, never by a dot missing from the path — a main module is often
        ``module myapp``, and GOPATH checkouts (``/go/src/github.com/...``)
        are user code."""
        if self.is_runtime:
            return True
        pkg = self.package
        if not pkg or pkg == "main" or pkg.endswith("_test"):
            return False
        return stdlib.is_std(pkg)

    @property
    def is_testing(self) -> bool:
        return self.package == "testing" or self.package.startswith("testing/")


@dataclass(frozen=True, slots=True)
class Goroutine:
    """A goroutine's stack, top frame first."""

    id: int
    state: str
    frames: tuple[Frame, ...]
    created_by: Frame | None


@dataclass(frozen=True, slots=True)
class RaceAccess:
    """One side of a data race: ``op`` is read, write, previous read or previous write."""

    op: str
    goroutine: int
    frames: tuple[Frame, ...]


@dataclass(frozen=True, slots=True)
class Race:
    """One ``WARNING: DATA RACE`` block."""

    accesses: tuple[RaceAccess, ...]
    creations: tuple[tuple[int, tuple[Frame, ...]], ...]
    is_map: bool
    test: str | None


@dataclass(frozen=True, slots=True)
class Crash:
    """One crash report.

    ``message`` is the ``panic: ...`` / ``fatal error: ...`` line that decided
    ``kind`` (for a chain of panics, the original one; continuation lines of a
    multi-line panic value are joined with newlines); for a data race it is
    ``WARNING: DATA RACE`` and ``race`` holds the report, whose accesses are also
    given as ``goroutines`` (state = the access op).
    """

    kind: str
    message: str
    goroutines: tuple[Goroutine, ...]
    recovered: bool
    truncated: bool
    race: Race | None = None
    messages: tuple[str, ...] = ()  # every panic line of the chain, in print order

    @property
    def origin_frames(self) -> tuple[Frame, ...]:
        """The crashing goroutine's frames from where ``message`` was raised.

        When a panic is recovered and raised again (controller-runtime, a test's
        ``tRunner``, a ``defer`` that wraps the value), the printed stack is the
        re-panicking deferred call, a ``panic(...)`` frame, then the frames of the
        original panic. This returns the part that belongs to ``message``. For
        a data race it is the first access's stack.
        """
        if not self.goroutines:
            return ()
        frames = self.goroutines[0].frames
        if self.race is not None:
            return frames
        segments: list[list[Frame]] = [[]]
        for frame in frames:
            if frame.function == "panic" or frame.function == "runtime.gopanic":
                segments.append([])
            else:
                segments[-1].append(frame)
        if len(segments) == 1:
            return frames
        messages = self.messages or (self.message,)
        k = messages.index(self.message) if self.message in messages else 0
        if len(segments) == len(messages):
            return tuple(segments[len(segments) - 1 - k])
        if k == 0:
            return tuple(segments[-1])
        if k == len(messages) - 1:
            return tuple(segments[0])
        return frames

    def user_frame(self, module_path: str | None = None) -> Frame | None:
        """The first user frame of :attr:`origin_frames` (else of the whole stack)."""
        found = first_user_frame(self.origin_frames, module_path)
        if found is None and self.goroutines:
            found = first_user_frame(self.goroutines[0].frames, module_path)
        return found


# --------------------------------------------------------------------------
# line clean-up

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TIMESTAMP = re.compile(
    r"^(?:"
    # 2026-11-29T06:00:00.123456789Z / +01:00 / 2026-11-29 06:00:00,123
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?"
    # 2026/11/29 06:00:00 (Go's log package)
    r"|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?"
    r")(?: |\t|$)"
)
_CRI_STREAM = re.compile(r"^(stdout|stderr) ([FP]) ")
_KUBECTL_PREFIX = re.compile(r"^\[(?:pod|deployment|job|statefulset|daemonset)/[^\]\s]+\] ")


def _clean_lines(text: str) -> list[str]:
    """Split ``text`` into lines without prefixes a log pipeline adds."""
    out: list[str] = []
    partial: dict[str, str] = {}
    for raw in text.split("\n"):
        line = _ANSI.sub("", raw.rstrip("\r"))
        line = _KUBECTL_PREFIX.sub("", line, count=1)
        m = _TIMESTAMP.match(line)
        if m:
            line = line[m.end() :]
        cri = _CRI_STREAM.match(line)
        if cri and m:
            stream, tag = cri.group(1), cri.group(2)
            body = partial.pop(stream, "") + line[cri.end() :]
            if tag == "P":
                partial[stream] = body
                continue
            line = body
        out.append(line.rstrip("\r"))
    out.extend(partial.values())
    return out


# --------------------------------------------------------------------------
# traceback grammar

_PANIC = re.compile(r"^(\t?)panic: (.*)$")
_FATAL = re.compile(r"^fatal error: (.*)$")
_GOROUTINE = re.compile(r"^\s*goroutine (\d+)(?: [^\[]*)? ?\[(.*)\]:\s*$")
_FUNC = re.compile(r"^\s*(\S+)\(([^()]*)\)\s*$")
# (leading whitespace optional: some log shippers strip it)
_FILE = re.compile(r"^\s*(.+?):(\d+)(?: \+0x[0-9a-fA-F]+)?(?: fp=\S+ sp=\S+ pc=\S+)?\s*$")
_CREATED = re.compile(r"^\s*created by (\S+?)(?: in goroutine (\d+))?\s*$")
_ELIDED = re.compile(r"^\s*\.\.\.(?:\d+ frames|additional frames) elided\.\.\.\s*$")
_BRACKET = re.compile(r"^\[(?:signal |originating from |recovered|.*\]:?$)")
_RUNTIME_STACK = re.compile(r"^runtime stack:\s*$")
# log lines other goroutines may write while the runtime prints a report
_KLOG = re.compile(r"^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ \S+:\d+\] ")
_JSON_LINE = re.compile(r"^\s*\{.*\}\s*$")
_RECOVERED = re.compile(r" \[recovered(?:, repanicked)?\]$")

# how a line cut in the middle of a stack looks, and lines that end a report
_PARTIAL = re.compile(r"^(?:\s+\S|\S+$|goroutine |created by )")
_TERMINATOR = re.compile(r"^(?:exit status \d+|FAIL\b.*|PASS|ok\b.*|--- .*|signal: .*|\w+: .*)$")

_BOTTOMS = frozenset({"main.main", "runtime.main", "runtime.goexit", "runtime.mstart"})


def _classify(message: str) -> str | None:
    """The kind a panic/fatal text names, or None when it is another one."""
    crash = catalogue.classify(message)
    if crash is not None:
        return crash.kind
    if "nil pointer dereference" in message:
        return "nil-pointer"
    if re.search(r"index out of range", message):
        return "index-out-of-range"
    return None


@dataclass(slots=True)
class _GoroutineBuilder:
    id: int
    state: str
    frames: list[Frame]
    created_by: Frame | None = None
    pending: str | None = None  # a function line waiting for its file line
    pending_created: bool = False

    def build(self) -> Goroutine:
        frames = list(self.frames)
        if self.pending is not None and not self.pending_created:
            frames.append(Frame.make(self.pending))
        created = self.created_by
        if self.pending is not None and self.pending_created and created is None:
            created = Frame.make(self.pending)
        return Goroutine(self.id, self.state, tuple(frames), created)

    @property
    def complete(self) -> bool:
        """Did the stack reach its natural bottom?"""
        if self.pending is not None:
            return False
        if self.created_by is not None:
            return True
        if not self.frames:
            return False
        return self.frames[-1].function in _BOTTOMS


@dataclass(slots=True)
class _CrashBuilder:
    messages: list[str]
    fatal: bool
    goroutines: list[_GoroutineBuilder]
    current: _GoroutineBuilder | None = None
    in_runtime_stack: bool = False
    ended_cleanly: bool = False

    def build(self, truncated: bool) -> Crash:
        kind: str | None = None
        chosen = self.messages[0]
        for msg in self.messages:
            kind = _classify(msg)
            if kind is not None:
                chosen = msg
                break
        if kind is None:
            kind = "other-fatal" if self.fatal else "other-panic"
        recovered = any(_RECOVERED.search(m.split("\n", 1)[0]) for m in self.messages)
        return Crash(
            kind=kind,
            message=chosen,
            goroutines=tuple(g.build() for g in self.goroutines),
            recovered=recovered,
            truncated=truncated,
            messages=tuple(self.messages),
        )


def _is_noise(line: str) -> bool:
    """A log line another goroutine may interleave with a crash report."""
    return bool(_KLOG.match(line) or _JSON_LINE.match(line))


def _parse_crashes(lines: Sequence[str]) -> list[tuple[int, Crash]]:
    """Crash reports (not races) with the index of their first line."""
    found: list[tuple[int, Crash]] = []
    crash: _CrashBuilder | None = None
    start = 0

    # the last line with text: a report that stops at an unparsable last line
    # was cut in the middle of that line
    last_text = max((i for i, line in enumerate(lines) if line.strip()), default=-1)

    def cut_off(i: int, line: str) -> bool:
        return i == last_text and not _TERMINATOR.match(line) and bool(_PARTIAL.match(line))

    def finish(at_end: bool, cut: bool = False) -> None:
        nonlocal crash
        if crash is None:
            return
        truncated = cut
        if at_end:
            last = crash.goroutines[-1] if crash.goroutines else None
            truncated = last is None or not last.complete
        found.append((start, crash.build(truncated)))
        crash = None

    for i, line in enumerate(lines):
        panic = _PANIC.match(line)
        fatal = _FATAL.match(line) if panic is None else None
        if panic and panic.group(1) and crash is not None and not crash.goroutines:
            # "\tpanic: second" after "panic: first [recovered]"
            crash.messages.append("panic: " + panic.group(2))
            continue
        if panic or fatal:
            text = line.strip()
            if (
                crash is not None
                and not crash.goroutines
                and fatal is not None
                and crash.fatal
                and text in crash.messages
            ):
                continue  # two goroutines both threw "fatal error: concurrent map writes"
            finish(at_end=False)
            crash = _CrashBuilder(messages=[text], fatal=fatal is not None, goroutines=[])
            start = i
            continue
        if crash is None:
            continue

        g = _GOROUTINE.match(line)
        if g:
            crash.current = _GoroutineBuilder(int(g.group(1)), g.group(2), [])
            crash.goroutines.append(crash.current)
            crash.in_runtime_stack = False
            continue
        if _RUNTIME_STACK.match(line):
            crash.in_runtime_stack = True
            crash.current = None
            continue
        cur = crash.current
        if cur is None:
            if crash.in_runtime_stack and (_FUNC.match(line) or _FILE.match(line)):
                continue
            if not crash.goroutines and line.startswith("\t") and line.strip():
                # continuation of a multi-line panic value (printed indented)
                crash.messages[-1] += "\n" + line[1:]
                continue
            if not line.strip() or _BRACKET.match(line) or _is_noise(line):
                continue
            if line.startswith(("runtime:", "[")):
                continue  # "runtime: goroutine stack exceeds ..." and friends
            finish(at_end=False, cut=cut_off(i, line))
            continue

        fm = _FILE.match(line)
        if fm and cur.pending is not None:
            frame = Frame.make(cur.pending, fm.group(1), int(fm.group(2)))
            if cur.pending_created:
                cur.created_by = frame
            else:
                cur.frames.append(frame)
            cur.pending = None
            cur.pending_created = False
            continue
        cm = _CREATED.match(line)
        if cm:
            if cur.pending is not None:
                cur.frames.append(Frame.make(cur.pending))
            cur.pending = cm.group(1)
            cur.pending_created = True
            continue
        fn = _FUNC.match(line)
        if fn:
            if cur.pending is not None:
                cur.frames.append(Frame.make(cur.pending))
            cur.pending = fn.group(1)
            cur.pending_created = False
            continue
        if _ELIDED.match(line) or _is_noise(line):
            continue
        if not line.strip():
            if cur.pending is None:
                crash.current = None  # between goroutines
            continue
        # anything else ends the report ("exit status 2", "FAIL pkg 0.01s", ...)
        if cur.pending is not None and not cur.pending_created:
            cur.frames.append(Frame.make(cur.pending))
            cur.pending = None
        finish(at_end=False, cut=cut_off(i, line))

    if crash is not None:
        # The report ran to the end of the input: is its last stack complete?
        finish(at_end=True)
    return found


# --------------------------------------------------------------------------
# race reports

_RACE_START = re.compile("^" + re.escape(catalogue.RACE_REPORT) + r"\s*$")
_RACE_SEP = re.compile(r"^={10,}\s*$")
_RACE_ACCESS = re.compile(
    r"^\s*(Previous )?(?:Atomic )?(read|write)(?: of size \d+)? at (?:0x[0-9a-fA-F]+ )?"
    r"by (?:(main) goroutine|goroutine (\d+))[^:]*:\s*$",
    re.IGNORECASE,
)
_RACE_CREATED = re.compile(r"^\s*Goroutine (\d+) \([^)]*\) created at:\s*$")
_RACE_FUNC = re.compile(r"^\s*(\S+)\(([^()]*)\)\s*$")
_RACE_FILE = re.compile(r"^\s+(.+?):(\d+)(?: \+0x[0-9a-fA-F]+)?\s*$")
_FAIL_TEST = re.compile(r"^\s*--- FAIL: (\S+)")
_RUN_TEST = re.compile(r"^\s*=== (?:RUN|CONT|PAUSE)\s+(\S+)")
_RACE_DETECTED = re.compile(r"race detected during execution of test")


def _race_test_name(
    lines: Sequence[str], start: int, end: int, frames: Sequence[Frame]
) -> str | None:
    # 1. the testing package names the test: "--- FAIL: TestX" next to
    #    "race detected during execution of test" (after it in plain output,
    #    before it in go test -json output)
    for j in range(end, len(lines)):
        m = _FAIL_TEST.match(lines[j])
        if m is None:
            if _RACE_START.match(lines[j]):
                break
            continue
        near = [*lines[max(j - 1, end) : j], *lines[j + 1 : j + 2]]
        if any(_RACE_DETECTED.search(line) for line in near):
            return m.group(1)
    # 2. the test that was running when the report was printed
    for j in range(start - 1, -1, -1):
        m = _RUN_TEST.match(lines[j])
        if m:
            return m.group(1)
        if _RACE_START.match(lines[j]):
            break
    # 3. the frame just under testing.tRunner in a creation stack
    for prev, frame in zip((None, *frames), frames, strict=False):
        if frame.function == "testing.tRunner" and prev is not None:
            name = prev.function.rsplit(".", 1)[-1]
            if name.startswith(("Test", "Benchmark", "Fuzz", "Example")):
                return name
    return None


def _parse_race_block(lines: Sequence[str], start: int, end: int) -> Race:
    accesses: list[RaceAccess] = []
    creations: list[tuple[int, tuple[Frame, ...]]] = []
    frames: list[Frame] = []
    target: tuple[str, int] | None = None  # ("access", op-index) or ("created", gid)
    pending: str | None = None

    def flush() -> None:
        nonlocal frames, pending
        if pending is not None:
            frames.append(Frame.make(pending))
            pending = None
        if target is not None:
            kind, value = target
            if kind == "access":
                op, gid = _access_info[value]
                accesses.append(RaceAccess(op, gid, tuple(frames)))
            else:
                creations.append((value, tuple(frames)))
        frames = []

    _access_info: list[tuple[str, int]] = []
    for line in lines[start + 1 : end]:
        am = _RACE_ACCESS.match(line)
        if am:
            flush()
            op = ("previous " if am.group(1) else "") + am.group(2).lower()
            gid = 1 if am.group(3) else int(am.group(4))
            _access_info.append((op, gid))
            target = ("access", len(_access_info) - 1)
            continue
        cm = _RACE_CREATED.match(line)
        if cm:
            flush()
            target = ("created", int(cm.group(1)))
            continue
        if target is None:
            continue
        fm = _RACE_FILE.match(line)
        if fm and pending is not None:
            frames.append(Frame.make(pending, fm.group(1), int(fm.group(2))))
            pending = None
            continue
        fn = _RACE_FUNC.match(line)
        if fn:
            if pending is not None:
                frames.append(Frame.make(pending))
            pending = fn.group(1)
            continue
        if not line.strip():
            continue
        # "Location is heap block ...", "Mutex M1 ... created at:": end this section
        flush()
        target = None
    flush()
    is_map = any(a.frames and a.frames[0].is_map_runtime for a in accesses)
    all_frames = [f for _, fs in creations for f in fs] + [f for a in accesses for f in a.frames]
    return Race(
        accesses=tuple(accesses),
        creations=tuple(creations),
        is_map=is_map,
        test=_race_test_name(lines, start, end, all_frames),
    )


def _parse_races(lines: Sequence[str]) -> list[tuple[int, Race, bool]]:
    """(first line, race, closed by its "=====" line) for every block."""
    out: list[tuple[int, Race, bool]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not _RACE_START.match(lines[i]):
            i += 1
            continue
        end = i + 1
        while end < n and not _RACE_SEP.match(lines[end]) and not _RACE_START.match(lines[end]):
            end += 1
        closed = end < n and bool(_RACE_SEP.match(lines[end]))
        out.append((i, _parse_race_block(lines, i, end), closed))
        i = end
    return out


def _race_crash(race: Race, truncated: bool) -> Crash:
    created = {gid: fs for gid, fs in race.creations}
    goroutines = []
    for access in race.accesses:
        origin = created.get(access.goroutine)
        goroutines.append(
            Goroutine(
                id=access.goroutine,
                state=access.op,
                frames=access.frames,
                created_by=origin[0] if origin else None,
            )
        )
    return Crash(
        kind="data-race",
        message="WARNING: DATA RACE",
        goroutines=tuple(goroutines),
        recovered=False,
        truncated=truncated,
        race=race,
        messages=("WARNING: DATA RACE",),
    )


# --------------------------------------------------------------------------
# public API


def parse_log(text: str) -> list[Crash]:
    """Every Go crash report in ``text``, in the order they appear.

    Race-detector reports are included as crashes of kind ``data-race``.
    """
    lines = _clean_lines(text)
    items: list[tuple[int, Crash]] = _parse_crashes(lines)
    for start, race, closed in _parse_races(lines):
        items.append((start, _race_crash(race, truncated=not closed)))
    items.sort(key=lambda item: item[0])
    return [crash for _, crash in items]


def parse_races(text: str) -> list[Race]:
    """Every ``WARNING: DATA RACE`` block in ``text``."""
    return [race for _, race, _ in _parse_races(_clean_lines(text))]


def parse_test_json(lines: Iterable[str]) -> str:
    """The text of a ``go test -json`` stream.

    ``Output`` fields are concatenated per package (packages in order of first
    appearance) so that a report interleaved with another package's events is
    whole again. Lines that are not test2json events are kept as they are.
    """
    buckets: dict[str, list[str]] = {}
    for raw in lines:
        line = raw.rstrip("\r\n")
        event: object = None
        if line.lstrip().startswith("{"):
            try:
                event = json.loads(line)
            except ValueError:
                event = None
        if isinstance(event, dict):
            output = event.get("Output")
            if isinstance(output, str):
                package = event.get("Package") or event.get("ImportPath") or ""
                buckets.setdefault(str(package), []).append(output)
            continue
        buckets.setdefault("", []).append(line + "\n")
    return "".join("".join(parts) for parts in buckets.values())


def first_user_frame(frames: Iterable[Frame], module_path: str | None = None) -> Frame | None:
    """The first frame of the user's code: not runtime, standard library or testing.

    With ``module_path``, a frame of that module is preferred over other
    non-standard frames (dependencies such as controller-runtime).
    """
    candidates = [
        f
        for f in frames
        if not f.is_runtime and not f.is_stdlib and not f.is_testing and f.file != "<autogenerated>"
    ]
    if module_path:
        prefix = module_path.rstrip("/")
        for f in candidates:
            if f.package == prefix or f.package.startswith(prefix + "/"):
                return f
    return candidates[0] if candidates else None


_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"})


def _norm_parts(path: str) -> list[str]:
    text = path.replace("\\", "/")
    text = re.sub(r"^[A-Za-z]:", "", text)
    return [p for p in text.split("/") if p and p != "."]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def map_frame_to_repo(frame: Frame, repo: Path, module_path: str | None) -> Path | None:
    """The file of ``repo`` that ``frame`` points at, or None.

    A crash log is untrusted input: whatever the frame says (``../``, an
    absolute path, a package path with ``..``, a symlink in the repository
    pointing out of it), the answer is a regular file that lies inside
    ``repo`` once every symlink is resolved, or None (the frame is unmapped).
    """
    found = _map_frame(frame, Path(repo), module_path)
    if found is None or not _inside(found, Path(repo)) or not found.resolve().is_file():
        return None
    return found


def _map_frame(frame: Frame, repo: Path, module_path: str | None) -> Path | None:
    """Candidates for :func:`map_frame_to_repo`, before the confinement check.

    Tried in order: the frame's path as is (absolute inside ``repo``, or
    relative to it as ``-trimpath`` prints it); the package path minus
    ``module_path`` as a directory plus the file's base name; the repository
    ``.go`` file sharing the longest path suffix with the frame's file (a
    binary built in ``/workspace`` or CI): its whole repository-relative path,
    or at least its directory and base name. A tie between equally good suffix
    matches is ambiguous and gives None.
    """
    if not frame.file or frame.file.startswith("<"):
        return None
    repo = Path(repo)
    parts = _norm_parts(frame.file)
    if not parts:
        return None
    base = parts[-1]
    exact = Path(frame.file)
    if exact.is_absolute():
        if exact.is_file() and _inside(exact, repo):
            return exact
    elif (repo / exact).is_file():
        return repo / exact

    if module_path:
        prefix = module_path.rstrip("/")
        for pkg in (frame.package, frame.package.removesuffix("_test")):
            if pkg == prefix or pkg.startswith(prefix + "/"):
                rel = pkg[len(prefix) :].lstrip("/")
                candidate = repo / rel / base if rel else repo / base
                if candidate.is_file():
                    return candidate
        # -trimpath: "example.com/op/controllers/x.go"
        joined = "/".join(parts)
        if joined.startswith(prefix + "/"):
            candidate = repo / joined[len(prefix) + 1 :]
            if candidate.is_file():
                return candidate

    best: list[Path] = []
    best_len = 0
    for dirpath, dirnames, filenames in os.walk(repo):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        if base not in filenames:
            continue
        rel_parts = [*PurePosixPath(Path(dirpath).relative_to(repo).as_posix()).parts, base]
        rel_parts = [p for p in rel_parts if p != "."]
        n = 0
        for a, b in zip(reversed(rel_parts), reversed(parts), strict=False):
            if a != b:
                break
            n += 1
        if n < len(rel_parts) and n < 2:
            continue  # only the base name agrees, and the directories differ
        if n > best_len:
            best, best_len = [Path(dirpath) / base], n
        elif n == best_len and n > 0:
            best.append(Path(dirpath) / base)
    if len(best) == 1:
        return best[0]
    return None
