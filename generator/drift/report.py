"""Render a drift report as text (a terminal), markdown (a pull-request comment) or JSON (machines).

Each change is one entry, worst first: what changed, what it means for a caller of the generated client, the
operations it affects (each once), where it is, and the Python API changes that come from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.drift.meaning import code_meaning
from generator.drift.model import Change, CodeChange, CodeSection, Report, Severity

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


def _code_json(c: CodeChange) -> dict[str, str]:
    return {
        "severity": c.severity.value,
        "kind": c.kind,
        "object": c.object,
        "message": c.message,
        "meaning": code_meaning(c),
    }


def change_json(c: Change) -> dict[str, Any]:
    """Return one change as JSON: rule, severity, operations, pointer, message, meaning (and its Python API)."""
    data: dict[str, Any] = {
        "severity": c.severity.value,
        "rule": c.rule,
        "operations": list(c.operations),
        "pointer": c.pointer,
        "message": c.message,
        "meaning": c.meaning,
    }
    reached = {use.operation: use.path for use in c.uses[1:] if use.path != c.uses[0].path}
    if reached:
        data["reached_as"] = reached
    if c.python:
        data["python"] = [_code_json(p) for p in c.python]
    return data


def as_json(report: Report) -> dict[str, Any]:
    """Return the report as ``{"semver", "semver_reason", "version", "next_version", "breaking", "changes"}``."""
    advice = report.recommendation
    data: dict[str, Any] = {
        "semver": advice.bump.value,
        "semver_reason": advice.reason,
        "version": advice.version,
        "next_version": advice.next_version,
        "breaking": report.breaking,
        "changes": [change_json(c) for c in report.changes],
    }
    if report.code is not None:
        data["code"] = {
            "package": report.code.package,
            "old_names": report.code.old_names,
            "new_names": report.code.new_names,
            "error": report.code.error,
            "changes": [_code_json(c) for c in report.code.changes],
        }
    return data


def _total(report: Report) -> int:
    return len(report.changes) + (len(report.code.changes) if report.code else 0)


def summary(report: Report, *, strong: str = "") -> list[str]:
    """Return two lines: how many changes of what severity and the bump they need; then why that bump.

    ``strong`` wraps the count and the bump (markdown's ``**``).
    """
    advice = report.recommendation
    total = _total(report)
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Severity)
    following = f" ({advice.version} → {advice.next_version})" if advice.next_version else ""
    noun = "change" if total == 1 else "changes"
    s = strong
    return [
        f"{s}{total} {noun}{s} ({counts}). Recommended version bump: {s}{advice.bump.value}{s}{following}.",
        f"Why {advice.bump.value}: {advice.reason}.",
    ]


def _places(c: Change) -> str:
    first = c.uses[0].path if c.uses else ""
    return ", ".join(u.operation + (f" (as '{u.path}')" if u.path and u.path != first else "") for u in c.uses)


def text(report: Report) -> str:
    """Return the report for a terminal."""
    lines = [f"OLD {report.old}", f"NEW {report.new}"]
    if not _total(report) and not (report.code and report.code.error):
        lines.append("No changes that matter to a client. Recommended version bump: none.")
        return "\n".join(lines) + "\n"
    lines += summary(report)
    lines += text_sections(report.changes)
    if report.code is not None:
        lines += ["", *_code_text(report.code)]
    return "\n".join(lines) + "\n"


def text_sections(changes: Iterable[Change], titles: dict[Severity, str] | None = None) -> list[str]:
    """Return the terminal lines of ``changes``: a section per severity, an entry per change."""
    changes = list(changes)
    lines: list[str] = []
    for severity in Severity:
        picked = [c for c in changes if c.severity is severity]
        if not picked:
            continue
        lines += ["", f"{(titles or _TITLES)[severity]} ({len(picked)}):"]
        for c in picked:
            lines += [f"  - {c.message}  [{c.rule}]", f"    for callers: {c.meaning}", f"    in: {_places(c)}"]
            lines += [f"    Python API: {p.object}: {p.message}  [{p.kind}]" for p in c.python]
            lines.append(f"    at {c.pointer or '/'}")
    return lines


def _names(code: CodeSection) -> str:
    return f"OLD generated with {code.old_names}; NEW with {code.new_names}" if code.old_names else ""


def _code_text(code: CodeSection) -> list[str]:
    names = _names(code)
    lines = [f"Python API of the generated {code.package} (--code{'; ' + names if names else ''}):"]
    if code.error:
        return [*lines, f"  could not compare: {code.error}"]
    if not code.changes:
        return [*lines, "  nothing else user code relies on was removed or changed (additions are not listed)"]
    for c in code.changes:
        lines += [f"  {c.severity.value:<8} {c.object}: {c.message}  [{c.kind}]", f"    for callers: {code_meaning(c)}"]
    return lines


def _lines(parts: list[str]) -> list[str]:
    """Return lines that markdown keeps apart: each but the last ends with a hard break."""
    return [f"{part}<br>" for part in parts[:-1]] + parts[-1:]


def _text(value: str) -> str:
    """Return prose for markdown: no `<` that could open an HTML tag, no line breaks."""
    return value.replace("<", "&lt;").replace("\n", " ")


def _code(value: str) -> str:
    return f"`{value}`" if "`" not in value else f"``{value}``"


def _md_places(c: Change) -> str:
    first = c.uses[0].path if c.uses else ""
    return ", ".join(
        _code(u.operation) + (f" (as {_code(u.path)})" if u.path and u.path != first else "") for u in c.uses
    )


def entries(changes: Iterable[Change]) -> list[str]:
    """Return the markdown list of ``changes``: what changed, for callers, the operations, the Python API, where."""
    lines: list[str] = []
    for c in changes:
        lines += [
            f"- {_text(c.message)} ({_code(c.rule)})",
            f"  - **For callers:** {_text(c.meaning)}",
            f"  - **Operations:** {_md_places(c)}",
        ]
        lines += [f"  - **Python API:** {_code(p.object)}: {_text(p.message)} ({p.severity.value})" for p in c.python]
        lines.append(f"  - **At:** {_code(c.pointer or '/')}")
    return lines


def sections(changes: Iterable[Change], level: int, titles: dict[Severity, str] | None = None) -> list[str]:
    """Return a markdown section per severity, breaking first; other changes folded away."""
    changes = list(changes)
    h = "#" * level
    lines: list[str] = []
    for severity in Severity:
        picked = [c for c in changes if c.severity is severity]
        if not picked:
            continue
        title = f"{(titles or _TITLES)[severity]} ({len(picked)})"
        if severity is Severity.INFO:
            lines += ["", f"<details><summary>{title}</summary>", "", *entries(picked), "", "</details>"]
        else:
            lines += ["", f"{h}# {title}", "", *entries(picked)]
    return lines


def markdown(report: Report, *, level: int = 2) -> str:
    """Return the report as a pull-request comment: one summary line, then each change, breaking first."""
    h = "#" * level
    lines = [f"{h} API drift: {_code(report.old)} → {_code(report.new)}", ""]
    if not _total(report) and not (report.code and report.code.error):
        lines.append("No changes that matter to a client. Recommended version bump: **none**.")
    else:
        lines += _lines(summary(report, strong="**"))
    lines += sections(report.changes, level)
    if report.code is not None:
        lines += ["", f"{h}# Python API of {_code(report.code.package)}", ""]
        names = _names(report.code)
        if names:
            lines += [f"Name locks: {_text(names)}.", ""]
        if report.code.error:
            lines.append(f"Could not compare: {_text(report.code.error)}")
        elif not report.code.changes:
            lines.append("Nothing else user code relies on was removed or changed (additions are not listed).")
        else:
            for c in report.code.changes:
                lines += [
                    f"- **{c.severity.value}** {_code(c.object)}: {_text(c.message)}",
                    f"  - **For callers:** {_text(code_meaning(c))}",
                ]
    return "\n".join(lines) + "\n"
