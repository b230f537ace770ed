"""Coverage report formats: `text` for a terminal, `json` for tools, `markdown` for a PR comment.

A format only reads the `CoverageReport`; it never knows how an item was judged.
"""

from __future__ import annotations

import json
import os

from checks.coverage.measure import CoverageReport, ProfileCoverage, Result, Where

FORMATS = ("text", "json", "markdown")
SHOWN_PAGES = 5  # the JSON report lists every page
LABEL_WIDTH = 48  # longer labels (caveat reasons) push their arrow right instead of every row's


def _figure(percent: float | None, covered: int, total: int) -> str:
    return "n/a" if percent is None else f"{percent:.1f}% ({covered}/{total})"


def _headline(profile: ProfileCoverage) -> str:
    if not profile.pages:
        return f"{profile.profile}: no pages of this profile; 0 of {profile.total} items covered"
    documented = len(profile.documented)
    return (f"{profile.profile}: {profile.percent:.1f}% of the contract covered ({profile.covered}/{profile.total} items); "
            f"{_figure(profile.scoped_percent, profile.scoped_covered, profile.scoped_total)} for the "
            f"{documented} operation{'s' if documented != 1 else ''} the pages document")


def _missing_groups(profile: ProfileCoverage) -> list[tuple[str, list[Result]]]:
    scoped = [r for r in profile.missing if r.in_scope]
    other = [r for r in profile.missing if not r.in_scope]
    return [(f"missing for the documented operations ({len(scoped)})", scoped),
            (f"missing with routes no page names ({len(other)})", other)]


def _some(paths: list[str], style=str) -> str:
    """The first few paths, and how many more: a big tree must not flood the report."""
    shown = ", ".join(style(path) for path in paths[:SHOWN_PAGES])
    return shown + (f" and {len(paths) - SHOWN_PAGES} more" if len(paths) > SHOWN_PAGES else "")


def _not_counted(report: CoverageReport) -> str | None:
    parts = []
    if report.unprofiled:
        parts.append(f"{len(report.unprofiled)} page{'s' if len(report.unprofiled) != 1 else ''} without a profile "
                     f"({_some(report.unprofiled)})")
    if report.translations:
        parts.append(f"{len(report.translations)} translation{'s' if len(report.translations) != 1 else ''}")
    return f"not counted: {'; '.join(parts)}" if parts else None


# -- text ---------------------------------------------------------------------------------


def render_text(report: CoverageReport) -> str:
    lines = []
    for profile in report.profiles:
        lines.append(_headline(profile))
        if profile.pages:
            lines.append(f"  pages ({len(profile.pages)}): {_some(profile.pages)}")
        for title, results in _missing_groups(profile):
            if not results:
                continue
            lines.append(f"  {title}:")
            width = min(max(len(r.item.label) for r in results), LABEL_WIDTH)
            for result in results:
                where = f"  -> {result.belongs}" if result.belongs else ""
                lines.append(f"    {result.item.kind:<9}  {result.item.label:<{width}}{where}")
        if not profile.missing:
            lines.append("  nothing missing")
        lines.append("")
    note = _not_counted(report)
    if note:
        lines.append(note)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- json ---------------------------------------------------------------------------------


def _where(where: Where | None) -> dict | None:
    return where.as_dict() if where else None


def _profile_json(profile: ProfileCoverage) -> dict:
    return {
        "profile": profile.profile,
        "percent": profile.percent,
        "covered": profile.covered,
        "total": profile.total,
        "documented_operations": list(profile.documented),
        "scoped": {"percent": profile.scoped_percent, "covered": profile.scoped_covered, "total": profile.scoped_total},
        "pages": profile.pages,
        "items": [
            {
                "key": r.item.key, "kind": r.item.kind, "label": r.item.label, "name": r.item.name,
                "operations": list(r.item.operations), "covered": r.covered, "in_scope": r.in_scope,
                "found": _where(r.found), "belongs": _where(r.belongs),
                **({"reason": r.item.reason} if r.item.reason else {}),
            }
            for r in profile.results
        ],
    }


def render_json(report: CoverageReport) -> str:
    document = {
        "profiles": [_profile_json(p) for p in report.profiles],
        "not_counted": {"unprofiled": report.unprofiled, "translations": report.translations},
        "files": report.files,
        "errors": report.errors,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- markdown -----------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_where(where: Where | None) -> str:
    if where is None:
        return "—"
    shown = f"`{where.path}:{where.line}`"
    return f"{shown} ({_cell(where.section)})" if where.section else shown


def _table(results: list[Result], covered: bool) -> list[str]:
    header = "Where it is covered" if covered else "Where it most likely belongs"
    rows = ["| Kind | Item | Covered? | " + header + " |", "| --- | --- | :---: | --- |"]
    for result in results:
        mark = "✅" if result.covered else "❌"
        place = result.found if covered else result.belongs
        rows.append(f"| {result.item.kind} | {_cell(result.item.label)} | {mark} | {_md_where(place)} |")
    return rows


def render_markdown(report: CoverageReport) -> str:
    lines = ["### Docs coverage", "",
             "| Profile | Contract | Documented operations | Missing |", "| --- | ---: | ---: | ---: |"]
    for profile in report.profiles:
        lines.append(f"| `{profile.profile}` | {_figure(profile.percent, profile.covered, profile.total)} | "
                     f"{_figure(profile.scoped_percent, profile.scoped_covered, profile.scoped_total)} | "
                     f"{len(profile.missing)} |")
    for profile in report.profiles:
        lines += ["", f"#### `{profile.profile}`", "", _headline(profile) + "."]
        if profile.pages:
            lines += ["", f"Pages ({len(profile.pages)}): " + _some(profile.pages, lambda p: f"`{os.path.normpath(p)}`")]
        for title, results in _missing_groups(profile):
            if results:
                lines += ["", f"**{title[0].upper() + title[1:]}**", "", *_table(results, covered=False)]
        covered = [r for r in profile.results if r.covered]
        if covered:
            lines += ["", f"<details><summary>Covered ({len(covered)})</summary>", "", *_table(covered, covered=True),
                      "", "</details>"]
    note = _not_counted(report)
    if note:
        lines += ["", f"_{note[0].upper() + note[1:]}._"]
    return "\n".join(lines) + "\n"


def render(fmt: str, report: CoverageReport) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report)
