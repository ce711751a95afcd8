"""Guards that make an object's map non-nil before a write, in one file: a
nil or ``len`` check, an assignment, ``SetMetaDataLabel``/``SetLabels``, a
comma-ok lookup that found a key, a range over the map, a check function
that returns an error while the map is missing. Part of
:data:`~gofixmap.rules.facts.apiobjects.API_OBJECTS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.rules.facts import lookups
from gofixmap.rules.facts.apiorigins import enclosing_funcs
from gofixmap.rules.facts.calls import Calls
from gofixmap.rules.facts.fieldinit import checked_by_callee, terminates


def forms(base: str, steps: list[str], explicit: list[str]) -> set[str]:
    """Texts that name the same map: as written and with embedded fields spelled out."""
    written = base + "".join("[]" if s == "[]" else "." + s for s in steps)
    full = base + "".join("[]" if s == "[]" else "." + s for s in explicit)
    return (
        {written.replace("[]", "[i]"), full.replace("[]", "[i]")}
        if "[]" in written
        else {
            written,
            full,
        }
    )


class Guards:
    """The guards of one file; ``calls``: the package's calls, on first use."""

    def __init__(self, file: src.SourceFile, calls: Callable[[], Calls]) -> None:
        self.file = file
        self._calls = calls

    def text(self, node: tree_sitter.Node) -> str:
        return self.file.text(node)

    def guarded(self, write: tree_sitter.Node, forms: set[str], base: str) -> bool:
        """A check or an assignment before ``write`` that makes the map non-nil."""
        funcs = enclosing_funcs(write)
        if not funcs:
            return True
        func = funcs[0]
        body = func.child_by_field_name("body")
        if body is None:
            return True
        ancestors = set()
        current = write.parent
        while current is not None and current is not func:
            ancestors.add(current.id)
            current = current.parent
        oks: set[str] = set()  # ok of an earlier `v, ok := m[k]` on the map
        values: set[str] = set()  # v of an earlier `v := m[k]`
        for node in src.walk(body):
            if node.start_byte >= write.start_byte and node.id not in ancestors:
                break
            if node.type in ("if_statement", "for_statement", "expression_case"):
                cond = node.child_by_field_name("condition") or node.child_by_field_name("value")
                if cond is not None and self._mentions_nil_check(cond, forms):
                    return True
            if node.type == "if_statement" and self._key_found(node, write, forms, oks, values):
                return True
            if node.type == "expression_switch_statement" and node.id in ancestors:
                v, _ = lookups.lookup_names(
                    self.file, node.child_by_field_name("initializer"), forms
                )
                if lookups.case_proves_key(self.file, node, write, forms, values | {v} - {""}):
                    return True
            if node.type == "for_statement" and node.id in ancestors:
                clause = next((c for c in node.named_children if c.type == "range_clause"), None)
                right = clause.child_by_field_name("right") if clause is not None else None
                if right is not None and re.sub(r"\s+", "", self.text(right)) in forms:
                    return True  # the body runs only for the keys of a non-empty map
            if node.type == "short_var_declaration" and node.end_byte <= write.start_byte:
                v, ok = lookups.lookup_names(self.file, node, forms)
                oks |= {ok} - {""}
                values |= {v} - {""}
            if (
                node.type == "if_statement"
                and node.end_byte <= write.start_byte
                and self._checked_by_callee(node, forms)
            ):
                return True
            if node.start_byte >= write.start_byte:
                continue
            if node.type in ("assignment_statement", "short_var_declaration"):
                left = node.child_by_field_name("left")
                if left is not None:
                    for lhs in left.named_children:
                        t = re.sub(r"\s+", "", self.text(lhs))
                        names_it = t in forms or any(f.startswith(t + ".") for f in forms)
                        if names_it and t != base:
                            return True
            if node.type == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None:
                    continue
                fname = self.text(fn)
                args = re.sub(r"\s+", "", self.text(node.child_by_field_name("arguments") or fn))
                field = next(iter(forms)).rsplit(".", 1)[-1]
                if fname.endswith((".SetMetaDataLabel", ".SetMetaDataAnnotation")):
                    which = "Labels" if fname.endswith("Label") else "Annotations"
                    if which == field and any(f"{f.rsplit('.', 1)[0]}" in args for f in forms):
                        return True
                if fname.endswith(f".Set{field}") and fname.startswith(base + "."):
                    return True
                if fname in ("json.Unmarshal", "yaml.Unmarshal") or fname.endswith(".Decode"):
                    continue
        return False

    def _key_found(
        self,
        stmt: tree_sitter.Node,
        write: tree_sitter.Node,
        forms: set[str],
        oks: set[str],
        values: set[str],
    ) -> bool:
        """The map is there: the write is in ``if _, ok := m[k]; ok { ... }``
        or ``if m[k] == "on" { ... }``, or after ``if !ok { return }`` / ``if
        v == "" { return }`` (a block that leaves) for a lookup before it."""
        cond = stmt.child_by_field_name("condition")
        then = stmt.child_by_field_name("consequence")
        if cond is None or then is None:
            return False
        v, ok = lookups.lookup_names(self.file, stmt.child_by_field_name("initializer"), forms)
        oks = oks | {ok} - {""}
        values = values | {v} - {""}
        if then.start_byte <= write.start_byte < then.end_byte:
            return lookups.proves_key(self.file, cond, forms, values, oks)
        return (
            stmt.end_byte <= write.start_byte
            and stmt.child_by_field_name("alternative") is None
            and terminates(then)
            and lookups.zero_test(self.file, cond, values, oks)
        )

    def _checked_by_callee(self, stmt: tree_sitter.Node, forms: set[str]) -> bool:
        """``if err := check(obj); err != nil { return err }`` with ``check``
        a function of the package that returns an error while the map (or a
        key) is missing (:func:`fieldinit.checked_by_callee`, functions only)."""
        calls = self._calls()
        return any(checked_by_callee(calls, self.file, stmt, form, methods=False) for form in forms)

    def _mentions_nil_check(self, cond: tree_sitter.Node, forms: set[str]) -> bool:
        text = re.sub(r"\s+", "", self.text(cond))
        return any(f"{f}==nil" in text or f"{f}!=nil" in text or f"len({f})" in text for f in forms)
