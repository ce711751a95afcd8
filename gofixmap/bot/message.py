"""What the bot writes: commit messages, the pull request's title and body, the
fingerprint of a set of fixes and the hidden marker that carries it.

Commit messages hold no time, so the same fixes on the same base give the same
commits (the bot's idempotence rests on it); the pull request body carries the
verification time of each fix.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from gofixmap import __version__

TRAILER = "Gofixmap-Fingerprint"
MARKER = re.compile(r"<!-- gofixmap:fingerprint=(\S+) base=(\S+) version=(\S+) -->")
HUMAN_MARKER = "<!-- gofixmap:not-pushed head={head} -->"
BODY_DIFF_LIMIT = 40_000  # GitHub refuses bodies over 65,536 characters


@dataclass
class AppliedFix:
    """One fix the bot committed, as `--format json` lists it."""

    path: str
    line: int
    rule: str
    fix: str  # the fix's title
    verification: str  # "passed" or "unverified" (--no-verify)
    seconds: float | None  # time the verification took; None when not verified
    target: str = field(default="", repr=False)  # the map written (for subjects)
    edits: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (old, new)

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        del d["target"], d["edits"]
        return d


def fingerprint(fixes: list[AppliedFix]) -> str:
    """sha256 of the fixes: path, rule, fix and each edit's old and new text. Line
    numbers are left out, so a base that moves elsewhere keeps the fingerprint."""
    canon = sorted(
        json.dumps([f.path, f.rule, f.fix, sorted(f.edits)], ensure_ascii=False) for f in fixes
    )
    return hashlib.sha256("\n".join(canon).encode()).hexdigest()


_NOUN = {"MR001": "concurrent map write", "MR002": "unlocked map access"}


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun}es" if noun.endswith("ss") else f"{n} {noun}s"


def _written_field(target: str) -> str:
    """The field a Kubernetes map write goes to: `pod.Labels["a"]` → labels,
    `obj.GetAnnotations()["a"]` → annotations; "" when there is none."""
    text = target.strip()
    if text.endswith("]"):  # drop the final index: the operand is the map
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {"]": 1, "[": -1}.get(text[i], 0)
            if depth == 0:
                text = text[:i]
                break
    text = text.removesuffix("()")
    name = text.rsplit(".", 1)[-1]
    if name.startswith("Get") and name[3:4].isupper():
        name = name[3:]
    return name.lower() if name.isidentifier() else ""


def commit_subject(rule: str, fixes: list[AppliedFix]) -> str:
    """`fix(NM004): guard 3 nil-map writes to Kubernetes labels`."""
    titles = [f.fix for f in fixes]
    if all(t.startswith("Guard") for t in titles):
        verb = "guard"
    elif all(t.startswith("Lock") for t in titles):
        verb = "lock"
    elif all(t.startswith(("Initialise", "Make")) for t in titles):
        verb = "initialise the map of" if len(fixes) == 1 else "initialise the maps of"
    else:
        verb = "fix"
    subject = f"fix({rule}): {verb} {_plural(len(fixes), _NOUN.get(rule, 'nil-map write'))}"
    if rule == "NM004":
        fields = sorted({_written_field(f.target) for f in fixes} - {""})
        if fields and len(fields) <= 3:
            subject += " to Kubernetes " + " and ".join(fields)
        else:
            subject += " to Kubernetes objects"
    return subject


def _status(f: AppliedFix) -> str:
    return "verified" if f.verification == "passed" else "not verified: --no-verify"


def commit_message(rule: str, fixes: list[AppliedFix], fp: str) -> str:
    lines = [commit_subject(rule, fixes), ""]
    lines += [f"- {f.path}:{f.line}: {f.fix} [{_status(f)}]" for f in fixes]
    lines += ["", f"{TRAILER}: {fp}"]
    return "\n".join(lines) + "\n"


def pr_title(fixes: list[AppliedFix]) -> str:
    return f"gofixmap: fix {len(fixes)} nil-map writes and map races"


def marker(fp: str, base_sha: str) -> str:
    return f"<!-- gofixmap:fingerprint={fp} base={base_sha} version={__version__} -->"


def read_marker(body: str) -> tuple[str, str, str] | None:
    """(fingerprint, base, version) of a body the bot wrote, else None."""
    m = MARKER.search(body)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def pr_body(fixes: list[AppliedFix], diff: str, fp: str, base_sha: str) -> str:
    def verification(f: AppliedFix) -> str:
        if f.verification == "passed":
            return f"verified ({f.seconds:.1f} s)" if f.seconds is not None else "verified"
        return "not verified (--no-verify)"

    rows = "\n".join(
        f"| `{f.path}:{f.line}` | {f.rule} | {f.fix} | {verification(f)} |" for f in fixes
    )
    verified = sum(1 for f in fixes if f.verification == "passed")
    if len(diff) > BODY_DIFF_LIMIT:
        diff = diff[:BODY_DIFF_LIMIT].rsplit("\n", 1)[0] + "\n… (cut; the branch has it all)\n"
    return (
        f"gofixmap fixes {len(fixes)} nil-map writes and map races"
        f" ({verified} verified with `go vet` and `go test -race`).\n\n"
        "| location | rule | fix | verification (time) |\n|---|---|---|---|\n" + rows + "\n\n"
        "To keep a finding instead, close this pull request (it will not be opened again for"
        " the same fixes) or suppress the finding with `//gofixmap:ignore CODE reason` on its"
        " line or the line above.\n\n"
        f"<details><summary>diff</summary>\n\n```diff\n{diff}```\n</details>\n\n"
        f"{marker(fp, base_sha)}\n"
    )


def human_comment(branch: str, head: str, sha: str) -> str:
    return (
        f"gofixmap did not update `{branch}`: commit {sha[:12]} on it is not the bot's"
        f" (it has no `{TRAILER}` trailer), and the bot never pushes over a human's commit."
        " Merge or close this pull request, or remove that commit, to let the bot continue.\n\n"
        + HUMAN_MARKER.format(head=head)
    )
