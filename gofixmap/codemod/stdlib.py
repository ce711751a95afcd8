"""Which import paths belong to the Go standard library.

Not "no dot in the first element": a module path may lack a dot
(``module myservice``, common for main modules), and its packages are user
code. The standard library is recognised by the first element of its import
paths, taken from ``go list std`` and ``go list cmd`` (Go 1.26 and 1.27 give
the same set; ``tests/test_stdlib.py`` compares it with the toolchain at hand).
"""

from __future__ import annotations

__all__ = ["STD_ROOTS", "is_std"]

#: The first elements of the standard library's import paths (``C``: cgo).
STD_ROOTS = frozenset(
    {
        "C",
        "archive",
        "bufio",
        "bytes",
        "cmd",
        "cmp",
        "compress",
        "container",
        "context",
        "crypto",
        "database",
        "debug",
        "embed",
        "encoding",
        "errors",
        "expvar",
        "flag",
        "fmt",
        "go",
        "hash",
        "html",
        "image",
        "index",
        "internal",
        "io",
        "iter",
        "log",
        "maps",
        "math",
        "mime",
        "net",
        "os",
        "path",
        "plugin",
        "reflect",
        "regexp",
        "runtime",
        "slices",
        "sort",
        "strconv",
        "strings",
        "structs",
        "sync",
        "syscall",
        "testing",
        "text",
        "time",
        "unicode",
        "unique",
        "unsafe",
        "uuid",
        "weak",
    }
)


def is_std(path: str) -> bool:
    """``path`` (an import path or a package path of a stack frame) is standard library."""
    return path.split("/", 1)[0] in STD_ROOTS
