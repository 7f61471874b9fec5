"""One typed facade over BrowserAI's Task API and Browser-Use's Cloud API v3.

    from browser_clients import BrowserClients, Vendor
    with BrowserClients() as clients:            # keys from BROWSERAI_API_KEY / BROWSER_USE_API_KEY
        result = clients.stop("browser-use", session_id, strategy="task")
        result = clients.stop(Vendor.BROWSERAI, task_id)

Names are imported on first use, so ``import browser_clients`` loads no vendor code until a vendor is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from browser_use_client.models import (
        HTTPValidationError,
        ModelTier,
        ProxyCountryCode,
        SessionStatus,
        SessionView,
        StopSessionRequest,
        StopStrategy,
        ValidationError,
    )
    from browserai_client.models import ErrorResponse, StopTaskRequest, StopTaskResponse, TaskCommand

    from browser_clients._client import AsyncBrowserClients, BrowserClients
    from browser_clients._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BrowserClientError,
        ConfigurationError,
        ConflictError,
        InvalidArgumentError,
        InvalidSessionIdError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ResponseValidationError,
        ServerError,
    )
    from browser_clients._results import CommonStatus, StopResult
    from browser_clients._vendor import Vendor

_EXPORTS: dict[str, str] = {
    "BrowserClients": "browser_clients._client",
    "AsyncBrowserClients": "browser_clients._client",
    "Vendor": "browser_clients._vendor",
    "CommonStatus": "browser_clients._results",
    "StopResult": "browser_clients._results",
    **dict.fromkeys(
        (
            "BrowserClientError",
            "ConfigurationError",
            "InvalidArgumentError",
            "InvalidSessionIdError",
            "APIStatusError",
            "BadRequestError",
            "AuthenticationError",
            "PermissionDeniedError",
            "NotFoundError",
            "ConflictError",
            "RateLimitError",
            "ServerError",
            "APIConnectionError",
            "APITimeoutError",
            "ResponseValidationError",
        ),
        "browser_clients._errors",
    ),
    **dict.fromkeys(
        (
            "SessionView",
            "SessionStatus",
            "StopStrategy",
            "StopSessionRequest",
            "ModelTier",
            "ProxyCountryCode",
            "HTTPValidationError",
            "ValidationError",
        ),
        "browser_use_client.models",
    ),
    **dict.fromkeys(("StopTaskRequest", "StopTaskResponse", "TaskCommand", "ErrorResponse"), "browserai_client.models"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'browser_clients' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
