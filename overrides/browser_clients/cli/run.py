"""``browser-clients run VENDOR TASK``: start a task and print its handle, or with ``--wait`` follow it to the end.

Each vendor's run() options are flags named after its options TypedDict (``--keep-alive`` for ``keep_alive``);
BrowserAI's ``geo_location`` is made of ``--country``, ``--city`` and ``--zipcode``; Browser-Use v4's
``custom_proxy`` (an object) is Python's alone.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TypeVar

from browser_clients._contract import Vendor, adapter
from browser_clients._convert import known
from browser_clients._errors import InvalidArgumentError
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_clients._vendors.browser_use_v4.options import BrowserSettingsOptions
from browser_clients._vendors.browserai.options import BrowserAIOptions
from browser_clients.cli import flags, wait
from browser_clients.cli.output import handle_text, print_json

P = TypeVar("P", bound=argparse.ArgumentParser)

_GEO_FLAGS = ("country", "city", "zipcode")
_NO_FLAG = frozenset({"geo_location", "custom_proxy"})
"""The run() options no single flag gives: BrowserAI's geo_location (_GEO_FLAGS), v4's custom_proxy (Python's)."""
_FLAGS = (
    tuple(sorted((known(BrowserUseOptions) | known(BrowserSettingsOptions) | known(BrowserAIOptions)) - _NO_FLAG))
    + _GEO_FLAGS
)


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
    use.add_argument("--model", help="model tier, e.g. bu-mini, bu-max (v4: a model, e.g. claude-sonnet-5)")
    use.add_argument("--keep-alive", action="store_true", default=None, help="stay idle after the task")
    use.add_argument(
        "--session-id", help="dispatch to this idle keep-alive session instead of a new one (v4: a follow-up run in it)"
    )
    use.add_argument("--max-cost-usd", help="cost limit in USD, e.g. 2.50")
    use.add_argument("--profile-id", help="browser profile to load")
    use.add_argument("--workspace-id", help="workspace to attach")
    use.add_argument("--proxy-country-code", help="proxy country, e.g. us, de (server default: us)")
    use.add_argument("--output-schema", type=_json_object, help="JSON Schema the output must conform to")
    use.add_argument("--enable-recording", action="store_true", default=None, help="record the session")
    v4 = run.add_argument_group("Browser-Use v4 options (besides --model, --session-id, --max-cost-usd, ...)")
    v4.add_argument("--screen-width", type=int, metavar="PIXELS", help="the browser's width")
    v4.add_argument("--screen-height", type=int, metavar="PIXELS", help="the browser's height")
    v4.add_argument("--record", action="store_true", default=None, help="record the browser")
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
    given = {name for name in _FLAGS if getattr(args, name) is not None}
    takes = known(adapter(vendor).OPTIONS) - _NO_FLAG
    foreign = sorted(given - takes - (set(_GEO_FLAGS) if vendor is Vendor.BROWSERAI else set()))
    if foreign:
        names = ", ".join("--" + name.replace("_", "-") for name in foreign)
        raise InvalidArgumentError(f"{names}: not an option of {vendor.value}")
    if vendor is not Vendor.BROWSERAI:
        return {name: getattr(args, name) for name in sorted(given)}
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
