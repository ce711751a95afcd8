"""The driver of the iterative flow walks (:mod:`.nilstate`): each handler
of a statement or condition is a generator that yields the handler of a
nested one and receives its result; :func:`drive` runs them with an
explicit stack, so a body nested a thousand blocks deep costs no Python
recursion. An exception raised by a nested handler is thrown into the one
waiting for it."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

T = TypeVar("T")

# A handler: yields the handlers of nested statements or conditions, receives
# their results, and returns its own.
Step = Generator["Step[Any]", Any, T]


def drive(first: Step[T]) -> T:
    """Run a handler and the handlers it yields, depth first, with a stack."""
    stack: list[Step[Any]] = []
    current: Step[Any] = first
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            if error is not None:
                raised, error = error, None
                nested = current.throw(raised)
            else:
                nested = current.send(value)
        except StopIteration as done:
            if not stack:
                result: T = done.value
                return result
            current, value = stack.pop(), done.value
            continue
        except BaseException as exc:  # GiveUp: unwind the handlers waiting for it
            if not stack:
                raise
            current, error = stack.pop(), exc
            continue
        stack.append(current)
        current, value = nested, None
