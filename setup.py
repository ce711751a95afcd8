"""The C extension: gofixmap's Go parser (grammar/), compiled at install.

Everything else is declared in pyproject.toml. Building needs a C compiler
only; regenerating grammar/src/ from grammar/grammar.js is a separate,
development-time step (grammar/regenerate.py).
"""

import sys

from setuptools import Extension, setup

LIMITED_API = "0x030B0000"  # Python 3.11, the oldest that gofixmap supports
UNIX_FLAGS = ["-std=c11", "-fvisibility=hidden"]

setup(
    ext_modules=[
        Extension(
            "gofixmap.codemod._grammar",
            sources=["grammar/binding.c", "grammar/src/parser.c"],
            include_dirs=["grammar/src"],
            define_macros=[("Py_LIMITED_API", LIMITED_API), ("PY_SSIZE_T_CLEAN", None)],
            extra_compile_args=[] if sys.platform == "win32" else UNIX_FLAGS,
            py_limited_api=True,
        )
    ],
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
