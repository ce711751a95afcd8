"""Crash reports and race-detector reports out of noisy log text: cleaning
the lines, the crash and race-block parsers, and the public ``parse_*``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gofixmap.crashlog.model import Crash, Frame, Goroutine, Race, RaceAccess
from gofixmap.rules import crashes as catalogue

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
