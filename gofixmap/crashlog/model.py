"""The values a crash log is parsed into (frames, goroutines, races,
crashes) and the first frame of the user's code in a stack."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gofixmap.codemod import stdlib
from gofixmap.rules import crashes as catalogue

KINDS = (
    *(crash.kind for crash in catalogue.CRASHES),  # the runtime's map crashes
    catalogue.DATA_RACE_KIND,
    "nil-pointer",
    "index-out-of-range",
    "other-panic",
    "other-fatal",
)
"""Every kind of crash a log can hold (``Crash.kind``)."""

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
