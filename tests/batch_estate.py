"""A synthetic estate for ``gofixmap batch``: real git repositories (bare
remotes cloned by URL@ref), a monorepo with nested modules and a ``go.work``,
and directories that must be skipped; the bugs are copies of ``examples/``.

``python -m tests.batch_estate DIR`` builds it in DIR and prints the command
that runs the demo of the README.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

VALUE_RECEIVER = b"""package set

import "encoding/json"

// Set is used by value: a guard in Add could not reach the caller's copy.
type Set struct {
	Items map[string]bool `json:"items"`
}

// Load decodes a Set: without "items" the map stays nil.
func Load(data []byte) (Set, error) {
	var s Set
	err := json.Unmarshal(data, &s)
	return s, err
}

// Add writes through a value receiver and drops the copy: reported, never
// fixed automatically.
func (s Set) Add(k string) {
	s.Items[k] = true
}
"""

COUNT = b"""package count

// Count counts words into a map it never makes.
func Count(words []string) map[string]int {
	var m map[string]int
	for _, w := range words {
		m[w]++
	}
	return m
}
"""

COUNT_TEST = b"""package count

import "testing"

func TestCount(t *testing.T) {
	if got := Count([]string{"a", "a"}); got["a"] != 2 {
		t.Fatalf("got %v", got)
	}
}
"""

HANG_TEST = b"""package count

import (
	"testing"
	"time"
)

func TestHangs(t *testing.T) {
	time.Sleep(time.Hour)
}
"""


@dataclass(frozen=True)
class Estate:
    base: Path
    repos_file: Path
    remotes: Path
    mono: Path  # a local monorepo (clean git work tree)
    units: frozenset[tuple[str, str]]  # (repo, module dir) expected


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def module(where: Path, path: str, *packages: str) -> Path:
    """A module at ``where`` with the named packages of examples/ copied in."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "go.mod").write_text(f"module {path}\n\ngo 1.22\n")
    for package in packages:
        shutil.copytree(EXAMPLES / package, where / package)
    return where


def commit_all(work: Path, message: str) -> str:
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", message)
    return git(work, "rev-parse", "HEAD")


def init(work: Path) -> None:
    git(work, "init", "-q", "-b", "main")


def publish(work: Path, remote: Path) -> None:
    git(remote.parent, "init", "-q", "--bare", remote.name)
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "--all", "origin")
    git(work, "push", "-q", "--tags", "origin")


def build(base: Path) -> Estate:
    base.mkdir(parents=True, exist_ok=True)
    remotes = base / "remotes"
    remotes.mkdir()
    work = base / "work"

    # alpha: examples/ at the root; the ref is a tag
    alpha = work / "alpha"
    module(alpha, "example.com/alpha", "registry", "cache")
    init(alpha)
    commit_all(alpha, "alpha")
    git(alpha, "tag", "v1")
    (alpha / "cache" / "cache.go").write_text("package cache\n")  # main moves on: fixed
    commit_all(alpha, "later")
    publish(alpha, remotes / "alpha.git")

    # beta: a module in svc/ with a nested module; skipped trees; the ref a branch
    beta = work / "beta"
    module(beta / "svc", "example.com/beta/svc", "index")
    module(beta / "svc" / "tools", "example.com/beta/tools", "status")
    module(beta / "svc" / "vendor" / "x", "example.com/vendored", "cache")
    module(beta / "svc" / "testdata" / "y", "example.com/testdata", "cache")
    module(beta / ".hidden", "example.com/hidden", "cache")
    (beta / "README").write_text("beta\n")
    init(beta)
    commit_all(beta, "beta")
    git(beta, "checkout", "-q", "-b", "release")
    set_dir = beta / "svc" / "set"
    set_dir.mkdir()
    (set_dir / "set.go").write_bytes(VALUE_RECEIVER)
    commit_all(beta, "release")
    git(beta, "checkout", "-q", "main")
    publish(beta, remotes / "beta.git")

    # mono: a local monorepo with a go.work; one member in a _ directory
    mono = base / "mono"
    module(mono / "a", "example.com/mono/a", "status")
    module(mono / "a" / "inner", "example.com/mono/a/inner", "registry")
    module(mono / "_gen", "example.com/mono/gen", "index")
    count = module(mono / "b", "example.com/mono/b")
    (count / "count.go").write_bytes(COUNT)
    (count / "count_test.go").write_bytes(COUNT_TEST)
    (mono / "go.work").write_text("go 1.22\n\nuse (\n\t./a\n\t./b\n\t./_gen\n)\n")
    init(mono)
    commit_all(mono, "mono")

    # a directory without Go
    plain = base / "plain"
    plain.mkdir()
    (plain / "notes.txt").write_text("no Go here\n")

    repos_file = base / "repos.txt"
    repos_file.write_text(
        "# the estate\n"
        f"file://{remotes / 'alpha.git'}@v1\n"
        f"file://{remotes / 'beta.git'}@release\n"
        "mono\n"
        "plain  # no Go\n"
    )
    units = frozenset(
        {
            ("alpha", "."),
            ("beta", "svc"),
            ("beta", "svc/tools"),
            ("mono", "a"),
            ("mono", "a/inner"),
            ("mono", "b"),
            ("mono", "_gen"),
        }
    )
    return Estate(base, repos_file, remotes, mono, units)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.batch_estate DIR")
    built = build(Path(sys.argv[1]).resolve())
    print(f"gofixmap batch --repos {built.repos_file} --out {built.base / 'out'}")
