"""Types whose doc comment promises concurrent use, by the Go convention of
the standard library (``// A Client is ... safe for concurrent use by
multiple goroutines.``, ``sync.Map``, ``http.Client``, ``sql.DB``): the
doc comment of a type says what its callers may do, and callers of a type
so documented call its methods from several goroutines at once without a
lock of their own. The exported methods of such a type are entry points
that run concurrently (several at once), whichever package calls them.

Read as such a promise: "safe for concurrent use", "safe for use by
multiple goroutines", "safe to use concurrently", "safe for concurrent
access", "concurrency-safe", "thread-safe", "goroutine-safe", "shared
among (or between, across) goroutines", "used (or called, accessed) by
(or from) multiple goroutines", "called concurrently", in a sentence whose
subject is the type or the method itself (``Cache is ...``, ``A Pool is
...``) or ``It``/``This``/``Its methods``: a sentence about something else
(``constraint may be called concurrently``, a parameter) promises nothing
about them. A sentence with a negation (``not``, ``isn't``, ``unsafe``,
``never``, ``must not``) states the opposite (``// Tracker is not safe
for concurrent use.``), and one about "each goroutine" or "one goroutine"
a confinement (``// A Parser is used by one goroutine at a time.``):
neither counts.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from gofixmap.codemod.index import PackageIndex, TypeDecl
from gofixmap.codemod.source import SourceFile

_PROMISE = re.compile(
    r"\bsafe\s+(?:for|to)\s+(?:\w+\s+){0,2}?(?:concurrent(?:ly)?|multiple\s+goroutines|"
    r"several\s+goroutines|many\s+goroutines|parallel)\b"
    r"|\bsafe\s+to\s+use\s+concurrently\b"
    r"|\b(?:concurrency|thread|goroutine)[- ]safe\b"
    r"|\bshared?\s+(?:\w+\s+){0,3}?(?:among|between|across)\s+(?:multiple\s+|several\s+|many\s+)?"
    r"goroutines\b"
    r"|\b(?:used|called|accessed)\s+(?:by|from)\s+(?:multiple|several|many)\s+goroutines\b"
    r"|\bcalled\s+concurrently\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|unsafe|no|isn't|aren't|cannot|can't|without)\b|n't\b"
    r"|\b(?:one|single|each|a)\s+goroutine\b",
    re.IGNORECASE,
)


def _comment_above(file: SourceFile, node: Node) -> str:
    lines: list[str] = []
    row = node.start_point[0]
    current = node.prev_sibling
    while current is not None and current.type == "comment" and current.end_point[0] >= row - 1:
        lines.append(file.text(current).lstrip("/").strip("* \t"))
        row = current.start_point[0]
        current = current.prev_sibling
    return " ".join(reversed(lines))


def type_doc(decl: TypeDecl) -> str:
    """The doc comment of the type: the comments right above its spec in a
    grouped declaration, or above ``type Name ...``."""
    text = _comment_above(decl.file, decl.node)
    parent = decl.node.parent
    if not text and parent is not None and parent.type == "type_declaration":
        text = _comment_above(decl.file, parent)
    return text


_SUBJECT = re.compile(r"^(?:(?:a|an|the)\s+)?(?P<word>[\w.]+)", re.IGNORECASE)
_PRONOUNS = ("it", "this", "its", "all", "methods", "every", "each")


def promises_concurrency(text: str, name: str) -> bool:
    """Some sentence of ``text``, the doc comment of ``name`` (a type or a
    method), promises concurrent use (see the module) with ``name`` (or
    ``It``, ``This``, ``Its methods``...) as its subject: a sentence about
    something else (``constraint may be called concurrently``, of a
    parameter) promises nothing about ``name``."""
    for sentence in re.split(r"(?<=[.;:!?])\s+", text):
        if not _PROMISE.search(sentence) or _NEGATION.search(sentence):
            continue
        subject = _SUBJECT.match(sentence.strip())
        word = subject.group("word") if subject is not None else ""
        if word == name or word.lower() in _PRONOUNS:
            return True
    return False


def documented_concurrent(index: PackageIndex) -> frozenset[str]:
    """The struct types of the package (outside test files) whose doc
    comment promises concurrent use."""
    found: set[str] = set()
    for name, decl in index.types.items():
        if not decl.is_struct or decl.file.path.endswith("_test.go"):
            continue
        if promises_concurrency(type_doc(decl), name):
            found.add(name)
    return frozenset(found)
