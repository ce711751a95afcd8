"""Objects the program itself stores with the map set, read back (NM004).

Get-or-create: a function reads an object into ``x`` (``c.Get(ctx, key, &x)``,
a helper handed ``x``, a typed client's ``Get``) and, on the path where it
is not there, creates it — ``x`` itself, or an object it names as the key
of that read (``Name: n`` with the read's key ``Name: n``, or ``y.Name``
handed to the read) — with the map set to a non-empty value: a literal with
entries, a local map that was written before, or writes into the map on the
way to the ``Create``. The API server stores what the program created, so
on the other path, where the read found the object, the map decodes
non-nil (JSON omits only an empty map). The create must be on a path that
cannot reach the write (the branches of one ``if``, or a branch that
returns), so that the write never sees the object that was not found. The
create may be in a function of the package that the not-found path calls
with the object (``return r.createConfigMap(cm)``, whose body sets the map
and calls ``Create`` with its parameter).

The create may also be controller-runtime's ``controllerutil.CreateOrUpdate``
(``CreateOrPatch``) of ``x`` itself, at the read's key: it reads the object
at ``client.ObjectKeyFromObject(x)`` and, when it is not there, runs the
mutate function and creates ``x``. Its mutate function must set the map
non-empty before each ``return`` that can give nil (a return of
``fmt.Errorf``, or of ``err`` in ``if err != nil {``, creates nothing). The
upsert runs after the read whether or not it found the object, so the write
must be on the path where the read found it (the block of ``if err :=
read; err == nil {``), and the upsert after that ``if`` (so a not-found
read reaches it): a read that returns on any error leaves the upsert only
the objects something else created.

Not labels and annotations: metadata that another version of the program
(an object created before the create set them), other controllers and users
set or strip, so a found object may lack them (the program's own comment is
often "in case it already existed"). An object only referenced by name (a
Secret a user creates and a spec names) has no create path here and stays
reported.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.codemod.index import FuncDecl
from gofixmap.rules.facts.filled import Filler, dominating, fails, returned

Node = tree_sitter.Node

# a call that reads an object handed to it (by pointer) from the API server
# or a cache: the verbs of client-go, controller-runtime and their helpers
_READ_VERBS = ("get", "found", "exist", "fetch", "read", "load")
_META = ("Labels", "Annotations")
# controller-runtime's get-or-create: Get at ObjectKeyFromObject(obj), and on
# NotFound run the mutate function and Create obj (Patch/Update otherwise)
_CONTROLLERUTIL = "sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
_UPSERTS = ("CreateOrUpdate", "CreateOrPatch")


class OwnObjects:
    """Answers :meth:`stored` for the functions of one file."""

    def __init__(
        self,
        file: src.SourceFile,
        imports: Callable[[src.SourceFile, str, Node], bool],
        callee: Callable[[Node], FuncDecl | None],
        import_path: Callable[[src.SourceFile, str, Node], str | None],
        filler: Filler | None = None,
    ) -> None:
        self.file = file
        self._is_import = imports  # an identifier naming an imported package there
        self._callee = callee  # the package's function a call resolves to
        self._import_path = import_path  # the path of the package an identifier names
        self._filler = filler  # maps a copy, a callee or a result fills

    def text(self, node: Node) -> str:
        return sx.norm(self.file.text(node))

    # ---- the question ------------------------------------------------------

    def stored(self, base: str, steps: list[str], at: Node) -> bool:
        """The object in ``base`` was read before ``at`` in the function
        around ``at``, and the path where the read did not find it creates
        the object at the same key with the map ``base.steps`` non-empty,
        on a path exclusive of ``at``."""
        if not steps or steps[-1] in ("[]", "Spec", "Status", *_META):
            # labels and annotations are metadata that other versions of
            # the program, other controllers and users set or strip: an
            # object found at the key may predate the create that sets them
            return False
        func = sx.enclosing_function(at)
        body = sx.body(func)
        if func is None or body is None:
            return False
        calls = [c for c in sx.nodes(body, ("call_expression",), closures=False)]
        reads = [c for c in calls if c.start_byte < at.start_byte and self._reads(c, base)]
        if not reads:
            return False
        keys: set[str] = set()
        for read in reads:
            keys |= self._key_names(read)
        for call in calls:
            if call.start_byte <= reads[0].start_byte:
                continue
            created = self._created(call)
            if created is None:
                continue
            obj, callee = created
            name = self.text(obj)
            if name != base and not (keys & self._names(body, obj, call)):
                continue
            if not _exclusive(call, at, body):
                continue
            if _made_before(self.file, body, name, steps, call, self._is_import, self._filler):
                return True
            if callee is not None and _made_before(
                *callee, steps, None, self._is_import, self._filler
            ):
                return True
        for read in reads:
            check = _found_check(self.file, read, at)
            if check is not None and any(
                _after(call, check, body)
                and self._upserted(call, base, steps, keys, body, read.start_byte)
                for call in calls
            ):
                return True
        return False

    def _upserted(
        self, call: Node, base: str, steps: list[str], keys: set[str], body: Node, start: int
    ) -> bool:
        """``call`` is controller-runtime's ``controllerutil.CreateOrUpdate``
        (or ``CreateOrPatch``) of ``base`` itself, at the read's key, whose
        mutate function sets the map non-empty before each return that lets
        the object be created: it reads the object at ``base``'s key and,
        when it is not there, runs the mutate function and creates it."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            return False
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier":
            return False
        if self.text(field) not in _UPSERTS:
            return False
        if self._import_path(self.file, self.text(operand), operand) != _CONTROLLERUTIL:
            return False
        values = args.named_children
        if len(values) != 4:
            return False
        obj = sx.unparen(values[2])
        if obj.type == "unary_expression":  # &x: the names given to x
            obj = sx.unparen(obj.child_by_field_name("operand") or obj)
        mutate = sx.unparen(values[3])
        if self.text(obj) != base or mutate.type != "func_literal":
            return False
        if not keys & self._names(body, obj, call):
            return False
        if _assigned_between(self.file, body, base, start, call.start_byte):
            return False
        inner = sx.body(mutate)
        return inner is not None and _mutate_sets(self.file, inner, base, steps, self._is_import)

    # ---- the read and its key ---------------------------------------------

    def reads(self, call: Node, base: str) -> bool:
        """``call`` reads the object ``base`` (see :meth:`_reads`)."""
        return self._reads(call, base)

    def key_names(self, read: Node) -> set[str]:
        """The name expressions of the read's key (see :meth:`_key_names`)."""
        return self._key_names(read)

    def _reads(self, call: Node, base: str) -> bool:
        """``call`` hands ``base`` (or ``&base``) to a read, or is the
        ``Get`` whose result ``base`` holds (``base, err := c.Get(...)``)."""
        parts = sx.call_parts(self.file, call)
        if parts is None or not parts[1].lower().startswith(("is", *_READ_VERBS)):
            return False
        if not any(v in parts[1].lower() for v in _READ_VERBS):
            return False
        args = call.child_by_field_name("arguments")
        if args is not None and any(
            self.text(a) in (base, "&" + base) for a in args.named_children
        ):
            return True
        up = sx.parent(call)
        stmt = sx.parent(up) if up is not None and up.type == "expression_list" else None
        sides = sx.assignment_sides(stmt) if stmt is not None else None
        return bool(sides and sides[0] and self.text(sides[0][0]) == base)

    def _key_names(self, read: Node) -> set[str]:
        """The name expressions of the read's key: its plain arguments, the
        ``Name:`` of a key literal, ``o.Name`` of ``ObjectKeyFromObject(o)``."""
        found: set[str] = set()
        args = read.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else ():
            arg = sx.unparen(arg)
            if arg.type == "composite_literal":
                value = _keyed(self.file, arg, "Name")
                if value is not None:
                    found.add(self.text(value))
            elif arg.type == "call_expression":
                inner = arg.child_by_field_name("arguments")
                parts = sx.call_parts(self.file, arg)
                if parts and parts[1] == "ObjectKeyFromObject" and inner is not None:
                    for o in inner.named_children:
                        found.add(self.text(o).removeprefix("&") + ".Name")
            else:
                found.add(self.text(arg))
        return found

    def _names(self, body: Node, obj: Node, before: Node) -> set[str]:
        """The name expressions given to the object ``obj`` before ``before``:
        ``y.Name`` itself, ``Name: n`` of its literal, ``y.Name = n``,
        ``y.ObjectMeta = metav1.ObjectMeta{Name: n}``, ``y.SetName(n)``."""
        name = self.text(obj).removeprefix("&")
        found = {name + ".Name", name + ".ObjectMeta.Name", name + ".GetName()"}
        if sx.unparen(obj).type in ("composite_literal", "unary_expression"):
            literal = sx.composite_literal(obj)
            value = _meta_keyed(self.file, literal, "Name") if literal is not None else None
            return found | ({self.text(value)} if value is not None else set())
        for stmt in sx.nodes(body, ("assignment_statement", "short_var_declaration")):
            if stmt.start_byte >= before.start_byte:
                break
            sides = sx.assignment_sides(stmt)
            for left, right in zip(*sides, strict=False) if sides else ():
                target = self.text(left)
                if target in (name, "*" + name):
                    literal = sx.composite_literal(right)
                    value = _meta_keyed(self.file, literal, "Name") if literal else None
                elif target in (name + ".Name", name + ".ObjectMeta.Name"):
                    value = right
                elif target == name + ".ObjectMeta":
                    literal = sx.composite_literal(right)
                    value = _keyed(self.file, literal, "Name") if literal else None
                else:
                    continue
                if value is not None:
                    found.add(self.text(value))
        for call in sx.nodes(body, ("call_expression",)):
            if call.start_byte >= before.start_byte:
                break
            parts = sx.call_parts(self.file, call)
            args = call.child_by_field_name("arguments")
            if parts == (name, "SetName") and args is not None and args.named_children:
                found.add(self.text(args.named_children[0]))
        return found

    # ---- the create ---------------------------------------------------------

    def _created(self, call: Node) -> tuple[Node, tuple[src.SourceFile, Node, str] | None] | None:
        """The object ``call`` creates: ``c.Create(ctx, y)`` (a client's,
        not a package's function), or a function of the package handed
        ``y`` whose body creates that parameter (then also the callee's body
        and the parameter's name)."""
        obj = _create_argument(self.file, call, self._is_import)
        if obj is not None:
            return obj, None
        decl = self._callee(call)
        body = decl.body if decl is not None else None
        args = call.child_by_field_name("arguments")
        if decl is None or body is None or args is None:
            return None
        names = [p.name for p in decl.params]
        for inner in sx.nodes(body, ("call_expression",), closures=False):
            created = _create_argument(decl.file, inner, self._is_import)
            if created is None:
                continue
            param = sx.norm(decl.file.text(created))
            if param in names and names.index(param) < len(args.named_children):
                return args.named_children[names.index(param)], (decl.file, body, param)
        return None


def _create_argument(
    file: src.SourceFile, call: Node, is_import: Callable[[src.SourceFile, str, Node], bool]
) -> Node | None:
    """The object of ``c.Create(ctx, obj, ...)`` (a client's method, not an
    imported package's function)."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None:
        return None
    field = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if field is None or operand is None or file.text(field) != "Create":
        return None
    if operand.type == "identifier" and is_import(file, file.text(operand), operand):
        return None
    values = args.named_children
    if len(values) < 2:
        return None
    obj = sx.unparen(values[1])
    if obj.type == "unary_expression":
        operand = obj.child_by_field_name("operand")
        obj = sx.unparen(operand) if operand is not None else obj
    return obj if obj.type in ("identifier", "composite_literal") else None


# ---- the map on the way to the create ---------------------------------


def _made_before(
    file: src.SourceFile,
    body: Node,
    name: str,
    steps: list[str],
    create: Node | None,
    is_import: Callable[[src.SourceFile, str, Node], bool],
    filler: Filler | None = None,
) -> bool:
    """The statements that run before ``create`` on every path to it
    (those of its enclosing blocks before it; the whole body when
    ``create`` is None: the callee's ``Create``, found again) leave the
    map ``name.steps`` non-empty (with ``filler``: also through a deep
    copy, a callee handed the object, a function's result)."""
    if create is None:
        for call in sx.nodes(body, ("call_expression",), closures=False):
            obj = _create_argument(file, call, is_import)
            if obj is not None and sx.norm(file.text(obj)) == name:
                create = call
                break
        if create is None:
            return False
    text = file.text
    forms = ".".join([name, *steps])
    # a Secret's StringData is merged into its Data by the API server
    merged = name + ".StringData" if steps == ["Data"] else None
    state = False
    for stmt in dominating(create, body):
        sides = sx.assignment_sides(stmt)
        for left, right in zip(*sides, strict=False) if sides is not None else ():
            target = sx.norm(text(left))
            if target in (name, "*" + name):
                state = _literal_sets(file, right, steps, stmt, body)
            elif target == forms:
                state = _non_empty(file, right, stmt, body)
            elif target == merged:
                state = state or _non_empty(file, right, stmt, body)
            elif left.type == "index_expression":
                operand = left.child_by_field_name("operand")
                if operand is not None and sx.norm(text(operand)) == forms:
                    state = True
        if not state and filler is not None:
            state = filler.step(file, body, stmt, name, steps, state, 0)
    return state


def _mutate_sets(
    file: src.SourceFile,
    body: Node,
    name: str,
    steps: list[str],
    is_import: Callable[[src.SourceFile, str, Node], bool],
) -> bool:
    """Every ``return`` of the mutate function's ``body`` either comes after
    statements that set ``name.steps`` non-empty, or returns an error that
    is not nil (then nothing is created): ``return fmt.Errorf(...)``,
    ``return err`` or ``return wrap(err)`` in ``if err != nil {``."""
    returns = sx.nodes(body, ("return_statement",), closures=False)
    statements = sx.statements(body)
    if not returns or not statements or statements[-1].type != "return_statement":
        return False
    sets = False
    for ret in returns:
        if _made_before(file, body, name, steps, ret, is_import):
            sets = True
        elif not _fails(file, ret, body):
            return False
    return sets


def _fails(file: src.SourceFile, ret: Node, body: Node) -> bool:
    """``ret`` returns only an error, and one that is not nil (``fails``)."""
    return len(returned(ret)) == 1 and fails(file, ret, body)


def _found_check(file: src.SourceFile, read: Node, at: Node) -> Node | None:
    """The ``if err == nil {`` around ``at`` that makes ``at`` run only when
    ``read`` found the object: ``if err := read; err == nil {``, or ``err
    := read`` (``err = read``) followed right away by that ``if``."""
    stmt = sx.parent(read)
    if stmt is not None and stmt.type == "expression_list":
        stmt = sx.parent(stmt)
    sides = sx.assignment_sides(stmt) if stmt is not None else None
    if stmt is None or not sides or len(sides[0]) != 1 or len(sides[1]) != 1:
        return None
    if sx.unparen(sides[1][0]).id != read.id:
        return None
    err = sx.norm(file.text(sides[0][0]))
    up = sx.parent(stmt)
    check: Node | None = None
    if up is not None and up.type == "if_statement":
        check = up  # if err := read; err == nil {
    elif up is not None and sx.is_statement_list(up):
        later = [s for s in sx.statements(up) if s.start_byte > stmt.start_byte]
        check = later[0] if later and later[0].type == "if_statement" else None
    condition = check.child_by_field_name("condition") if check is not None else None
    consequence = check.child_by_field_name("consequence") if check is not None else None
    if condition is None or consequence is None:
        return None
    if sx.norm(file.text(condition)) not in (err + "==nil", "nil==" + err):
        return None
    return check if consequence.start_byte <= at.start_byte < consequence.end_byte else None


def _after(call: Node, check: Node, body: Node) -> bool:
    """``call`` runs after the ``if`` statement ``check`` when its condition
    is false (the read did not find the object): in a block around
    ``check`` and after it, with no ``else`` that leaves the function."""
    block = sx.parent(check)
    alternative = check.child_by_field_name("alternative")
    if block is None or call.start_byte < check.end_byte:
        return False
    if alternative is not None and (alternative.type != "block" or _terminates(alternative)):
        return False
    return any(n.id == block.id for n in _until(call, body))


def _assigned_between(file: src.SourceFile, body: Node, name: str, start: int, end: int) -> bool:
    """An assignment to ``name`` itself (``name = v``, ``*name = v``) between
    the bytes ``start`` and ``end`` of the function's body."""
    for stmt in sx.nodes(body, ("assignment_statement",), closures=False):
        if not start <= stmt.start_byte < end:
            continue
        sides = sx.assignment_sides(stmt)
        if sides and any(sx.norm(file.text(left)) in (name, "*" + name) for left in sides[0]):
            return True
    return False


# ---- helpers ----------------------------------------------------------------


def _keyed(file: src.SourceFile, literal: Node | None, key: str) -> Node | None:
    """The value of ``key:`` in a composite literal."""
    for _, name, value in sx.keyed_elements(literal) if literal is not None else ():
        if sx.norm(file.text(name)) == key:
            return value
    return None


def _meta_keyed(file: src.SourceFile, literal: Node, key: str) -> Node | None:
    """``key:`` of the literal, or of its ``ObjectMeta:`` literal."""
    found = _keyed(file, literal, key)
    if found is None:
        meta = sx.composite_literal(_keyed(file, literal, "ObjectMeta") or literal)
        if meta is not None and meta.id != literal.id:
            found = _keyed(file, meta, key)
    return found


def _literal_sets(
    file: src.SourceFile, value: Node, steps: list[str], stmt: Node, body: Node
) -> bool:
    """The object literal ``value`` sets the map at ``steps`` non-empty
    (a Secret's ``StringData`` is merged into ``Data`` by the server)."""
    literal = sx.composite_literal(value)
    if literal is None:
        return False
    for i, step in enumerate(steps):
        keys = [step]
        if step == "Data" and len(steps) == 1:
            keys.append("StringData")
        found = None
        for key in keys:
            found = _keyed(file, literal, key)
            if found is not None and (i < len(steps) - 1 or _non_empty(file, found, stmt, body)):
                break
            found = None if i == len(steps) - 1 else found
        if found is None:
            return False
        if i < len(steps) - 1:
            inner = sx.composite_literal(found)
            if inner is None:
                return False
            literal = inner
    return True


def _non_empty(file: src.SourceFile, value: Node, stmt: Node, body: Node) -> bool:
    """A map with an entry: a literal with elements, or a local that a
    literal with elements or an unconditional write filled before ``stmt``."""
    value = sx.unparen(value)
    if value.type == "composite_literal":
        inner = value.child_by_field_name("body")
        return inner is not None and any(
            c.type in ("keyed_element", "literal_element") for c in inner.named_children
        )
    if value.type != "identifier":
        return False
    name = file.text(value)
    state = False
    for before in dominating(stmt, body):
        sides = sx.assignment_sides(before)
        for left, right in zip(*sides, strict=False) if sides else ():
            if sx.norm(file.text(left)) == name:
                state = _non_empty(file, right, before, body)
            elif left.type == "index_expression":
                operand = left.child_by_field_name("operand")
                if operand is not None and sx.norm(file.text(operand)) == name:
                    state = True
    return state


def _terminates(block: Node) -> bool:
    """The last statement of the block returns."""
    statements = sx.statements(block)
    return bool(statements) and statements[-1].type == "return_statement"


def _exclusive(create: Node, write: Node, body: Node) -> bool:
    """No path runs ``write`` after ``create``'s object was created in
    place of the one the read did not find: different branches of one
    ``if``/``switch``, or, in one block, the earlier of the two leaves the
    function (a block around it ending in ``return``, or it is a ``return``)."""
    up_create = [create, *_until(create, body)]
    up_write = [write, *_until(write, body)]
    ids = {n.id for n in up_write}
    common = next((n for n in up_create if n.id in ids), None)
    if common is None:
        return False
    if any(n.type in ("for_statement",) for n in up_create[: up_create.index(common)]):
        return False
    c_child = _child_towards(up_create, common)
    w_child = _child_towards(up_write, common)
    if c_child is None or w_child is None:
        return False
    if common.type == "if_statement":
        branches = [common.child_by_field_name(f) for f in ("consequence", "alternative")]
        ids = {b.id for b in branches if b is not None}
        return c_child.id != w_child.id and {c_child.id, w_child.id} <= ids
    if common.type in ("expression_switch_statement", "type_switch_statement"):
        cases = ("expression_case", "type_case", "default_case")
        return c_child.id != w_child.id and c_child.type in cases and w_child.type in cases
    if not sx.is_statement_list(common):
        return False
    chain = up_create if c_child.start_byte < w_child.start_byte else up_write
    for node in chain[: chain.index(common)]:
        if node.type == "return_statement":
            return True
        if sx.is_statement_list(node) and _terminates(node) and node.id != common.id:
            return True
    return False


def _until(node: Node, stop: Node) -> list[Node]:
    found = []
    for _, up in sx.climb(node, stop):
        found.append(up)
        if up.id == stop.id:
            break
    return found


def _child_towards(chain: list[Node], common: Node) -> Node | None:
    index = next((i for i, n in enumerate(chain) if n.id == common.id), 0)
    return chain[index - 1] if index > 0 else None


# shared with :mod:`.ownrefs`, which proves the map of an object stored so
made_before = _made_before
assigned_between = _assigned_between
keyed = _keyed
