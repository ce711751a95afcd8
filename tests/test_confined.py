"""CONFINED (:mod:`gofixmap.rules.facts.confined`): a struct type whose
values never leave the goroutine that made them, judged on real Go source
parsed by tree-sitter."""

from __future__ import annotations

import pytest

from gofixmap.codemod import index as idx
from gofixmap.codemod import source as src
from gofixmap.rules.facts.confined import Confined

CONFINED = """package p

import (
	"context"
	"fmt"
)

type tally struct {
	counts map[string]int
	other  map[string]int
	total  int
}

func (s *Server) newTally(n int) (*tally, error) {
	if n < 0 {
		return nil, fmt.Errorf("negative size %d", n)
	}
	t := tally{counts: make(map[string]int, n)}
	return &t, nil
}

func (t *tally) add(k string) {
	t.counts[k]++
	t.total++
}

func (s *Server) fill(t *tally, words []string) {
	for _, w := range words {
		t.counts[w]++
	}
	if len(t.counts) == 0 {
		t.counts = map[string]int{}
	}
	delete(t.counts, "")
}

func run(ctx context.Context, f func() bool) error {
	if f() {
		return ctx.Err()
	}
	return nil
}

type Server struct{}

func (s *Server) Reconcile(ctx context.Context, name string) error {
	t, err := s.newTally(len(name))
	if err != nil {
		return err
	}
	s.fill(t, []string{name})
	t.add(name)
	_ = run(ctx, func() bool { return t.counts[name] > t.total })
	go fmt.Println(t.total)
	return nil
}
"""


def _confined(code: str, owner: str = "tally", field: str = "counts") -> bool:
    file = src.parse("p.go", code.encode())
    return Confined(idx.build("p", "/nonexistent/p", [file])).confined(owner, field)


def test_a_value_made_per_call_and_only_used_locally_is_confined() -> None:
    # made by a method, passed to another, its map indexed, ranged, measured,
    # deleted from and reassigned, read in a literal a call runs, another
    # field read by a go statement
    assert _confined(CONFINED)


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("type Server struct{}", "type Server struct{ last *tally }", "a field holds one"),
        ("type Server struct{}", "var last []*tally\n\ntype Server struct{}", "a slice of them"),
        ("go fmt.Println(t.total)", "go t.add(name)", "a go statement runs a method"),
        ("go fmt.Println(t.total)", "go fmt.Println(t.counts)", "a go statement reads the map"),
        (
            "return t.counts[name] > t.total",
            "t.counts[name] = 1; return true",
            "a literal writes the map",
        ),
        ("s.fill(t, []string{name})", "f := t.add\n\tf(name)", "a method value"),
        ("s.fill(t, []string{name})", "var v any = t\n\t_ = v", "converted to an interface"),
        ("s.fill(t, []string{name})", "fmt.Println(t)", "handed to a function of any"),
        ("s.fill(t, []string{name})", "c := *t\n\t_ = c", "copied"),
        ("s.fill(t, []string{name})", "m := t.counts\n\t_ = m", "the map itself handed on"),
        (
            "type Server struct{}",
            "var common, _ = (&Server{}).newTally(1)\n\ntype Server struct{}",
            "a package variable holds one",
        ),
        (
            "t := tally{counts: make(map[string]int, n)}\n\treturn &t, nil",
            "return nil, nil",
            "no literal makes one: where the values come from is not seen",
        ),
        (
            "func (s *Server) newTally(n int) (*tally, error) {",
            "func (s *Server) NewTally(n int) (*tally, error) { return s.newTally(n) }\n\n"
            "func (s *Server) newTally(n int) (*tally, error) {",
            "an exported method gives one to other packages",
        ),
    ],
)
def test_a_value_that_can_reach_another_goroutine_is_not_confined(
    old: str, new: str, why: str
) -> None:
    assert old in CONFINED
    assert not _confined(CONFINED.replace(old, new, 1)), why


def test_an_exported_type_is_not_confined() -> None:
    code = CONFINED.replace("tally", "Tally")
    assert not _confined(code, owner="Tally")


def test_a_type_of_a_test_file_is_judged_by_the_tests() -> None:
    # a test that hands its value to a goroutine shares it
    test = src.parse("p_test.go", TEST_CODE.encode())
    index = idx.build("p", "/nonexistent/p", [test])
    assert not Confined(index).confined("fake", "seen")
    alone = src.parse("p_test.go", TEST_CODE.replace("go f.note(t.Name())", "").encode())
    assert Confined(idx.build("p", "/nonexistent/p", [alone])).confined("fake", "seen")


TEST_CODE = """package p

import "testing"

type fake struct{ seen map[string]int }

func (f *fake) note(k string) { f.seen[k]++ }

func TestFake(t *testing.T) {
	f := &fake{seen: map[string]int{}}
	go f.note(t.Name())
	f.note("x")
}
"""
