"""The one way a fix adds an import: placement (engine) and naming (rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixmap.codemod.edits import apply_edits
from gofixmap.codemod.imports import assumed_name, import_edit
from gofixmap.codemod.source import parse
from gofixmap.rules.fixes.imports import require
from tests.helpers import gofmt_unformatted

META = "k8s.io/apimachinery/pkg/apis/meta/v1"

# (source, path, alias, expected source after the edit)
PLACEMENTS = {
    "std-into-std-group": (
        'package p\n\nimport (\n\t"fmt"\n\t"testing"\n\n\t"example.com/x"\n)\n',
        "sync",
        "",
        'package p\n\nimport (\n\t"fmt"\n\t"sync"\n\t"testing"\n\n\t"example.com/x"\n)\n',
    ),
    "std-starts-a-group-first": (
        'package p\n\nimport (\n\t"example.com/x"\n)\n',
        "sync",
        "",
        'package p\n\nimport (\n\t"sync"\n\n\t"example.com/x"\n)\n',
    ),
    "aliased-into-other-group": (
        'package p\n\nimport (\n\t"fmt"\n\n'
        '\tcorev1 "k8s.io/api/core/v1"\n\t"sigs.k8s.io/yaml"\n)\n',
        META,
        "metav1",
        'package p\n\nimport (\n\t"fmt"\n\n\tcorev1 "k8s.io/api/core/v1"\n'
        f'\tmetav1 "{META}"\n\t"sigs.k8s.io/yaml"\n)\n',
    ),
    "other-starts-a-group-last": (
        'package p\n\nimport (\n\t"fmt"\n\t"sync"\n)\n',
        META,
        "metav1",
        f'package p\n\nimport (\n\t"fmt"\n\t"sync"\n\n\tmetav1 "{META}"\n)\n',
    ),
    "single-std-then-other": (
        'package p\n\nimport "fmt"\n',
        META,
        "metav1",
        f'package p\n\nimport (\n\t"fmt"\n\n\tmetav1 "{META}"\n)\n',
    ),
    "single-other-then-std": (
        'package p\n\nimport "example.com/x"\n',
        "sync",
        "",
        'package p\n\nimport (\n\t"sync"\n\n\t"example.com/x"\n)\n',
    ),
    "single-same-kind-sorted": (
        'package p\n\nimport "sync"\n',
        "fmt",
        "",
        'package p\n\nimport (\n\t"fmt"\n\t"sync"\n)\n',
    ),
    "empty-block": (
        "package p\n\nimport ()\n",
        "sync",
        "",
        'package p\n\nimport (\n\t"sync"\n)\n',
    ),
    "empty-block-on-lines": (
        "package p\n\nimport (\n)\n",
        "sync",
        "",
        'package p\n\nimport (\n\t"sync"\n)\n',
    ),
    "no-imports": (
        "package p\n\nfunc f() {}\n",
        META,
        "metav1",
        f'package p\n\nimport metav1 "{META}"\n\nfunc f() {{}}\n',
    ),
}


@pytest.mark.parametrize("name", sorted(PLACEMENTS))
def test_import_edit_places_the_import(name: str, tmp_path: Path) -> None:
    source, path, alias, expected = PLACEMENTS[name]
    file = parse("x.go", source.encode())
    edit = import_edit(file, path, alias)
    assert edit is not None and not edit.path
    out = apply_edits(file.data, [edit])
    assert out.decode() == expected
    target = tmp_path / "x.go"
    target.write_bytes(out)
    assert gofmt_unformatted([target]) == [], out.decode()


def test_import_edit_keeps_crlf() -> None:
    file = parse("x.go", b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n)\r\n')
    edit = import_edit(file, META, "metav1")
    assert edit is not None
    out = apply_edits(file.data, [edit])
    expected = f'package p\r\n\r\nimport (\r\n\t"fmt"\r\n\r\n\tmetav1 "{META}"\r\n)\r\n'
    assert out == expected.encode()


def test_require_uses_the_name_the_file_already_has() -> None:
    file = parse("x.go", f'package p\n\nimport (\n\tmv1 "{META}"\n)\n'.encode())
    found = require(file, META, "metav1")
    assert found is not None and found.name == "mv1" and found.edit is None


def test_require_adds_the_import_under_the_wanted_name() -> None:
    file = parse("dir/x.go", b'package p\n\nimport "fmt"\n')
    found = require(file, META, "metav1")
    assert found is not None and found.name == "metav1"
    assert found.edit is not None and found.edit.path == "dir/x.go"
    plain = require(file, "sync")
    assert plain is not None and plain.name == "sync"
    assert plain.edit is not None and b'"sync"' in plain.edit.new_text
    assert b"sync " not in plain.edit.new_text  # no alias equal to the package name


def test_require_declines_a_taken_name_or_a_blank_import() -> None:
    taken = parse("x.go", b'package p\n\nimport metav1 "example.com/other"\n')
    assert require(taken, META, "metav1") is None
    blank = parse("x.go", f'package p\n\nimport _ "{META}"\n'.encode())
    assert require(blank, META, "metav1") is None


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("sync", "sync"),
        ("k8s.io/api/core/v1", "v1"),  # Kubernetes API packages are named after the version
        ("gopkg.in/yaml.v3", "yaml"),
        ("github.com/mattn/go-sqlite3", "sqlite3"),
        ("github.com/example/client-go", "client"),
    ],
)
def test_assumed_name(path: str, name: str) -> None:
    assert assumed_name(path) == name
