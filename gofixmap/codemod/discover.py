"""Turn command-line paths into Go files grouped by package and module."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gofixmap.codemod.regular import read_regular

SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules"})


class PathError(Exception):
    """A path given by the user that cannot be used."""


@dataclass(frozen=True, slots=True)
class Module:
    root: Path
    path: str  # the module path from go.mod, "" when unknown
    go_version: str = ""


class GoFile:
    """A Go file to check: where it is (``filename``, resolved; ``path`` as a
    Path, made on first use: a large tree has many thousands of files), how
    the user named it (``display``, relative where possible), and whether it
    was named on the command line (``explicit``: never skipped as
    vendor/testdata)."""

    __slots__ = ("_path", "display", "explicit", "filename")

    def __init__(self, path: Path | str, display: str, explicit: bool) -> None:
        self.filename = str(path)
        self.display = display
        self.explicit = explicit
        self._path = path if isinstance(path, Path) else None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.filename)
        return self._path

    def _key(self) -> tuple[str, str, bool]:
        return (self.filename, self.display, self.explicit)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoFile) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"GoFile({self.filename!r}, {self.display!r}, {self.explicit!r})"


_MODULE_LINE = re.compile(rb"^\s*module\s+\"?([^\s\"]+)\"?", re.MULTILINE)
_GO_LINE = re.compile(rb"^\s*go\s+(\d+\.\d+(?:\.\d+)?)", re.MULTILINE)


def read_module(root: Path) -> Module:
    try:
        data = (root / "go.mod").read_bytes()
    except OSError:
        return Module(root, "")
    mod = _MODULE_LINE.search(data)
    go = _GO_LINE.search(data)
    return Module(
        root,
        mod.group(1).decode() if mod else "",
        go.group(1).decode() if go else "",
    )


def find_module(directory: Path) -> Module | None:
    """The module whose go.mod is nearest above ``directory``."""
    current = directory.resolve()
    for candidate in (current, *current.parents):
        if (candidate / "go.mod").is_file():
            return read_module(candidate)
    return None


# what marks the root of a project checked out under GOPATH/src without a
# go.mod: dep, glide, godep, or the checkout itself
GOPATH_MARKS = ("Gopkg.toml", "glide.yaml", "Godeps", "vendor", ".git")


_IMPORT_BLOCK = re.compile(rb"^import\s*\((.*?)\)", re.S | re.M)
_IMPORT_LINE = re.compile(rb"^import\s+(?:[\w.]+\s+)?\"([^\"]+)\"", re.M)
_QUOTED = re.compile(rb"\"([^\"\n]+)\"")


def import_paths(data: bytes) -> list[str]:
    """The import paths a Go file's import declarations name, read from its
    text (no parse: the header of a file of a package not being checked)."""
    found = [m.group(1) for m in _IMPORT_LINE.finditer(data)]
    for block in _IMPORT_BLOCK.finditer(data):
        found.extend(_QUOTED.findall(block.group(1)))
    return [p.decode("utf-8", "replace") for p in found]


def gopath_project(directory: Path, imports: Iterable[str]) -> Module | None:
    """A GOPATH project around ``directory`` (no go.mod): its root, the
    nearest directory above holding one of :data:`GOPATH_MARKS`, and its
    import path, read from the package's imports of its own project: an
    import ``prefix/rel`` where ``root/rel`` is a directory of Go files and
    ``vendor/prefix/rel`` is none gives ``prefix``; the prefix most such
    imports agree on ("" when none does: the root alone)."""
    start = directory.resolve()
    # a dependency manager's file or the checkout marks the root; a vendor/
    # directory only when none does (a package may vendor its own copies)
    strong = [m for m in GOPATH_MARKS if m != "vendor"]
    root = next(
        (d for d in (start, *start.parents) if any((d / m).exists() for m in strong)),
        None,
    ) or next((d for d in (start, *start.parents) if (d / "vendor").is_dir()), None)
    if root is None:
        return None
    votes: dict[str, int] = {}
    for path in set(imports):
        parts = path.split("/")
        if "." not in parts[0] or (root / "vendor" / path).is_dir():
            continue
        for i in range(1, len(parts)):
            here = root.joinpath(*parts[i:])
            if here.is_dir() and any(n.endswith(".go") for n in os.listdir(here)):
                prefix = "/".join(parts[:i])
                votes[prefix] = votes.get(prefix, 0) + 1
                break
    if not votes:
        return Module(root, "")
    return Module(root, max(sorted(votes), key=lambda p: votes[p]))


def gopath_project_of(directory: str) -> Module | None:
    """:func:`gopath_project` of the package in ``directory``, from the
    import paths its Go files name (their first 64 KiB: the header)."""
    imports: list[str] = []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    for name in names:
        if not name.endswith(".go"):
            continue
        try:
            imports.extend(import_paths(read_regular(os.path.join(directory, name))[:65536]))
        except OSError:
            continue
    return gopath_project(Path(directory), imports)


def gopath_module_of(directory: str) -> Module | None:
    """The GOPATH project around ``directory`` when a dependency manager's
    file marks its root (Gopkg.toml, glide.yaml, Godeps) and its import path
    is known: the module its packages form for facts that span a module. A
    bare checkout (``.git``) or ``vendor/`` alone marks no project here: a
    directory of loose Go files inside a repository is no module."""
    project = gopath_project_of(directory)
    if project is None or not project.path:
        return None
    strong = [m for m in GOPATH_MARKS if m not in ("vendor", ".git")]
    return project if any((project.root / m).exists() for m in strong) else None


def modules_under(root: Path, nested: Iterable[Path] = (), limit: int | None = None) -> list[Path]:
    """The Go modules below ``root`` (resolved, sorted): the directory of every
    ``go.mod`` (skipping the directories a scan skips and the trees in
    ``nested``, checkouts of their own), and the members of every ``go.work``
    found that lie inside ``root``. With ``limit``, the walk stops once more
    than ``limit`` modules are found. Triage (which module owns a crash's
    frames) and the batch mode (its units) both ask here."""
    from gofixmap.codemod.gomod import read_gomod

    stop = {p.resolve() for p in nested} - {root.resolve()}
    found: dict[Path, None] = {}
    works: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not skip_dir(d) and (here / d).resolve() not in stop
        )
        if "go.mod" in filenames:
            found[here.resolve()] = None
        if "go.work" in filenames:
            works.append(here / "go.work")
        if limit is not None and len(found) > limit:
            break
    top = root.resolve()
    for work in works:
        parsed = read_gomod(str(work))
        for member in parsed.uses if parsed is not None else ():
            where = (work.parent / member).resolve()
            if where.is_relative_to(top) and (where / "go.mod").is_file():
                found[where] = None
    return sorted(found)


def skip_dir(name: str) -> bool:
    """A directory a scan does not enter: vendor, testdata, node_modules,
    hidden and ``_`` directories (as the go command ignores the last two)."""
    return name in SKIP_DIRS or name.startswith((".", "_"))


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def expand(paths: Sequence[str], cwd: Path | None = None) -> list[GoFile]:
    """Files for ``paths``: a file, a directory (recursive), or ``dir/...``.

    Raises :class:`PathError` for a path that does not exist.
    """
    base = cwd or Path.cwd()
    seen: set[str] = set()
    files: list[GoFile] = []

    for raw in paths or ["."]:
        text = raw
        if text == "..." or text.endswith("/..."):
            text = text[: -len("...")] or "."
        candidate = Path(text) if Path(text).is_absolute() else base / text
        try:
            info = os.stat(candidate)
        except OSError as exc:  # ENOENT, ELOOP (a symlink loop), EACCES, ...
            raise PathError(f"{raw}: {exc.strerror.lower() if exc.strerror else exc}") from None
        if not stat.S_ISDIR(info.st_mode):
            if not candidate.name.endswith(".go"):
                raise PathError(f"{raw}: not a Go file (want a .go file, a directory or ./...)")
            if not stat.S_ISREG(info.st_mode):
                raise PathError(f"{raw}: not a regular file")
            resolved = candidate.resolve()
            if str(resolved) not in seen:
                seen.add(str(resolved))
                files.append(GoFile(resolved, _display(candidate, base), True))
            continue
        # os.walk does not follow symlinked directories, so below the resolved
        # top every path is already canonical: resolve once, not per file.
        # Strings, not Paths, per file: a large tree has many thousands.
        given, top = str(candidate), str(candidate.resolve())
        shown_given = _display(candidate, base)
        for directory, names in _walk(given):
            below = directory[len(given) :]
            shown = (shown_given + below if shown_given != "." else below[1:]) or "."
            prefix = "" if shown == "." else shown + os.sep
            for name in names:
                resolved_name = top + below + os.sep + name
                if resolved_name in seen:
                    continue
                seen.add(resolved_name)
                files.append(GoFile(resolved_name, prefix + name, False))
    return files


def _walk(top: str) -> Iterable[tuple[str, list[str]]]:
    """(directory, sorted Go file names) for every directory below ``top``."""

    def on_error(exc: OSError) -> None:
        raise PathError(f"{exc.filename}: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(top, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not skip_dir(d))
        names = sorted(
            n
            for n in filenames
            if n.endswith(".go")
            and not n.startswith((".", "_"))
            # only regular files: reading a FIFO named x.go would wait forever
            and os.path.isfile(os.path.join(dirpath, n))
        )
        if names:
            yield dirpath, names


@dataclass(frozen=True, slots=True)
class PackageKey:
    directory: Path
    name: str  # the package clause; "" when unparsable


def package_clause(data: bytes) -> str:
    """The package name, read cheaply without a parse."""
    match = _PACKAGE.search(data)
    return match.group(1).decode("utf-8", "replace") if match else ""


_PACKAGE = re.compile(rb"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
