"""Fetch the corpus of manifest.toml into a folder of snapshots.

    python benchmarks/realworld/snapshots.py SNAPSHOTS [--git-dir TEMPLATE] [--only NAME,...]

For each manifest entry, SNAPSHOTS/<name>/ receives the files of the pinned
commit and a `.realworld-commit` file naming it (realworld.py checks it).
Without --git-dir the repository is cloned (`git clone --filter=blob:none`,
then the commit is checked out). With --git-dir, a template such as
`/mirrors/{owner}+{repo}/repo` names an existing git directory (bare or not),
and the files are extracted from it blob by blob: a blob the git directory
lacks (a partial mirror) is skipped and counted, not fatal.
A snapshot whose marker already names the pinned commit is left alone.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realworld import MARKER, Entry, load_manifest


def _owner_repo(url: str) -> tuple[str, str]:
    parts = urlparse(url).path.strip("/").removesuffix(".git").split("/")
    return parts[-2], parts[-1]


def extract(git_dir: Path, commit: str, dest: Path) -> tuple[int, int]:
    """Write every blob of `commit` under dest; return (written, missing)."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--full-tree", commit],
        check=True,
        capture_output=True,
    ).stdout
    entries: list[tuple[str, str, str]] = []
    for rec in listing.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind == "blob" and mode != "120000":  # symlinks are left out
            entries.append((mode, sha, path.decode("utf-8", "surrogateescape")))
    proc = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    written = missing = 0
    for mode, sha, path in entries:
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            missing += 1
            continue
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)  # the newline after the content
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if mode == "100755":
            target.chmod(0o755)
        written += 1
    proc.stdin.close()
    proc.wait()
    return written, missing


def fetch(entry: Entry, snapshots: Path, git_dir_template: str | None) -> str:
    dest = snapshots / entry.name
    marker = dest / MARKER
    if marker.is_file() and marker.read_text().strip() == entry.commit:
        return f"{entry.name}: already at {entry.commit[:12]}"
    if dest.exists():
        shutil.rmtree(dest)
    owner, repo = _owner_repo(entry.url)
    if git_dir_template:
        git_dir = Path(git_dir_template.format(owner=owner, repo=repo, name=entry.name))
        if (git_dir / ".git").is_dir():
            git_dir = git_dir / ".git"
        dest.mkdir(parents=True)
        written, missing = extract(git_dir, entry.commit, dest)
        note = f"{written} files" + (
            f", {missing} missing from the git directory" if missing else ""
        )
    else:
        subprocess.run(
            ["git", "clone", "-q", "--filter=blob:none", "--no-checkout", entry.url, str(dest)],
            check=True,
        )
        subprocess.run(
            ["git", "-C", str(dest), "checkout", "-q", "--detach", entry.commit], check=True
        )
        note = "cloned"
    marker.write_text(entry.commit + "\n")
    return f"{entry.name}: {entry.commit[:12]} ({note})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("snapshots", type=Path)
    ap.add_argument("--git-dir", help="template of a local git directory: {owner}, {repo}, {name}")
    ap.add_argument(
        "--manifest", type=Path, default=Path(__file__).resolve().parent / "manifest.toml"
    )
    ap.add_argument("--only", help="comma-separated manifest names")
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    args.snapshots.mkdir(parents=True, exist_ok=True)
    status = 0
    for entry in load_manifest(args.manifest):
        if only is not None and entry.name not in only:
            continue
        try:
            print(fetch(entry, args.snapshots, args.git_dir), flush=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"{entry.name}: not fetched: {exc}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
