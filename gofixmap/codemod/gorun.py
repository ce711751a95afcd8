"""What one ``go vet`` + ``go test -json`` run found, and the cache of such runs.

:func:`parse_test_json` and :func:`normalize_vet` read the go command's output
into a :class:`RunSummary` (each test's status, whether it died of one of the
crashes the fixes target, its frames and the informative tail of its output);
:class:`RunCache` keeps summaries by content hash (:func:`module_hash`), valid
while :data:`PROTOCOL` is unchanged. Used by :mod:`gofixmap.codemod.verify`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gofixmap.codemod.regular import read_regular

log = logging.getLogger("gofixmap.verify")

PROTOCOL = 4  # bump when the meaning of a cached run changes
TEST_TIMEOUT = re.compile(r"panic: test timed out after \S+")
# a panic or fatal error that ends the test binary (later tests never run)
BINARY_DIED = re.compile(r"^(?:panic: |fatal error: )", re.MULTILINE)
GO_FRAME = re.compile(r"(/[^\s:]+\.go:\d+)")
VET_LINE = re.compile(
    r"^(?:vet: )?(?P<file>[^\s:][^:]*?\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$"
)


@dataclass
class TestRun:
    status: str  # pass | fail | skip | crash (started, never finished)
    target_crash: bool  # failed with one of VerifyOptions.crash_markers
    tail: str
    frames: list[str] = field(default_factory=list)  # "/abs/file.go:line" of a failure, in order
    died: bool = False  # the failure ended the test binary


@dataclass
class RunSummary:
    """The parsed result of ``go vet`` + ``go test -json`` on a set of packages."""

    seconds: float = 0.0
    timed_out: bool = False  # the sandbox killed a go command
    test_timeout: bool = False  # go test -timeout fired
    vet: list[str] = field(default_factory=list)  # normalized problems
    vet_display: dict[str, str] = field(default_factory=dict)
    build_error: str = ""
    missing: str = ""  # a dependency the offline module cache lacks
    too_new: str = ""  # go.mod requires a newer go
    tests: dict[str, TestRun] = field(default_factory=dict)  # "pkg\tTest" -> result
    packages: dict[str, str] = field(default_factory=dict)  # pkg -> pass|fail|skip|notests
    package_tail: dict[str, str] = field(default_factory=dict)
    ran_tests: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunSummary:
        tests = {str(k): TestRun(**v) for k, v in dict(data["tests"]).items()}
        fields = {k: v for k, v in data.items() if k != "tests"}
        summary = cls(**fields)
        summary.tests = tests
        if not isinstance(summary.vet, list) or not isinstance(summary.packages, dict):
            raise ValueError("bad summary")
        return summary

    @property
    def cacheable(self) -> bool:
        # timing-dependent results are not worth remembering
        return not self.timed_out and not self.test_timeout


def test_name(key: str) -> str:
    pkg, _, name = key.partition("\t")
    return name or pkg


def tail(text: str, max_lines: int = 12, max_chars: int = 1200) -> str:
    """The informative lines of a test's output: headline lines, then the end."""
    lines = [
        ln.rstrip()
        for ln in text.splitlines()
        if ln.strip() and not ln.startswith(("=== RUN", "=== PAUSE", "=== CONT"))
    ]
    important = [
        ln
        for ln in lines
        if re.search(r"panic:|fatal error:|DATA RACE|timed out|\.go:\d+: |--- FAIL|Error", ln)
    ][:6]
    rest = [ln for ln in lines[-max(2, max_lines - len(important)) :] if ln not in important]
    picked = important + (["..."] if important and rest else []) + rest
    out = "\n".join(picked[:max_lines] if not important else picked)
    return out if len(out) <= max_chars else out[: max_chars - 3] + "..."


def normalize_vet(stderr: str, strip: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    problems: list[str] = []
    display: dict[str, str] = {}
    for raw in stderr.splitlines():
        line = raw.rstrip()
        for prefix in strip:
            line = line.replace(prefix, "")
        if not line.strip() or line.startswith(("# ", "go: downloading", "gofixmap: killed")):
            continue
        m = VET_LINE.match(line)
        key = f"{os.path.basename(m['file'])}: {m['msg']}" if m else line.strip()
        problems.append(key)
        display.setdefault(key, line.strip())
    return problems, display


def parse_test_json(stdout: str, summary: RunSummary, markers: Sequence[str] = ()) -> list[str]:
    """Fill tests/packages of ``summary``; returns build output lines."""
    outputs: dict[str, list[str]] = {}
    final: dict[str, str] = {}
    started: list[str] = []
    pkg_out: dict[str, list[str]] = {}
    build_out: list[str] = []
    build_failed = False
    for line in stdout.splitlines():
        if not line.startswith("{"):
            if line.strip():
                build_out.append(line)
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            build_out.append(line)
            continue
        if not isinstance(ev, dict):
            continue
        action = str(ev.get("Action", ""))
        output = str(ev.get("Output", "") or "")
        if action == "build-output":
            build_out.append(output.rstrip("\n"))
            continue
        if action == "build-fail":
            build_failed = True
            continue
        pkg = str(ev.get("Package", ""))
        test = ev.get("Test")
        if test:
            key = f"{pkg}\t{test}"
            if action == "run" and key not in outputs:
                started.append(key)
            outputs.setdefault(key, []).append(output)
            if action in ("pass", "fail", "skip"):
                final[key] = action
        else:
            pkg_out.setdefault(pkg, []).append(output)
            if action in ("pass", "fail", "skip"):
                text = "".join(pkg_out[pkg])
                if "[no test files]" in text or "[no tests to run]" in text:
                    summary.packages[pkg] = "notests"
                else:
                    summary.packages[pkg] = action
                if ev.get("FailedBuild") or "[build failed]" in text or "[setup failed]" in text:
                    build_failed = True
    for key in started:
        text = "".join(outputs.get(key, []))
        pkg = key.partition("\t")[0]
        status = final.get(key, "crash")
        context = text
        if status == "crash":
            context = text + "".join(pkg_out.get(pkg, []))
        failed = status in ("fail", "crash")
        summary.tests[key] = TestRun(
            status=status,
            target_crash=failed and any(m in context for m in markers),
            tail=tail(context) if failed else "",
            frames=list(dict.fromkeys(GO_FRAME.findall(context)))[:60] if failed else [],
            died=status == "crash" or (failed and bool(BINARY_DIED.search(text))),
        )
        if status != "pass" and TEST_TIMEOUT.search(context):
            summary.test_timeout = True
    for pkg, status in summary.packages.items():
        if status == "fail":
            summary.package_tail[pkg] = tail("".join(pkg_out.get(pkg, [])))
            if TEST_TIMEOUT.search("".join(pkg_out.get(pkg, []))):
                summary.test_timeout = True
    if build_failed and not summary.build_error:
        summary.build_error = tail("\n".join(build_out), max_lines=8) or "build failed"
    return build_out


def module_files(root: Path) -> Iterable[Path]:
    """Files that decide a build: .go, go.mod, go.sum, vendor/modules.txt, testdata."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        in_testdata = "testdata" in here.relative_to(root).parts
        keep = []
        for d in sorted(dirnames):
            if d.startswith(".") or (d.startswith("_") and not in_testdata):
                continue
            if not in_testdata and (here / d / "go.mod").is_file():
                continue  # a nested module is another module
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if (
                in_testdata
                or name.endswith(".go")
                or name in ("go.mod", "go.sum")
                or (name == "modules.txt" and here.name == "vendor")
            ):
                yield here / name


def module_hash(root: Path, replaced: Mapping[Path, bytes]) -> str:
    digest = hashlib.sha256()
    for path in module_files(root):
        try:
            data = replaced[path] if path in replaced else read_regular(path)
        except OSError:
            continue
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{hashlib.sha256(data).hexdigest()}\n".encode())
    return digest.hexdigest()


class RunCache:
    """Run summaries as JSON files; corrupt entries are ignored and rewritten."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "verify"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> RunSummary | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("protocol") != PROTOCOL:
                return None
            return RunSummary.from_json(data["summary"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, summary: RunSummary) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"protocol": PROTOCOL, "summary": summary.to_json()}, f)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            log.debug("cannot write verify cache %s: %s", path, exc)
