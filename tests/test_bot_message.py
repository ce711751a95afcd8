"""The bot's wording: commit subjects per rule and the fingerprint of the fixes."""

from __future__ import annotations

from gofixmap.bot.message import AppliedFix, commit_subject, fingerprint, marker, read_marker


def fix(rule: str, title: str, target: str = "", path: str = "a.go", line: int = 3) -> AppliedFix:
    return AppliedFix(path, line, rule, title, "passed", 1.0, target, [("old", title)])


def test_subjects_name_the_rule_the_verb_the_count_and_the_kubernetes_field() -> None:
    guards = [
        fix("NM004", "Guard the write with a nil check on pod.Labels", 'pod.Labels["app"]'),
        fix("NM004", "Guard the write", "list.Items[i].Spec.Template.Labels[k]"),
        fix("NM004", "Guard the write", 'obj.GetLabels()["x"]'),
    ]
    assert commit_subject("NM004", guards) == (
        "fix(NM004): guard 3 nil-map writes to Kubernetes labels"
    )
    mixed = [*guards[:1], fix("NM004", "Use metav1.SetMetaDataAnnotation", 'd.Annotations["a"]')]
    assert commit_subject("NM004", mixed) == (
        "fix(NM004): fix 2 nil-map writes to Kubernetes annotations and labels"
    )
    assert commit_subject("NM001", [fix("NM001", "Initialise seen with make")]) == (
        "fix(NM001): initialise the map of 1 nil-map write"
    )
    locks = [fix("MR002", "Lock every access of c.m"), fix("MR002", "Lock every access of d")]
    assert commit_subject("MR002", locks) == "fix(MR002): lock 2 unlocked map accesses"


def test_fingerprint_ignores_line_numbers_and_order_but_not_the_edits() -> None:
    a = [fix("NM001", "Initialise x with make", line=3), fix("NM002", "Guard", path="b.go")]
    moved = [fix("NM002", "Guard", path="b.go", line=40), fix("NM001", "Initialise x with make")]
    assert fingerprint(a) == fingerprint(moved)
    other = [a[0], AppliedFix("b.go", 3, "NM002", "Guard", "passed", 1.0, "", [("old", "new")])]
    assert fingerprint(other) != fingerprint(a)
    assert read_marker("text\n" + marker(fingerprint(a), "abc") + "\n")[:2] == (
        fingerprint(a),
        "abc",
    )
    assert read_marker("no marker") is None
