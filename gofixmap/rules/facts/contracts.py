"""Lock contracts that a method's doc comment states, by the Go convention
the standard library and servers use: ``// Lock should be held.``, ``// Lock
held on entry.``, ``// Write lock must be held.``, ``// Caller must hold
s.mu.``, ``// Assume the lock is held upon entry.``, ``// Assumes write lock
is held.``. A method so documented
runs with its receiver's mutex held by the caller (a locked helper, as one
named ``fooLocked``). Negations (``No lock held on entry``, ``Lock should not
be held``) and another object's lock (``Server lock is held`` on a method of
another type, ``fs lock should be held``) state no such contract.
"""

from __future__ import annotations

import re

from gofixmap.codemod.index import FuncDecl

# "<qualifier> lock <is|must be|should be|...> held": the qualifier is kept
# to be checked against the receiver.
_HELD = re.compile(
    r"(?:^|[.;:]\s*)(?:the\s+)?(?P<qual>[\w.()]+\s+)?lock\s+"
    r"(?:is\s+|must\s+be\s+|should\s+be\s+|needs\s+to\s+be\s+|will\s+be\s+|to\s+be\s+)?"
    r"(?:already\s+)?held\b",
    re.IGNORECASE,
)
_ASSUME = re.compile(
    r"\bassumes?\s+(?:that\s+)?(?:the\s+)?(?:read\s+|write\s+)?lock\s+is\s+(?:already\s+)?held\b",
    re.IGNORECASE,
)
_CALLER = re.compile(
    r"\bcallers?\s+(?:must\s+|should\s+)?(?:hold|holds|have\s+locked|has\s+locked)\s+"
    r"(?:the\s+)?(?P<what>[\w.]+)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|no|never|without)\b", re.IGNORECASE)


def doc_comment(decl: FuncDecl) -> str:
    """The comment lines right above the declaration, joined."""
    lines: list[str] = []
    node = decl.node.prev_sibling
    row = decl.node.start_point[0]
    while node is not None and node.type == "comment" and node.end_point[0] >= row - 1:
        lines.append(decl.file.text(node).lstrip("/").strip())
        row = node.start_point[0]
        node = node.prev_sibling
    return " ".join(reversed(lines))


def documented_locked(decl: FuncDecl, mutex: str) -> bool:
    """The doc comment of the method ``decl`` says its receiver's lock (the
    field ``mutex``) is held when it runs."""
    text = doc_comment(decl)
    if "held" not in text.lower() and "hold" not in text.lower():
        return False
    own = {"read", "write", "(write)", "(read)", "rw", "mutex", decl.receiver.lower()}
    own |= {decl.receiver_name.lower(), mutex.lower()}
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if _NEGATION.search(sentence):
            continue
        held = _HELD.search(sentence)
        if held is not None:
            qual = (held.group("qual") or "").strip().lower()
            if not qual or qual in own:
                return True
        if _ASSUME.search(sentence):
            return True
        caller = _CALLER.search(sentence)
        if caller is not None:
            what = caller.group("what").lower().rstrip(".")
            last = what.rsplit(".", 1)[-1]
            if last in ("lock", "mutex", "lock,", mutex.lower()):
                return True
    return False
