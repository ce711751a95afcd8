"""One unit of a batch run (one Go module): scan, fix and, with ``verify``,
verify, through the same engine calls as the command line.

The coordinator never runs a unit in its own process: :func:`run_unit` starts
``python -m gofixmap.batch.unit`` in a session of its own, hands it the unit
as JSON on stdin and reads the result as JSON on stdout. At the time limit the
whole tree is killed: the unit's process group and every process below it,
among them a hung ``go test`` that the sandbox started in a group of its own.
The same function runs on a Dask worker, so a unit is killed there alike.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from gofixmap.codemod.model import Applicability, FileResult

# The Python-level description of a unit: plain JSON values, so that it
# crosses process and machine boundaries as it is.
Spec = dict[str, Any]
Answer = dict[str, Any]


def work(spec: Spec) -> dict[str, Any]:
    """Scan (and fix, and verify) the module ``spec`` names, in this process."""
    from gofixmap import config, rules
    from gofixmap.batch.estate import go_files
    from gofixmap.codemod import parallel, render
    from gofixmap.codemod.discover import GoFile
    from gofixmap.codemod.model import Applicability, RunOptions, Settings

    root = Path(spec["repo_root"])
    module = root / spec["module_dir"]
    os.chdir(root)  # paths in the diff and the findings are relative to the repository
    cfg = config.load(module)
    select = spec["select"] if spec.get("select") is not None else list(cfg.select)
    ignore = spec["ignore"] if spec.get("ignore") is not None else list(cfg.ignore)
    unsafe = bool(spec.get("unsafe_fixes")) or cfg.unsafe_fixes
    threshold = Applicability.UNSAFE if unsafe else Applicability.SAFE
    files = [GoFile(p, p.relative_to(root).as_posix(), False) for p in go_files(module)]
    options = RunOptions(
        rules=rules.select(select, ignore),
        fix=threshold,
        settings=Settings(strategy=spec.get("strategy") or cfg.strategy),
        external_types=rules.external_types(),
        skip_generated=not cfg.include_generated,
        include_tests=cfg.include_tests,
        min_confidence=spec.get("confidence") or cfg.confidence,
    )
    results = list(parallel.run(files, options, jobs=1, cache_dir=None))
    comments: dict[str, list[str]] = {}
    if spec.get("verify") and _fixable(results, threshold):
        from gofixmap.codemod.toolchain import find_go
        from gofixmap.codemod.verify import VerifyOptions
        from gofixmap.commands.verification import apply_verification, verification_lines
        from gofixmap.rules.crashes import crash_markers

        verify_options = VerifyOptions(
            timeout=float(spec.get("verify_timeout") or 300.0),
            crash_markers=crash_markers(),
            unsandboxed=bool(spec.get("unsandboxed")),
        )
        results = apply_verification(results, verify_options, find_go(), threshold=threshold)
        comments = {
            path: [f"{path}:{item}" for item in items]
            for path, items in verification_lines(results).items()
        }
    # per finding whose fixes were tried: passed if one passed, else the last outcome
    outcomes: Counter[str] = Counter()
    for result in results:
        for diag in result.diagnostics:
            tried = [f.verification.status for f in diag.fixes if f.verification is not None]
            if tried:
                outcomes["passed" if "passed" in tried else tried[-1]] += 1
    document = json.loads(render.to_json(results))
    applied = [a for r in results for a in r.applied]
    if not spec.get("verify"):
        outcomes["not_run"] = len(applied)
    return {
        "files": len(results),
        "findings": sum(len(r.diagnostics) for r in results),
        "by_rule": dict(sorted(Counter(d.rule for r in results for d in r.diagnostics).items())),
        "fixes": dict(sorted(Counter(a.fix.applicability.label for a in applied).items())),
        "verification": dict(sorted(outcomes.items())),
        "remaining": sum(len(r.remaining) for r in results),
        "file_errors": len(document["errors"]),
        "diff": base64.b64encode(render.diff(results, comments=comments)).decode("ascii"),
        "document": document,
    }


def _fixable(results: Sequence[FileResult], threshold: Applicability) -> bool:
    """Whether a finding has a fix to verify (else no toolchain is needed)."""
    from gofixmap.commands.verification import candidates

    return bool(candidates(results, threshold)[0])


# -- the unit's own process ------------------------------------------------------


def kill_tree(pid: int) -> None:
    """SIGKILL ``pid``'s process group and every process below ``pid``, also
    those in groups and sessions of their own (a sandboxed ``go test``)."""
    from gofixmap.codemod.sandbox import descendants, proc_table

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGSTOP)  # it forks no more while its tree is killed
    for _ in range(50):
        tree = descendants(pid, proc_table())
        if not tree:
            break
        for victim in tree:
            with contextlib.suppress(OSError):
                os.killpg(os.getpgid(victim), signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(victim, signal.SIGKILL)
        time.sleep(0.02)
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# the units running in this process's threads: killed by kill_running()
RUNNING: set[int] = set()  # pids


def kill_running() -> None:
    """Kill every unit this process started that is still running (Ctrl-C)."""
    for pid in list(RUNNING):
        kill_tree(pid)


def timed_out(timeout: float | None, start: float) -> Answer:
    return {
        "ok": False,
        "transient": True,
        "error": f"timed out after {timeout or 0:g}s; its process group was killed",
        "seconds": time.monotonic() - start,
    }


def run_unit(spec: Spec, timeout: float | None) -> Answer:
    """Run one unit in a process of its own; ``{"ok": True, "result": {...},
    "seconds": s}`` or ``{"ok": False, "transient": bool, "error": "...",
    "seconds": s}``. A timeout or a kill from outside is transient; an error
    of the unit itself is not (running it again would fail again)."""
    start = time.monotonic()
    spec = {**spec, "parent": os.getpid()}
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gofixmap.batch.unit"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=spec["repo_root"],
            start_new_session=True,
        )
    except OSError as exc:
        return {"ok": False, "transient": False, "error": str(exc), "seconds": 0.0}
    RUNNING.add(proc.pid)
    try:
        out, err = proc.communicate(json.dumps(spec).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_tree(proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=30)
        return timed_out(timeout, start)
    except BaseException:
        kill_tree(proc.pid)
        proc.wait()
        raise
    finally:
        RUNNING.discard(proc.pid)
    seconds = time.monotonic() - start
    if proc.returncode < 0:
        name = signal.Signals(-proc.returncode).name
        return {"ok": False, "transient": True, "error": f"killed by {name}", "seconds": seconds}
    if proc.returncode != 0:
        text = err.decode("utf-8", "replace")
        error = _last_line(text) or f"exit status {proc.returncode}"
        return {"ok": False, "transient": False, "error": error, "seconds": seconds}
    try:
        result = json.loads(out)
    except ValueError:
        return {"ok": False, "transient": False, "error": "unreadable answer", "seconds": seconds}
    return {"ok": True, "result": result, "seconds": seconds}


def die_with_parent(parent: int) -> None:
    """End this unit if the process that started it dies (a killed coordinator,
    a killed Dask worker, the fork server of a coordinator that died)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def main() -> int:
    spec = json.loads(sys.stdin.buffer.read())
    if spec.get("parent"):
        die_with_parent(int(spec["parent"]))
    try:
        result = work(spec)
    except Exception as exc:
        traceback.print_exc()
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 3
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
