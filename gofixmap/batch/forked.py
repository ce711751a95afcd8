"""Units forked from a fork server that has gofixmap imported already.

The local executor's way to start a unit: the same isolation as
:func:`gofixmap.batch.unit.run_unit` (a session of its own, the whole tree
killed at the time limit, killed when the coordinator dies) without starting
an interpreter and importing the rules for every unit. The fork server is one
single-threaded process started once (``multiprocessing``'s forkserver), so
no lock of the coordinator's threads is copied into a unit.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from typing import Any

from gofixmap.batch.unit import (
    RUNNING,
    Answer,
    Spec,
    die_with_parent,
    kill_tree,
    run_unit,
    timed_out,
    work,
)

PRELOAD = [
    "gofixmap.batch.unit",
    "gofixmap.rules",
    "gofixmap.codemod.parallel",
    "gofixmap.codemod.runner",
    "gofixmap.codemod.render",
]

_context: Any = None


def _server() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def _unit(spec: Spec, sender: multiprocessing.connection.Connection) -> None:
    """In the forked process: a session of its own, quiet, then the unit."""
    os.setsid()
    die_with_parent(os.getppid())
    # the environment of the coordinator now, not the server's from its start
    os.environ.clear()
    os.environ.update(spec.pop("environ", {}))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    try:
        answer: tuple[str, Any] = ("ok", work(spec))
    except Exception as exc:
        answer = ("error", f"{type(exc).__name__}: {exc}".strip())
    sender.send(answer)
    sender.close()


def forkable() -> bool:
    """Whether a forked unit may prepare itself as multiprocessing does: it
    imports the main module again (as ``__mp_main__``), harmless for ``python
    -m ...`` and for console scripts (their code is guarded), not for a script
    read from stdin or one without a ``__main__`` guard: those get a new
    interpreter per unit (:func:`gofixmap.batch.unit.run_unit`)."""
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", None) or ""
    if name == "__main__" or name.endswith(".__main__"):
        return True
    path = getattr(main, "__file__", None)
    return bool(path) and not str(path).endswith(".py") and os.path.isfile(str(path))


def run_forked(spec: Spec, timeout: float | None) -> Answer:
    """As :func:`gofixmap.batch.unit.run_unit`, in a process forked from the server."""
    if not forkable():
        return run_unit(spec, timeout)
    start = time.monotonic()
    context = _server()
    receiver, sender = context.Pipe(duplex=False)
    spec = {**spec, "environ": dict(os.environ)}
    proc = context.Process(target=_unit, args=(spec, sender), name="gofixmap-unit")
    proc.start()
    sender.close()
    RUNNING.add(proc.pid)
    answer: tuple[str, Any] | None = None
    try:
        if not receiver.poll(timeout):
            kill_tree(proc.pid)
            proc.join(30)
            return timed_out(timeout, start)
        with contextlib.suppress(EOFError):
            answer = receiver.recv()
        proc.join()
    except BaseException:
        kill_tree(proc.pid)
        proc.join(30)
        raise
    finally:
        RUNNING.discard(proc.pid)
        receiver.close()
    seconds = time.monotonic() - start
    if answer is None:
        code = proc.exitcode or 0
        if code < 0:
            name = signal.Signals(-code).name
            return {
                "ok": False,
                "transient": True,
                "error": f"killed by {name}",
                "seconds": seconds,
            }
        return {"ok": False, "transient": False, "error": f"exit status {code}", "seconds": seconds}
    if answer[0] == "error":
        return {"ok": False, "transient": False, "error": str(answer[1]), "seconds": seconds}
    return {"ok": True, "result": answer[1], "seconds": seconds}
