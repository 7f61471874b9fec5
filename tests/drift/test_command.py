"""The drift subcommands are part of the generator's command line, with the documented defaults."""

from __future__ import annotations

import subprocess
import sys

from generator.cli import build_parser
from generator.drift import ci, command
from tests.drift.conftest import ROOT


def test_drift_subcommand_defaults() -> None:
    args = build_parser().parse_args(["drift", "old.yaml", "new.yaml"])
    assert args.handler is command.run
    assert (args.old, args.new, args.format, args.code, args.fail_on) == (
        "old.yaml",
        "new.yaml",
        "text",
        False,
        "breaking",
    )


def test_drift_ci_subcommand_defaults() -> None:
    args = build_parser().parse_args(["drift-ci"])
    assert args.handler is ci.run
    assert (args.base, args.live, args.output, args.fail_on) == ("origin/main", False, None, "breaking")
    args = build_parser().parse_args(["drift-ci", "HEAD~1", "--live", "--live-url", "a=http://127.0.0.1:1/x"])
    assert (args.base, args.live, args.live_url) == ("HEAD~1", True, ["a=http://127.0.0.1:1/x"])


def test_python_dash_m_generator_drift_runs() -> None:
    spec = "specs/browser-use.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "drift", spec, spec],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout == f"OLD {spec}\nNEW {spec}\nNo changes that matter to a client. Recommended version bump: none.\n"
    )


def test_the_public_api_is_pinned() -> None:
    import generator.drift

    assert generator.drift.__all__ == [
        "Bump",
        "Change",
        "CodeChange",
        "CodeSection",
        "Document",
        "Report",
        "Severity",
        "UnusableInput",
        "compare",
        "from_data",
        "load",
        "render",
    ]
    assert all(hasattr(generator.drift, name) for name in generator.drift.__all__)
