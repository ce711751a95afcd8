"""Run rules over packages, apply fixes to a fixed point, return FileResults.

The runner never raises for user input: every file ends as one FileResult.
"""

from __future__ import annotations

import re
import traceback
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gofixmap.codemod import index as idx
from gofixmap.codemod import parsecheck, shadow
from gofixmap.codemod import source as src
from gofixmap.codemod.discover import GoFile, find_module, gopath_module_of
from gofixmap.codemod.edits import EditError, apply_fixes, split_by_file
from gofixmap.codemod.facts import Hints, ModuleFacts, PackageFacts
from gofixmap.codemod.model import (
    AppliedFix,
    Diagnostic,
    FileResult,
    Fix,
    Lines,
    RuleError,
    Status,
    meets,
)
from gofixmap.codemod.model import RunOptions as RunOptions  # re-exported

_IGNORE = re.compile(rb"//\s*gofixmap:ignore\s+([A-Z]{2}[0-9]{3}(?:\s*,\s*[A-Z]{2}[0-9]{3})*)")
_NOLINT = re.compile(rb"//\s*nolint(?::([\w,\s-]+))?")


def suppressions(data: bytes) -> dict[int, set[str] | None]:
    """Line → suppressed codes (``None``: every code) from comments.

    ``//gofixmap:ignore CODE reason`` and ``//nolint:gofixmap`` cover their own
    line and the line below.
    """
    result: dict[int, set[str] | None] = {}
    if b"gofixmap" not in data and b"nolint" not in data:
        return result
    for number, line in enumerate(data.split(b"\n"), start=1):
        codes: set[str] | None
        match = _IGNORE.search(line)
        if match:
            codes = {c.strip().decode() for c in match.group(1).split(b",")}
        else:
            lint = _NOLINT.search(line)
            if not lint:
                continue
            names = lint.group(1)
            if names is not None and not any(n.strip() == b"gofixmap" for n in names.split(b",")):
                continue
            codes = None
        for target in (number, number + 1):
            if target in result and (result[target] is None or codes is None):
                result[target] = None
                continue
            existing = result.get(target)
            result[target] = codes if existing is None else existing | (codes or set())
    return result


def _suppressed(diag: Diagnostic, file: src.SourceFile, table: dict[int, set[str] | None]) -> bool:
    if not table:
        return False
    line = file.position(diag.span.start).line
    if line not in table:
        return False
    codes = table[line]
    return codes is None or diag.rule in codes


@dataclass
class PackageEntry:
    go: GoFile
    data: bytes
    parsed: src.SourceFile | None = None
    # A file Go accepts but the grammar cannot fully parse: the bytes analysed
    # (``data`` without the declarations that do not parse) and why.
    analysed: bytes | None = None
    note: str = ""


def run(files: Sequence[GoFile], options: RunOptions) -> Iterator[FileResult]:
    """Results for ``files``, directory by directory in the order given, in
    this process, every rule on every package (no prefilter, no cache): the
    pipeline of ``parallel.run`` without its speed-ups, for library use."""
    from gofixmap.codemod import parallel  # (parallel builds on this module)

    yield from parallel.run(files, options, jobs=1, use_prefilter=False)


def _module_path(directory: Path) -> str:
    """The go.mod's module path, or outside a module the import path of the
    GOPATH project around ``directory`` (its packages import each other
    under it)."""
    module = find_module(directory) or gopath_module_of(str(directory))
    return module.path if module is not None else ""


def syntax_error(entry: PackageEntry) -> FileResult | None:
    """Parse ``entry`` (keeping the tree on it); a SKIPPED result if it does not parse.

    ERROR nodes alone do not make a syntax error: Go is asked
    (:mod:`parsecheck`). A file Go accepts is analysed without the
    declarations the grammar cannot parse (``entry.analysed``, ``entry.note``).
    """
    parsed = src.parse(entry.go.display, entry.data)
    if parsed.first_error() is None:
        entry.parsed = parsed
        return None
    problem = parsecheck.diagnose(entry.data, parsed.root)
    where = f"line {problem.line} column {problem.column}"
    if problem.verdict is parsecheck.Verdict.GO_ACCEPTS:
        entry.analysed = parsecheck.without_unparsed(
            entry.data, lambda data: src.parse(entry.go.display, data).tree
        )
        entry.parsed = src.parse(entry.go.display, entry.analysed)
        entry.note = (
            f"partially parsed: Go accepts the file, gofixmap's Go grammar stops at {where}; "
            "the declarations it cannot parse are not analysed and no fix is applied"
        )
        return None
    if problem.verdict is parsecheck.Verdict.SYNTAX_ERROR:
        reason = f"syntax error: {problem.message}"
    else:  # no Go to ask: say what happened, not that the file is invalid
        reason = parsecheck.UNCONFIRMED_REASON
    return FileResult(
        entry.go.display,
        Status.SKIPPED,
        entry.data,
        entry.data,
        reason=reason,
        error_line=problem.line,
        error_column=problem.column,
    )


def run_package(
    directory: Path,
    name: str,
    entries: Sequence[PackageEntry],
    options: RunOptions,
    modules: ModuleFacts | None = None,
) -> Iterator[FileResult]:
    """The results of one package (``modules``: the module facts of the run,
    shared with its other packages; none: the package's own)."""
    good: list[PackageEntry] = []
    for entry in entries:
        broken = syntax_error(entry)
        if broken is not None:
            yield broken
            continue
        good.append(entry)
    if not good:
        return
    module_path = _module_path(directory)
    session = _Package(name, str(directory), module_path, good, options, modules)
    yield from session.results()


class _Package:
    def __init__(
        self,
        name: str,
        directory: str,
        module_path: str,
        entries: Sequence[PackageEntry],
        options: RunOptions,
        modules: ModuleFacts | None = None,
    ) -> None:
        self.name = name
        self.modules = modules if modules is not None else ModuleFacts()
        self.directory = directory
        self.module_path = module_path
        self.entries = entries
        self.options = options
        self.original = {e.go.display: e.data for e in entries}
        self.current = dict(self.original)
        self.errors: list[RuleError] = []  # rules that raised, in any round
        self.stores: list[PackageFacts] = []  # the facts of each check
        # partially parsed files: analysed as these bytes, never fixed
        self.analysed = {e.go.display: e.analysed for e in entries if e.analysed is not None}
        # where make and new are not the built-ins, in the files last checked
        self.shadows: dict[str, list[shadow.Shadow]] = {}

    def _check(
        self, data: Mapping[str, bytes], parsed: Mapping[str, src.SourceFile] | None = None
    ) -> dict[str, list[Diagnostic]]:
        # Reuse the trees parsed for the syntax check when the bytes are the same.
        reuse = parsed or {}
        files = []
        for path, content in data.items():
            content = self.analysed.get(path, content)  # (never fixed: always the original)
            tree = reuse.get(path)
            if tree is None or tree.data is not content:
                tree = src.parse(path, content)
            files.append(tree)
        package = idx.build(
            self.name, self.directory, files, self.module_path, self.options.external_types
        )
        self.shadows = {file.path: shadow.shadowing(file) for file in files}
        store = PackageFacts(
            package,
            self.options.settings,
            Hints(tuple(self.options.hints)),
            self.options.importer,
            modules=self.modules,
        )
        self.stores.append(store)
        found: dict[str, list[Diagnostic]] = {file.path: [] for file in files}
        for rule in self.options.rules:
            try:
                pass_ = store.pass_for(rule.REQUIRES, rule.code)
                diags = list(rule.check(pass_))
                if not rule.IN_TESTS and not self.options.include_tests:
                    diags = [d for d in diags if not d.path.endswith("_test.go")]
                    if diags and rule.tests_only(pass_):
                        diags = []
            except Exception:  # a rule bug: its findings here are lost, the others kept
                error = RuleError(rule.code, self._label(), traceback.format_exc())
                if all(e.line != error.line for e in self.errors):
                    self.errors.append(error)
                continue
            for diag in diags:
                found.setdefault(diag.path, []).append(diag)
        for file in files:
            table = suppressions(file.data)
            kept: list[Diagnostic] = []
            seen: set[tuple[str, int, int, str]] = set()
            for diag in found[file.path]:
                key = (diag.rule, diag.span.start, diag.span.end, diag.message)
                if key in seen or _suppressed(diag, file, table):
                    continue
                if not meets(diag.confidence, self.options.min_confidence):
                    continue  # weaker evidence than the run asks for: neither reported nor fixed
                seen.add(key)
                kept.append(diag)
            kept.sort(key=lambda d: (d.span.start, d.rule))
            found[file.path] = kept
        return found

    def _only_new(
        self,
        found: dict[str, list[Diagnostic]],
        allowed: set[tuple[str, str, str]] | None,
    ) -> dict[str, list[Diagnostic]]:
        """With ``options.only_lines``: the findings on changed lines (first check),
        or those of a later round that the first check allowed (same rule and
        message: the lines have moved by then)."""
        only = self.options.only_lines
        if only is None:
            return found
        filenames = {e.go.display: e.go.filename for e in self.entries}
        kept: dict[str, list[Diagnostic]] = {}
        for path, diags in found.items():
            if allowed is not None:
                kept[path] = [d for d in diags if (d.path, d.rule, d.message) in allowed]
                continue
            lines = only.get(filenames.get(path, path), frozenset())
            file = Lines(self.current[path]) if lines else None
            kept[path] = [
                d for d in diags if file is not None and file.position(d.span.start).line in lines
            ]
        return kept

    def _label(self) -> str:
        return f"{self.directory or '.'} (package {self.name})"

    def results(self) -> Iterator[FileResult]:
        trees = {e.go.display: e.parsed for e in self.entries if e.parsed is not None}
        first = self._only_new(self._check(self.current, trees), None)
        allowed = {(d.path, d.rule, d.message) for ds in first.values() for d in ds}
        trees.clear()
        for entry in self.entries:
            entry.parsed = None  # the trees are not needed after the first check
        src.release()  # nor the node lists that keep them alive
        applied: dict[str, list[AppliedFix]] = defaultdict(list)
        rejected: dict[str, list[tuple[Diagnostic, str]]] = defaultdict(list)
        latest = first
        if self.options.fix is not None:
            threshold = self.options.fix
            why = "not applied: the file is only partially parsed"
            for path in self.analysed:
                for diag in first.get(path, ()):
                    if any(f.applicability >= threshold for f in diag.fixes):
                        rejected[path].append((diag, why))
            for _ in range(self.options.max_rounds):
                chosen = self._choose(latest, rejected)
                if not chosen:
                    break
                for diag, fix in chosen:
                    applied[diag.path].append(AppliedFix(diag, fix))
                latest = self._only_new(self._check(self.current), allowed)
        notes = {e.go.display: e.note for e in self.entries}
        builtin = tuple(sorted({path for store in self.stores for path in store.builtin}))
        for entry in self.entries:
            path = entry.go.display
            before = self.original[path]
            after = self.current[path]
            remaining = tuple(latest.get(path, ()))
            diagnostics = tuple(first.get(path, ()))
            if after != before:
                status = Status.FIXED
            elif diagnostics:
                status = Status.FINDINGS
            else:
                status = Status.CLEAN
            yield FileResult(
                path,
                status,
                before,
                after,
                diagnostics,
                tuple(applied.get(path, ())),
                tuple(rejected.get(path, ())),
                remaining,
                rule_errors=tuple(self.errors) if entry is self.entries[0] else (),
                note=notes[path],
                builtin_types=builtin if entry is self.entries[0] else (),
            )

    def _choose(
        self,
        diags: Mapping[str, list[Diagnostic]],
        rejected: dict[str, list[tuple[Diagnostic, str]]],
    ) -> list[tuple[Diagnostic, Fix]]:
        """Pick one fix per diagnostic, skip conflicts, apply, keep what parses."""
        threshold = self.options.fix
        assert threshold is not None
        picked: list[tuple[Diagnostic, Fix]] = []
        for path in self.current:
            if path in self.analysed:
                continue  # only partially parsed: never fixed
            for diag in diags.get(path, ()):
                fix = next((f for f in diag.fixes if f.applicability >= threshold), None)
                if fix is not None:
                    picked.append((diag, fix))
        accepted: list[tuple[Diagnostic, Fix]] = []
        for diag, fix in picked:
            shadowed = next(
                (
                    name
                    for edit in fix.edits
                    if (
                        name := shadow.calls_shadowed(
                            edit.new_text, edit.start, edit.path or diag.path, self.shadows
                        )
                    )
                ),
                "",
            )
            if shadowed:
                why = f"fix {fix.title!r} calls {shadowed}, which is not the built-in here"
                if (diag, why) not in rejected[diag.path]:
                    rejected[diag.path].append((diag, why))
                continue
            trial = [*accepted, (diag, fix)]
            try:
                self._patch(trial)
            except EditError:
                continue  # conflicts with an earlier fix: try again next round
            accepted.append((diag, fix))
        if not accepted:
            return []
        good: list[tuple[Diagnostic, Fix]] = []
        patched = self._patch(accepted)
        broken = {p for p, data in patched.items() if src.parse(p, data).first_error() is not None}
        if broken:
            for diag, fix in accepted:
                alone = self._patch([(diag, fix)])
                if any(src.parse(p, d).first_error() is not None for p, d in alone.items()):
                    rejected[diag.path].append((diag, f"fix {fix.title!r} breaks the syntax"))
                else:
                    good.append((diag, fix))
            if not good:
                return []
            patched = self._patch(good)
        else:
            good = accepted
        self.current.update(patched)
        return good

    def _patch(self, chosen: Iterable[tuple[Diagnostic, Fix]]) -> dict[str, bytes]:
        """Per-file bytes after applying ``chosen`` to the current state."""
        per_file: dict[str, list[Fix]] = defaultdict(list)
        for diag, fix in chosen:
            for target, part in split_by_file(fix, diag.path, str).items():
                if target not in self.current:
                    raise EditError(f"{target}: not a file of this package")
                if target in self.analysed:
                    raise EditError(f"{target}: only partially parsed")
                per_file[target].append(part)
        return {path: apply_fixes(self.current[path], fixes) for path, fixes in per_file.items()}
