"""Check that our document agrees with what a vendor serves: drift from ours to theirs, minus names and coverage.

The direction is the drift tool's own: OLD is what our generated client was built from (our document), NEW is
what the service does (the vendor's document). A change that breaks a client built on OLD talking to a server
described by NEW is a disagreement: the vendor sending null where we promise a value, a response property we
require that the vendor may leave out, a request value we send that the vendor no longer accepts. What only
renames things (operationIds, tags, schema keys, path parameter names, security scheme keys) or what we do not
cover yet (the vendor's other operations and schemas) is not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from generator.drift.compare import compare
from generator.drift.load import Document
from generator.drift.model import Change, Report, Severity
from generator.drift.normalize import Normalizer
from generator.drift.operations import operations, path_shape
from generator.drift.report import FORMATS, change_json, sections, text_sections

# Rules about names only: the wire is the same, only generated identifiers would differ.
NAMING_RULES = frozenset(
    {
        "operation-id-changed",
        "operation-tag-changed",
        "request-path-parameter-renamed",
        "component-schema-renamed",
        "security-scheme-renamed",
    }
)
# Rules about what the vendor has beyond our document, or about document bookkeeping: not ours to agree with.
COVERAGE_RULES = frozenset(
    {"operation-added", "component-schema-added", "component-schema-removed", "security-scheme-added"}
    | {"security-scheme-removed"}  # a scheme our operations lose shows as a per-operation security change
)
_TITLES = {
    Severity.BREAKING: "Disagreements: breaking for our client",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Other differences",
}


@dataclass(frozen=True)
class Conformance:
    """What checking our document against the vendor's found, on the operations we cover."""

    ours: str
    theirs: str
    covered: tuple[str, ...]  # our operations, as ``POST /sessions``
    changes: tuple[Change, ...]
    ignored: int  # findings about names or coverage, left out of ``changes``

    @property
    def report(self) -> Report:
        """Return the findings as a drift report (for exit codes and counts)."""
        return Report(self.ours, self.theirs, self.changes)

    @property
    def conforms(self) -> bool:
        """Return whether nothing breaks our client."""
        return not self.report.breaking


def _operation_key(label: str) -> tuple[str, str] | None:
    method, _, path = label.partition(" ")
    return (method.lower(), path_shape(path)) if path.startswith("/") else None


def check_conformance(ours: Document, theirs: Document) -> Conformance:
    """Compare ``ours`` (what the client believes) with ``theirs`` (what the vendor serves)."""
    covered = operations(Normalizer(ours, "OURS"))
    kept, ignored = [], 0
    for found in compare(ours, theirs):
        ours_too = tuple(use for use in found.uses if _operation_key(use.operation) in (None, *covered))
        if found.rule in NAMING_RULES or found.rule in COVERAGE_RULES or not ours_too:
            ignored += 1
        else:
            kept.append(replace(found, uses=ours_too))
    labels = tuple(op.label for op in covered.values())
    return Conformance(ours.source, theirs.source, labels, tuple(kept), ignored)


def _summary(result: Conformance) -> str:
    counts = ", ".join(f"{result.report.count(s)} {s.value}" for s in Severity)
    verdict = "conforms: nothing breaks our client" if result.conforms else "DISAGREES with the vendor's document"
    return f"Our document {verdict} ({counts}; {result.ignored} naming or coverage differences not compared)."


def render_conformance(result: Conformance, fmt: str, *, level: int = 2) -> str:
    """Return the conformance result in ``fmt`` (text, markdown or json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "json":
        data = {
            "conforms": result.conforms,
            "covered": list(result.covered),
            "ignored": result.ignored,
            "changes": [change_json(c) for c in result.changes],
        }
        return json.dumps(data, indent=2) + "\n"
    if fmt == "markdown":
        h = "#" * level
        lines = [f"{h} Conformance: `{result.ours}` against `{result.theirs}`", "", _summary(result)]
        lines += ["", f"Operations checked: {', '.join(f'`{label}`' for label in result.covered)}."]
        lines += sections(result.changes, level, _TITLES)
        return "\n".join(lines) + "\n"
    lines = [f"OURS   {result.ours}", f"THEIRS {result.theirs}", f"Operations checked: {', '.join(result.covered)}"]
    lines.append(_summary(result))
    lines += text_sections(result.changes, _TITLES)
    return "\n".join(lines) + "\n"
