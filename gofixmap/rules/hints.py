"""Hints: typed information about a run that rules may use (``pkg.hint(T)``),
given by the caller in ``RunOptions.hints``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gofixmap.rules.facts.locks import Access


@dataclass(frozen=True)
class RacingMaps:
    """Map accesses that ``go test -race`` saw on several goroutines
    (``gofixmap race``): (resolved file path, byte offset of the map
    expression). Such maps are shared whatever the static analysis sees."""

    sites: frozenset[tuple[str, int]]

    @classmethod
    def of(cls, sites: Iterable[tuple[str, int]]) -> RacingMaps:
        return cls(frozenset((str(Path(path).resolve()), offset) for path, offset in sites))

    def touches(self, directory: str, accesses: Iterable[Access]) -> bool:
        """Whether a race was reported on one of ``accesses`` (of files of
        the package in ``directory``: file paths are as the user named them)."""
        if not self.sites:
            return False
        for access in accesses:
            path = str((Path(directory) / Path(access.file.path).name).resolve())
            if (path, access.node.start_byte) in self.sites or (
                path,
                access.site.start_byte,
            ) in self.sites:
                return True
        return False
