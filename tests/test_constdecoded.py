"""The text scanner of constdecoded: which maps a constant manifest sets."""

from __future__ import annotations

import pytest

from gofixmap.rules.facts.constdecoded import sets_map

_MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: x
  # a comment
  labels:
    app.kubernetes.io/part-of: demo
  annotations: {}
data:
  template: |
    binaryData:
      k: v
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["ObjectMeta", "Labels"], True),
        (["Data"], True),
        (["ObjectMeta", "Annotations"], False),  # an empty flow mapping
        (["BinaryData"], False),  # only text of a block scalar
        (["Labels"], False),  # not at the top level
        (["Spec", "Selector"], False),
    ],
)
def test_yaml_paths(path: list[str], expected: bool) -> None:
    assert sets_map(_MANIFEST, path) is expected


def test_second_document_and_duplicates_are_unknown() -> None:
    assert not sets_map("data:\n  a: b\n---\ndata: {}\n", ["Data"])
    assert not sets_map("data:\n  a: b\ndata: null\n", ["Data"])
    assert not sets_map("data:\n", ["Data"])
    assert not sets_map("data:\n  - a\n", ["Data"])
    assert sets_map("data: {a: b}\n", ["Data"])


def test_json() -> None:
    assert sets_map('{"metadata": {"labels": {"a": "b"}}}', ["ObjectMeta", "Labels"])
    assert not sets_map('{"metadata": {"labels": {}}}', ["ObjectMeta", "Labels"])
    assert not sets_map('{"Data": {"a": "b"}, "data": {}}', ["Data"])
    assert not sets_map('{"data": {"a": "b"', ["Data"])
