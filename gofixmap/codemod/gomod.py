"""Where the source of an imported package is on disk, as the go command
would find it, reading only files (no network, no ``go mod download``).

From the directory of the importing package:

- the standard library is ``$GOROOT/src/<path>``;
- a package of a main module (the module of the importer, or a module a
  ``go.work`` above it ``use``\\ s, unless ``GOWORK=off``) is in that module;
- with a ``vendor/modules.txt`` beside the go.mod (and ``-mod`` not set to
  ``mod`` or ``readonly`` in ``GOFLAGS``), a dependency is in ``vendor/``;
- otherwise the module that provides the path (the longest required module
  path that is a prefix of it and holds the directory), at the version
  go.mod requires, after the ``replace`` directives of the go.work and of
  the go.mod (a replacement by a local directory, relative to the file that
  names it, or by another module version), is in the module cache
  (``$GOMODCACHE`` from the environment or the go env file, else
  ``$GOPATH/pkg/mod``), with upper-case letters escaped as ``!x``.

A :class:`Location` says where, which module version it is, and whether the
directory can change (a main module, a local replacement, ``vendor/``: cache
by content) or not (a module cache directory is read-only: cache by version).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from gofixmap.codemod import stdlib

STD = "std"  # the module path given to standard-library locations


@dataclass(frozen=True, slots=True)
class Location:
    """The source directory of an imported package."""

    directory: str
    module: str  # the module path ("std" for the standard library)
    version: str  # "" for a main module or a local replacement
    immutable: bool  # a module cache or GOROOT directory: keyed by version


@dataclass(frozen=True)
class GoMod:
    """What gofixmap reads of a go.mod (or go.work) file."""

    path: str  # the file
    module: str = ""
    go: str = ""
    requires: dict[str, str] = field(default_factory=dict)  # module -> version
    # (module, version or "") -> (new path or local directory, new version or "")
    replaces: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    uses: tuple[str, ...] = ()  # go.work: directories of the workspace modules


def _tokens(line: str) -> list[str]:
    """The words of a go.mod line, with quoted strings unquoted and the
    ``//`` comment dropped."""
    words: list[str] = []
    for match in re.finditer(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`|(//.*)|(\S+)', line):
        quoted, raw, comment, word = match.groups()
        if comment is not None:
            break
        if quoted is not None:
            words.append(re.sub(r"\\(.)", r"\1", quoted))
        elif raw is not None:
            words.append(raw)
        else:
            words.append(word)
    return words


def parse_gomod(text: str, path: str = "go.mod") -> GoMod:
    """Parse go.mod or go.work text (directives outside the subset gofixmap
    needs are ignored, as are lines it cannot read)."""
    module = go = ""
    requires: dict[str, str] = {}
    replaces: dict[tuple[str, str], tuple[str, str]] = {}
    uses: list[str] = []
    block = ""
    for raw in text.splitlines():
        words = _tokens(raw)
        if not words:
            continue
        if block:
            if words == [")"]:
                block = ""
                continue
            verb, args = block, words
        else:
            verb, args = words[0], words[1:]
            if args == ["("]:
                block = verb
                continue
        if verb == "module" and args:
            module = args[0]
        elif verb == "go" and args:
            go = args[0]
        elif verb == "require" and len(args) >= 2:
            requires[args[0]] = args[1]
        elif verb == "use" and args:
            uses.append(args[0])
        elif verb == "replace" and "=>" in args:
            arrow = args.index("=>")
            old, new = args[:arrow], args[arrow + 1 :]
            if 1 <= len(old) <= 2 and 1 <= len(new) <= 2:
                replaces[(old[0], old[1] if len(old) == 2 else "")] = (
                    new[0],
                    new[1] if len(new) == 2 else "",
                )
    return GoMod(path, module, go, requires, replaces, tuple(uses))


@lru_cache(maxsize=256)
def _read_gomod(path: str, stamp: tuple[int, int]) -> GoMod | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return parse_gomod(text, path)


def read_gomod(path: str) -> GoMod | None:
    """The parsed file at ``path`` (re-read when it changes), ``None`` if unreadable."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _read_gomod(path, (st.st_mtime_ns, st.st_size))


def escape(path: str) -> str:
    """A module path or version as the module cache spells it (``!`` + lower case)."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def _is_local(target: str) -> bool:
    return target.startswith(("./", "../", "/")) or target in (".", "..")


@dataclass(frozen=True)
class Environment:
    """Where the go command keeps things; found once per process."""

    gomodcache: str
    goroot: str
    gowork: str  # GOWORK: "" (search upward), "off", or a go.work file
    mod_flag: str  # -mod from GOFLAGS: "", "mod", "readonly" or "vendor"


_ENV: list[Environment] = []


def environment() -> Environment:
    """GOMODCACHE, GOWORK and GOFLAGS' -mod as ``go env`` reports them, without
    running it: the environment, else the go env file (``$GOENV``, else
    ``$XDG_CONFIG_HOME/go/env`` or ``~/.config/go/env``, where ``go env -w``
    writes), else ``$GOPATH/pkg/mod`` (default ``~/go``). GOROOT is the
    environment's, else that of :func:`gofixmap.codemod.toolchain.find_go`,
    asked only when a standard-library path is resolved (:func:`goroot`)."""
    if _ENV:
        return _ENV[0]
    names = ("GOMODCACHE", "GOPATH", "GOROOT", "GOWORK", "GOFLAGS")
    values = {k: os.environ.get(k, "") for k in names}
    written = _env_file()
    values.update({k: v for k, v in written.items() if k in names and not values[k]})
    gomodcache = values["GOMODCACHE"]
    if not gomodcache:
        gopath = values["GOPATH"].split(os.pathsep)[0] or str(Path.home() / "go")
        gomodcache = os.path.join(gopath, "pkg", "mod")
    flag = ""
    for word in values["GOFLAGS"].split():
        if word.startswith(("-mod=", "--mod=")):
            flag = word.split("=", 1)[1]
    env = Environment(gomodcache, values["GOROOT"], values["GOWORK"], flag)
    _ENV.append(env)
    return env


def _env_file() -> dict[str, str]:
    """The variables ``go env -w`` wrote (KEY=VALUE lines)."""
    path = os.environ.get("GOENV", "")
    if path == "off":
        return {}
    if not path:
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        path = os.path.join(config, "go", "env")
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            found[key.strip()] = value.strip()
    return found


def goroot(env: Environment) -> str:
    """GOROOT: the environment's, else the toolchain's ("" without one)."""
    if env.goroot:
        return env.goroot
    from gofixmap.codemod.toolchain import ToolchainError, find_go

    try:
        return str(find_go().goroot)
    except ToolchainError:
        return ""


def reset_environment() -> None:
    """Forget the environment found (tests that change it)."""
    _ENV.clear()
    _read_gomod.cache_clear()


def find_upward(directory: str, name: str) -> str:
    """The nearest ``name`` file at or above ``directory``, "" for none."""
    current = os.path.abspath(directory)
    while True:
        candidate = os.path.join(current, name)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return ""
        current = parent


@dataclass(frozen=True)
class BuildList:
    """The modules visible from one main module: what resolves its imports."""

    mains: tuple[tuple[str, str], ...]  # (module path, root directory)
    requires: dict[str, str]  # module -> version (the highest named)
    replaces: dict[tuple[str, str], tuple[str, str]]  # -> (path or absolute dir, version)
    vendor: str  # the vendor directory in vendor mode, else ""
    vendored: dict[str, str]  # vendor/modules.txt: module -> version
    files: tuple[str, ...]  # the go.mod / go.work / modules.txt files read


def _absolute_replaces(mod: GoMod) -> dict[tuple[str, str], tuple[str, str]]:
    base = os.path.dirname(mod.path)
    return {
        old: ((os.path.normpath(os.path.join(base, new)), "") if _is_local(new) else (new, ver))
        for old, (new, ver) in mod.replaces.items()
    }


def _version_key(version: str) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", version.split("-", 1)[0])
    return tuple(int(n) for n in numbers[:3])


def _modules_txt(path: str) -> dict[str, str]:
    """module -> version from vendor/modules.txt (``# path version [=> ...]``)."""
    found: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return found
    for line in text.splitlines():
        if line.startswith("# "):
            words = line[2:].split()
            if len(words) >= 2 and words[1] != "=>":
                found[words[0]] = words[1]
            elif words:
                found.setdefault(words[0], "")
    return found


def build_list(module_root: str, env: Environment | None = None) -> BuildList | None:
    """The build list seen from the module whose go.mod is in ``module_root``."""
    env = env or environment()
    gomod_path = os.path.join(module_root, "go.mod")
    main = read_gomod(gomod_path)
    if main is None:
        return None
    files = [gomod_path]
    work = ""
    if env.gowork == "off":
        work = ""
    elif env.gowork:
        work = env.gowork
    else:
        work = find_upward(module_root, "go.work")
    mods: list[GoMod] = [main]
    replaces: dict[tuple[str, str], tuple[str, str]] = {}
    workfile = read_gomod(work) if work else None
    if workfile is not None:
        base = os.path.dirname(workfile.path)
        used = [
            read_gomod(os.path.normpath(os.path.join(base, u, "go.mod"))) for u in workfile.uses
        ]
        members = [m for m in used if m is not None]
        if any(os.path.dirname(m.path) == os.path.abspath(module_root) for m in members):
            files.append(workfile.path)
            files.extend(m.path for m in members if m is not main)
            mods = [main, *(m for m in members if m.path != main.path)]
        else:
            workfile = None  # the module is not in that workspace
    requires: dict[str, str] = {}
    for mod in mods:
        for path, version in mod.requires.items():
            if path not in requires or _version_key(version) > _version_key(requires[path]):
                requires[path] = version
        for old, new in _absolute_replaces(mod).items():
            replaces.setdefault(old, new)
    if workfile is not None:  # the workspace's replaces win over its modules' for a module
        ours = _absolute_replaces(workfile)
        paths = {old for old, _ in ours}
        replaces = {old: new for old, new in replaces.items() if old[0] not in paths}
        replaces.update(ours)
    mains = tuple((m.module, os.path.dirname(m.path)) for m in mods if m.module)
    vendor = ""
    vendored: dict[str, str] = {}
    vendor_root = os.path.dirname(workfile.path) if workfile is not None else module_root
    modules_txt = os.path.join(vendor_root, "vendor", "modules.txt")
    if env.mod_flag not in ("mod", "readonly") and os.path.isfile(modules_txt):
        vendor = os.path.join(vendor_root, "vendor")
        vendored = _modules_txt(modules_txt)
        files.append(modules_txt)
    return BuildList(mains, requires, replaces, vendor, vendored, tuple(files))


class Resolver:
    """Import paths to source directories, for packages of any module; each
    build list is read once (and again when its files change)."""

    def __init__(self, env: Environment | None = None) -> None:
        self._env = env
        self._lists: dict[str, tuple[tuple[tuple[str, int, int], ...], BuildList | None]] = {}

    @property
    def env(self) -> Environment:
        if self._env is None:
            self._env = environment()
        return self._env

    def build_list(self, module_root: str) -> BuildList | None:
        cached = self._lists.get(module_root)
        if cached is not None and cached[0] == _stamps(cached[1]):
            return cached[1]
        found = build_list(module_root, self.env)
        self._lists[module_root] = (_stamps(found), found)
        return found

    def resolve(self, import_path: str, module_root: str) -> Location | None:
        """Where ``import_path`` is, imported from a package of the module in
        ``module_root`` (``None``: not on disk)."""
        return self._resolve(import_path, module_root, True)

    def expected(self, import_path: str, module_root: str) -> str:
        """The directory where ``import_path`` is or would be once its module
        is downloaded ("" when no required module provides it)."""
        found = self._resolve(import_path, module_root, False)
        return found.directory if found is not None else ""

    def _resolve(self, import_path: str, module_root: str, must_exist: bool) -> Location | None:
        if stdlib.is_std(import_path) and "." not in import_path.split("/", 1)[0]:
            root = goroot(self.env)
            if not root:
                return None
            directory = os.path.join(root, "src", *import_path.split("/"))
            return Location(directory, STD, "", True) if os.path.isdir(directory) else None
        blist = self.build_list(module_root)
        if blist is None:
            return None
        for main, root in sorted(blist.mains, key=lambda m: -len(m[0])):
            if import_path == main or import_path.startswith(main + "/"):
                directory = os.path.join(root, *_rest(import_path, main))
                return Location(directory, main, "", False) if os.path.isdir(directory) else None
        if blist.vendor:
            directory = os.path.join(blist.vendor, *import_path.split("/"))
            if not os.path.isdir(directory):
                return None
            module = _providing(import_path, blist.vendored) or import_path
            return Location(directory, module, blist.vendored.get(module, ""), False)
        candidates = set(blist.requires) | {old for old, _ in blist.replaces}
        for module in sorted(candidates, key=len, reverse=True):
            if import_path != module and not import_path.startswith(module + "/"):
                continue
            found = self._in_module(import_path, module, blist, must_exist)
            if found is not None:
                return found
        return None

    def _in_module(
        self, import_path: str, module: str, blist: BuildList, must_exist: bool = True
    ) -> Location | None:
        version = blist.requires.get(module, "")
        target = blist.replaces.get((module, version)) or blist.replaces.get((module, ""))
        rest = _rest(import_path, module)
        if target is not None and os.path.isabs(target[0]):
            directory = os.path.join(target[0], *rest)
            return Location(directory, module, "", False) if os.path.isdir(directory) else None
        path, at = (target[0], target[1]) if target is not None else (module, version)
        if not at:
            return None
        base = os.path.join(self.env.gomodcache, escape(path) + "@" + escape(at))
        directory = os.path.join(base, *rest)
        if must_exist and not os.path.isdir(directory):
            return None
        return Location(directory, path, at, True)


def _rest(import_path: str, module: str) -> list[str]:
    tail = import_path[len(module) :].strip("/")
    return tail.split("/") if tail else []


def _providing(import_path: str, modules: dict[str, str]) -> str:
    best = ""
    for module in modules:
        if (import_path == module or import_path.startswith(module + "/")) and len(module) > len(
            best
        ):
            best = module
    return best


def _stamps(blist: BuildList | None) -> tuple[tuple[str, int, int], ...]:
    if blist is None:
        return ()
    result = []
    for path in blist.files:
        try:
            st = os.stat(path)
        except OSError:
            result.append((path, -1, -1))
            continue
        result.append((path, st.st_mtime_ns, st.st_size))
    return tuple(result)


def resolve_gopath(
    import_path: str, directory: str, root: str, project_path: str
) -> Location | None:
    """Where ``import_path`` imported from ``directory`` is in a project
    without go.mod (GOPATH mode) whose root is ``root`` and whose own import
    path is ``project_path``: a ``vendor/`` directory of ``directory`` or
    of one above it up to the root, first (as the go command looks); else a
    package of the project itself, ``<root>/<rest>`` for
    ``<project_path>/<rest>``. Neither: None (another GOPATH project)."""
    if stdlib.is_std(import_path):
        return None
    parts = import_path.split("/")
    current = os.path.abspath(directory)
    top = os.path.abspath(root)
    while True:
        vendored = os.path.join(current, "vendor", *parts)
        if os.path.isdir(vendored):
            return Location(vendored, import_path, "", False)
        parent = os.path.dirname(current)
        if current == top or parent == current:
            break
        current = parent
    if project_path and import_path.startswith(project_path + "/"):
        own = os.path.join(top, *import_path[len(project_path) + 1 :].split("/"))
        if os.path.isdir(own):
            return Location(own, project_path, "", False)
    return None
