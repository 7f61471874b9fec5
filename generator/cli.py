"""Parse the generator's command line: `generate` (the registry, or any one document) and the drift commands."""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

from generator.errors import PipelineError

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
TOOL_GROUPS = ("generate", "drift")
"""The dependency groups of pyproject.toml that the generator's commands need (nox installs them per session)."""
DRIFT_COMMANDS = {
    "drift": "report what changes between two OpenAPI documents, and whether it breaks clients",
    "drift-ci": "check every registered vendor's document for drift against a git ref (CI's drift gate)",
}


def install_hint() -> str:
    """Return how to install the generator's tools outside nox: the pinned packages of its dependency groups."""
    try:
        groups = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("dependency-groups", {})
        pinned = [req for name in TOOL_GROUPS for req in groups.get(name, []) if isinstance(req, str)]
    except (OSError, tomllib.TOMLDecodeError):
        pinned = []
    listed = " ".join(f"'{req}'" for req in pinned) or "the packages of pyproject.toml's generate and drift groups"
    return (
        f"install the generator's tools: python -m pip install {listed} "
        "(pip 25.1 or later: python -m pip install --group generate --group drift), or run it through nox "
        "(nox -s generate, nox -s drift)"
    )


def _missing_tools(args: argparse.Namespace) -> int:
    print(
        f"error: python -m generator {args.command} needs the drift tools, not installed here: {install_hint()}",
        file=sys.stderr,
    )
    return 2


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
    except ImportError:  # the drift tools are not installed: list the commands all the same, and say what is missing
        for name, said in DRIFT_COMMANDS.items():
            stand_in = commands.add_parser(name, help=f"{said} (needs the drift tools)", add_help=False)
            stand_in.set_defaults(handler=_missing_tools)  # whatever follows is read by main(), not checked
    else:
        drift_command.register(commands)
        drift_ci.register(commands)  # ci imports command, never the other way round
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr and a nonzero exit, never a traceback."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.handler is not _missing_tools:  # a stand-in takes anything: it only says what to install
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.handler(args)
    except PipelineError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: generated/ is unchanged", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:  # a tool of the generate or drift group is not installed
        print(f"error: python -m generator {args.command} needs {exc.name}, not installed here: {install_hint()}",
              file=sys.stderr)  # fmt: skip
        return 2
    return code
