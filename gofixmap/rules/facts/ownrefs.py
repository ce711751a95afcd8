"""Objects read back by the name the program recorded in a status (NM004).

A controller that creates an object for a custom resource often records
its name in the resource's status (``inv.Status.Plan.SecretRef =
&corev1.ObjectReference{Name: secret.Name}``) and later reads it by that
name (``c.Get(ctx, types.NamespacedName{Name:
inv.Status.Plan.SecretRef.Name}, secret)``). The status is the
controller's: the API server takes it only through the status
subresource, which users and other programs leave alone. When every place
in the module's production code that sets that reference field names an
object the same function stored before with the map non-empty (a client's
``Create``, ``Update`` or ``Patch`` of ``o``, reached on every path to the
reference, after a literal with entries, an assignment of such a map or
writes into it, which would panic on a nil map), the object read at that
name was stored with the map and decodes with it (JSON omits only an
empty map). The read must leave on its error (``if err := c.Get(...); err
!= nil { return err }``): a read that did not find the object leaves its
zero value.

Kept: labels and annotations (metadata that other controllers and users
set or strip), a reference held in ``Spec`` (users write it), a reference
field whose address is taken, that is handed to a call, copied into a
variable (an alias of the pointer), or set to anything but a literal
naming such an object, a name taken from anything but ``o.Name`` (or
``o.GetName()``), an object stored with an empty map (``map[string]string{}``
reads back as nil), and a module where nothing sets the field.
Generated files (``zz_generated.deepcopy.go`` copies the field) and test
code are not the program's writers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.facts import ModuleFact, ModulePass
from gofixmap.codemod.imports import imported
from gofixmap.rules.facts.filled import dominating
from gofixmap.rules.facts.ownobjects import OwnObjects, assigned_between, keyed, made_before
from gofixmap.rules.facts.testonly import MODULE_FILES, read_sources

Node = tree_sitter.Node

_META = ("Labels", "Annotations")
# the verbs of a client that store the object handed to them
_STORES = ("Create", "Update", "Patch")


class OwnRefs:
    """Per module: whether each reference field of a status names only
    objects the module stored with a given map non-empty."""

    def __init__(self, module: ModulePass) -> None:
        self._module = module
        self._answers: dict[tuple[str, tuple[str, ...]], bool] = {}

    def names_stored(self, field: str, steps: list[str]) -> bool:
        """Every assignment of the field ``field`` in the module's
        production code (at least one) is a literal whose ``Name`` is
        ``o.Name`` of an object stored before with ``o.steps`` non-empty."""
        key = (field, tuple(steps))
        if key not in self._answers:
            self._answers[key] = self._search(field, steps)
        return self._answers[key]

    def _search(self, field: str, steps: list[str]) -> bool:
        word = re.compile(rb"\b" + re.escape(field.encode()) + rb"\b")
        found = False
        files = self._module.fact(MODULE_FILES)
        for path, data in read_sources(files, tests=False):
            if not word.search(data) or src.is_generated(data):
                continue
            file = src.parse(path, data)
            names = set(imported(file).values())
            if "testing" in imported(file):
                continue  # a test helper, not the program's writer
            for node in src.walk(file.root):
                verdict = _judge(file, node, field, steps, names)
                if verdict is False:
                    return False
                found = found or verdict is True
        return found


def _produce(module: ModulePass) -> OwnRefs:
    """The reference fields of statuses that name the module's own objects."""
    return OwnRefs(module)


OWN_REFS = ModuleFact("own status references", _produce, requires=[MODULE_FILES])


def read_by_reference(
    own: OwnObjects,
    refs: OwnRefs,
    checked: Callable[[src.SourceFile, Node, Node], bool],
    base: str,
    steps: list[str],
    at: Node,
) -> bool:
    """``base`` was last read, before ``at`` in its function, at a key whose
    name is a reference field of a status (``x.Status.….F.Name``), the read
    leaves on its error (``checked``) and ``base`` is not assigned between,
    and every assignment of ``F`` in the module names an object stored with
    the map ``steps`` non-empty."""
    if not steps or steps[-1] in ("[]", "Spec", "Status", *_META):
        return False
    func = sx.enclosing_function(at)
    body = sx.body(func)
    if body is None:
        return False
    reads = [
        c
        for c in sx.nodes(body, ("call_expression",), closures=False)
        if c.end_byte <= at.start_byte and own.reads(c, base)
    ]
    if not reads:
        return False
    read = reads[-1]
    if not checked(own.file, read, at):
        return False
    if assigned_between(own.file, body, base, read.end_byte, at.start_byte):
        return False
    names = {_local_key(own.file, body, n, read) or n for n in own.key_names(read)}
    fields = {f for f in map(_status_reference, names) if f}
    return len(fields) == 1 and refs.names_stored(fields.pop(), steps)


def _local_key(file: src.SourceFile, body: Node, name: str, read: Node) -> str | None:
    """The ``Name:`` of the key literal a local ``key`` holds when the read
    is handed ``key``: its only assignment in the function, ``key :=
    types.NamespacedName{...}``, before the read."""
    if not name.isidentifier():
        return None
    found: list[Node] = []
    for stmt in sx.nodes(body, ("assignment_statement", "short_var_declaration")):
        sides = sx.assignment_sides(stmt)
        for left, right in zip(*sides, strict=False) if sides else ():
            if sx.norm(file.text(left)) == name:
                found.append(right)
    if len(found) != 1 or found[0].start_byte > read.start_byte:
        return None
    literal = sx.composite_literal(found[0])
    value = keyed(file, literal, "Name") if literal is not None else None
    return sx.norm(file.text(value)) if value is not None else None


def _status_reference(name: str) -> str | None:
    """``x.Status.Plan.SecretRef.Name`` → ``SecretRef``: the field that
    holds the reference, below a ``Status`` (not a ``Spec``)."""
    parts = name.split(".")
    if len(parts) < 4 or parts[-1] != "Name" or not all(p.isidentifier() for p in parts):
        return None
    middle = parts[1:-2]
    if "Status" not in middle or "Spec" in middle:
        return None
    return parts[-2]


# ---- the module's assignments of the field ---------------------------------


def _judge(
    file: src.SourceFile, node: Node, field: str, steps: list[str], imports: set[str]
) -> bool | None:
    """``True``: ``node`` sets the field to a literal naming a stored object;
    ``False``: it sets or exposes the field otherwise; ``None``: not a
    setting of the field (a read of the reference's fields, a nil check,
    another name)."""
    if node.type == "composite_literal":
        verdict: bool | None = None
        for _, key, value in sx.keyed_elements(node):
            if sx.norm(file.text(key)) != field or sx.norm(file.text(value)) == "nil":
                continue
            if not _names_stored(file, value, node, steps, imports):
                return False
            verdict = True
        return verdict
    if node.type != "selector_expression":
        return None
    name = node.child_by_field_name("field")
    if name is None or file.text(name) != field:
        return None
    up = sx.parent(node)
    if up is not None and up.type == "selector_expression":
        sub = up.child_by_field_name("field")
        outer = sx.parent(up)
        if outer is not None and outer.type == "unary_expression":
            return False  # &x.F.Name handed on
        named = _assigned_value(up)
        if named is None:
            return None  # a read of the reference's fields
        if sub is not None and file.text(sub) == "Name":
            return _stored_name(file, named, up, steps, imports)
        return None  # another field of the reference set
    if up is not None and up.type == "binary_expression":
        return None  # a nil check
    assigned = _assigned_value(node)
    if assigned is not None:  # x.F = v
        if sx.norm(file.text(assigned)) == "nil":
            return None
        return _names_stored(file, assigned, node, steps, imports)
    # its address taken, handed to a call, returned or copied into a
    # variable: an alias of the pointer, written where this cannot see
    return False


def _assigned_value(target: Node) -> Node | None:
    """The value assigned to ``target`` when it is a left side of ``=``."""
    up = sx.parent(target)
    statement = sx.parent(up) if up is not None and up.type == "expression_list" else None
    if statement is None or statement.type != "assignment_statement":
        return None
    sides = sx.assignment_sides(statement)
    if not sides:
        return None
    for left, right in zip(*sides, strict=False):
        if left.id == target.id:
            return right
    return None


def _names_stored(
    file: src.SourceFile, value: Node, at: Node, steps: list[str], imports: set[str]
) -> bool:
    """``value`` is a literal (``&T{...}`` or ``T{...}``) whose ``Name`` is
    ``o.Name`` of an object stored before ``at`` with the map."""
    literal = sx.composite_literal(value)
    name = keyed(file, literal, "Name") if literal is not None else None
    return name is not None and _stored_name(file, name, at, steps, imports)


def _stored_name(
    file: src.SourceFile, name: Node, at: Node, steps: list[str], imports: set[str]
) -> bool:
    """``name`` is ``o.Name`` (``o.ObjectMeta.Name``, ``o.GetName()``) and a
    client's ``Create``/``Update``/``Patch`` of ``o``, on every path to
    ``at`` in its function, stores ``o`` with the map ``steps`` non-empty."""
    text = sx.norm(file.text(name))
    for suffix in (".ObjectMeta.Name", ".Name", ".GetName()"):
        if text.endswith(suffix):
            obj = text.removesuffix(suffix)
            break
    else:
        return False
    if not obj.isidentifier():
        return False
    func = sx.enclosing_function(at)
    body = sx.body(func)
    if body is None:
        return False

    def is_import(f: src.SourceFile, n: str, _: Node) -> bool:
        return n in imports

    for stmt in dominating(at, body):
        for call in _direct_calls(stmt):
            if (
                _store_argument(file, call, imports) == obj
                and made_before(file, body, obj, steps, call, is_import)
                and not assigned_between(file, body, obj, call.end_byte, at.start_byte)
            ):
                return True
    return False


def _direct_calls(stmt: Node) -> list[Node]:
    """The calls that run whenever ``stmt`` does: in an expression,
    assignment or declaration statement, or in an ``if``'s initializer (not
    in its blocks), none inside a function literal."""
    part: Node | None = stmt
    if stmt.type == "if_statement":
        part = stmt.child_by_field_name("initializer")
    elif stmt.type not in ("expression_statement", "assignment_statement", "short_var_declaration"):
        return []
    if part is None:
        return []
    return [*sx.nodes(part, ("call_expression",), closures=False)]


def _store_argument(file: src.SourceFile, call: Node, imports: set[str]) -> str | None:
    """``o`` of ``c.Create(ctx, o)`` (``&o``; ``Update``, ``Patch``), a
    client's method (not an imported package's function)."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None:
        return None
    operand = fn.child_by_field_name("operand")
    field = fn.child_by_field_name("field")
    if operand is None or field is None or file.text(field) not in _STORES:
        return None
    if operand.type == "identifier" and file.text(operand) in imports:
        return None
    values = args.named_children
    if len(values) < 2:
        return None
    return sx.norm(file.text(values[1])).removeprefix("&")
