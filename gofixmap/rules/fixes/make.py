"""Making a map where it is declared: the idiomatic fix (DESIGN "Which fix"),
safe only when nil and empty cannot be told apart afterwards (the rule
decides the applicability).

- ``var m map[K]V`` in a block → ``m := make(map[K]V)``;
- a named result ``m`` → ``m = make(map[K]V)`` as the body's first statement;
- a package variable ``var m map[K]V`` → ``var m map[K]V = make(map[K]V)``;
- a ``nil`` argument for a map parameter the callee writes → ``make(map[K]V)``
  (:func:`made_argument`).
"""

from __future__ import annotations

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import VarDecl
from gofixmap.codemod.model import Applicability, Edit, Fix
from gofixmap.codemod.source import SourceFile

Node = tree_sitter.Node


def make_title(name: str) -> str:
    return f"Initialise {name} with make"


def make_fix(name: str, edit: Edit, applicability: Applicability) -> Fix:
    return Fix(make_title(name), (edit,), applicability)


def local_var(spec: Node, name: str, type_text: str) -> Edit | None:
    """``var name T`` (one name, its own declaration in a block) →
    ``name := make(T)``."""
    declaration = spec.parent
    if declaration is None or declaration.type != "var_declaration":
        return None  # inside a var ( ... ) block
    if len(spec.children_by_field_name("name")) != 1:
        return None
    if not sx.in_statement_list(declaration):
        return None
    text = f"{name} := make({type_text})".encode()
    return Edit(declaration.start_byte, declaration.end_byte, text)


def named_result(file: SourceFile, body: Node, name: str, type_text: str) -> Edit | None:
    """``name = make(T)`` before the first statement of ``body``."""
    stmts = sx.statement_list(body)
    if stmts is None or not stmts.named_children:
        return None
    first = stmts.named_children[0]
    indent = file.indent_at(first.start_byte)
    text = f"{name} = make({type_text})".encode() + file.newline + indent
    return Edit(first.start_byte, first.start_byte, text)


def package_var(decl: VarDecl, name: str, type_text: str) -> Edit | None:
    """``var name T`` → ``var name T = make(T)`` (in the declaring file)."""
    spec = decl.node
    names = spec.children_by_field_name("name")
    if len(names) != 1:
        return None
    path = decl.file.path
    return Edit(names[0].end_byte, spec.end_byte, f" = make({type_text})".encode(), path=path)


def made_argument(arg: Node, type_text: str, applicability: Applicability) -> Fix:
    """Pass ``make(T)`` instead of the ``nil`` argument ``arg``."""
    edit = Edit(arg.start_byte, arg.end_byte, f"make({type_text})".encode())
    return Fix(f"Pass make({type_text}) instead of nil", (edit,), applicability)
