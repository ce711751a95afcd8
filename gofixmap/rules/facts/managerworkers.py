"""MANAGER_WORKERS: whether the module's controller-runtime manager may run
every controller with more than one worker.

controller-runtime runs a controller's ``Reconcile`` on
``MaxConcurrentReconciles`` workers. A controller's own options set it
(:func:`.entries._max_concurrent`); when they leave it 0 the builder takes
the manager's ``config.Controller``: its ``GroupKindConcurrency`` entry for
the controller's kind, else its ``MaxConcurrentReconciles``
(``TypedOptions.DefaultFromConfig``, ``Builder.doController``), else 1. So
a manager whose options (``ctrl.Options{Controller: config.Controller{...}}``,
in ``main`` or any package of the module) set either to something other
than the constant 1 may run each controller of the module on several
workers: its reconcilers' maps are written from several goroutines at once.

Found from the text of the module's production files: a literal
``config.Controller{...}`` (the package
``sigs.k8s.io/controller-runtime/pkg/config``, any import name) or
``ControllerConfigurationSpec{...}`` (its predecessor) whose
``MaxConcurrentReconciles`` is not ``1`` or which sets
``GroupKindConcurrency``; or an assignment ``x.Controller.MaxConcurrentReconciles
= n`` (n not 1) or ``x.Controller.GroupKindConcurrency = ...``.
"""

from __future__ import annotations

import os
import re

from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

_CONFIG = b'"sigs.k8s.io/controller-runtime/pkg/config"'
_IMPORT = re.compile(rb'(?:^|[\s(])(\w+)?\s*"sigs\.k8s\.io/controller-runtime/pkg/config"')
_SPEC = re.compile(rb"\bControllerConfigurationSpec\s*\{")
_SETS = re.compile(rb"\bMaxConcurrentReconciles\s*:\s*([^,}\n]+)|\bGroupKindConcurrency\s*:")
_ASSIGNED = re.compile(
    rb"\.Controller\.(?:MaxConcurrentReconciles\s*=\s*([^\n;]+)|GroupKindConcurrency\s*=)"
)
_COMMENTS = re.compile(rb"//[^\n]*|/\*.*?\*/", re.DOTALL)


def raises_workers(data: bytes) -> bool:
    """Whether the Go source ``data`` configures the manager's default
    worker count (or a per-kind one) above 1 or from a value not known."""
    if b"MaxConcurrentReconciles" not in data and b"GroupKindConcurrency" not in data:
        return False
    data = _COMMENTS.sub(b"", data)
    for match in _ASSIGNED.finditer(data):
        if match.group(1) is None or match.group(1).strip() != b"1":
            return True
    starts: list[int] = [m.end() - 1 for m in _SPEC.finditer(data)]
    if _CONFIG in data:
        found = _IMPORT.search(data)
        alias = (found.group(1) if found is not None else None) or b"config"
        if alias == b"import":
            alias = b"config"  # ``import "sigs.k8s.io/..."``: the package's own name
        if alias not in (b"_", b"."):
            literal = re.compile(rb"\b" + re.escape(alias) + rb"\.Controller\s*\{")
            starts.extend(m.end() - 1 for m in literal.finditer(data))
    for start in starts:
        body = _braced(data, start)
        for match in _SETS.finditer(body):
            value = match.group(1)
            if value is None or value.strip() != b"1":
                return True
    return False


def _braced(data: bytes, start: int) -> bytes:
    """The text between the brace at ``start`` and its match, nested braces
    included (to the end of ``data`` when unbalanced)."""
    depth = 0
    for at in range(start, len(data)):
        char = data[at]
        if char == ord("{"):
            depth += 1
        elif char == ord("}"):
            depth -= 1
            if depth == 0:
                return data[start + 1 : at]
    return data[start + 1 :]


def _produce(module: ModulePass) -> bool:
    """Whether a production file of the module sets the manager's
    controller defaults to more than one worker (see the module). Files
    under a directory with a ``go.mod`` of its own belong to another
    module (another program, another manager)."""
    root = os.path.abspath(module.module.root)
    nested: dict[str, bool] = {}
    files = (p for p in module.fact(MODULE_FILES) if not _in_nested_module(root, p, nested))
    return any(raises_workers(data) for _, data in read_sources(files, tests=False))


def _in_nested_module(root: str, path: str, nested: dict[str, bool]) -> bool:
    """A directory between ``root`` (excluded) and ``path`` holds a go.mod."""
    directory = os.path.dirname(os.path.abspath(path))
    walked: list[str] = []
    found = False
    while directory.startswith(root) and directory != root:
        if directory in nested:
            found = nested[directory]
            break
        walked.append(directory)
        if os.path.isfile(os.path.join(directory, "go.mod")):
            found = True
            break
        directory = os.path.dirname(directory)
    for seen in walked:
        nested[seen] = found
    return found


MANAGER_WORKERS = ModuleFact("manager workers", _produce, requires=[MODULE_FILES])
