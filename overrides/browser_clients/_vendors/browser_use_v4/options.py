"""The options ``run()`` passes on to Browser-Use v4, named so type checkers see every one of them."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from browser_use_client.models.custom_proxy import CustomProxy as V3CustomProxy
    from browser_use_v4_client.models.custom_proxy import CustomProxy


class BrowserSettingsOptions(TypedDict, total=False):
    """v4's browser settings that v3's run() options do not have (the others share v3's names)."""

    custom_proxy: CustomProxy | V3CustomProxy | None
    """A proxy of your own instead of the vendor's (v4's model, or v3's, which browser_clients exports)."""
    screen_width: int
    screen_height: int
    record: bool
    """Record the browser."""


class BrowserUseV4Options(BrowserSettingsOptions, total=False):
    """Browser-Use v4's create-run fields beyond the task; those left out are the server's to decide.

    A follow-up run (``session_id``) inherits its session's browser settings: nothing is sent on its behalf.
    """

    model: str
    """The model the run uses (a RunModel or a newer name the server knows)."""
    session_id: str | uuid.UUID
    """Run as a follow-up in this session (it inherits the session's browser settings)."""
    max_cost_usd: Decimal | int | float | str
    workspace_id: str | uuid.UUID
    profile_id: str | uuid.UUID
    """The browser profile to load."""
    proxy_country_code: str | None
    """The proxy's country (lower or upper case); None for no proxy."""
