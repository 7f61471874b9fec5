"""A Browser-Use v4 with nothing on it, on loopback, for the tests of v3 alone: v3 and v4 are one account.

A stop that v3 answers with 404 asks v4 too, and a sweep of the account lists v4's runs and queues; here v4 lists
nothing and knows no id (404), so such a test sees v3's behaviour as it was before v4 joined the account.
"""

from __future__ import annotations

import atexit
import contextlib
from typing import Any

from tests.support.loopback import Recorded, Reply, serve

_EMPTY = {"/runs": {"runs": [], "nextCursor": None, "hasMore": False}, "/sessions": {"sessions": [], "hasMore": False}}
_RUNNING: list[str] = []


def _answer(request: Recorded, _handler: Any) -> Reply:
    listed = _EMPTY.get(request.raw_path.partition("?")[0]) if request.method == "GET" else None
    return Reply(200, listed) if listed is not None else Reply(404, {"detail": "Not Found"})


def empty_v4_url() -> str:
    """Return the base URL of the empty v4 (started on first use, for the whole test run)."""
    if not _RUNNING:
        stack = contextlib.ExitStack()
        _RUNNING.append(stack.enter_context(serve(_answer)).url)
        atexit.register(stack.close)
    return _RUNNING[0]
