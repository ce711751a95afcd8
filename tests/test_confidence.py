"""Confidence: each finding names the kind of evidence it rests on, whose
level (high, medium, low) ``--confidence`` and the config file filter on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gofixmap import rules
from gofixmap.codemod.model import CONFIDENCE, meets
from tests.test_cli import gofixmap

# One file, three findings of three strengths:
# - NM001 on `seen`: declared nil and never made on the path to the write (high);
# - NM003 on `byOwner[o][n]`: a missing key of the outer map may hold nil (low);
# - MR001 on `counts`: go statements of the function share it (high).
CODE = """package p

import "sync"

func first(names []string) map[string]bool {
	var seen map[string]bool
	for _, n := range names {
		seen[n] = true
	}
	return seen
}

func group(owners, names []string) map[string]map[string]bool {
	byOwner := map[string]map[string]bool{}
	for i, o := range owners {
		byOwner[o][names[i]] = true
	}
	return byOwner
}

func tally(words []string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[w]++
		}()
	}
	wg.Wait()
	return counts
}
"""


def _module(tmp_path: Path, config: str | None = None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "p.go").write_text(CODE)
    if config is not None:
        (tmp_path / ".gofixmap.toml").write_text(config)
    return tmp_path


def _findings(*args: str, cwd: Path) -> list[dict[str, object]]:
    out = gofixmap("--format", "json", "--no-cache", *args, ".", cwd=cwd)
    assert out.returncode in (0, 1), out.stderr
    found: list[dict[str, object]] = json.loads(out.stdout)["findings"]
    return found


def test_every_rule_has_an_evidence_table_with_reasons() -> None:
    for cls in rules.RULES:
        assert cls.EVIDENCE, cls.code
        for kind, (level, why) in cls.EVIDENCE.items():
            assert level in CONFIDENCE, (cls.code, kind)
            assert kind == kind.lower() and " " not in kind, (cls.code, kind)
            assert len(why.split()) >= 5, (cls.code, kind)


def test_levels_order_from_high_to_low() -> None:
    assert meets("high", "medium") and meets("medium", "medium") and meets("low", "low")
    assert not meets("low", "medium") and not meets("medium", "high")


def test_each_finding_carries_its_evidence_and_level(tmp_path: Path) -> None:
    found = _findings(cwd=_module(tmp_path))
    got = {(f["rule"], f["evidence"], f["confidence"]) for f in found}
    assert got == {
        ("NM001", "nil-every-path", "high"),
        ("NM003", "missing-key", "low"),
        ("MR001", "go-statement", "high"),
    }


def test_the_option_drops_weaker_findings_from_report_and_fixes(tmp_path: Path) -> None:
    module = _module(tmp_path)
    assert {f["rule"] for f in _findings("--confidence", "high", cwd=module)} == {
        "NM001",
        "MR001",
    }
    assert {f["rule"] for f in _findings("--confidence", "medium", cwd=module)} == {
        "NM001",
        "MR001",
    }
    assert len(_findings("--confidence", "low", cwd=module)) == 3
    # -w with --confidence high: NM001's write gets its guard, the NM003 write
    # (whose safe guard -w applies at the default level) stays as it was
    out = gofixmap("-w", "--no-cache", "--confidence", "high", ".", cwd=module)
    assert out.returncode in (0, 1), out.stderr
    text = (module / "p.go").read_text()
    assert "byOwner[o][names[i]] = true" in text
    assert "byOwner[o] == nil" not in text
    assert "if seen == nil {" in text


def test_the_config_file_sets_it_and_the_flag_overrides(tmp_path: Path) -> None:
    module = _module(tmp_path, 'confidence = "high"\n')
    assert {f["rule"] for f in _findings(cwd=module)} == {"NM001", "MR001"}
    assert len(_findings("--confidence", "low", cwd=module)) == 3


def test_a_bad_config_value_is_one_clear_error(tmp_path: Path) -> None:
    module = _module(tmp_path, 'confidence = "certain"\n')
    out = gofixmap("--no-cache", ".", cwd=module)
    assert out.returncode == 2
    assert out.stderr.strip().endswith('confidence must be "high", "medium" or "low"')
    assert ".gofixmap.toml" in out.stderr


def test_a_bad_flag_value_is_refused(tmp_path: Path) -> None:
    out = gofixmap("--confidence", "certain", ".", cwd=_module(tmp_path))
    assert out.returncode == 2
    assert "--confidence" in out.stderr


def test_sarif_ranks_results_by_confidence(tmp_path: Path) -> None:
    out = gofixmap("--format", "sarif", "--no-cache", ".", cwd=_module(tmp_path))
    run = json.loads(out.stdout)["runs"][0]
    ranks = {r["ruleId"]: (r["rank"], r["properties"]["confidence"]) for r in run["results"]}
    assert ranks == {"NM001": (90.0, "high"), "NM003": (10.0, "low"), "MR001": (90.0, "high")}
    precision = {r["id"]: r["properties"]["precision"] for r in run["tool"]["driver"]["rules"]}
    assert precision["NM004"] == "low" and precision["NM001"] == "medium"


@pytest.mark.parametrize("level", ["high", "low"])
def test_the_cache_keeps_the_levels(tmp_path: Path, level: str) -> None:
    module = _module(tmp_path / "m")
    cache = tmp_path / "cache"
    runs = [
        gofixmap(
            "--format",
            "json",
            "--confidence",
            level,
            ".",
            cwd=module,
            GOFIXMAP_CACHE_DIR=str(cache),
        )
        for _ in range(2)
    ]
    first, second = (json.loads(r.stdout)["findings"] for r in runs)
    assert first == second
    assert {f["confidence"] for f in first} == ({"high"} if level == "high" else {"high", "low"})


def test_rules_explain_their_evidence() -> None:
    out = gofixmap("rules", "NM004", cwd=Path.cwd())
    assert out.returncode == 0
    assert "- api-field (low):" in out.stdout


def test_batch_units_and_their_journal_key_take_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gofixmap.batch.run import BatchOptions
    from gofixmap.batch.unit import work

    module = _module(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)  # work() moves into the repository
    spec = {"repo_root": str(module), "module_dir": ".", "select": None, "ignore": None}
    assert work({**spec, "confidence": "high"})["by_rule"] == {"MR001": 1, "NM001": 1}
    assert work(spec)["by_rule"] == {"MR001": 1, "NM001": 1, "NM003": 1}
    plain = BatchOptions(out=tmp_path / "out")
    strict = BatchOptions(out=tmp_path / "out", confidence="high")
    assert plain.config_hash() != strict.config_hash()
    assert "confidence" not in plain.config()  # the journals of earlier runs stay valid


def test_the_bot_takes_the_option() -> None:
    from gofixmap.bot import _parser

    args = _parser().parse_args(["--repo", "o/n", "--confidence", "medium"])
    assert args.confidence == "medium"
    with pytest.raises(SystemExit):
        _parser().parse_args(["--repo", "o/n", "--confidence", "sure"])
