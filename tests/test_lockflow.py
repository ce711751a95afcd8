"""The lock state follows the control flow (facts/lockflow.py)."""

from __future__ import annotations

from gofixmap.codemod import source as src
from gofixmap.codemod import syntax as sx
from gofixmap.rules.facts.happensbefore import _channel_op
from gofixmap.rules.facts.lockflow import acquires_when_true, flow_held
from gofixmap.rules.facts.locks import held_locks, lock_op

CODE = """package p

func f(c chan int, x int) {
	for i := 0; i < x; i++ {
		mu.Lock()
		if i == 1 {
			mu.Unlock()
			continue
		}
		switch i {
		case 2:
			mu.Unlock()
			fallthrough
		case 3:
			println("maybe")
		default:
			println("held")
		}
		mu.Unlock()
	}
	println("after loop")
	mu.Lock()
	if x > 0 {
		mu.Unlock()
		goto out
	}
	println("still held")
	mu.Unlock()
out:
	println("out")
	select {
	case <-c:
		println("received")
	default:
		println("not received")
	}
	println("end")
}

func tryIt() bool {
	for {
		if mu.TryLock() {
			return true
		}
		if cond() {
			break
		}
	}
	return false
}
"""


def _states(op=lock_op) -> dict[str, frozenset[str]]:
    file = src.parse("f.go", CODE.encode())
    func = next(n for n in sx.walk(file.tree.root_node) if n.type == "function_declaration")
    body = sx.body(func)
    assert body is not None
    table = flow_held(file, body, op) if op is not lock_op else held_locks(file, func)
    out: dict[str, frozenset[str]] = {}
    for stmt in sx.nodes(body, ("expression_statement",)):
        text = file.text(stmt)
        if text.startswith("println("):
            out[text[9:-2]] = frozenset(t for t, _m in table.get(stmt.start_byte, frozenset()))
    return out


def test_locks_follow_branches_loops_and_jumps() -> None:
    states = _states()
    assert states["held"] == {"mu"}  # the unlocking branch continues
    assert states["maybe"] == frozenset()  # fallthrough from the case that unlocked
    assert states["after loop"] == frozenset()  # each iteration unlocks
    assert states["still held"] == {"mu"}  # the unlocking branch jumps away
    assert states["out"] == frozenset()  # reached by the goto, unlocked


def test_receive_in_a_select_case_orders_only_that_case() -> None:
    states = _states(_channel_op)
    assert states["received"] == {"<-c"}
    assert states["not received"] == frozenset()
    assert states["end"] == frozenset()


def test_a_bool_function_that_returns_true_holding_a_lock() -> None:
    file = src.parse("f.go", CODE.encode())
    funcs = [n for n in sx.walk(file.tree.root_node) if n.type == "function_declaration"]
    body = sx.body(funcs[1])
    assert body is not None
    assert acquires_when_true(file, body, lock_op) == {"mu"}
