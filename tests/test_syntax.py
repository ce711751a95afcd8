"""The engine's Go-syntax module on real tree-sitter trees: climbing out of a
node, the statements before it, the statement that holds it."""

from __future__ import annotations

import itertools

from gofixmap.codemod import syntax as sx
from gofixmap.codemod.source import SourceFile, parse

SOURCE = b"""package p

func f(m map[string]int) {
	a := 1
	// a comment
	if a > 0 {
		b := 2
		m["k"] = b
	}
	go func() {
		c := 3
		m["j"] = c
	}()
}
"""


def _find(file: SourceFile, kind: str, text: str) -> sx.Node:
    found = [n for n in sx.nodes(file.root, (kind,)) if file.text(n) == text]
    assert len(found) == 1, (kind, text, found)
    return found[0]


def test_climb_gives_each_child_with_its_parent_up_to_the_root() -> None:
    file = parse("p.go", SOURCE)
    write = _find(file, "assignment_statement", 'm["k"] = b')
    pairs = list(sx.climb(write))
    assert pairs[0][0].id == write.id
    for (child, parent), (next_child, _) in itertools.pairwise(pairs):
        assert sx.parent(child) == parent
        assert next_child.id == parent.id
    assert pairs[-1][1].type == "source_file"
    kinds = [parent.type for _, parent in pairs]
    assert kinds.index("if_statement") < kinds.index("function_declaration")


def test_climb_stops_at_the_given_node() -> None:
    file = parse("p.go", SOURCE)
    write = _find(file, "assignment_statement", 'm["j"] = c')
    closure = _find(file, "func_literal", file.text(sx.enclosing_function(write) or write))
    pairs = list(sx.climb(write, closure))
    assert pairs[-1][1].id == closure.id
    assert all(parent.type != "function_declaration" for _, parent in pairs)


def test_preceding_lists_the_earlier_statements_in_order() -> None:
    file = parse("p.go", SOURCE)
    write = _find(file, "assignment_statement", 'm["k"] = b')
    lists = [
        (child, parent) for child, parent in sx.climb(write) if parent.type == sx.STATEMENT_LIST
    ]
    inner, outer = lists[0], lists[1]
    assert [file.text(s) for s in sx.preceding(*inner)] == ["b := 2"]
    # from the `if` that holds the write: the statement and the comment before it
    assert [file.text(s) for s in sx.preceding(*outer)] == ["a := 1", "// a comment"]
    # a node inside a statement counts as that statement
    key = _find(file, "interpreted_string_literal", '"k"')
    assert [file.text(s) for s in sx.preceding(key, inner[1])] == ["b := 2"]


def test_statement_of_and_insertion_statement() -> None:
    file = parse("p.go", SOURCE)
    key = _find(file, "interpreted_string_literal", '"j"')
    statement = sx.statement_of(key)
    assert statement is not None and file.text(statement) == 'm["j"] = c'
    condition = _find(file, "binary_expression", "a > 0")
    assert sx.insertion_statement(condition) is None  # in an if header
    holder = sx.statement_of(condition)
    assert holder is not None and holder.type == "if_statement"


def test_declared_name_of_functions_and_methods() -> None:
    file = parse(
        "q.go",
        b"package q\n\ntype T[K comparable] struct{}\n\n"
        b"func (t *T[K]) Put() { _ = func() { x := 1; _ = x } }\n"
        b"\nfunc plain() { y := 2; _ = y }\n\nvar v = func() { z := 3; _ = z }\n",
    )
    names = {
        file.text(n): sx.declared_name(file, n)
        for n in sx.nodes(file.root, ("short_var_declaration",))
    }
    assert names == {"x := 1": "T.Put", "y := 2": "plain", "z := 3": ""}


def test_of_types_on_a_root_is_the_walk_filtered_whatever_is_indexed() -> None:
    # a root query answers declaration by declaration: from the buckets of a
    # declaration indexed already, by indexing the others; always the plain
    # preorder walk filtered by kind
    from gofixmap.codemod import source

    file = parse(
        "w.go",
        b'package w\n\nimport "fmt"\n\nvar x = f(1)\n\n'
        b"func f(n int) int { return g(n) + len(fmt.Sprint(n)) }\n\n"
        b"func g(n int) int { go func() { f(n) }(); return n }\n\n"
        b"type T struct{ a int }\n\nfunc (t T) m() { _ = f(t.a) }\n",
    )

    def plain(node: sx.Node) -> list[sx.Node]:
        return [node, *(d for c in node.named_children for d in plain(c))]

    decls = file.root.named_children
    for warm in ([], [decls[2]], decls[1::2], decls):
        source.release()  # (a fresh index)
        for decl in warm:
            sx.nodes(decl, ("identifier",))
        for kinds in (
            ("call_expression",),
            ("identifier", "field_identifier"),
            ("source_file", "function_declaration", "func_literal"),
        ):
            expected = [n for n in plain(file.root) if n.type in kinds]
            assert sx.nodes(file.root, kinds) == expected
            assert source.of_types(file.root, kinds) == expected


def test_scan_is_the_preorder_walk_filtered_also_where_spans_coincide() -> None:
    # a query answers by span; a statement and its call, or a paren and a
    # unary of one span, still come outermost first, as in the walk
    # (the query's own order of the matches varies with the tree's size)
    body = (
        b"(p *int, m map[string]int) {\n"
        b"\tg(h(1), m)\n\t*p = (*p)\n\tm[k(2)] = len(m)\n\tgo func() { g(nil, m) }()\n"
        b"\tx, y := m, p\n\tg(x, y)\n\treturn\n}\n"
    )
    file = parse("s.go", b"package s\n" + b"".join(b"\nfunc f%d" % i + body for i in range(40)))

    def plain(node: sx.Node) -> list[sx.Node]:
        return [node, *(d for c in node.named_children for d in plain(c))]

    for kinds in (
        ("expression_statement", "call_expression"),
        ("call_expression", "identifier", "field_identifier"),
        ("parenthesized_expression", "unary_expression", "identifier"),
        ("go_statement", "func_literal", "index_expression", "argument_list"),
        ("expression_list", "identifier"),
    ):
        expected = [n for n in plain(file.root) if n.type in kinds]
        assert len(expected) > 2
        assert sx.scan(file.root, kinds) == expected
        body = file.root.named_children[-1]
        assert sx.scan(body, kinds) == [n for n in plain(body) if n.type in kinds]


def test_norm_reads_an_explicit_dereference_of_a_selector_operand_as_the_selector() -> None:
    # (*p).f, (p).f and (*(p)).f all denote p.f (selectors dereference)
    for text in ("(*p).f", "(p).f", "(*(p)).f", "( * p ) . f", "(**p).f"):
        assert sx.norm(text) == "p.f", text
    assert sx.norm("(*s).next[k]") == "s.next[k]"
    assert sx.norm("(*x.y).z") == "x.y.z"
    assert sx.norm("(*a[i]).f") == "a[i].f"


def test_norm_keeps_what_is_not_a_dereferenced_selector_operand() -> None:
    kept = (
        "(*p)[k]",  # a map through a pointer: p[k] is not valid Go
        "x.(*T).f",  # a type assertion
        "(*T)(x).f",  # a conversion
        "f(*p).g",  # a call
        "(*s).(T)",  # an assertion on the pointed-to interface
        "(a+b).f",  # not a path
        'm["(*p).f"]',  # a string literal
        "`(p).f`",
    )
    for text in kept:
        assert sx.norm(text) == text, text
