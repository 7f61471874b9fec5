"""The options ``run()`` passes on to Browser-Use, named so type checkers see every one of them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from browser_use_client.models.model_tier import ModelTier
    from browser_use_client.models.proxy_country_code import ProxyCountryCode


class BrowserUseOptions(TypedDict, total=False):
    """Browser-Use's create-session fields beyond the task; those left out take the server's defaults."""

    model: ModelTier | str
    session_id: str | uuid.UUID
    """Dispatch the task to this existing idle session (one created with keep_alive) instead of a new one."""
    keep_alive: bool
    """Stay idle after the task, ready for the next one, instead of stopping."""
    max_cost_usd: Decimal | int | float | str
    profile_id: str | uuid.UUID
    workspace_id: str | uuid.UUID
    proxy_country_code: ProxyCountryCode | str | None
    """The proxy's country (lower or upper case); None for no proxy; the server's default is "us"."""
    output_schema: Mapping[str, Any] | None
    """A JSON Schema the output must conform to."""
    enable_recording: bool
