"""The coordinator of a batch run: plan the units in the journal, hand the
pending ones to an executor, record each answer, write the unit outputs.

Only this process touches the journal and ``--out``. A unit's outputs are
written (atomically) before the journal says it is done, so a coordinator
killed at any point loses nothing: at the next run, a unit not marked done is
run again and rewrites the same files.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import importlib
import json
import os
import queue
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from gofixmap import __version__
from gofixmap.batch import estate as est
from gofixmap.batch.executors import DaskExecutor, Executor, ExecutorError, LocalExecutor
from gofixmap.batch.journal import Journal, Pull, Row

if TYPE_CHECKING:
    from gofixmap.batch.handoff import HandOff
from gofixmap.batch.unit import Answer

JOURNAL = "journal.sqlite"


class BatchError(Exception):
    """The run cannot start or go on: one line for the user (exit 2)."""


@dataclass(frozen=True)
class BatchOptions:
    out: Path
    repos_file: Path | None = None
    roots: tuple[str, ...] = ()
    executor: str = "local"
    scheduler: str | None = None
    jobs: int = 1
    verify: bool = False
    unsafe_fixes: bool = False
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    confidence: str | None = None
    timeout: float | None = 600.0
    retries: int = 2
    retry_failed: bool = False
    fresh: bool = False
    verify_timeout: float = 300.0
    progress: bool | None = None  # None: on a terminal only
    open_prs: HandOff | None = None  # hand verified fixes to gofixmap bot

    def config(self) -> dict[str, Any]:
        """What changes a unit's results: part of its journal key (hashed)."""
        return {
            "select": sorted(self.select) if self.select is not None else None,
            "ignore": sorted(self.ignore) if self.ignore is not None else None,
            "unsafe_fixes": self.unsafe_fixes,
            "verify": self.verify,
            **({"confidence": self.confidence} if self.confidence else {}),
        }

    def config_hash(self) -> str:
        text = json.dumps(self.config(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Outcome:
    """What the run did, for the report and the exit status."""

    repos: list[est.Repo]
    rows: list[Row]
    seconds: float
    executor: str
    retried: int = 0
    ran: int = 0
    pulls: dict[str, Pull] = field(default_factory=dict)  # repository name -> its PR


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unit_paths(out: Path, unit: est.Unit) -> tuple[Path, Path]:
    base = out / "units" / unit.repo / unit.name
    return base.with_name(base.name + ".diff"), base.with_name(base.name + ".json")


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    with open(out / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"{out}: another batch run is using this directory") from None
        yield


def _start_fresh(out: Path) -> None:
    for name in (
        JOURNAL,
        f"{JOURNAL}-wal",
        f"{JOURNAL}-shm",
        "report.json",
        "report.md",
        "report.html",
    ):
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    shutil.rmtree(out / "units", ignore_errors=True)


def _write_outputs(out: Path, unit: est.Unit, result: dict[str, Any]) -> dict[str, Any]:
    """The unit's .diff (only when there is one) and .json; its counts for the journal."""
    diff_path, json_path = unit_paths(out, unit)
    diff = base64.b64decode(result.pop("diff"))
    document = result.pop("document")
    document["unit"] = {
        "repo": unit.repo,
        "module": unit.module,
        "module_dir": unit.module_dir,
        "revision": unit.revision,
    }
    write_atomic(json_path, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode())
    if diff:
        write_atomic(diff_path, diff)
    else:
        with contextlib.suppress(FileNotFoundError):
            diff_path.unlink()
    result["diff"] = diff_path.relative_to(out).as_posix() if diff else None
    result["json"] = json_path.relative_to(out).as_posix()
    return result


def _spec(unit: est.Unit, options: BatchOptions) -> dict[str, Any]:
    verify_timeout = options.verify_timeout
    if options.timeout is not None:
        verify_timeout = min(verify_timeout, options.timeout)
    return {
        "repo_root": unit.repo_root,
        "module_dir": unit.module_dir,
        "select": list(options.select) if options.select is not None else None,
        "ignore": list(options.ignore) if options.ignore is not None else None,
        "unsafe_fixes": options.unsafe_fixes,
        "verify": options.verify,
        "verify_timeout": verify_timeout,
        "confidence": options.confidence,
    }


class _Progress:
    """One live line (tqdm) on a terminal; nothing otherwise."""

    def __init__(self, total: int, done: int, enabled: bool | None) -> None:
        if enabled is None:
            isatty = getattr(sys.stderr, "isatty", None)
            enabled = bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
        self.bar: Any = None
        self.counts = {"findings": 0, "verified": 0, "failed": 0}
        if enabled:
            try:
                tqdm: Any = importlib.import_module("tqdm").tqdm
            except ImportError:  # the batch extra is not installed: no line
                return
            self.bar = tqdm(
                total=total,
                initial=done,
                unit="unit",
                file=sys.stderr,
                dynamic_ncols=True,
                desc="gofixmap batch",
                leave=False,
                # every unit shows (units take a moment each; the line is one)
                mininterval=0,
                miniters=1,
            )

    def update(self, findings: int = 0, verified: int = 0, failed: int = 0) -> None:
        self.counts["findings"] += findings
        self.counts["verified"] += verified
        self.counts["failed"] += failed
        if self.bar is not None:
            self.bar.set_postfix(self.counts, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(options: BatchOptions, log: IO[str] | None = None) -> Outcome:
    """Run (or resume) the batch ``options`` describe. Raises :class:`BatchError`."""
    started = time.monotonic()
    out = options.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"--out {out}: {exc.strerror or exc}") from None
    with _locked(out):
        if options.fresh:
            _start_fresh(out)
        entries: list[str] = []
        base = Path.cwd()
        if options.repos_file is not None:
            try:
                entries = est.read_repos_file(options.repos_file)
            except est.EstateError as exc:
                raise BatchError(str(exc)) from None
            base = options.repos_file.resolve().parent
        repos = est.prepare(entries, options.roots, out / "checkouts", base)
        estate = est.discover(repos)
        journal = Journal(out / JOURNAL)
        try:
            ids = journal.plan(
                estate.units, __version__, options.config_hash(), options.retry_failed
            )
            outcome = _execute(options, journal, estate, ids, started)
            if options.open_prs is not None:
                from gofixmap.batch.handoff import open_prs

                outcome.pulls = open_prs(
                    outcome.repos, outcome.rows, journal, options.config_hash(), options.open_prs
                )
                outcome.seconds = time.monotonic() - started
            return outcome
        finally:
            journal.close()


def _execute(
    options: BatchOptions, journal: Journal, estate: est.Estate, ids: list[int], started: float
) -> Outcome:
    statuses = journal.status(ids)
    pending = [i for i in ids if statuses[i] == "pending"]
    done_before = sum(1 for i in ids if statuses[i] != "pending")
    units = {row.id: row.unit for row in journal.rows(pending)}
    answers: queue.Queue[tuple[int, Answer]] = queue.Queue()
    outcome = Outcome(estate.repos, [], 0.0, "")
    if pending:
        executor: Executor
        try:
            if options.executor == "dask":
                executor = DaskExecutor(
                    options.scheduler, options.jobs, lambda t, a: answers.put((t, a))
                )
            else:
                executor = LocalExecutor(options.jobs, lambda t, a: answers.put((t, a)))
        except ExecutorError as exc:
            raise BatchError(str(exc)) from None
        outcome.executor = executor.describe()
        progress = _Progress(len(ids), done_before, options.progress)
        attempts: dict[int, int] = {}
        todo = list(reversed(pending))
        in_flight = 0
        try:
            while todo or in_flight:
                while todo and in_flight < executor.capacity:
                    row_id = todo.pop()
                    journal.start(row_id)
                    attempts[row_id] = attempts.get(row_id, 0) + 1
                    executor.submit(row_id, _spec(units[row_id], options), options.timeout)
                    in_flight += 1
                try:
                    row_id, answer = answers.get(timeout=0.5)
                except queue.Empty:
                    if progress.bar is not None:
                        progress.bar.refresh()
                    continue
                in_flight -= 1
                unit = units[row_id]
                seconds = float(answer.get("seconds") or 0.0)
                if answer["ok"]:
                    counts = _write_outputs(options.out, unit, answer["result"])
                    counts["seconds"] = round(seconds, 3)
                    journal.finish(row_id, seconds, counts)
                    outcome.ran += 1
                    progress.update(
                        findings=int(counts["findings"]),
                        verified=int(counts["verification"].get("passed", 0)),
                    )
                elif answer.get("transient") and attempts[row_id] <= options.retries:
                    journal.retry(row_id, str(answer["error"]))
                    outcome.retried += 1
                    todo.append(row_id)
                else:
                    journal.fail(row_id, seconds, str(answer["error"]))
                    outcome.ran += 1
                    progress.update(failed=1)
        except BaseException:  # Ctrl-C: the units left running are run again next time
            executor.abort()
            raise
        finally:
            progress.close()
            executor.close()
    outcome.rows = list(journal.rows(ids))
    outcome.seconds = time.monotonic() - started
    return outcome


def exit_status(outcome: Outcome) -> int:
    """2 a unit failed or a repository could not be used; 1 findings remain; 0 else."""
    if (
        any(r.status == "failed" for r in outcome.rows)
        or any(r.error for r in outcome.repos)
        or any(p.action == "error" for p in outcome.pulls.values())
    ):
        return 2
    if any(int(r.counts.get("remaining", 0)) for r in outcome.rows):
        return 1
    return 0


def failures(outcome: Outcome) -> Sequence[str]:
    lines = [f"{r.source}: {r.error}" for r in outcome.repos if r.error]
    lines.extend(f"{r.unit.label}: {r.error}" for r in outcome.rows if r.status == "failed")
    lines.extend(
        f"{name}: pull request: {p.detail}"
        for name, p in outcome.pulls.items()
        if p.action == "error"
    )
    return lines
