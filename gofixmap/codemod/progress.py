"""One progress line on stderr, for runs longer than a moment, on a terminal only.

Nothing is written when the stream is not a terminal (CI logs, pipes, tests),
when ``TERM=dumb``, before ``delay`` seconds have passed, or more often than
every ``interval`` seconds. The line is erased when the run ends, so the
output that follows is the same as without a terminal.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        delay: float = 0.5,
        interval: float = 0.1,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = _is_terminal(self.stream) and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < self.delay:
            return
        if self.shown and now - self.last < self.interval and done < total:
            return
        self.last = now
        self.shown = True
        self.stream.write("\r\x1b[K" + line(done, total, now - self.start))
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def line(done: int, total: int, elapsed: float, width: int = 24) -> str:
    fraction = done / total if total else 1.0
    filled = int(fraction * width)
    bar = "#" * filled + "-" * (width - filled)
    return f"gofixmap [{bar}] {done}/{total} files {elapsed:.1f}s"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
