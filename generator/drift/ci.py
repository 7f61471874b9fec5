"""Run `python -m generator drift-ci` (what `nox -s drift` runs): freshness, then each vendor's drift.

Without ``--live``: generated/ must equal a regeneration from specs/, and each vendor's spec at the base ref
(default ``origin/main``) is compared with the working tree's, with the Python API section. With ``--live``:
the conformance check of each vendor's spec in specs/ against its currently published document (``live_url``
in the registry): what would break our client on the operations we cover, names and the rest left out.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.drift.compare import compare
from generator.drift.conformance import check_conformance, render_conformance
from generator.drift.errors import GitPathMissing, GitRefMissing, UnusableInput
from generator.drift.load import Document, from_data, load
from generator.drift.model import CodeSection
from generator.drift.report import render
from generator.registry import ROOT, VENDORS, VendorEntry

if TYPE_CHECKING:
    from generator.drift.command import Subparsers

EMPTY = {"openapi": "3.1.0", "info": {"title": "nothing", "version": "0"}, "paths": {}}


def register(subparsers: Subparsers) -> None:
    """Add the `drift-ci` subcommand."""
    from generator.drift.command import add_fail_on

    parser = subparsers.add_parser(
        "drift-ci",
        help="CI gate: generated/ is fresh, and each vendor's spec drift against a base ref (or --live)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "base", nargs="?", default="origin/main", metavar="REF", help="base git ref (default origin/main)"
    )
    parser.add_argument(
        "--live", action="store_true", help="check each vendor's spec in specs/ against its published document"
    )
    parser.add_argument(
        "--live-url",
        action="append",
        default=[],
        metavar="VENDOR=URL",
        help="fetch VENDOR's published document from URL instead of the registry's live_url (repeatable)",
    )
    parser.add_argument("--output", metavar="FILE", help="also write the markdown report to FILE (for a PR comment)")
    parser.add_argument("--no-code", action="store_true", help="skip the Python API section (faster)")
    add_fail_on(parser)
    parser.set_defaults(handler=run)


def _section(entry: VendorEntry, title: str, body: str) -> str:
    return f"## {entry.name}: {title}\n\n{body}\n"


def _code(entry: VendorEntry, old: Document, new: Document) -> CodeSection:
    """Compare the Python API of the vendor's clients from OLD and NEW, as `drift --code` would."""
    from generator.drift.code import vendor_code

    return vendor_code(entry, old, new, cwd=ROOT)


def _working(entry: VendorEntry, label: str) -> Document:
    """Load the vendor's spec from the working tree, named by its repository path."""
    return replace(load(str(entry.spec), label), source=entry.spec.relative_to(ROOT).as_posix())


def _pair(entry: VendorEntry, args: argparse.Namespace, urls: dict[str, str]) -> tuple[Document, Document, str]:
    """Return OLD and NEW for ``entry`` and a note to show above its report (raises UnusableInput)."""
    spec = entry.spec.relative_to(ROOT).as_posix()
    if args.live:
        url = urls.get(entry.name, entry.live_url)
        if url is None:
            raise UnusableInput("NEW", entry.name, "the registry has no live_url for this vendor")
        return _working(entry, "OLD"), load(url, "NEW"), f"`{spec}` against the published document at {url}"
    new = _working(entry, "NEW")
    source = f"{args.base}:{spec}"
    try:
        return load(source, "OLD", cwd=ROOT), new, f"`{source}` against the working tree"
    except GitRefMissing:
        note = f"base ref `{args.base}` does not exist here: every operation is reported as added"
    except GitPathMissing:
        note = f"`{spec}` does not exist at `{args.base}` (a new vendor): every operation is reported as added"
    return from_data(EMPTY, f"(nothing at {source})"), new, note


def run(args: argparse.Namespace) -> int:
    """Run the gate; print the markdown report, write it to --output, and return the exit code."""
    from generator.drift.command import EXIT_UNUSABLE, exit_code, report_of

    urls = dict(item.split("=", 1) for item in args.live_url if "=" in item)
    parts = [f"# API drift {'(live)' if args.live else f'against `{args.base}`'}\n"]
    status = 0
    if not args.live:
        from generator import pipeline  # jinja2 and the generator load only when drift-ci runs

        stale = pipeline.stale_files()
        if stale:
            listed = "\n".join(f"- `{name}`" for name in stale)
            parts.append(f"## Freshness: generated/ is stale\n\nRun `nox -s generate` and commit:\n\n{listed}\n")
            status = 1
        else:
            parts.append("## Freshness\n\ngenerated/ equals a regeneration from specs/.\n")
    for entry in VENDORS:
        try:
            old, new, note = _pair(entry, args, urls)
            if args.live:
                result = check_conformance(old, new)
            else:
                changes = compare(old, new)
        except UnusableInput as exc:
            parts.append(_section(entry, "cannot compare", f"**error:** {exc}"))
            status = max(status, EXIT_UNUSABLE)
            continue
        if args.live:  # names differ between our document and theirs: the Python API section does not apply
            verdict = "conforms" if result.conforms else "disagrees"
            parts.append(_section(entry, verdict, f"{note}\n\n{render_conformance(result, 'markdown', level=3)}"))
            status = max(status, exit_code(result.report, args.fail_on))
            continue
        code = None
        if not args.no_code and not old.source.startswith("(nothing at"):
            code = _code(entry, old, new)
            # The base ref's spec may predate today's overlays: only a NEW that cannot be generated fails.
            if code.error and code.failed == "NEW":
                status = max(status, EXIT_UNUSABLE)
        report = report_of(old, new, changes, code)
        verdict = "breaking" if report.breaking else f"semver {report.bump.value}"
        body = render(report, "markdown", level=3)
        parts.append(_section(entry, verdict, f"{note}\n\n{body}"))
        status = max(status, exit_code(report, args.fail_on))
    text = "\n".join(parts)
    sys.stdout.write(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return status
