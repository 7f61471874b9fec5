"""The facade's surface: configuration, vendors, results, exports and the command line."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

import browser_clients
from browser_clients import (
    BrowserClients,
    CommonStatus,
    ConfigurationError,
    InvalidArgumentError,
    SessionView,
    StopResult,
    Vendor,
)
from tests.support.loopback import Loopback, Recorded, Reply, serve

SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def _answer(request: Recorded, _handler: object) -> Reply:
    if request.raw_path.startswith("/tasks/missing"):
        return Reply(404, {"error": "Task not found"})
    if request.raw_path.startswith("/tasks/"):
        return Reply(200, {"message": "Task stopped successfully"})
    return Reply(
        200,
        {
            "id": SESSION,
            "status": "idle",
            "model": "bu-max",
            "createdAt": "2023-11-07T05:31:56Z",
            "updatedAt": "2023-11-07T05:31:56Z",
        },
    )


@pytest.fixture
def server() -> Iterator[Loopback]:
    with serve(_answer) as loopback:
        yield loopback


def test_public_names_are_pinned() -> None:
    assert browser_clients.__all__ == sorted(
        [
            "APIConnectionError",
            "APIStatusError",
            "APITimeoutError",
            "AsyncBrowserClients",
            "AuthenticationError",
            "BadRequestError",
            "BrowserAIOptions",
            "BrowserClientError",
            "BrowserClients",
            "BrowserUseOptions",
            "CommonStatus",
            "ConfigurationError",
            "ConflictError",
            "Costs",
            "CreateSessionRequest",
            "CreateTaskRequest",
            "CreateTaskResponse",
            "ErrorResponse",
            "GeoLocation",
            "GetResultsResponse",
            "GetTaskResponse",
            "HTTPValidationError",
            "Handle",
            "InvalidArgumentError",
            "InvalidSessionIdError",
            "ModelTier",
            "NotFoundError",
            "OutputValidationError",
            "PermissionDeniedError",
            "ProxyCountryCode",
            "RateLimitError",
            "RawResponse",
            "RequestOptions",
            "ResponseTooLargeError",
            "ResponseValidationError",
            "RunArguments",
            "RunOptions",
            "ServerError",
            "SessionStatus",
            "SessionView",
            "Snapshot",
            "StopOutcome",
            "StopResult",
            "StopSessionRequest",
            "StopStrategy",
            "StopTaskRequest",
            "StopTaskResponse",
            "TaskCommand",
            "TaskInstruction",
            "TaskResults",
            "TaskStepResult",
            "TaskType",
            "ValidationError",
            "Vendor",
            "WaitTimeoutError",
            # the Browser-Use inventory (issue 11)
            "AsyncPages",
            "BrowserSessionAction",
            "BrowserSessionPage",
            "BrowserSessionStatus",
            "BrowserSessionView",
            "CreateBrowserSessionRequest",
            "CustomProxy",
            "MessagePage",
            "MessageView",
            "Pages",
            "SessionPage",
            "UpdateBrowserSessionRequest",
            # the incident sweep (issue 11)
            "ActiveWork",
            "SweepReport",
            "SweepState",
            "SweptItem",
            "WorkKind",
            # Browser-Use v4 (issue 20)
            "BrowserUseV4Options",
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
        ]
    )
    assert sorted(browser_clients._EXPORTS) == browser_clients.__all__
    for module, names in browser_clients._MODULES.items():
        for name in names:
            # The very object of its home module, and a class (every export is a class or an enum).
            assert getattr(browser_clients, name) is getattr(importlib.import_module(module), name)
            assert isinstance(getattr(browser_clients, name), type), name
    with pytest.raises(AttributeError):
        _ = browser_clients.NoSuchName  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        ("browserai", Vendor.BROWSERAI),
        ("Browser_Use", Vendor.BROWSER_USE),
        ("browseruse", Vendor.BROWSER_USE),
    ],
)
def test_vendor_names_parse(text: str, vendor: Vendor) -> None:
    assert Vendor.parse(text) is vendor


def test_unknown_vendor_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown vendor 'skyvern': expected one of browserai, browser-use"):
        BrowserClients(browserai_api_key="k").stop("skyvern", "x")


def test_one_vendors_key_is_enough_and_the_other_names_its_variable(server: Loopback) -> None:
    with BrowserClients(browser_use_api_key="k", browser_use_base_url=server.url) as clients:
        assert clients.stop("browser-use", SESSION).status is CommonStatus.IDLE
        with pytest.raises(ConfigurationError, match="BROWSERAI_API_KEY"):
            clients.stop("browserai", "task-1")
    assert len(server.requests) == 1


def test_keys_and_base_urls_come_from_the_environment(server: Loopback, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSERAI_API_KEY", "env-key")
    monkeypatch.setenv("BROWSERAI_BASE_URL", server.url)
    with BrowserClients() as clients:
        result = clients.stop(Vendor.BROWSERAI, "t")
    assert result.message == "Task stopped successfully"
    assert server.requests[0].headers["authorization"] == "apikey env-key"


def test_default_base_urls_are_the_documents_servers() -> None:
    clients = BrowserClients()
    assert clients._engine.accounts.settings(Vendor.BROWSERAI).base_url == "https://browser.ai/api/v1"
    assert clients._engine.accounts.settings(Vendor.BROWSER_USE).base_url == "https://api.browser-use.com/api/v3"
    # Once resolved, repr shows them (before, it says "<document default>" and loads nothing: test_repr_*).
    assert "https://browser.ai/api/v1" in repr(clients)
    assert "https://api.browser-use.com/api/v3" in repr(clients)


@pytest.mark.parametrize("url", ["ftp://example", "localhost:8080", ""])
def test_bad_base_url_is_rejected_at_construction(url: str) -> None:
    with pytest.raises(ConfigurationError, match="browser_use_base_url must be an http"):
        BrowserClients(browser_use_base_url=url)


def test_browserai_takes_no_strategy() -> None:
    with pytest.raises(InvalidArgumentError, match="no strategy"):
        BrowserClients(browserai_api_key="k").stop("browserai", "t", strategy="task")


def test_unknown_strategy_is_rejected() -> None:
    with pytest.raises(InvalidArgumentError, match="expected one of session, task"):
        BrowserClients(browser_use_api_key="k").stop("browser-use", SESSION, strategy="everything")


def test_stop_result_is_typed_and_serializable(server: Loopback) -> None:
    with BrowserClients(browser_use_api_key="k", browser_use_base_url=server.url) as clients:
        result = clients.stop("browser-use", uuid.UUID(SESSION), strategy="session")
    assert isinstance(result, StopResult)
    assert isinstance(result.model, SessionView)
    assert result.to_dict()["response"]["model"] == "bu-max"
    assert result.to_dict()["status"] == "idle"


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "browser_clients", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
        timeout=60,
    )


def test_cli_stop_prints_the_result_as_json(server: Loopback) -> None:
    done = _cli(
        ["stop", "browser-use", SESSION, "--strategy", "task"],
        {"BROWSER_USE_API_KEY": "k", "BROWSER_USE_BASE_URL": server.url},
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["vendor"] == "browser-use"
    assert out["session_id"] == SESSION
    assert out["status"] == "idle"
    assert server.requests[0].json() == {"strategy": "task"}


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["stop", "browserai", "t"], {}, 2, "BROWSERAI_API_KEY"),
        (["stop", "browser-use", "nope"], {"BROWSER_USE_API_KEY": "k"}, 2, "UUID"),
        (["stop", "browserai", "missing"], {"BROWSERAI_API_KEY": "k"}, 4, "Task not found"),
    ],
)
def test_cli_errors_are_one_line_with_distinct_codes(
    server: Loopback, args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    done = _cli(args, {**env, "BROWSERAI_BASE_URL": server.url})
    assert done.returncode == code
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr
