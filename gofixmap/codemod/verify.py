"""Prove fixes with ``go vet`` and ``go test -race`` in a sandbox.

For each Go module a fix touches: a *baseline* run on the unmodified tree and
*patched* runs that present the fixed files to the go command through
``-overlay`` (the user's files are never modified). A fix

- **passes** when the patched packages build and vet with no new diagnostic,
  no test that did not fail before fails now, and every test that crashed
  before with one of the failures the fixes target now passes (those are
  named by ``VerifyOptions.crash_markers``, data from the rules: the engine
  knows nothing about maps);
- **fails** otherwise, with the reason (vet message, failing test and the tail
  of its output, timeout);
- is **skipped** when it cannot be judged: its package has no tests (it still
  builds and vets), dependencies are missing from the module cache while
  offline, the toolchain is older than the module's ``go`` line, or the
  unmodified module does not build. Skipped is never passed.

Independent fixes are verified together; a failing batch is bisected; a
failed fix is followed by its next alternative. Runs are cached by content
hash under the cache directory.

Reading the go command's output and the cache of runs are
:mod:`gofixmap.codemod.gorun`. What stays here (about 750 lines) is one
algorithm: ``_Module`` holds the state of one Go module's verification
(baseline, overlay runs, re-runs past crashing tests, bisection of a failing
batch, the judgement of each fix against the baseline), and its steps read
and update that state together; split across modules they would only pass it
back and forth.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gofixmap.codemod.cache import default_dir as cache_dir
from gofixmap.codemod.discover import find_module
from gofixmap.codemod.edits import EditError, apply_fixes, split_in_package
from gofixmap.codemod.gorun import (
    PROTOCOL,
    TEST_TIMEOUT,
    RunCache,
    RunSummary,
    TestRun,
    module_hash,
    normalize_vet,
    parse_test_json,
    tail,
    test_name,
)
from gofixmap.codemod.model import Fix, Verification
from gofixmap.codemod.sandbox import Sandbox, c_compiler_available
from gofixmap.codemod.toolchain import Toolchain

log = logging.getLogger("gofixmap.verify")


MAX_RERUNS = 5  # re-runs per package to get past tests that crash the binary
_GO_LINE = re.compile(r"^go\s+(\d+)\.(\d+)(?:\.(\d+))?", re.MULTILINE)
_MODULE_LINE = re.compile(r"^module\s+(\S+)", re.MULTILINE)
_TOOLCHAIN_VERSION = re.compile(r"go(\d+)\.(\d+)(?:\.(\d+))?")
_TOO_NEW = re.compile(r"go\.mod requires go >= (\S+)")
_OFFLINE_PATTERNS = (
    re.compile(r"(?P<mod>\S+@v\S+): module lookup disabled by GOPROXY=off"),
    re.compile(r"go: downloading (?P<path>\S+) (?P<ver>v\S+)"),
    re.compile(r"module (?P<path>\S+) provides package \S+ and is replaced but not required"),
    re.compile(r"missing go\.sum entry for module providing package (?P<pkg>\S+)"),
    re.compile(r"no required module provides package (?P<pkg>\S+)"),
    re.compile(r"(?P<pkg>\S+): module lookup disabled by GOPROXY=off"),
)


# -- public values -------------------------------------------------------------


@dataclass(frozen=True)
class VerifyOptions:
    timeout: float = 300.0  # per go command; go test -timeout is a little shorter
    allow_network: bool = False
    scope: Literal["packages", "module"] = "packages"
    cache_dir: Path | None = None  # default: see default_cache_dir()
    count: int = 1
    use_cache: bool = True  # False: neither read nor write cached runs (--no-cache)
    # Texts in a failed test's output that show it died of a failure the fixes
    # target (``gofixmap.rules.crashes.crash_markers()``); such a test must pass
    # after the fixes. Empty: no test counts as such a crash.
    crash_markers: tuple[str, ...] = ()
    # run the tests without bubblewrap when it is missing (--unsandboxed); else refuse
    unsandboxed: bool = False


@dataclass(frozen=True)
class Candidate:
    """One diagnostic's alternative fixes (best first) for one file."""

    key: str
    path: Path  # absolute .go file
    original: bytes
    alternatives: tuple[Fix, ...]
    site: int | None = None  # byte offset of the diagnostic (the write) in ``original``


@dataclass(frozen=True)
class Outcome:
    key: str
    chosen: int | None  # index into alternatives of the one that passed
    tried: tuple[Verification, ...]  # one per alternative tried, in order

    @property
    def status(self) -> Literal["passed", "failed", "skipped"]:
        if self.chosen is not None:
            return "passed"
        if self.tried and self.tried[-1].status == "skipped":
            return "skipped"
        return "failed"


def default_cache_dir() -> Path:
    """``$GOFIXMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/gofixmap``, else ``~/.cache/gofixmap``."""
    return cache_dir()


# -- modules, hashes, cache ----------------------------------------------------


def _version_tuple(text: str) -> tuple[int, int, int] | None:
    m = _TOOLCHAIN_VERSION.search(text)
    if m is None:
        return None
    return (int(m[1]), int(m[2]), int(m[3] or 0))


def _module_go_version(gomod: str) -> tuple[int, int, int] | None:
    m = _GO_LINE.search(gomod)
    return (int(m[1]), int(m[2]), int(m[3] or 0)) if m else None


# -- one module ----------------------------------------------------------------


@dataclass(frozen=True)
class _Judgement:
    status: Literal["passed", "failed"]
    detail: str
    seconds: float
    summary: RunSummary | None


class _Module:
    """Verification state of one Go module."""

    def __init__(
        self,
        root: Path,
        candidates: Sequence[Candidate],
        options: VerifyOptions,
        toolchain: Toolchain,
        box: Sandbox,
        cache: RunCache | None,
    ) -> None:
        self.root = root
        self.candidates = list(candidates)
        self.options = options
        self.toolchain = toolchain
        self.box = box
        self.cache = cache
        self.gomod = (root / "go.mod").read_text(encoding="utf-8", errors="replace")
        m = _MODULE_LINE.search(self.gomod)
        self.module_path = m[1].strip('"') if m else ""
        self.race = c_compiler_available()
        self.mod_flag = (
            "-mod=vendor" if (root / "vendor" / "modules.txt").is_file() else ("-mod=readonly")
        )
        self.originals = _Originals()
        for c in self.candidates:
            self.originals.setdefault(c.path, c.original)
        self.hash = module_hash(root, self.originals)
        if options.scope == "module":
            self.targets = ["./..."]
        else:
            dirs = sorted({c.path.parent.relative_to(root).as_posix() for c in self.candidates})
            self.targets = ["./" + d if d != "." else "." for d in dirs]
        self.baseline: RunSummary | None = None
        self.owners: dict[str, set[str]] = {}  # baseline target-crash test -> candidate keys
        self.runs = 0

    # -- naming ------------------------------------------------------------

    def package_of(self, c: Candidate) -> str:
        rel = c.path.parent.relative_to(self.root).as_posix()
        return self.module_path if rel == "." else f"{self.module_path}/{rel}"

    def _key(self, patch: str) -> str:
        o = self.options
        material = {
            "protocol": PROTOCOL,
            "module": self.hash,
            "patch": patch,
            "go": self.toolchain.version,
            "options": {
                "timeout": o.timeout,
                "allow_network": o.allow_network,
                "scope": o.scope,
                "count": o.count,
                "crash_markers": list(o.crash_markers),
            },
            "targets": self.targets,
            "race": self.race,
            "isolated": self.box.isolated,
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()

    # -- running -----------------------------------------------------------

    def _overlay(self, files: Mapping[Path, bytes], run_dir: Path) -> str | None:
        replace: dict[str, str] = {}
        for i, (path, data) in enumerate(sorted(files.items())):
            target = run_dir / str(i) / path.name
            target.parent.mkdir(parents=True)
            target.write_bytes(data)
            replace[str(path)] = str(target)
        if not replace:
            return None
        overlay = run_dir / "overlay.json"
        overlay.write_text(json.dumps({"Replace": replace}), encoding="utf-8")
        return str(overlay)

    def _package_dir(self, pkg: str) -> str | None:
        if pkg == self.module_path:
            return "."
        if self.module_path and pkg.startswith(self.module_path + "/"):
            return "./" + pkg[len(self.module_path) + 1 :]
        return None

    def _rerun_crashed(self, summary: RunSummary, args: Sequence[str]) -> None:
        """Re-run packages whose test binary died, skipping the tests that killed it.

        A test that panics or hits a fatal map error ends the binary; the tests
        after it never run. Re-running with ``-skip`` shows what they do, so a
        crash elsewhere does not hide a regression or a fix.
        """
        skipped: dict[str, set[str]] = {}
        for _ in range(MAX_RERUNS):
            todo: dict[str, set[str]] = {}
            for key, test in summary.tests.items():
                pkg, _, name = key.partition("\t")
                top = name.split("/", 1)[0]
                if (
                    test.died
                    and not TEST_TIMEOUT.search(test.tail)
                    and top not in skipped.get(pkg, ())
                ):
                    todo.setdefault(pkg, set()).add(top)
            if not todo:
                return
            for pkg, names in sorted(todo.items()):
                directory = self._package_dir(pkg)
                skipped.setdefault(pkg, set()).update(names)
                if directory is None:
                    continue
                seen = {
                    k.partition("\t")[2].split("/", 1)[0]
                    for k in summary.tests
                    if k.partition("\t")[0] == pkg
                }
                declared = _declared_tests(self.root / directory)
                if not declared - seen - skipped[pkg] - {"TestMain"}:
                    continue  # every test of the package ran already
                pattern = "^(" + "|".join(re.escape(n) for n in sorted(skipped[pkg])) + ")$"
                again = self.box.run(
                    [*args, f"-skip={pattern}", directory],
                    self.root,
                    self.options.timeout,
                    mod_flag=self.mod_flag,
                )
                summary.seconds += again.seconds
                extra = RunSummary()
                parse_test_json(again.stdout, extra, self.options.crash_markers)
                for key, test in extra.tests.items():
                    summary.tests.setdefault(key, test)
                summary.test_timeout = summary.test_timeout or extra.test_timeout
                if again.timed_out:
                    summary.timed_out = True
                    return

    def _execute(self, files: Mapping[Path, bytes]) -> RunSummary:
        self.runs += 1
        run_dir = self.box.scratch / f"r{id(self)}-{self.runs}"
        run_dir.mkdir()
        try:
            overlay = self._overlay(files, run_dir)
            flags = [f"-overlay={overlay}"] if overlay else []
            summary = RunSummary()
            o = self.options
            vet = self.box.run(
                ["vet", *flags, *self.targets], self.root, o.timeout, mod_flag=self.mod_flag
            )
            summary.seconds += vet.seconds
            strip = [str(run_dir) + "/", str(self.root) + "/"]
            summary.vet, summary.vet_display = normalize_vet(vet.stderr, strip)
            if vet.timed_out:
                summary.timed_out = True
                summary.ran_tests = False
                return summary
            if self.baseline is not None and Counter(summary.vet) - Counter(self.baseline.vet):
                summary.ran_tests = False  # judged by vet alone
                return summary
            test_timeout = max(1, int(o.timeout - min(30.0, o.timeout / 4)))
            args = ["test"]
            if self.race:
                args.append("-race")
            args += [f"-count={o.count}", "-json", f"-timeout={test_timeout}s", *flags]
            test = self.box.run(
                [*args, *self.targets], self.root, o.timeout, mod_flag=self.mod_flag
            )
            summary.seconds += test.seconds
            summary.timed_out = test.timed_out
            build_out = parse_test_json(test.stdout, summary, self.options.crash_markers)
            if not summary.timed_out and not summary.build_error:
                self._rerun_crashed(summary, args)
            everything = "\n".join([vet.stderr, test.stderr, *build_out])
            for prefix in strip:
                everything = everything.replace(prefix, "")
            if summary.build_error and not summary.build_error.strip():
                summary.build_error = "build failed"
            if (
                test.returncode != 0
                and not summary.tests
                and not summary.packages
                and not summary.timed_out  # killed at the time limit: not a build failure
            ):
                summary.build_error = summary.build_error or tail(test.stderr) or "go test failed"
            if summary.build_error or summary.vet:
                summary.missing = self._missing_module(everything)
                too_new = _TOO_NEW.search(everything)
                if too_new:
                    summary.too_new = too_new[1]
            return summary
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)

    def _missing_module(self, text: str) -> str:
        """A required module absent from the module cache that the errors point at."""
        for pattern in _OFFLINE_PATTERNS:
            m = pattern.search(text)
            if m is None:
                continue
            groups = m.groupdict()
            if groups.get("mod"):
                found = groups["mod"]
            elif groups.get("path") and groups.get("ver"):
                found = f"{groups['path']}@{groups['ver']}"
            else:
                found = self._providing_module(groups.get("pkg") or groups.get("path") or "")
            if found and not self._in_module_cache(found):
                return found
        return ""

    def _providing_module(self, pkg: str) -> str:
        """The required module (path@version) whose path is the longest prefix of pkg."""
        best = ""
        for m in re.finditer(r"^\s*(?:require\s+)?(\S+)\s+(v\S+)", self.gomod, re.MULTILINE):
            path, version = m[1], m[2]
            if (pkg == path or pkg.startswith(path + "/")) and len(path) > len(best.split("@")[0]):
                best = f"{path}@{version}"
        return best or pkg

    def _in_module_cache(self, mod: str) -> bool:
        if self.options.allow_network:
            return True  # the network was there: it is not an offline problem
        path, _, version = mod.partition("@")
        if not version:
            return False
        escaped = re.sub(r"[A-Z]", lambda c: "!" + c[0].lower(), path)
        cache = self.box.settings.gomodcache
        return (cache / "cache" / "download" / escaped / "@v" / f"{version}.zip").is_file()

    def run(self, files: Mapping[Path, bytes], patch: str) -> tuple[RunSummary, float]:
        """A cached or fresh run; returns the summary and the seconds it cost now."""
        start = time.monotonic()
        key = self._key(patch)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                log.info("%s: cached run (%s)", self.root, "baseline" if not patch else "patched")
                return hit, time.monotonic() - start
        summary = self._execute(files)
        log.info(
            "%s: %s run %.2fs",
            self.root,
            "baseline" if not patch else "patched",
            summary.seconds,
        )
        if self.cache is not None and summary.cacheable:
            self.cache.put(key, summary)
        return summary, time.monotonic() - start

    # -- protocol ----------------------------------------------------------

    def precheck(self) -> str:
        """A reason to skip the whole module, or ""."""
        need = _module_go_version(self.gomod)
        have = _version_tuple(self.toolchain.version)
        if need is not None and have is not None and have < need:
            need_text = ".".join(str(x) for x in need)
            return f"toolchain {self.toolchain.version} is older than the module's go {need_text}"
        return ""

    def start(self) -> tuple[str, float]:
        """The baseline run; returns a skip reason ("" when judging is possible)."""
        reason = self.precheck()
        if reason:
            return reason, 0.0
        changed = {
            p: data
            for p, data in self.originals.items()
            if not p.is_file() or p.read_bytes() != data
        }
        self.baseline, seconds = self.run(changed, "")
        self.owners = self._attribute(self.baseline)
        b = self.baseline
        if b.too_new:
            return f"toolchain {self.toolchain.version} is older than go {b.too_new}", seconds
        if b.missing:
            return f"not verifiable offline: {b.missing}", seconds
        if b.timed_out:
            limit = f"{self.options.timeout:g}s"
            return (
                f"the unmodified module's vet and tests did not finish within {limit}"
                " (--verify-timeout)",
                seconds,
            )
        if b.build_error:
            return f"the unmodified module does not build: {b.build_error}", seconds
        return "", seconds

    def _write_site(self, test: TestRun) -> tuple[str, int] | None:
        """The first stack frame in the module's own code: where the map was written."""
        prefix = str(self.root) + os.sep
        goroot = str(self.toolchain.goroot) + os.sep
        for frame in test.frames:
            path, _, line = frame.rpartition(":")
            if path.startswith(prefix) and not path.startswith(goroot):
                return path, int(line)
        return None

    def _attribute(self, base: RunSummary) -> dict[str, set[str]]:
        """Which candidates own each baseline target crash.

        A candidate owns a crash when the function that wrote the map holds its
        diagnostic (``site``), or, without a site, one of its edits. A crash no
        candidate owns is a bug gofixmap did not report: it never fails nor
        credits a fix.
        """
        owners: dict[str, set[str]] = {}
        for key, test in base.tests.items():
            if not test.target_crash:
                continue
            site = self._write_site(test)
            if site is None:
                continue
            path, line = site
            owners[key] = {
                c.key
                for c in self.candidates
                if str(c.path) == path
                and any(
                    first <= line <= last
                    for first, last in (_function_lines(c.original, at) for at in _anchors(c))
                )
            }
        return owners

    def judge(
        self, summary: RunSummary, keys: Iterable[str]
    ) -> tuple[Literal["passed", "failed"], str]:
        """Judge a patched run of the candidates ``keys`` against the baseline.

        A test that crashed before with a target crash (crash_markers) that
        these candidates do not own (see :meth:`_attribute`) is another
        finding's bug: it neither fails nor credits this set.
        """
        base = self.baseline
        assert base is not None
        mine = set(keys)

        def owned(key: str) -> bool:
            return bool(self.owners.get(key, set()) & mine)

        if summary.timed_out:
            running = [test_name(k) for k, t in summary.tests.items() if t.status == "crash"]
            where = f" (running: {', '.join(running)})" if running else ""
            return "failed", f"timed out after {self.options.timeout:g}s{where}"
        if summary.build_error:
            return "failed", f"the patched code does not build: {summary.build_error}"
        new_vet = Counter(summary.vet) - Counter(base.vet)
        if new_vet:
            first = next(iter(new_vet))
            more = sum(new_vet.values()) - 1
            extra = f" (and {more} more)" if more else ""
            return "failed", f"go vet: {summary.vet_display.get(first, first)}{extra}"
        if not summary.ran_tests:
            return "failed", "tests did not run"
        for key, test in summary.tests.items():
            if test.status not in ("fail", "crash"):
                continue
            before = base.tests.get(key)
            if (
                before is not None
                and before.status in ("fail", "crash")
                and not before.target_crash
            ):
                continue  # failed before for another reason
            if test.target_crash and not owned(key) and (before is None or before.target_crash):
                continue  # another finding's crash, in code this set does not change
            name = test_name(key)
            verb = "times out" if TEST_TIMEOUT.search(test.tail) else "fails"
            if before is None:
                why = f"{name} {verb} (it did not run before)"
            elif before.status == "pass":
                why = f"{name} passed before and {verb} now"
            elif test.target_crash:
                why = f"{name} still crashes"
            else:
                why = f"{name} crashed before (map) and now {verb}"
            return "failed", f"{why}: {test.tail.lstrip()}"
        for key, before in base.tests.items():
            if before.target_crash and owned(key) and key not in summary.tests:
                return "failed", f"{test_name(key)} crashed before and did not run now"
        for pkg, status in summary.packages.items():
            if status == "fail" and base.packages.get(pkg) != "fail":
                failing = [k for k in summary.tests if k.startswith(pkg + "\t")]
                if not any(summary.tests[k].status in ("fail", "crash") for k in failing):
                    tail = summary.package_tail.get(pkg, "").lstrip()
                    return "failed", f"package {pkg} fails: {tail}"
        return "passed", ""

    def describe_pass(self, summary: RunSummary, c: Candidate) -> tuple[bool, str]:
        """Per-candidate wording of a passing run: (judged, detail); not judged is skipped."""
        base = self.baseline
        assert base is not None
        pkg = self.package_of(c)
        if summary.packages.get(pkg, "notests") == "notests":
            return False, f"no tests in {pkg}; builds and vets clean"
        fixed = [
            test_name(k)
            for k, t in base.tests.items()
            if c.key in self.owners.get(k, ()) and summary.tests.get(k, t).status == "pass"
        ]
        passed = sum(
            1 for k, t in summary.tests.items() if t.status == "pass" and "/" not in test_name(k)
        )
        parts = ["go vet clean", f"{passed} test{'s' if passed != 1 else ''} pass"]
        if fixed:
            parts.append(f"crashed before, pass now: {', '.join(fixed)}")
        else:
            parts.append("no test crashed here before")
        if not self.race:
            parts.append("race detector unavailable (no C compiler)")
        return True, "; ".join(parts)


_TEST_FUNC = re.compile(rb"^func\s+((?:Test|Example|Fuzz)\w*)\s*\(", re.MULTILINE)


def _declared_tests(directory: Path) -> set[str]:
    """Test, example and fuzz functions declared in a directory's _test.go files."""
    names: set[str] = set()
    try:
        files = sorted(directory.glob("*_test.go"))
    except OSError:
        return names
    for path in files:
        with contextlib.suppress(OSError):
            names.update(m.decode() for m in _TEST_FUNC.findall(path.read_bytes()))
    return names


def _anchors(c: Candidate) -> list[int]:
    if c.site is not None:
        return [c.site]
    return [e.start for fix in c.alternatives for e in fix.edits if not e.path]


def _function_lines(source: bytes, offset: int) -> tuple[int, int]:
    """1-based first and last line of the top-level declaration around ``offset``.

    gofmt'd Go starts a top-level declaration with ``func`` (or ``type``,
    ``var``...) in column 1 and closes it with ``}`` in column 1.
    """
    start = max(source.rfind(b"\nfunc ", 0, offset + 1), source.rfind(b"\nvar ", 0, offset + 1))
    start = 0 if start < 0 else start + 1
    end = source.find(b"\n}", offset)
    end = len(source) if end < 0 else end + 1
    return source.count(b"\n", 0, start) + 1, source.count(b"\n", 0, end) + 1


def _patch_hash(files: Mapping[Path, bytes], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{hashlib.sha256(files[path]).hexdigest()}\n".encode())
    return digest.hexdigest()


class _Originals(dict[Path, bytes]):
    """Original bytes by path: the candidates' own, else read from disk on demand."""

    def __missing__(self, path: Path) -> bytes:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise EditError(f"{path}: cannot read: {exc.strerror}") from exc
        self[path] = data
        return data


def _build(
    items: Sequence[tuple[Candidate, int]], originals: Mapping[Path, bytes]
) -> dict[Path, bytes]:
    """Patched contents of every file touched by ``items``; raises EditError."""
    by_file: dict[Path, list[Fix]] = {}
    for c, alt in items:
        for target, part in split_in_package(c.alternatives[alt], c.path).items():
            by_file.setdefault(target, []).append(part)
    return {path: apply_fixes(originals[path], fixes) for path, fixes in by_file.items()}


def _partition(
    items: Sequence[tuple[Candidate, int]], originals: Mapping[Path, bytes]
) -> tuple[list[list[tuple[Candidate, int]]], list[tuple[Candidate, int, str]]]:
    """Batches whose fixes combine per file; plus items whose fix does not apply at all."""
    batches: list[list[tuple[Candidate, int]]] = []
    broken: list[tuple[Candidate, int, str]] = []
    for item in items:
        try:
            _build([item], originals)
        except (EditError, ValueError) as exc:
            broken.append((item[0], item[1], f"fix does not apply: {exc}"))
            continue
        for batch in batches:
            try:
                _build([*batch, item], originals)
            except (EditError, ValueError):
                continue
            batch.append(item)
            break
        else:
            batches.append([item])
    return batches, broken


def _verify_module(
    root: Path,
    candidates: Sequence[Candidate],
    options: VerifyOptions,
    toolchain: Toolchain,
    box: Sandbox,
    cache: RunCache | None,
) -> dict[str, Outcome]:
    mod = _Module(root, candidates, options, toolchain, box, cache)
    tried: dict[str, list[Verification]] = {c.key: [] for c in candidates}
    chosen: dict[str, int | None] = {c.key: None for c in candidates}
    reason, base_seconds = mod.start()
    if reason:
        for c in candidates:
            if c.alternatives:
                tried[c.key].append(Verification("skipped", reason, base_seconds))
        return {c.key: Outcome(c.key, None, tuple(tried[c.key])) for c in candidates}

    def resolve(items: list[tuple[Candidate, int]]) -> dict[str, Verification]:
        files = _build(items, mod.originals)
        summary, seconds = mod.run(files, _patch_hash(files, root))
        status, detail = mod.judge(summary, [c.key for c, _ in items])
        if status == "passed":
            results: dict[str, Verification] = {}
            for c, _ in items:
                judged, described = mod.describe_pass(summary, c)
                state: Literal["passed", "skipped"] = "passed" if judged else "skipped"
                results[c.key] = Verification(state, described, seconds)
            return results
        if len(items) == 1:
            return {items[0][0].key: Verification("failed", detail, seconds)}
        half = len(items) // 2
        left = resolve(items[:half])
        right = resolve(items[half:])
        merged = {**left, **right}
        if all(v.status != "failed" for v in merged.values()):
            # each half passes alone, together they fail: keep the first half
            for c, _ in items[half:]:
                merged[c.key] = Verification(
                    "failed",
                    f"passes alone but fails together with other fixes of the module: {detail}",
                    merged[c.key].seconds,
                )
        # every item also took part in the failing combined run
        return {k: Verification(v.status, v.detail, v.seconds + seconds) for k, v in merged.items()}

    pending: list[tuple[Candidate, int]] = [(c, 0) for c in candidates if c.alternatives]
    while pending:
        batches, broken = _partition(pending, mod.originals)
        results: dict[str, Verification] = {}
        for c, _, why in broken:
            results[c.key] = Verification("failed", why, 0.0)
        for batch in batches:
            results.update(resolve(batch))
        following: list[tuple[Candidate, int]] = []
        for c, alt in pending:
            v = results[c.key]
            tried[c.key].append(v)
            if v.status == "passed":
                chosen[c.key] = alt
            elif v.status == "failed" and alt + 1 < len(c.alternatives):
                following.append((c, alt + 1))
        pending = following
    return {c.key: Outcome(c.key, chosen[c.key], tuple(tried[c.key])) for c in candidates}


def verify(
    candidates: Sequence[Candidate],
    options: VerifyOptions,
    toolchain: Toolchain,
    *,
    use_bwrap: bool | None = None,
) -> dict[str, Outcome]:
    """Verify every candidate's alternatives; one Outcome per candidate key."""
    outcomes: dict[str, Outcome] = {}
    by_module: dict[Path, list[Candidate]] = {}
    for c in candidates:
        path = Path(os.path.abspath(c.path))
        with contextlib.suppress(OSError):
            path = path.resolve()
        c = Candidate(c.key, path, c.original, c.alternatives, c.site)
        module = find_module(path.parent)
        root = module.root if module is not None else None
        if root is None:
            tried = (
                (Verification("skipped", "not in a Go module (no go.mod found)", 0.0),)
                if c.alternatives
                else ()
            )
            outcomes[c.key] = Outcome(c.key, None, tried)
            continue
        by_module.setdefault(root, []).append(c)
    if not by_module:
        return outcomes
    cache_root = options.cache_dir if options.cache_dir is not None else default_cache_dir()
    cache = RunCache(cache_root) if options.use_cache else None
    with Sandbox(
        toolchain,
        allow_network=options.allow_network,
        use_bwrap=use_bwrap,
        unsandboxed=options.unsandboxed,
    ) as box:
        for root, group in sorted(by_module.items()):
            found = _verify_module(root, group, options, toolchain, box, cache)
            for key, outcome in found.items():
                marked = tuple(dataclasses.replace(v, sandbox=box.mode) for v in outcome.tried)
                outcomes[key] = dataclasses.replace(outcome, tried=marked)
    return outcomes
