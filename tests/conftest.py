"""Test-wide isolation: no test reads or writes the user's gofixmap cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    cache = tmp_path_factory.mktemp("gofixmap-cache")
    monkeypatch.setenv("GOFIXMAP_CACHE_DIR", str(Path(cache)))
    yield
