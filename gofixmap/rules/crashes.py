"""The runtime failures gofixmap exists for, listed once.

``triage`` and ``race`` classify crash logs with :func:`classify`; ``--verify``
recognises a test that crashed on a map with :func:`crash_markers` (passed to
the engine as data: the engine knows nothing about maps).

The messages are exactly what the Go runtime prints: ``panic:
assignment to entry in nil map`` (``runtime/map.go``, ``maps_errNilAssign``)
and the ``fatal error: concurrent map ...`` throws of
``internal/runtime/maps`` and ``runtime/map_*.go``. There are four of those;
there is no "concurrent map clear and map write" (``clear`` reports a
concurrent write as ``concurrent map writes``). A test reads the toolchain's
runtime source and checks this table against it.
"""

from __future__ import annotations

from dataclasses import dataclass

NIL_MAP_RULES = ("NM001", "NM002", "NM003", "NM004", "NM005")
RACE_RULES = ("MR001", "MR002")


@dataclass(frozen=True, slots=True)
class MapCrash:
    """One way the runtime ends a program on a map bug."""

    message: str  # as printed after "panic: " or "fatal error: "
    fatal: bool  # a fatal error (not recoverable), else a panic
    kind: str  # the crash kind triage and race report
    description: str  # for people
    rules: tuple[str, ...]  # the rules that find its causes


CRASHES: tuple[MapCrash, ...] = (
    MapCrash(
        "assignment to entry in nil map",
        False,
        "nil-map-write",
        "write to a nil map (assignment to entry in nil map)",
        NIL_MAP_RULES,
    ),
    MapCrash(
        "concurrent map writes",
        True,
        "concurrent-map-writes",
        "concurrent map writes",
        RACE_RULES,
    ),
    MapCrash(
        "concurrent map read and map write",
        True,
        "concurrent-map-read-write",
        "concurrent map read and map write",
        RACE_RULES,
    ),
    MapCrash(
        "concurrent map iteration and map write",
        True,
        "concurrent-map-iteration-write",
        "concurrent map iteration and map write",
        RACE_RULES,
    ),
    MapCrash(
        "concurrent map clone and map write",
        True,
        "concurrent-map-clone-write",
        "concurrent map clone (maps.Clone) and map write",
        RACE_RULES,
    ),
)

RACE_REPORT = "WARNING: DATA RACE"
"""The first line of a race-detector report (``go test -race``)."""

DATA_RACE_KIND = "data-race"

BY_KIND: dict[str, MapCrash] = {c.kind: c for c in CRASHES}
MAP_KINDS: frozenset[str] = frozenset(BY_KIND)


def classify(message: str) -> MapCrash | None:
    """The map crash a ``panic:``/``fatal error:`` text names, if any."""
    for crash in CRASHES:
        if crash.message in message:
            return crash
    return None


def crash_markers() -> tuple[str, ...]:
    """Texts whose presence in a failed test's output shows it crashed on a
    map: the runtime's messages and the race detector's report header."""
    return (*(c.message for c in CRASHES), RACE_REPORT)


def rules_for(kind: str) -> tuple[str, ...]:
    """The rules that look for the cause of a crash of ``kind``."""
    if kind == DATA_RACE_KIND:
        return RACE_RULES
    crash = BY_KIND.get(kind)
    return crash.rules if crash is not None else ()
