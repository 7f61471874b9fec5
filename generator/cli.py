"""Parse the generator's command line: `generate` (the registry, or any one document) and the drift commands."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.errors import PipelineError


def _generate(args: argparse.Namespace) -> int:
    from generator import pipeline

    started = time.perf_counter()
    if args.spec is not None:
        if args.package is None or args.output is None:
            print("error: generate SPEC needs --package NAME and --output DIR", file=sys.stderr)
            return 2
        overlays = tuple(Path(o) for o in args.overlay)
        output = Path(args.output)
        pipeline.build_client(Path(args.spec), args.package, output, overlays=overlays, fresh_names=args.fresh_names)
        lock = pipeline.lock_beside(output)
        print(f"generated {args.package} from {args.spec} into {args.output} (names kept in {lock})")
        return 0
    if args.check:
        stale = pipeline.stale_files()
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        if stale:
            print(
                "error: generated/ is not what specs/ and overrides/ give: run `nox -s generate`",
                file=sys.stderr,
            )
            return 1
        print("generated/ is fresh")
        return 0
    outcome = pipeline.generate_registry(force=args.force)
    elapsed = time.perf_counter() - started
    if outcome.up_to_date:
        print(f"generated/ is up to date ({elapsed:.2f}s)")
    elif outcome.changed:
        print(f"wrote {', '.join(outcome.changed)} ({elapsed:.2f}s)")
    else:
        print(f"regenerated: no changes ({elapsed:.2f}s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate",
        help="regenerate generated/ from the vendor registry, or build one client from SPEC",
        description="Without SPEC: regenerate every registered vendor into generated/ (atomic; a no-op when "
        "nothing changed). With SPEC: build a client from any OpenAPI document into DIR, to try it out.",
    )
    gen.add_argument("spec", nargs="?", help="an OpenAPI document outside the registry (YAML or JSON)")
    gen.add_argument("--package", help="the Python package name to generate (with SPEC)")
    gen.add_argument("--output", help="the directory the package is written to (with SPEC)")
    gen.add_argument("--overlay", action="append", default=[], help="an Overlay 1.0 file to apply (with SPEC)")
    gen.add_argument(
        "--fresh-names",
        action="store_true",
        help="with SPEC: ignore DIR's name lock (DIR.names.yaml beside DIR) and name everything afresh",
    )
    gen.add_argument("--force", action="store_true", help="regenerate even when the manifest says nothing changed")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 naming stale generated files")
    gen.set_defaults(handler=_generate)
    try:
        from generator.drift import ci as drift_ci
        from generator.drift import command as drift_command
    except ImportError:  # the drift tool's extra dependencies are not installed
        pass
    else:
        drift_command.register(commands)
        drift_ci.register(commands)  # ci imports command, never the other way round
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr and a nonzero exit, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except PipelineError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: generated/ is unchanged", file=sys.stderr)
        return 130
    return code
