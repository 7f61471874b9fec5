"""One typed facade over browser-automation vendors' APIs: BrowserAI's Task API, Browser-Use's Cloud APIs v3 and v4.

    from browser_clients import BrowserClients, Vendor
    with BrowserClients() as clients:            # keys from BROWSERAI_API_KEY / BROWSER_USE_API_KEY
        result = clients.stop("browser-use", id, strategy="task")
        result = clients.stop(Vendor.BROWSERAI, task_id)
        handle = clients.run("browser-use-v4", "Find the cheapest flight to Lisbon")   # or "browserai", ...
        final = clients.wait(handle, timeout=600)   # a Snapshot: common status, steps, Decimal costs, output

Names are imported on first use, so ``import browser_clients`` loads no vendor code until a vendor is used.
``__version__`` is this package's version, ``__document_versions__`` the vendor documents' (both: ``--version``).
CONTRIBUTING.md maps the package file by file.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
"""This package's version: pyproject.toml's (tests/test_version.py keeps the two equal)."""

if TYPE_CHECKING:
    from browser_clients._client import AsyncBrowserClients, BrowserClients
    from browser_clients._contract import Vendor
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
        OutputValidationError,
        PermissionDeniedError,
        RateLimitError,
        ResponseTooLargeError,
        ResponseValidationError,
        ServerError,
        WaitTimeoutError,
    )
    from browser_clients._options import RequestOptions, RunArguments, RunOptions
    from browser_clients._pages import AsyncPages, Pages
    from browser_clients._types import (
        ActiveWork,
        CommonStatus,
        Costs,
        Handle,
        RawResponse,
        Snapshot,
        StopOutcome,
        StopResult,
        SweepReport,
        SweepState,
        SweptItem,
        TaskResults,
        WorkKind,
    )
    from browser_clients._vendors.browser_use.options import BrowserUseOptions
    from browser_clients._vendors.browser_use_v4.options import BrowserUseV4Options
    from browser_clients._vendors.browserai.options import BrowserAIOptions
    from browser_use_client.models import (
        BrowserSessionAction,
        BrowserSessionPage,
        BrowserSessionStatus,
        BrowserSessionView,
        CreateBrowserSessionRequest,
        CreateSessionRequest,
        CustomProxy,
        HTTPValidationError,
        MessagePage,
        MessageView,
        ModelTier,
        ProxyCountryCode,
        SessionPage,
        SessionStatus,
        SessionView,
        StopSessionRequest,
        StopStrategy,
        UpdateBrowserSessionRequest,
        ValidationError,
    )
    from browser_use_v4_client.models import (
        BrowserSettings,
        CreatedRun,
        CreateRunRequest,
        JudgeSettings,
        MessageQueue,
        QueuedMessage,
        QueuedMessageStatus,
        RunAttachment,
        RunAttachmentList,
        RunEvent,
        RunEventPage,
        RunModel,
        RunPage,
        RunStatus,
        RunStatusView,
        RunView,
        SendMessageRequest,
        SessionSummary,
    )
    from browserai_client.models import (
        CreateTaskRequest,
        CreateTaskResponse,
        ErrorResponse,
        GeoLocation,
        GetResultsResponse,
        GetTaskResponse,
        StopTaskRequest,
        StopTaskResponse,
        TaskCommand,
        TaskInstruction,
        TaskStepResult,
        TaskType,
    )

# Where each public name lives; imported on first access (PEP 562), so unused vendors are never loaded.
_MODULES: dict[str, tuple[str, ...]] = {
    "browser_clients._client": ("AsyncBrowserClients", "BrowserClients"),
    "browser_clients._contract": ("Vendor",),
    "browser_clients._types": (
        "ActiveWork",
        "CommonStatus",
        "Costs",
        "Handle",
        "RawResponse",
        "Snapshot",
        "StopOutcome",
        "StopResult",
        "SweepReport",
        "SweepState",
        "SweptItem",
        "TaskResults",
        "WorkKind",
    ),
    "browser_clients._options": ("RequestOptions", "RunArguments", "RunOptions"),
    "browser_clients._vendors.browserai.options": ("BrowserAIOptions",),
    "browser_clients._vendors.browser_use.options": ("BrowserUseOptions",),
    "browser_clients._vendors.browser_use_v4.options": ("BrowserUseV4Options",),
    "browser_clients._pages": ("AsyncPages", "Pages"),
    "browser_clients._errors": (
        "APIConnectionError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "BrowserClientError",
        "ConfigurationError",
        "ConflictError",
        "InvalidArgumentError",
        "InvalidSessionIdError",
        "NotFoundError",
        "OutputValidationError",
        "PermissionDeniedError",
        "RateLimitError",
        "ResponseTooLargeError",
        "ResponseValidationError",
        "ServerError",
        "WaitTimeoutError",
    ),
    "browser_use_client.models": (
        "BrowserSessionAction",
        "BrowserSessionPage",
        "BrowserSessionStatus",
        "BrowserSessionView",
        "CreateBrowserSessionRequest",
        "CreateSessionRequest",
        "CustomProxy",
        "HTTPValidationError",
        "MessagePage",
        "MessageView",
        "ModelTier",
        "ProxyCountryCode",
        "SessionPage",
        "SessionStatus",
        "SessionView",
        "StopSessionRequest",
        "StopStrategy",
        "UpdateBrowserSessionRequest",
        "ValidationError",
    ),
    "browser_use_v4_client.models": (
        "BrowserSettings",
        "CreateRunRequest",
        "CreatedRun",
        "JudgeSettings",
        "MessageQueue",
        "QueuedMessage",
        "QueuedMessageStatus",
        "RunAttachment",
        "RunAttachmentList",
        "RunEvent",
        "RunEventPage",
        "RunModel",
        "RunPage",
        "RunStatus",
        "RunStatusView",
        "RunView",
        "SendMessageRequest",
        "SessionSummary",
    ),
    "browserai_client.models": (
        "CreateTaskRequest",
        "CreateTaskResponse",
        "ErrorResponse",
        "GeoLocation",
        "GetResultsResponse",
        "GetTaskResponse",
        "StopTaskRequest",
        "StopTaskResponse",
        "TaskCommand",
        "TaskInstruction",
        "TaskStepResult",
        "TaskType",
    ),
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}

# Literal, so type checkers see every re-export; tests/test_facade.py checks it against _MODULES.
__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ActiveWork",
    "AsyncBrowserClients",
    "AsyncPages",
    "AuthenticationError",
    "BadRequestError",
    "BrowserAIOptions",
    "BrowserClientError",
    "BrowserClients",
    "BrowserSessionAction",
    "BrowserSessionPage",
    "BrowserSessionStatus",
    "BrowserSessionView",
    "BrowserSettings",
    "BrowserUseOptions",
    "BrowserUseV4Options",
    "CommonStatus",
    "ConfigurationError",
    "ConflictError",
    "Costs",
    "CreateBrowserSessionRequest",
    "CreateRunRequest",
    "CreateSessionRequest",
    "CreateTaskRequest",
    "CreateTaskResponse",
    "CreatedRun",
    "CustomProxy",
    "ErrorResponse",
    "GeoLocation",
    "GetResultsResponse",
    "GetTaskResponse",
    "HTTPValidationError",
    "Handle",
    "InvalidArgumentError",
    "InvalidSessionIdError",
    "JudgeSettings",
    "MessagePage",
    "MessageQueue",
    "MessageView",
    "ModelTier",
    "NotFoundError",
    "OutputValidationError",
    "Pages",
    "PermissionDeniedError",
    "ProxyCountryCode",
    "QueuedMessage",
    "QueuedMessageStatus",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RunArguments",
    "RunAttachment",
    "RunAttachmentList",
    "RunEvent",
    "RunEventPage",
    "RunModel",
    "RunOptions",
    "RunPage",
    "RunStatus",
    "RunStatusView",
    "RunView",
    "SendMessageRequest",
    "ServerError",
    "SessionPage",
    "SessionStatus",
    "SessionSummary",
    "SessionView",
    "Snapshot",
    "StopOutcome",
    "StopResult",
    "StopSessionRequest",
    "StopStrategy",
    "StopTaskRequest",
    "StopTaskResponse",
    "SweepReport",
    "SweepState",
    "SweptItem",
    "TaskCommand",
    "TaskInstruction",
    "TaskResults",
    "TaskStepResult",
    "TaskType",
    "UpdateBrowserSessionRequest",
    "ValidationError",
    "Vendor",
    "WaitTimeoutError",
    "WorkKind",
]


def __getattr__(name: str) -> Any:
    if name == "__document_versions__":  # read from the generated packages, so imported only when asked for
        from browser_clients._contract import document_versions

        return dict(document_versions())
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'browser_clients' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
