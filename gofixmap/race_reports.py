"""Race reports, located: ``go test -race`` output and ``fatal error:
concurrent map ...`` crashes → the sites in the user's code, the map
expression at each, and the race's classification (an operation on a map:
fixable; the map variable itself, or values held in or beside the map:
reported). :func:`racing_maps` gives the map sites MR001 takes as a hint."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gofixmap import crashlog
from gofixmap.codemod import source as src
from gofixmap.codemod.model import Diagnostic
from gofixmap.rules import crashes as catalogue

MAP_OP = "map operation"
MAP_VARIABLE = "map variable"
CONTENTS = "contents"


@dataclass(frozen=True)
class Site:
    """Where one side of a race happened in the user's code."""

    op: str  # read | write | previous read | previous write
    path: Path | None  # the file in the module (None: not found)
    line: int
    function: str
    frame_file: str
    map_expr: str = ""  # the map expression on that line, if any
    kind: str = ""  # map-op | assign | other
    offset: int = -1  # byte offset of the map expression in path (-1: none)


@dataclass
class Report:
    """One race (or concurrent-map crash), deduplicated by its sites."""

    sites: tuple[Site, ...]
    classification: str
    map_expr: str
    test: str | None
    runtime_map_frames: bool
    count: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the source of each diagnostic's file, for its line and column
    sources: dict[str, bytes] = field(default_factory=dict)
    status: str = ""  # fixed and confirmed | fixed but still racing | not fixable: ...
    reason: str = ""

    @property
    def key(self) -> tuple[tuple[str, int], ...]:
        return tuple(sorted({(str(s.path or s.frame_file), s.line) for s in self.sites}))


_MAP_LINE_TYPES = ("index_expression", "call_expression", "range_clause")


def _line_ops(path: Path, line: int) -> tuple[str, str, int]:
    """(map expression, kind, byte offset of the expression) of the operation
    on ``line`` of ``path``: kind "map-op" for ``m[k]``/``delete``/``len``/
    ``range``, "assign" for an assignment of the map variable itself, "other"
    else."""
    try:
        data = path.read_bytes()
    except OSError:
        return "", "other", -1
    file = src.parse(str(path), data)
    found_assign = ""
    for node in src.walk(file.root):
        if file.position(node.start_byte).line > line or file.position(node.end_byte).line < line:
            continue
        if file.position(node.start_byte).line != line:
            continue
        if node.type == "index_expression":
            operand = node.child_by_field_name("operand")
            if operand is not None and operand.type in ("identifier", "selector_expression"):
                return file.text(operand), "map-op", operand.start_byte
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if (
                fn is not None
                and file.text(fn) in ("delete", "len", "clear")
                and args is not None
                and args.named_children
            ):
                arg = args.named_children[0]
                return file.text(arg), "map-op", arg.start_byte
        if node.type == "range_clause":
            right = node.child_by_field_name("right")
            if right is not None:
                return file.text(right), "map-op", right.start_byte
        if node.type == "assignment_statement":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is not None and right is not None and "map[" in file.text(right):
                found_assign = file.text(left)
    if found_assign:
        return found_assign, "assign", -1
    return "", "other", -1


def _site(
    access: crashlog.RaceAccess | None,
    frames: Sequence[crashlog.Frame],
    op: str,
    module: Path,
    module_path: str,
) -> Site | None:
    frame = crashlog.first_user_frame(frames, module_path)
    if frame is None:
        return None
    path = crashlog.map_frame_to_repo(frame, module, module_path)
    expr, kind, offset = _line_ops(path, frame.line) if path is not None else ("", "other", -1)
    return Site(op, path, frame.line, frame.function, frame.file, expr, kind, offset)


def reports_from(text: str, module: Path, module_path: str) -> list[Report]:
    """Every race and concurrent-map crash of ``text``, deduplicated."""
    found: dict[tuple[tuple[str, int], ...], Report] = {}

    def add(report: Report) -> None:
        if report.key in found:
            found[report.key].count += 1
        else:
            found[report.key] = report

    for race in crashlog.parse_races(text):
        sites = []
        runtime_map = race.is_map or any(f.is_map_runtime for a in race.accesses for f in a.frames)
        for access in race.accesses:
            site = _site(access, access.frames, access.op, module, module_path)
            if site is not None:
                sites.append(site)
        if not sites:
            continue
        add(classify(tuple(sites), race.test, runtime_map))
    for crash in crashlog.parse_log(text):
        if crash.kind not in catalogue.MAP_KINDS or not catalogue.BY_KIND[crash.kind].fatal:
            continue  # not one of the runtime's concurrent map throws
        sites = []
        for goroutine in crash.goroutines:
            if (
                not any(f.is_map_runtime for f in goroutine.frames)
                and goroutine is not (crash.goroutines[0])
            ):
                continue
            site = _site(None, goroutine.frames, crash.kind, module, module_path)
            if site is not None:
                sites.append(site)
        if sites:
            add(classify(tuple(sites), None, True))
    return list(found.values())


def classify(sites: tuple[Site, ...], test: str | None, runtime_map: bool) -> Report:
    exprs = [s.map_expr for s in sites if s.kind == "map-op" and s.map_expr]
    if any(s.kind == "assign" for s in sites):
        expr = next(s.map_expr for s in sites if s.kind == "assign")
        return Report(sites, MAP_VARIABLE, expr, test, runtime_map)
    if exprs and (runtime_map or len(exprs) == len(sites)):
        return Report(sites, MAP_OP, exprs[0], test, runtime_map)
    if runtime_map and not exprs:
        return Report(sites, MAP_OP, "", test, runtime_map)
    return Report(sites, CONTENTS, exprs[0] if exprs else "", test, runtime_map)


def racing_maps(reports: Iterable[Report]) -> frozenset[tuple[str, int]]:
    """(file, byte offset of the map expression) of every map-operation site:
    the race proves these maps are shared by goroutines (MR001 reads them
    as the hint :class:`~gofixmap.rules.hints.RacingMaps`)."""
    return frozenset(
        (str(s.path.resolve()), s.offset)
        for r in reports
        if r.classification == MAP_OP
        for s in r.sites
        if s.path is not None and s.kind == "map-op" and s.offset >= 0
    )
