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

The package: :mod:`.model` (the values), :mod:`.parse` (log text → values),
:mod:`.locate` (a frame → the user's file).
"""

from __future__ import annotations

from gofixmap.crashlog.locate import map_frame_to_repo
from gofixmap.crashlog.model import (
    KINDS,
    Crash,
    Frame,
    Goroutine,
    Race,
    RaceAccess,
    first_user_frame,
)
from gofixmap.crashlog.parse import parse_log, parse_races, parse_test_json

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
