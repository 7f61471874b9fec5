"""Parse and run `python -m generator drift OLD NEW`: report what a spec change does, exit on breakage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.drift.compare import compare
from generator.drift.conformance import check_conformance, render_conformance
from generator.drift.errors import UnusableInput
from generator.drift.load import Document, kind_of, load
from generator.drift.meaning import fold
from generator.drift.model import Change, CodeSection, Report, Severity
from generator.drift.report import FORMATS, render
from generator.registry import ROOT, VENDORS, VendorEntry

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

FAIL_ON = ("breaking", "warning", "never")
EXIT_UNUSABLE = 2


def exit_code(report: Report, fail_on: str) -> int:
    """Return 1 when the report has something at or above ``fail_on`` (breaking, warning), else 0."""
    if fail_on == "never":
        return 0
    if report.breaking:
        return 1
    return 1 if fail_on == "warning" and report.count(Severity.WARNING) else 0


def vendor_for(*sources: str) -> VendorEntry | None:
    """Return the registered vendor whose spec file one of ``sources`` names (path, `REF:path` or URL)."""
    for source in sources:
        path = source.partition(":")[2] if kind_of(source) == "git" else source
        for entry in VENDORS:
            if Path(path).name == entry.spec.name:
                return entry
    return None


def add_fail_on(parser: argparse.ArgumentParser) -> None:
    """Add the --fail-on option `drift` and `drift-ci` share."""
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="breaking",
        help="exit 1 when a change at least this severe is found (default breaking; never: always exit 0)",
    )


def register(subparsers: Subparsers) -> None:
    """Add the `drift` subcommand to the generator's command line (generator/cli.py adds `drift-ci`)."""
    parser = subparsers.add_parser(
        "drift",
        help="report what changes between two OpenAPI documents, and whether it breaks clients",
        description="Compare two OpenAPI 3.0/3.1 documents (YAML or JSON), each a file path, a GIT_REF:path "
        "or an http(s) URL. Exit 0 when nothing breaks, 1 when something does, 2 for unusable input.",
    )
    parser.add_argument("old", metavar="OLD", help="the document before the change (with --conformance: ours)")
    parser.add_argument("new", metavar="NEW", help="the document after the change (with --conformance: theirs)")
    parser.add_argument(
        "--conformance",
        action="store_true",
        help="check that OLD, the document our client is built from, agrees with NEW, the vendor's: only what "
        "breaks our client on OLD's operations counts; names and the vendor's other operations are not compared",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    add_fail_on(parser)
    parser.add_argument(
        "--code", action="store_true", help="also generate both clients and compare their public Python API"
    )
    parser.add_argument(
        "--package",
        help="package name for --code (default: the registered vendor's whose spec file OLD or NEW names, "
        "with its overlays and config; else `client`)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Compare OLD with NEW, print the report, and return the exit code."""
    if args.conformance and args.code:
        print("error: --conformance compares documents only; it takes no --code", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        old = load(args.old, "OLD")
        new = load(args.new, "NEW")
        if args.conformance:
            result = check_conformance(old, new)
        else:
            changes = compare(old, new)
    except UnusableInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.conformance:
        sys.stdout.write(render_conformance(result, args.format))
        return exit_code(result.report, args.fail_on)
    code = None
    if args.code:
        from generator.drift.code import compare_code, vendor_code

        entry = vendor_for(args.new, args.old)
        if entry is not None and args.package in (None, entry.package):
            code = vendor_code(entry, old, new, cwd=Path.cwd())
        else:
            code = compare_code(old, new, args.package or "client")
    report = report_of(old, new, changes, code)
    sys.stdout.write(render(report, args.format))
    if code is not None and code.error:
        print(f"error: --code: {code.error}", file=sys.stderr)
        return EXIT_UNUSABLE
    return exit_code(report, args.fail_on)


def package_version() -> str | None:
    """Return the version of browser-clients in pyproject.toml, which a recommended bump applies to (None: unknown)."""
    import tomllib  # not generator.manifest: its importlib.metadata costs every drift run ~30 ms

    try:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def report_of(old: Document, new: Document, changes: tuple[Change, ...], code: CodeSection | None) -> Report:
    """Return the report of a comparison for this package's version, each --code finding with its change."""
    changes, code = fold(changes, code)
    return Report(old.source, new.source, changes, code, package_version())
