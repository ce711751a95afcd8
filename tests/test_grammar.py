"""gofixmap's Go grammar (grammar/): what it parses, that its trees are
tree-sitter-go's, that source.py loads it, and that it is reproducible."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_go

from gofixmap.codemod import _grammar, source
from gofixmap.codemod.toolchain import find_go
from tests.helpers import ROOT, differences, is_index_chain_fix, nodes

REFERENCE = tree_sitter.Language(tree_sitter_go.language())  # tree-sitter-go 0.25.0


def body(statements: str) -> bytes:
    return f"package p\n\nfunc f() {{\n{statements}\n}}\n".encode()


def argument(code: bytes) -> tree_sitter.Node:
    """The first argument of the first call of ``new`` or ``make`` in ``code``."""
    parsed = source.parse("x.go", code)
    assert parsed.first_error() is None, str(parsed.root)
    call = next(
        c
        for c in source.of_types(parsed.root, ("call_expression",))
        if (f := c.child_by_field_name("function")) is not None and f.text in (b"new", b"make")
    )
    args = call.child_by_field_name("arguments")
    assert args is not None and args.named_children
    return args.named_children[0]


def test_source_parses_with_the_extension_of_the_package() -> None:
    assert Path(_grammar.__file__).parent == Path(source.__file__).parent
    assert tree_sitter.Language(_grammar.language()) == source.GO
    # tree-sitter-go 0.25 cannot parse Go 1.26's new(expr): the grammar in
    # use is not tree-sitter-go's
    code = body("\tp := new(f())\n\t_ = p")
    assert tree_sitter.Parser(REFERENCE).parse(code).root_node.has_error
    assert source.parse("x.go", code).first_error() is None


def test_the_package_does_not_import_tree_sitter_go() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, gofixmap.cli, gofixmap.codemod.source as s; "
            "s.parse('x.go', b'package p'); print('tree_sitter_go' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        # Go 1.26: an expression (tree-sitter-go reads true, false, nil and
        # iota as type names there: only Go 1.26 accepts new(true))
        ("new(true)", "true"),
        ("new(false)", "false"),
        ('new("s")', "interpreted_string_literal"),
        ("new(1 + 2)", "binary_expression"),
        ("new(-1)", "unary_expression"),
        ("new(f())", "call_expression"),
        ("new(T{1})", "composite_literal"),
        ("new(struct{}{})", "composite_literal"),
        ("new(T[int]{})", "composite_literal"),
        ("new(g[int](x))", "type_conversion_expression"),  # as f(g[int](x)) parses
        ("cmp.Or(x, new(DefaultPort))", "type_identifier"),  # a constant, but reads as a type
        ("new(a[0])", "index_expression"),
        ("new(x.y.z)", "selector_expression"),
        ("new(<-ch)", "unary_expression"),
        ("new(func() {})", "func_literal"),
        # a type, as tree-sitter-go parses it (ambiguous ones stay types)
        ("new(int)", "type_identifier"),
        ("new(x)", "type_identifier"),
        ("new(p.T)", "qualified_type"),
        ("new(*p)", "pointer_type"),
        ("new([]int)", "slice_type"),
        ("new(chan int)", "channel_type"),
        ("new(func())", "function_type"),
        ("new(T[int])", "generic_type"),
        ("make(map[string]int)", "map_type"),
        ("make([]int, 0, n)", "slice_type"),
        ("make(chan<- int, 1)", "channel_type"),
        ("make(T)", "type_identifier"),
    ],
)
def test_the_first_argument_of_new_and_make(call: str, kind: str) -> None:
    assert argument(body(f"\t_ = {call}")).type == kind


@pytest.mark.parametrize(
    "statements",
    [
        "\tmake := func(n int) []int { return nil }\n\t_ = make(3)",
        "\tnew := func(a, b int) int { return a }\n\t_ = new(1, 2)",
        "\tnew := func(xs ...int) {}\n\tnew(xs...)",
        "\tmake := func(a int, xs ...int) {}\n\tmake(1, xs...)",
        "\tnew := []int{1}\n\t_ = new[0]\n\t_ = new[len(old):]",
        '\tmake := map[string]int{}\n\tmake["a"] = 1',
        "\tnew := func() {}\n\tnew()",
    ],
)
def test_a_shadowed_make_or_new_is_an_ordinary_call(statements: str) -> None:
    parsed = source.parse("x.go", body(statements))
    assert parsed.first_error() is None, str(parsed.root)


def test_a_method_with_type_parameters_go_1_27() -> None:
    code = b"""package p

func (t T[P]) Get[R any, S ~int | string](x R) (R, S) { var s S; return x, s }

func (t T[P]) Plain(x int) {}
"""
    parsed = source.parse("x.go", code)
    assert parsed.first_error() is None, str(parsed.root)
    get, plain = source.of_types(parsed.root, ("method_declaration",))
    params = get.child_by_field_name("type_parameters")
    assert params is not None and parsed.text(params) == "[R any, S ~int | string]"
    assert plain.child_by_field_name("type_parameters") is None


def expression(statement: str) -> str:
    """The tree of the first expression of ``statement`` (the left side of an
    assignment, the right side of ``:=``), as an S-expression."""
    parsed = source.parse("x.go", body(f"\t{statement}"))
    assert parsed.first_error() is None, str(parsed.root)
    (stmt,) = source.of_types(parsed.root, ("statement_list",))[0].named_children
    side = "right" if stmt.type == "short_var_declaration" else "left"
    target = stmt.child_by_field_name(side) or stmt
    if target.type in ("expression_list", "expression_statement", "inc_statement"):
        target = target.named_children[0]
    return str(target)


SEL = "(selector_expression operand: (identifier) field: (field_identifier))"
QUALIFIED = "(qualified_type package: (package_identifier) name: (type_identifier))"


def index(operand: str, key: str) -> str:
    return f"(index_expression operand: {operand} index: {key})"


def generic(base: str, *args: str) -> str:
    elems = " ".join(f"(type_elem {a})" for a in args)
    return f"(generic_type type: {base} type_arguments: (type_arguments {elems}))"


@pytest.mark.parametrize(
    ("statement", "tree"),
    [
        # an index chain over a map of maps: tree-sitter-go reads the first
        # ones as an instantiation of the generic type s.m[a.b] (never Go)
        ("s.m[a.b][c.d] = v", index(index(SEL, SEL), SEL)),
        ("x := s.m[a.b][c.d]", index(index(SEL, SEL), SEL)),
        ("m[a.b][c.d] = v", index(index("(identifier)", SEL), SEL)),
        ("s.m[a.b][c.d][e.f] = v", index(index(index(SEL, SEL), SEL), SEL)),
        ("s.m[a.b][c.d]++", index(index(SEL, SEL), SEL)),
        (
            "h[i][y[j]] = v",
            index(index("(identifier)", "(identifier)"), index("(identifier)", "(identifier)")),
        ),
        # an index whose key is an index: tree-sitter-go reads the first ones
        # as an instantiation of qt.quotaInfoMap with the generic type
        # argument quota.Labels[extension.LabelQuotaParent]
        (
            "parentInfo := qt.quotaInfoMap[quota.Labels[extension.LabelQuotaParent]]",
            index(SEL, index(SEL, SEL)),
        ),
        ("d := qt.m[q[e.K]]", index(SEL, index("(identifier)", SEL))),
        ("qt.m[q.r[e.K]] = v", index(SEL, index(SEL, SEL))),
        (
            "x := m[a[b[c]]]",
            index("(identifier)", index("(identifier)", index("(identifier)", "(identifier)"))),
        ),
        # ambiguous: an instantiation of pkg.F with the type pkg2.G[pkg3.T]
        # (not called) reads the same; the index reading is kept (as for
        # pkg.F[pkg2.G[int]] already in tree-sitter-go)
        ("f := pkg.F[pkg2.G[pkg3.T]]", index(SEL, index(SEL, SEL))),
        ("f := pkg.F[pkg2.G[int]]", index(SEL, index(SEL, "(identifier)"))),
        # as tree-sitter-go parses them
        ("s.m[a.b] = v", index(SEL, SEL)),
        ("s.m[k][c.d] = v", index(index(SEL, "(identifier)"), SEL)),
        ("x := Types[e[t.kind]]", index("(identifier)", index("(identifier)", SEL))),
        # instantiations stay instantiations (a qualified type argument reads
        # as a selector too: only the package's types could tell)
        (
            "pkg.F[a.b](x)",
            f"(type_conversion_expression type: {generic(QUALIFIED, QUALIFIED)}"
            " operand: (identifier))",
        ),
        (
            "x := p.T[a.B]{1}",
            f"(composite_literal type: {generic(QUALIFIED, QUALIFIED)}"
            " body: (literal_value (literal_element (int_literal))))",
        ),
        (
            "x := p.F[a.B, c.D]",
            f"(type_instantiation_expression type: {QUALIFIED} {QUALIFIED} {QUALIFIED})",
        ),
        (
            "x := F[[]int]",
            "(type_instantiation_expression type: (type_identifier)"
            " (slice_type element: (type_identifier)))",
        ),
        # a generic type argument that cannot be an index stays one
        (
            "x := F[G[[]int]]",
            "(type_instantiation_expression type: (type_identifier) "
            f"{generic('(type_identifier)', '(slice_type element: (type_identifier))')})",
        ),
        (
            "f(cmpFn[Pair[string, int]])",
            "(call_expression function: (identifier) arguments: (argument_list"
            " (type_instantiation_expression type: (type_identifier) "
            f"{generic('(type_identifier)', '(type_identifier)', '(type_identifier)')})))",
        ),
        (
            "x := F[G[H[a.B]], K]",
            "(type_instantiation_expression type: (type_identifier) "
            f"{generic('(type_identifier)', generic('(type_identifier)', QUALIFIED))}"
            " (type_identifier))",
        ),
        # types stay types
        (
            "x := new(p.T[q.U[V]])",
            "(call_expression function: (identifier) arguments: (argument_list "
            f"{generic(QUALIFIED, generic(QUALIFIED, '(type_identifier)'))}))",
        ),
        (
            "var x p.T[q.U[int]]",
            "(var_declaration (var_spec name: (identifier) type: "
            f"{generic(QUALIFIED, generic(QUALIFIED, '(type_identifier)'))}))",
        ),
        (
            "x := reflect.TypeFor[p.Pair[a.B]]()",
            f"(call_expression function: {SEL} type_arguments: (type_arguments (type_elem "
            f"{generic(QUALIFIED, QUALIFIED)})) arguments: (argument_list))",
        ),
        (
            "x := G[p.T[a.B]](y)",
            "(type_conversion_expression type: "
            f"{generic('(type_identifier)', generic(QUALIFIED, QUALIFIED))} operand: (identifier))",
        ),
    ],
)
def test_index_chains_and_instantiations(statement: str, tree: str) -> None:
    assert expression(statement) == tree


@pytest.mark.parametrize(
    "statement", ["s.m[a.b][c.d] = v", "x := qt.m[q.r[e.K]]", "x := m[a[b[c]]]"]
)
def test_tree_sitter_go_reads_an_index_chain_as_an_instantiation(statement: str) -> None:
    code = body(f"\t{statement}")
    old = tree_sitter.Parser(REFERENCE).parse(code)
    new = tree_sitter.Parser(source.GO).parse(code)
    ((a, b),) = differences(old.root_node, new.root_node)
    assert a.type == "type_instantiation_expression" and is_index_chain_fix(a, b)


def _repository_go_files() -> list[Path]:
    return sorted(
        p
        for d in ("golden", "examples", "tests/fixtures")
        for p in (ROOT / d).rglob("*.go*")
        if p.suffix in (".go", ".golden")
    )


def unchanged_but_index_chains(old: tree_sitter.Tree, new: tree_sitter.Tree) -> bool:
    """The trees are identical node for node but where tree-sitter-go reads an
    index chain as an instantiation of an instantiated type."""
    if list(nodes(old)) == list(nodes(new)):
        return True
    return all(is_index_chain_fix(a, b) for a, b in differences(old.root_node, new.root_node))


def test_trees_are_tree_sitter_gos_on_the_repository() -> None:
    """On every Go file of the repository that tree-sitter-go parses, the trees
    are identical node for node (the rules see the trees they were written for),
    but at the index chains tree-sitter-go misreads."""
    reference, ours = tree_sitter.Parser(REFERENCE), tree_sitter.Parser(source.GO)
    compared = chains = 0
    for path in _repository_go_files():
        data = path.read_bytes()
        old = reference.parse(data)
        if old.root_node.has_error:
            continue
        new = ours.parse(data)
        assert unchanged_but_index_chains(old, new), path
        chains += list(nodes(old)) != list(nodes(new))
        compared += 1
    assert compared > 200
    assert chains > 0  # examples/index/index.go


def test_node_kinds_and_fields_are_tree_sitter_gos() -> None:
    """Every node kind and field name of tree-sitter-go exists in gofixmap's
    grammar, under the same name (the only addition: method type parameters
    use the existing field ``type_parameters``)."""

    def kinds(language: tree_sitter.Language) -> set[tuple[str, bool]]:
        return {
            (name, language.node_kind_is_named(i))
            for i in range(language.node_kind_count)
            if (name := language.node_kind_for_id(i)) is not None
            and language.node_kind_is_visible(i)
        }

    def fields(language: tree_sitter.Language) -> set[str]:
        return {
            name
            for i in range(1, language.field_count + 1)
            if (name := language.field_name_for_id(i)) is not None
        }

    assert kinds(source.GO) == kinds(REFERENCE)
    assert fields(source.GO) == fields(REFERENCE)


def test_regeneration_reproduces_the_committed_parser(tmp_path: Path) -> None:
    """grammar/regenerate.py rebuilds grammar/src/ byte for byte (needs the
    tree-sitter CLI 0.25.10, node and the npm registry)."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "grammar" / "regenerate.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode == 3:
        pytest.skip(f"cannot regenerate the grammar here: {out.stderr.strip()}")
    assert out.returncode == 0, out.stderr
    committed = ROOT / "grammar" / "src"
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert generated == files
    for name in generated:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def _goroots() -> list[Path]:
    roots = []
    with contextlib.suppress(Exception):  # no toolchain: /usr/local/go only
        roots.append(Path(find_go().env()["GOROOT"]))
    local = Path("/usr/local/go")
    if (local / "src").is_dir() and local.resolve() not in {r.resolve() for r in roots}:
        roots.append(local)
    return roots


def _std_files(goroot: Path) -> list[Path]:
    return sorted(
        p for p in (goroot / "src").rglob("*.go") if "testdata" not in p.relative_to(goroot).parts
    )


def _version(goroot: Path) -> str:
    version = goroot / "VERSION"
    return version.read_text().split()[0] if version.is_file() else str(goroot)


@pytest.mark.slow
@pytest.mark.parametrize("goroot", _goroots(), ids=_version)
def test_grammar_std_sweep(goroot: Path) -> None:
    """Every file of the standard library outside testdata/ parses without an
    ERROR node, and where tree-sitter-go parsed a file, the tree is its tree
    but at the index chains it misreads."""
    files = _std_files(goroot)
    assert len(files) > 5000, goroot
    reference, ours = tree_sitter.Parser(REFERENCE), tree_sitter.Parser(source.GO)
    broken, changed = [], []
    for path in files:
        data = path.read_bytes()
        new = ours.parse(data)
        if new.root_node.has_error:
            broken.append(str(path))
            continue
        old = reference.parse(data)
        if not old.root_node.has_error and not unchanged_but_index_chains(old, new):
            changed.append(str(path))
    assert not broken, f"{len(broken)} files with ERROR nodes: {broken[:20]}"
    assert not changed, f"{len(changed)} trees differ from tree-sitter-go's: {changed[:20]}"
