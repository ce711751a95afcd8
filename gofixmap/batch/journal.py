"""The journal of a batch run: one SQLite row per unit, on the coordinator only.

A unit's key is (repository, revision, module directory, gofixmap version,
configuration hash); its status is ``pending``, ``running``, ``done`` or
``failed``. Every change is committed at once (WAL, ``synchronous=FULL``), so a
coordinator killed at any point leaves a journal that says which units are
done; a unit marked ``running`` by a run that died is run again, a ``done``
unit never. A new revision, version or configuration is a new key: the unit is
pending again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gofixmap.batch.estate import Unit

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    repo TEXT NOT NULL,
    revision TEXT NOT NULL,
    module_dir TEXT NOT NULL,
    version TEXT NOT NULL,
    config TEXT NOT NULL,
    module TEXT NOT NULL,
    name TEXT NOT NULL,
    repo_root TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    started REAL,
    finished REAL,
    seconds REAL,
    findings INTEGER,
    remaining INTEGER,
    counts TEXT,
    error TEXT,
    UNIQUE (repo, revision, module_dir, version, config)
);
CREATE TABLE IF NOT EXISTS pulls (
    repo TEXT NOT NULL,
    revision TEXT NOT NULL,
    config TEXT NOT NULL,
    action TEXT NOT NULL,
    url TEXT,
    detail TEXT,
    recorded REAL NOT NULL,
    PRIMARY KEY (repo, revision, config)
);
"""

STATUSES = ("pending", "running", "done", "failed")


@dataclass(frozen=True)
class Row:
    id: int
    unit: Unit
    status: str
    attempts: int
    seconds: float | None
    counts: dict[str, Any]
    error: str | None


@dataclass(frozen=True)
class Pull:
    """What ``gofixmap bot`` did with a repository (``--open-prs``)."""

    action: str  # opened, updated, unchanged, nothing, skipped, error
    url: str | None
    detail: str | None  # the bot's reason, or the error

    def as_json(self) -> dict[str, str | None]:
        return {"action": self.action, "url": self.url, "detail": self.detail}


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def plan(
        self, units: Sequence[Unit], version: str, config: str, retry_failed: bool
    ) -> list[int]:
        """The row of every unit of this run, added as pending where new; units
        left running by a dead run are pending again, failed ones too with
        ``retry_failed``. Returns the row ids in the order of ``units``."""
        ids: list[int] = []
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for u in units:
                self.db.execute(
                    "INSERT OR IGNORE INTO units (repo, revision, module_dir, version, config,"
                    " module, name, repo_root, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
                    (
                        u.repo,
                        u.revision,
                        u.module_dir,
                        version,
                        config,
                        u.module,
                        u.name,
                        u.repo_root,
                    ),
                )
                (row_id,) = self.db.execute(
                    "SELECT id FROM units WHERE repo=? AND revision=? AND module_dir=?"
                    " AND version=? AND config=?",
                    (u.repo, u.revision, u.module_dir, version, config),
                ).fetchone()
                # the repository may have moved since the row was written
                self.db.execute(
                    "UPDATE units SET repo_root=?, name=? WHERE id=?", (u.repo_root, u.name, row_id)
                )
                ids.append(int(row_id))
            marks = ["running", "failed"] if retry_failed else ["running"]
            for chunk in _chunks(ids, 500):
                self.db.execute(
                    f"UPDATE units SET status='pending' WHERE id IN ({','.join('?' * len(chunk))})"
                    f" AND status IN ({','.join('?' * len(marks))})",
                    (*chunk, *marks),
                )
        return ids

    def start(self, row_id: int) -> None:
        self.db.execute(
            "UPDATE units SET status='running', attempts=attempts+1, started=? WHERE id=?",
            (time.time(), row_id),
        )

    def retry(self, row_id: int, error: str) -> None:
        self.db.execute("UPDATE units SET status='pending', error=? WHERE id=?", (error, row_id))

    def finish(self, row_id: int, seconds: float, counts: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE units SET status='done', finished=?, seconds=?, findings=?, remaining=?,"
            " counts=?, error=NULL WHERE id=? AND status='running'",
            (
                time.time(),
                seconds,
                counts["findings"],
                counts["remaining"],
                json.dumps(counts, sort_keys=True),
                row_id,
            ),
        )

    def fail(self, row_id: int, seconds: float, error: str) -> None:
        self.db.execute(
            "UPDATE units SET status='failed', finished=?, seconds=?, error=? WHERE id=?",
            (time.time(), seconds, error, row_id),
        )

    def rows(self, ids: Sequence[int]) -> Iterator[Row]:
        """The rows ``ids``, in that order."""
        for chunk in _chunks(ids, 500):
            found = {
                r[0]: r
                for r in self.db.execute(
                    "SELECT id, repo, repo_root, module_dir, module, revision, name, status,"
                    " attempts, seconds, counts, error FROM units"
                    f" WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            }
            for row_id in chunk:
                r = found[row_id]
                unit = Unit(r[1], r[2], r[3], r[4], r[5], r[6])
                counts = json.loads(r[10]) if r[10] else {}
                yield Row(r[0], unit, r[7], r[8], r[9], counts, r[11])

    def pull(self, repo: str, revision: str, config: str) -> Pull | None:
        found = self.db.execute(
            "SELECT action, url, detail FROM pulls WHERE repo=? AND revision=? AND config=?",
            (repo, revision, config),
        ).fetchone()
        return Pull(found[0], found[1], found[2]) if found else None

    def record_pull(self, repo: str, revision: str, config: str, pull: Pull) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pulls (repo, revision, config, action, url, detail, recorded)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (repo, revision, config, pull.action, pull.url, pull.detail, time.time()),
        )

    def status(self, ids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for chunk in _chunks(ids, 500):
            found.update(
                self.db.execute(
                    f"SELECT id, status FROM units WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
