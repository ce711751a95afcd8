"""Fixes for a write into an object's labels or annotations (NM004) that go
through the object's API instead of a nil check:

- ``metav1.SetMetaDataLabel(&obj.ObjectMeta, k, v)`` (and
  ``SetMetaDataAnnotation``), which make the map when it is nil, for
  ``obj.Labels[k] = v``; the apimachinery import is added under the name
  ``metav1`` when the file lacks it (:func:`set_metadata`);
- get, modify and set through the accessors of ``metav1.Object``
  (``GetLabels``/``SetLabels``) for a write into ``obj.GetLabels()[k]``,
  whose map is a copy of the field only by reference and may be nil
  (:func:`get_modify_set`).

The rule decides whether the fix applies (which object, which pointer);
these build its edits.
"""

from __future__ import annotations

import re

import tree_sitter

from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.source import SourceFile
from gofixmap.rules.facts.exports import META
from gofixmap.rules.fixes.imports import require

Node = tree_sitter.Node


def set_metadata(
    file: SourceFile,
    stmt: Node,
    meta_name: str | None,
    meta_field: str,
    target: str,
    key: str,
    value: str,
) -> Fix | None:
    """Replace ``stmt`` (``x.Labels[key] = value``) by the metav1 helper for
    ``meta_field`` called on ``target`` (an ``*ObjectMeta`` expression).
    ``meta_name``: how the file already names metav1 (``None``: import it)."""
    edits: list[Edit] = []
    local = meta_name
    if local is None:
        imp = require(file, META, "metav1")
        if imp is None or imp.edit is None:
            return None
        local = imp.name
        edits.append(imp.edit)
    helper = "SetMetaDataLabel" if meta_field == "Labels" else "SetMetaDataAnnotation"
    new = f"{local}.{helper}({target}, {key}, {value})"
    edits.append(Edit(stmt.start_byte, stmt.end_byte, new.encode()))
    return Fix(f"Use {local}.{helper}, which creates the map", tuple(edits), Applicability.SAFE)


def get_modify_set(
    file: SourceFile, stmt: Node, obj: str, field: str, key: str, value: str, used: str
) -> Fix:
    """Replace ``stmt`` (``obj.Get<field>()[key] = value``) by reading the map
    into a fresh variable (a name not in ``used``, the enclosing function's
    text), making it when nil, writing, and ``obj.Set<field>(...)``."""
    var = field.lower()
    n = 2
    while re.search(rf"\b{var}\b", used):
        var = f"{field.lower()}{n}"
        n += 1
    nl = file.newline
    ind = file.indent_at(stmt.start_byte)
    lines = [
        f"{var} := {obj}.Get{field}()",
        f"if {var} == nil {{",
        f"\t{var} = make(map[string]string)",
        "}",
        f"{var}[{key}] = {value}",
        f"{obj}.Set{field}({var})",
    ]
    new = (nl + ind).join(line.encode() for line in lines)
    return Fix(
        f"Get, modify and Set{field}",
        (Edit(stmt.start_byte, stmt.end_byte, new),),
        Applicability.SAFE,
    )
