"""Name the options ``run()`` passes on to each vendor: every vendor's own TypedDict, together."""

from __future__ import annotations

from browser_clients._request_options import RequestOptions
from browser_clients._vendors.browser_use.options import BrowserUseOptions
from browser_clients._vendors.browserai.options import BrowserAIOptions


class RunOptions(BrowserAIOptions, BrowserUseOptions, total=False):
    """Every vendor's run() options; passing one the chosen vendor does not take is an InvalidArgumentError."""


class RunArguments(RunOptions, RequestOptions, total=False):
    """What run() takes as keywords: the vendors' run() options and the request options, told apart by name."""


__all__ = ["BrowserAIOptions", "BrowserUseOptions", "RequestOptions", "RunArguments", "RunOptions"]
