"""The rule registry table, and what a run answered by the cache loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gofixmap import rules
from tests.helpers import NIL_MAP


def test_the_table_agrees_with_the_classes() -> None:
    for entry, cls in zip(rules.REGISTRY, rules.RULES, strict=True):
        assert (entry.code, entry.name) == (cls.code, cls.name)
        assert cls.__module__ == f"gofixmap.rules.{entry.module}"
        assert cls.__qualname__ == entry.cls
    assert rules.select(["NM"]).identities() == tuple(
        f"{cls.__module__}.{cls.__qualname__}" for cls in rules.RULES if cls.code.startswith("NM")
    )


def test_a_rule_set_loads_on_use_and_pickles_by_code() -> None:
    import pickle

    chosen = rules.select(["MR"], ["MR002"])
    assert chosen.codes == ("MR001",) and len(chosen) == 1
    assert [r.code for r in chosen] == ["MR001"]
    again = pickle.loads(pickle.dumps(chosen))
    assert again.codes == chosen.codes and [r.code for r in again] == ["MR001"]


_PROBE = """
import json, sys
from gofixmap import cli
status = cli.main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.startswith(("gofixmap.rules.", "tree_sitter")))
print(json.dumps({"status": status, "loaded": loaded}))
"""


def _probe(tmp_path: Path, target: Path) -> dict[str, object]:
    env = {**os.environ, "GOFIXMAP_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "-j", "1", str(target)],
        capture_output=True,
        env=env,
        check=False,
    )
    result: dict[str, object] = json.loads(done.stdout.decode().splitlines()[-1])
    return result


def test_a_run_answered_by_the_cache_imports_no_rule_and_no_parser(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.go").write_bytes(NIL_MAP)
    old = (src / "a.go").stat().st_mtime_ns - 60_000_000_000
    os.utime(src / "a.go", ns=(old, old))
    cold = _probe(tmp_path, src)
    assert cold["status"] == 1 and "gofixmap.rules.nm001_nil_map_write" in cold["loaded"]  # type: ignore[operator]
    warm = _probe(tmp_path, src)
    assert warm == {"status": 1, "loaded": []}
