"""What a vendor's typed surface is given: the client's one send function, sync or async."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

SyncSend = Callable[..., Any]
"""The sync client's ``_send(call, *, timeout=None, max_retries=None)``."""
AsyncSend = Callable[..., Awaitable[Any]]
"""The async client's ``_send``, awaited."""
