"""The map variables of a function that may be nil where it writes them:
what NM001 hands to the flow analysis (NIL_FLOW) and why each may be nil."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.rule import FileContext
from gofixmap.rules.facts.inner import initialised
from gofixmap.rules.facts.nilflow import NIL_FLOW
from gofixmap.rules.facts.types import TYPES, Binding, type_parameters

Node = tree_sitter.Node


@dataclass(frozen=True, eq=False)
class Candidate:
    """A map variable of a function that may be nil at a write, and why."""

    binding: Binding
    name_node: Node
    type_text: str
    source: str = ""  # the same-package function whose result may be nil
    outer: Node | None = None  # `m[k]` the variable was read from (a map of maps)
    package_var: bool = False  # the source returns a package map nothing makes
    clone: str = ""  # the map it copies (``maps.Clone(x)``), nil where that one is


def candidates(ctx: FileContext, func: Node, body: Node, written: set[str]) -> Iterator[Candidate]:
    """The local variables, parameters and named results of ``func`` of map
    type, written (their names in ``written``), that may hold a nil map: a
    ``var`` without value or with ``nil``, a ``nil`` assigned, the result of
    a same-package function that can return nil, an inner map read from a
    map of maps (not made first); parameters and named results always
    (the flow decides)."""
    file = ctx.file
    types = ctx.fact(TYPES)
    flows = ctx.fact(NIL_FLOW)
    seen: set[int] = set()
    params = type_parameters(body, file)

    def accept(
        binding: Binding | None,
        type_text: str | None = None,
        source: str = "",
        outer: Node | None = None,
        package_var: bool = False,
        clone: str = "",
    ) -> Iterator[Candidate]:
        if binding is None or binding.name_node is None or binding.kind == "package":
            return
        if binding.function is None or binding.function.id != func.id:
            return
        if binding.name_node.start_byte in seen:
            return
        text = type_text or binding.type_text
        if text is None or text.lstrip("*") in params:
            return
        if not types.is_map(text, file) and types.imported_map(text, file) is None:
            return
        if text.startswith("*"):
            return
        seen.add(binding.name_node.start_byte)
        yield Candidate(binding, binding.name_node, text, source, outer, package_var, clone)

    def copies(target: Node, value: Node, at: Node) -> Iterator[Candidate]:
        """``c := maps.Clone(x)`` where ``x`` may be nil there."""
        arg = flows.clone_argument(file, sx.unparen(value))
        if arg is None or target.type != "identifier" or file.text(target) not in written:
            return
        if flows.clone_state(file, sx.unparen(value)) is None:
            return
        name = file.text(target)
        found = (
            types.declared_in(file, at, name)
            if at.type in ("short_var_declaration", "var_declaration")
            else types.resolve(file, name, target)
        )
        yield from accept(found, types.type_of(file, arg), clone=file.text(arg))

    # parameters: reported only where the flow proves them nil (inside
    # ``if m == nil { ... }``, after ``m = nil``), never for being parameters
    parameters = func.child_by_field_name("parameters")
    if parameters is not None:
        for decl in parameters.named_children:
            if decl.type != "parameter_declaration":
                continue
            for ident in decl.children_by_field_name("name"):
                if file.text(ident) in written:
                    yield from accept(types.resolve(file, file.text(ident), body))
    result = func.child_by_field_name("result")
    if result is not None and result.type == "parameter_list":
        for decl in result.named_children:
            for ident in decl.children_by_field_name("name"):
                if file.text(ident) in written:
                    yield from accept(types.resolve(file, file.text(ident), body))
    for node in sx.walk(body, closures=False):
        if node.type == "var_spec":
            value = node.child_by_field_name("value")
            values = value.named_children if value is not None else []
            declaration = node.parent
            while declaration is not None and declaration.type != "var_declaration":
                declaration = declaration.parent
            if declaration is None:
                continue
            names = node.children_by_field_name("name")
            if values and not all(v.type == "nil" for v in values):
                for target, copied in zip(names, values, strict=False):
                    yield from copies(target, copied, declaration)
                continue
            for ident in names:
                name = file.text(ident)
                if name in written:
                    yield from accept(types.declared_in(file, declaration, name))
        elif node.type == "assignment_statement" or node.type == "short_var_declaration":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                continue
            if (
                node.type == "short_var_declaration"
                and len(left.named_children) == 1
                and len(right.named_children) == 1
                and left.named_children[0].type == "identifier"
                and file.text(left.named_children[0]) in written
            ):
                value = sx.unparen(right.named_children[0])
                inner = flows.inner_map(file, value)
                view = sx.index_view(value) if inner is not None else None
                if view is not None and not initialised(ctx, value, view[0], view[1]):
                    # users := byTeam[team], the inner map not made before
                    name = file.text(left.named_children[0])
                    found = types.declared_in(file, node, name)
                    yield from accept(found, inner, outer=value)
            if len(right.named_children) == 1:
                callee = flows.nil_result_callee(file, right.named_children[0])
                for i, target in enumerate(left.named_children):
                    if (
                        callee is not None
                        and i in flows.nil_results(callee)
                        and target.type == "identifier"
                        and file.text(target) in written
                    ):
                        found = (
                            types.declared_in(file, node, file.text(target))
                            if node.type == "short_var_declaration"
                            else types.resolve(file, file.text(target), target)
                        )
                        yield from accept(
                            found,
                            callee.results[i].type_text,
                            callee.name,
                            package_var=i in flows.package_results(callee),
                        )
            for target, value in zip(left.named_children, right.named_children, strict=False):
                yield from copies(target, value, node)
                if (
                    target.type == "identifier"
                    and value.type == "nil"
                    and file.text(target) in written
                ):
                    yield from accept(types.resolve(file, file.text(target), target))
