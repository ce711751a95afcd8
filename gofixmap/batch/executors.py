"""Where units run: a local pool (default) or a Dask cluster.

Both run :func:`gofixmap.batch.unit.run_unit` (a unit in a process of its own,
killed with its tree at the time limit) and report each answer through
``on_done(tag, answer)`` from a thread of their own; the coordinator alone
touches the journal. A Dask worker that dies loses only its unit's attempt:
the answer is then a transient failure the coordinator may retry.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import importlib
from collections.abc import Callable
from typing import Any, Protocol

from gofixmap.batch.unit import Answer, Spec, kill_running, run_unit

OnDone = Callable[[Any, Answer], None]


class ExecutorError(Exception):
    """The executor cannot start (Dask missing, scheduler unreachable)."""


class Executor(Protocol):
    capacity: int  # units worth keeping in flight

    def submit(self, tag: Any, spec: Spec, timeout: float | None) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...

    def describe(self) -> str: ...


class LocalExecutor:
    """``jobs`` units at a time, each in a process of its own (forked from a
    fork server that has gofixmap imported)."""

    def __init__(self, jobs: int, on_done: OnDone) -> None:
        self.jobs = jobs
        self.capacity = jobs
        self.on_done = on_done
        self.pool = cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="unit")

    def submit(self, tag: Any, spec: Spec, timeout: float | None) -> None:
        from gofixmap.batch.forked import run_forked

        future = self.pool.submit(run_forked, spec, timeout)
        future.add_done_callback(lambda f: self.on_done(tag, _answer(f)))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop at once: no new unit, the running ones killed with their trees."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        kill_running()

    def describe(self) -> str:
        return f"local, {self.jobs} job{'s' if self.jobs != 1 else ''}"


def _answer(future: Any) -> Answer:
    try:
        answer: Answer = future.result()
    except BaseException as exc:  # a lost worker, a cancelled task
        name = type(exc).__name__
        return {"ok": False, "transient": True, "error": f"{name}: {exc}".strip(), "seconds": 0.0}
    return answer


class DaskExecutor:
    """Units as independent tasks of an existing Dask cluster (``scheduler``),
    or of a ``distributed.LocalCluster`` of ``jobs`` single-threaded workers."""

    def __init__(self, scheduler: str | None, jobs: int, on_done: OnDone) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise ExecutorError(
                "--executor dask needs Dask: pip install 'gofixmap[dask]'"
            ) from None
        self.on_done = on_done
        self.cluster: Any = None
        self.client: Any = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout="20s")
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=50,
                )
                self.client = distributed.Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        self.scheduler = scheduler or self.client.scheduler.address
        threads = sum(self.client.nthreads().values()) or jobs
        self.capacity = max(2 * threads, 2)
        self.futures: dict[str, Any] = {}

    def submit(self, tag: Any, spec: Spec, timeout: float | None) -> None:
        future = self.client.submit(run_unit, spec, timeout, pure=False)
        self.futures[future.key] = future  # a future dropped by the client is cancelled

        def done(f: Any) -> None:
            self.futures.pop(f.key, None)
            self.on_done(tag, _answer(f))

        future.add_done_callback(done)

    def abort(self) -> None:
        for future in list(self.futures.values()):
            with contextlib.suppress(Exception):
                future.cancel()

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()

    def describe(self) -> str:
        return f"dask at {self.scheduler}"
