"""The ``browser-clients`` command line: parse the arguments, run the command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from browser_clients import __version__
from browser_clients._errors import BrowserClientError
from browser_clients.cli import results, run, status, stop, wait
from browser_clients.cli.exits import EXIT_INTERRUPTED, EXIT_USAGE, SUMMARY, exit_code, leaf, output_closed
from browser_clients.cli.output import one_line


def describe() -> str:
    """Return the package's version and its documents' versions on one line (what ``--version`` prints).

    Each document's version is written into its generated package by the pipeline and read through the vendor's
    adapter: it is always that of the document the package was made from (this imports the packages).
    """
    from browser_clients._contract import document_versions

    documents = ", ".join(f"{vendor} {version}" for vendor, version in document_versions().items())
    return f"browser-clients {__version__} (vendor documents: {documents})"


class _Version(argparse.Action):
    """Print the package's and the vendor documents' versions: read when asked for, as they load the packages."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the versions and exit")

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option: str | None = None
    ) -> None:
        sys.stdout.write(describe() + "\n")  # on stdout, as argparse's own version action prints
        parser.exit(0)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line too (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the mistake and exit with the usage code."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = _Parser(
        prog="browser-clients",
        description="Run, watch, wait for and stop browser-automation work on every vendor API it knows.",
        epilog=f"Keys come from BROWSERAI_API_KEY and BROWSER_USE_API_KEY. {SUMMARY}",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True)
    for command in (run, status, wait, results, stop):
        command.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every expected failure is one line on stderr and a distinct exit code."""
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        code: int = args.handler(args)
        return code
    except (Exception, KeyboardInterrupt) as raised:
        error = leaf(raised)
        if isinstance(error, BrowserClientError):
            _say(f"browser-clients: error: {one_line(error)}")
            return exit_code(error)
        if isinstance(error, KeyboardInterrupt):
            return _interrupted(args)
        if isinstance(error, BrokenPipeError):
            code = output_closed()
            _say("browser-clients: standard output was closed (broken pipe): stopped writing")
            return code
        raise


def _say(line: str) -> None:
    if sys.stderr is not None:
        print(line, file=sys.stderr)


def _interrupted(args: argparse.Namespace | None) -> int:
    handle = getattr(args, "handle", None)
    if handle is not None and getattr(args, "command", None) in ("run", "wait"):
        _say(
            f"browser-clients: interrupted; {handle} goes on "
            f"(stop it with: browser-clients stop {handle.vendor.value} {handle.id})"
        )
    else:
        _say("browser-clients: interrupted")
    return EXIT_INTERRUPTED
