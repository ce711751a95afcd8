"""The report of a batch run: ``report.json`` (stable keys), ``report.md`` and
``report.html``, whose charts matplotlib draws as SVG inside the page (it opens
offline; without matplotlib, from ``gofixmap[batch]``, the page says so and
keeps its tables)."""

from __future__ import annotations

import html
import io
from collections import Counter
from typing import Any

from gofixmap import __version__
from gofixmap.batch.run import BatchOptions, Outcome

REPORT_VERSION = 1
VERIFICATION = ("passed", "failed", "skipped", "not_run")


def _counter(items: Any) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in items:
        found.update({k: int(v) for k, v in item.items()})
    return found


def build(outcome: Outcome, options: BatchOptions) -> dict[str, Any]:
    """The report as one JSON value; every key is always present."""
    repos: list[dict[str, Any]] = []
    by_repo: dict[str, list[dict[str, Any]]] = {}
    for repo in outcome.repos:
        units: list[dict[str, Any]] = []
        by_repo[repo.name] = units
        repos.append(
            {
                "name": repo.name,
                "source": repo.source,
                "commit": repo.commit or None,
                "error": repo.error or None,
                "note": repo.note or None,
                "pull_request": (
                    outcome.pulls[repo.name].as_json() if repo.name in outcome.pulls else None
                ),
                "units": units,
            }
        )
    for row in outcome.rows:
        c = row.counts
        by_repo[row.unit.repo].append(
            {
                "module": row.unit.module,
                "module_dir": row.unit.module_dir,
                "revision": row.unit.revision,
                "status": row.status,
                "attempts": row.attempts,
                "seconds": round(row.seconds, 3) if row.seconds is not None else None,
                "files": int(c.get("files", 0)),
                "findings": int(c.get("findings", 0)),
                "by_rule": dict(c.get("by_rule", {})),
                "fixes": dict(c.get("fixes", {})),
                "verification": {k: int(c.get("verification", {}).get(k, 0)) for k in VERIFICATION},
                "remaining": int(c.get("remaining", 0)),
                "file_errors": int(c.get("file_errors", 0)),
                "diff": c.get("diff"),
                "json": c.get("json"),
                "error": row.error if row.status == "failed" else None,
            }
        )
    units = [u for r in repos for u in r["units"]]
    statuses = Counter(u["status"] for u in units)
    by_rule = _counter(u["by_rule"] for u in units)
    fixes = _counter(u["fixes"] for u in units)
    verification = _counter(u["verification"] for u in units)
    failures = (
        [{"repo": r["name"], "module": None, "error": r["error"]} for r in repos if r["error"]]
        + [
            {"repo": r["name"], "module": u["module"] or u["module_dir"], "error": u["error"]}
            for r in repos
            for u in r["units"]
            if u["status"] == "failed"
        ]
        + [
            {
                "repo": r["name"],
                "module": None,
                "error": f"pull request: {r['pull_request']['detail']}",
            }
            for r in repos
            if r["pull_request"] and r["pull_request"]["action"] == "error"
        ]
    )
    return {
        "version": REPORT_VERSION,
        "gofixmap": __version__,
        "config": options.config(),
        "executor": outcome.executor or None,
        "totals": {
            "repositories": len(repos),
            "units": len(units),
            **{s: statuses.get(s, 0) for s in ("done", "failed", "pending", "running")},
            "findings": sum(u["findings"] for u in units),
            "fixes": sum(fixes.values()),
            "remaining": sum(u["remaining"] for u in units),
            "unit_seconds": round(sum(u["seconds"] or 0.0 for u in units), 3),
            "run_seconds": round(outcome.seconds, 3),
            "units_run": outcome.ran,
            "retries": outcome.retried,
        },
        "findings_by_rule": dict(sorted(by_rule.items())),
        "fixes_by_applicability": dict(sorted(fixes.items())),
        "verification": {k: verification.get(k, 0) for k in VERIFICATION},
        "repositories": repos,
        "failures": failures,
    }


# -- Markdown ---------------------------------------------------------------------


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _counts(mapping: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(mapping.items()) if v) or "-"


def _unit_rows(report: dict[str, Any]) -> list[list[str]]:
    rows = []
    for repo in report["repositories"]:
        for u in repo["units"]:
            rows.append(
                [
                    repo["name"],
                    u["module"] or u["module_dir"],
                    u["status"],
                    str(u["findings"]),
                    _counts(u["by_rule"]),
                    _counts(u["fixes"]),
                    _counts(u["verification"]),
                    str(u["remaining"]),
                    f"{u['seconds']:.1f}s" if u["seconds"] is not None else "-",
                ]
            )
    return rows


UNIT_HEADER = [
    "repository",
    "module",
    "status",
    "findings",
    "by rule",
    "fixes",
    "verification",
    "remaining",
    "time",
]


def markdown(report: dict[str, Any]) -> str:
    t = report["totals"]
    out = [
        "# gofixmap batch report\n",
        f"gofixmap {report['gofixmap']}; executor: {report['executor'] or 'none (all done)'}\n",
        "| repositories | units | done | failed | findings | fixes | remaining | unit time |",
        "|---|---|---|---|---|---|---|---|",
        f"| {t['repositories']} | {t['units']} | {t['done']} | {t['failed']} | {t['findings']}"
        f" | {t['fixes']} | {t['remaining']} | {t['unit_seconds']:.1f}s |\n",
        "## Findings by rule\n",
        "| rule | findings |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in report["findings_by_rule"].items()),
        "",
        "## Fixes\n",
        f"By applicability: {_counts(report['fixes_by_applicability'])}. "
        f"Verification: {_counts(report['verification'])}.\n",
        "## Units\n",
        "| " + " | ".join(UNIT_HEADER) + " |",
        "|" + "---|" * len(UNIT_HEADER),
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in _unit_rows(report)),
        "",
        "## Failures\n",
    ]
    failures = report["failures"]
    for f in failures:
        where = f"{f['repo']}:{f['module']}" if f["module"] else f["repo"]
        out.append(f"- {_cell(where)}: {_cell(f['error'])}")
    if not failures:
        out.append("None.")
    pulls = [r for r in report["repositories"] if r["pull_request"]]
    if pulls:
        out.append("\n## Pull requests\n")
        for r in pulls:
            p = r["pull_request"]
            out.append(
                f"- {_cell(r['name'])}: {p['action']} {_cell(p['url'] or p['detail'] or '')}"
            )
    notes = [r for r in report["repositories"] if r["note"]]
    if notes:
        out.append("\n## Notes\n")
        out.extend(f"- {_cell(r['name'])}: {_cell(r['note'])}" for r in notes)
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------


def charts(report: dict[str, Any]) -> list[tuple[str, str]] | None:
    """(title, inline SVG) of each chart; None without matplotlib."""
    try:
        import matplotlib
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
    except ImportError:
        return None
    matplotlib.rcParams["svg.hashsalt"] = "gofixmap"  # the same report, the same bytes
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: small, fast, selectable
    units = [(r["name"], u) for r in report["repositories"] for u in r["units"]]
    per_repo = Counter(
        {r["name"]: sum(u["findings"] for u in r["units"]) for r in report["repositories"]}
    )
    done = [
        (name if u["module_dir"] == "." else f"{name}:{u['module_dir']}", u["seconds"] or 0.0)
        for name, u in units
    ]
    done.sort(key=lambda item: -item[1])
    specs = [
        ("Findings per rule", list(report["findings_by_rule"].items()), "#c0392b"),
        ("Findings per repository", sorted(per_repo.items()), "#2c7fb8"),
        ("Verification outcomes", list(report["verification"].items()), "#27ae60"),
        ("Time per unit (s), slowest 20", done[:20], "#8e44ad"),
    ]
    drawn: list[tuple[str, str]] = []
    for title, items, color in specs:
        labels = [str(k) for k, _ in items] or ["(none)"]
        values = [float(v) for _, v in items] or [0.0]
        height = max(2.0, 0.35 * len(labels) + 1.0)
        fig = Figure(figsize=(6.0, height))
        FigureCanvasSVG(fig)
        ax = fig.subplots()
        ax.barh(labels, values, color=color)
        ax.invert_yaxis()
        ax.set_title(title)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.0f}" if v == int(v) else f" {v:.1f}", va="center", fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        # margins from the labels' length (tight_layout measures text: slow)
        longest = max(len(label) for label in labels)
        fig.subplots_adjust(
            left=min(0.55, 0.06 + 0.0135 * longest),
            right=0.9,
            bottom=0.45 / height,
            top=1 - 0.35 / height,
        )
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        svg = buffer.getvalue()
        drawn.append((title, svg[svg.index("<svg") :]))
    return drawn


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;
text-align:left;font-size:14px}th{background:#f4f4f4}.charts{display:flex;flex-wrap:wrap;gap:1em}
.charts figure{margin:0}.failed{color:#b00}.num{text-align:right}
"""


def _td(cell: str) -> str:
    mark = ' class="failed"' if cell == "failed" else ""
    return f"<td{mark}>{html.escape(cell)}</td>"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def to_html(report: dict[str, Any]) -> str:
    t = report["totals"]
    drawn = charts(report)
    if drawn is None:
        figures = "<p>Charts need matplotlib: pip install 'gofixmap[batch]'.</p>"
    else:
        figures = "".join(
            f'<figure aria-label="{html.escape(title)}">{svg}</figure>' for title, svg in drawn
        )
    totals = _table(
        ["repositories", "units", "done", "failed", "findings", "fixes", "remaining", "unit time"],
        [
            [
                str(t["repositories"]),
                str(t["units"]),
                str(t["done"]),
                str(t["failed"]),
                str(t["findings"]),
                str(t["fixes"]),
                str(t["remaining"]),
                f"{t['unit_seconds']:.1f}s",
            ]
        ],
    )
    failures = report["failures"]
    failed = (
        _table(
            ["repository", "module", "error"],
            [[f["repo"], f["module"] or "", f["error"]] for f in failures],
        )
        if failures
        else "<p>None.</p>"
    )
    noted = [[r["name"], r["note"]] for r in report["repositories"] if r["note"]]
    notes = f"<h2>Notes</h2>{_table(['repository', 'note'], noted)}" if noted else ""
    pulled = [
        [
            r["name"],
            r["pull_request"]["action"],
            r["pull_request"]["url"] or "",
            r["pull_request"]["detail"] or "",
        ]
        for r in report["repositories"]
        if r["pull_request"]
    ]
    if pulled:
        notes += (
            f"<h2>Pull requests</h2>{_table(['repository', 'action', 'url', 'detail'], pulled)}"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>gofixmap batch report</title>"
        f"<style>{_STYLE}</style></head><body>"
        "<h1>gofixmap batch report</h1>"
        f"<p>gofixmap {html.escape(report['gofixmap'])}; executor: "
        f"{html.escape(report['executor'] or 'none (all done)')}</p>"
        f'{totals}<div class="charts">{figures}</div>'
        "<h2>Fixes</h2><p>By applicability: "
        f"{html.escape(_counts(report['fixes_by_applicability']))}. "
        f"Verification: {html.escape(_counts(report['verification']))}.</p>"
        f"<h2>Units</h2>{_table(UNIT_HEADER, _unit_rows(report))}"
        f"<h2>Failures</h2>{failed}{notes}</body></html>\n"
    )
