"""Render a drift report as text (a terminal), markdown (a pull-request comment) or JSON (machines)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.drift.model import Change, CodeSection, Report, Severity

FORMATS = ("text", "markdown", "json")
_TITLES = {
    Severity.BREAKING: "Breaking changes",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Other changes",
}


def render(report: Report, fmt: str, *, level: int = 2) -> str:
    """Return ``report`` in format ``fmt`` (``level`` is the markdown heading level of its title)."""
    if fmt == "json":
        return json.dumps(as_json(report), indent=2) + "\n"
    if fmt == "markdown":
        return markdown(report, level=level)
    return text(report)


def as_json(report: Report) -> dict[str, Any]:
    """Return the report as ``{"semver", "breaking", "changes": [...]}`` (and ``"code"`` with --code)."""
    data: dict[str, Any] = {
        "semver": report.bump.value,
        "breaking": report.breaking,
        "changes": [
            {
                "severity": c.severity.value,
                "operation": c.operation,
                "pointer": c.pointer,
                "message": c.message,
                "rule": c.rule,
            }
            for c in report.changes
        ],
    }
    if report.code is not None:
        data["code"] = {
            "package": report.code.package,
            "error": report.code.error,
            "changes": [
                {"severity": c.severity.value, "kind": c.kind, "object": c.object, "message": c.message}
                for c in report.code.changes
            ],
        }
    return data


def _counts(report: Report) -> str:
    parts = [f"{report.count(s)} {s.value}" for s in Severity]
    return ", ".join(parts)


def text(report: Report) -> str:
    """Return the report for a terminal."""
    lines = [f"OLD {report.old}", f"NEW {report.new}"]
    total = len(report.changes) + (len(report.code.changes) if report.code else 0)
    if not total and not (report.code and report.code.error):
        lines.append("No changes that matter to a client. Recommended version bump: none.")
        return "\n".join(lines) + "\n"
    lines.append(f"{total} changes ({_counts(report)}). Recommended version bump: {report.bump.value}.")
    lines += text_sections(report.changes)
    if report.code is not None:
        lines += ["", *_code_text(report.code)]
    return "\n".join(lines) + "\n"


def text_sections(changes: Iterable[Change], titles: dict[Severity, str] | None = None) -> list[str]:
    """Return the terminal lines of ``changes``: a section per severity, grouped by operation."""
    changes = list(changes)
    lines: list[str] = []
    for severity in Severity:
        picked = [c for c in changes if c.severity is severity]
        if not picked:
            continue
        lines += ["", f"{(titles or _TITLES)[severity]} ({len(picked)}):"]
        for operation, group in grouped(picked):
            lines.append(f"  {operation}")
            for c in group:
                lines += [f"    - {c.message}  [{c.rule}]", f"      at {c.pointer or '/'}"]
    return lines


def grouped(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """Return the changes grouped by operation, in order of first appearance."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(c.operation, []).append(c)
    return list(groups.items())


def _code_text(code: CodeSection) -> list[str]:
    lines = [f"Python API of the generated {code.package} (--code):"]
    if code.error:
        return [*lines, f"  could not compare: {code.error}"]
    if not code.changes:
        return [*lines, "  nothing user code relies on was removed or changed (additions are not listed)"]
    for c in code.changes:
        lines.append(f"  {c.severity.value:<8} {c.object}: {c.message}  [{c.kind}]")
    return lines


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _text(value: str) -> str:
    """Return prose for a table cell: pipes escaped, and no `<` that could open an HTML tag."""
    return _cell(value).replace("<", "&lt;")


def _code(value: str) -> str:
    return f"`{value}`" if "`" not in value else f"``{value}``"


def _row(c: Change) -> str:
    where = _cell(_code(c.pointer or "/"))
    return f"| {_cell(_code(c.operation))} | {_text(c.message)}<br>{where} | {_cell(c.rule)} |"


def rows(changes: Iterable[Change]) -> list[str]:
    """Return a markdown table of ``changes``: operation, message with its pointer, rule."""
    return ["| Operation | Change | Rule |", "| --- | --- | --- |", *(_row(c) for c in changes)]


def markdown(report: Report, *, level: int = 2) -> str:
    """Return the report as a pull-request comment: a summary table, then breaking changes first."""
    h = "#" * level
    lines = [f"{h} API drift: {_code(report.old)} → {_code(report.new)}", ""]
    lines += ["| | breaking | warning | info |", "| --- | ---: | ---: | ---: |"]
    spec = [sum(1 for c in report.changes if c.severity is s) for s in Severity]
    lines.append(f"| OpenAPI | {spec[0]} | {spec[1]} | {spec[2]} |")
    if report.code is not None:
        code = [str(sum(1 for c in report.code.changes if c.severity is s)) for s in Severity]
        shown = "could not compare | | " if report.code.error else " | ".join(code)
        lines.append(f"| Python API | {shown} |")
    lines += ["", f"Recommended version bump: **{report.bump.value}**."]
    for severity in Severity:
        picked = [c for c in report.changes if c.severity is severity]
        if not picked:
            continue
        table = rows(picked)
        title = f"{h}# {_TITLES[severity]} ({len(picked)})"
        if severity is Severity.INFO:
            lines += [
                "",
                f"<details><summary>{_TITLES[severity]} ({len(picked)})</summary>",
                "",
                *table,
                "",
                "</details>",
            ]
        else:
            lines += ["", title, "", *table]
    if report.code is not None:
        lines += ["", f"{h}# Python API of `{report.code.package}`", ""]
        if report.code.error:
            lines.append(f"Could not compare: {_text(report.code.error)}")
        elif not report.code.changes:
            lines.append("Nothing user code relies on was removed or changed (additions are not listed).")
        else:
            lines += ["| Severity | Object | Change |", "| --- | --- | --- |"]
            lines += [
                f"| {c.severity.value} | {_cell(_code(c.object))} | {_text(c.message)} |" for c in report.code.changes
            ]
    return "\n".join(lines) + "\n"
