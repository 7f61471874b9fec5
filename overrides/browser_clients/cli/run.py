"""``browser-clients run VENDOR TASK``: start a task and print its handle, or with ``--wait`` follow it to the end.

Each vendor's run() options are flags named after its options TypedDict (``--keep-alive`` for ``keep_alive``);
BrowserAI's ``geo_location`` is made of ``--country``, ``--city`` and ``--zipcode``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TypeVar

from browser_clients._contract import Vendor
from browser_clients._convert import known
from browser_clients._errors import InvalidArgumentError
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_clients._vendors.browserai.options import BrowserAIOptions
from browser_clients.cli import flags, wait
from browser_clients.cli.output import handle_text, print_json

P = TypeVar("P", bound=argparse.ArgumentParser)

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


def add_command(commands: argparse._SubParsersAction[P]) -> None:
    """Add ``run`` to the command line's subcommands."""
    run = commands.add_parser("run", help="start a task and print its handle (vendor and id)")
    run.add_argument("vendor", choices=flags.vendors())
    run.add_argument("task", help="what the agent should do (BrowserAI: one instruction)")
    flags.add_request_flags(run, json_help="print one JSON document, for scripts")
    flags.add_deadline_flag(run)
    run.add_argument("--wait", action="store_true", help="then wait for the task to end, showing progress")
    flags.add_wait_flags(run, "--wait-timeout")
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
    run.set_defaults(handler=command)


def vendor_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the run() options of ``args.vendor`` its flags set; a flag of another vendor is a usage error."""
    vendor = Vendor.parse(args.vendor)
    given = {name for name in (*_BROWSER_USE_FLAGS, *_BROWSERAI_FLAGS) if getattr(args, name) is not None}
    foreign = sorted(given - set(_BROWSERAI_FLAGS if vendor is Vendor.BROWSERAI else _BROWSER_USE_FLAGS))
    if foreign:
        names = ", ".join("--" + name.replace("_", "-") for name in foreign)
        raise InvalidArgumentError(f"{names}: not an option of {vendor.value}")
    if vendor is not Vendor.BROWSERAI:
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


def command(args: argparse.Namespace) -> int:
    """Start a task; print its handle, or with --wait follow it to the end."""
    options = vendor_options(args)
    with flags.clients() as clients:
        handle = clients.run(args.vendor, args.task, **flags.request_options(args), **options)
        args.handle = handle  # so an interrupted --wait can say what goes on running
        if args.wait:
            if not args.json:
                print(handle)
            return wait.follow(clients, handle, args)
    if args.json:
        print_json({"vendor": handle.vendor.value, "id": handle.id})
    else:
        print(handle_text(handle))
    return 0
