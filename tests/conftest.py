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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``sandbox`` run the module's tests under ``--verify``,
    which refuses to run them without bubblewrap: where bwrap cannot run they
    are skipped with the reason (``.ci/run`` installs it)."""
    marked = [item for item in items if item.get_closest_marker("sandbox") is not None]
    if not marked:
        return
    from gofixmap.codemod.sandbox import INSTALL_HINT, bwrap_status

    reason = bwrap_status()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"--verify needs a sandbox: {reason}; {INSTALL_HINT}")
    for item in marked:
        item.add_marker(skip)
