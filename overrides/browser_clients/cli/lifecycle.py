"""The lifecycle commands of ``browser-clients``: run, status, wait and results (stop lives in stop.py).

Every command prints a short summary for people, or with ``--json`` one JSON document on stdout for scripts.
``wait`` (and ``run --wait``) shows progress while it polls: redrawn in place on a terminal, plain lines when
stdout is not one; with ``--json`` the progress goes to stderr, and only when stderr is a terminal. Their exit
code says how the work ended (see exits.py): 0 succeeded (or a keep-alive session ended idle), 9 failed,
10 stopped, 11 timed out at the vendor, 8 when the wait itself ran out of time.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from browser_clients._convert import known
from browser_clients._errors import InvalidArgumentError
from browser_clients._vendor import Vendor
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_clients._vendors.browserai.options import BrowserAIOptions
from browser_clients._waiting import DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT
from browser_clients.cli.display import print_json
from browser_clients.cli.exits import outcome_code

if TYPE_CHECKING:
    from browser_clients._client import BrowserClients
    from browser_clients._snapshot import Handle

P = TypeVar("P", bound=argparse.ArgumentParser)

# run's vendor options as flags, named after each vendor's options TypedDict: each flag's destination is the
# option's name, except BrowserAI's geo_location, which its --country, --city and --zipcode make together.
_GEO_FLAGS = ("country", "city", "zipcode")
_BROWSER_USE_FLAGS = tuple(sorted(known(BrowserUseOptions)))
_BROWSERAI_FLAGS = (*sorted(known(BrowserAIOptions) - {"geo_location"}), *_GEO_FLAGS)


def task_types() -> list[str]:
    """Return BrowserAI's task types, from the generated TaskType enum."""
    from browserai_client.models.task_type import TaskType

    return [kind.value for kind in TaskType]


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError("must be a JSON object (a JSON Schema)")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _add_request_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document, for scripts")
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS", help="seconds to wait for each answer")
    parser.add_argument("--max-retries", type=int, help="retries on network failures, 429 and 5xx")


def _add_wait_flags(parser: argparse.ArgumentParser, timeout_flag: str) -> None:
    parser.add_argument(
        timeout_flag, dest="wait_timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"give up waiting after this many seconds (default {DEFAULT_TIMEOUT:g}); the work goes on",
    )  # fmt: skip
    parser.add_argument(
        "--poll-interval", type=_positive, default=DEFAULT_POLL_INTERVAL, metavar="SECONDS",
        help=f"seconds between the first polls, growing while nothing changes (default {DEFAULT_POLL_INTERVAL:g})",
    )  # fmt: skip


def add_commands(commands: argparse._SubParsersAction[P]) -> None:
    """Add run, status, wait and results to the command line's subcommands."""
    vendors = [v.value for v in Vendor]
    run = commands.add_parser("run", help="start a task and print its handle (vendor and id)")
    run.add_argument("vendor", choices=vendors)
    run.add_argument("task", help="what the agent should do (BrowserAI: one instruction)")
    _add_request_flags(run)
    run.add_argument("--wait", action="store_true", help="then wait for the task to end, showing progress")
    _add_wait_flags(run, "--wait-timeout")
    use = run.add_argument_group("Browser-Use options")
    use.add_argument("--model", help="model tier, e.g. bu-mini, bu-max")
    use.add_argument("--keep-alive", action="store_true", default=None, help="stay idle after the task")
    use.add_argument("--session-id", help="dispatch to this idle keep-alive session instead of a new one")
    use.add_argument("--max-cost-usd", help="cost limit in USD, e.g. 2.50")
    use.add_argument("--profile-id", help="browser profile to load")
    use.add_argument("--workspace-id", help="workspace to attach")
    use.add_argument("--proxy-country-code", help="proxy country, e.g. us, de (server default: us)")
    use.add_argument("--output-schema", type=_json_object, help="JSON Schema the output must conform to")
    use.add_argument("--enable-recording", action="store_true", default=None, help="record the session")
    ai = run.add_argument_group("BrowserAI options")
    ai.add_argument("--project", help="project of the task (default: $BROWSERAI_PROJECT)")
    ai.add_argument("--country", help="country the browser appears in (default: US)")
    ai.add_argument("--city")
    ai.add_argument("--zipcode")
    ai.add_argument("--type", choices=task_types(), help="default crawler_automation")
    ai.add_argument("--inspect", action="store_true", default=None)
    run.set_defaults(handler=run_command)

    status = commands.add_parser("status", help="show where a task or session is now")
    status.add_argument("vendor", choices=vendors)
    status.add_argument("id")
    _add_request_flags(status)
    status.set_defaults(handler=status_command)

    wait = commands.add_parser("wait", help="wait for a task or session to end, showing progress")
    wait.add_argument("vendor", choices=vendors)
    wait.add_argument("id")
    wait.add_argument("--json", action="store_true", help="print the final snapshot as JSON, for scripts")
    _add_wait_flags(wait, "--timeout")
    wait.set_defaults(handler=wait_command)

    results = commands.add_parser("results", help="show a BrowserAI task's step results")
    results.add_argument("vendor", choices=vendors)
    results.add_argument("id")
    _add_request_flags(results)
    results.set_defaults(handler=results_command)


def _vendor_options(args: argparse.Namespace) -> dict[str, Any]:
    vendor = Vendor.parse(args.vendor)
    given = {name for name in (*_BROWSER_USE_FLAGS, *_BROWSERAI_FLAGS) if getattr(args, name) is not None}
    foreign = sorted(given - set(_BROWSERAI_FLAGS if vendor is Vendor.BROWSERAI else _BROWSER_USE_FLAGS))
    if foreign:
        flags = ", ".join("--" + name.replace("_", "-") for name in foreign)
        raise InvalidArgumentError(f"{flags}: not an option of {vendor.value}")
    if vendor is Vendor.BROWSER_USE:
        return {name: getattr(args, name) for name in _BROWSER_USE_FLAGS if name in given}
    from browserai_client.models import GeoLocation

    options: dict[str, Any] = {name: getattr(args, name) for name in sorted(given - set(_GEO_FLAGS))}
    if given & set(_GEO_FLAGS):
        where = GeoLocation(country=args.country or "US")
        if args.city is not None:
            where.city = args.city
        if args.zipcode is not None:
            where.zipcode = args.zipcode
        options["geo_location"] = where
    return options


def _wait(clients: BrowserClients, handle: Handle, args: argparse.Namespace) -> int:
    from browser_clients.cli.display import ProgressView, snapshot_text

    view = ProgressView(sys.stderr if args.json else sys.stdout)
    show = view.show if not args.json or view.terminal else None
    try:
        final = clients.wait(handle, timeout=args.wait_timeout, poll_interval=args.poll_interval, on_progress=show)
    finally:
        view.close()
    if args.json:
        print_json(final.to_dict())
    else:
        print(snapshot_text(final))
    return outcome_code(final)


def _clients() -> BrowserClients:
    from browser_clients._client import BrowserClients

    return BrowserClients()


def run_command(args: argparse.Namespace) -> int:
    """Start a task; print its handle, or with --wait follow it to the end."""
    from browser_clients.cli.display import handle_text

    options = _vendor_options(args)
    with _clients() as clients:
        handle = clients.run(args.vendor, args.task, timeout=args.timeout, max_retries=args.max_retries, **options)
        args.handle = handle  # so an interrupted --wait can say what goes on running
        if args.wait:
            if not args.json:
                print(handle)
            return _wait(clients, handle, args)
    if args.json:
        print_json({"vendor": handle.vendor.value, "id": handle.id})
    else:
        print(handle_text(handle))
    return 0


def _handle(args: argparse.Namespace) -> Handle:
    from browser_clients._snapshot import Handle

    handle = Handle.of(args.vendor, args.id)
    args.handle = handle
    return handle


def status_command(args: argparse.Namespace) -> int:
    """Print where a task or session is now."""
    from browser_clients.cli.display import snapshot_text

    with _clients() as clients:
        snapshot = clients.get(_handle(args), timeout=args.timeout, max_retries=args.max_retries)
    if args.json:
        print_json(snapshot.to_dict())
    else:
        print(snapshot_text(snapshot))
    return 0


def wait_command(args: argparse.Namespace) -> int:
    """Wait for a task or session to end, showing progress; print the final snapshot."""
    with _clients() as clients:
        return _wait(clients, _handle(args), args)


def results_command(args: argparse.Namespace) -> int:
    """Print a BrowserAI task's step results."""
    from browser_clients.cli.display import results_text

    with _clients() as clients:
        results = clients.results(_handle(args), timeout=args.timeout, max_retries=args.max_retries)
    if args.json:
        print_json(results.to_dict())
    else:
        print(results_text(results))
    return 0
