"""Requests prepared once per shape are exactly what the generated builders make per call."""

from __future__ import annotations

import uuid

import pytest

from browser_clients import InvalidSessionIdError
from browser_clients._vendors.browser_use import adapter
from browser_clients._vendors.browserai import adapter as browserai
from browser_use_client.api.sessions import stop_session
from browser_use_client.types import UNSET
from browserai_client.api.task import stop_task

CANONICAL = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def test_the_default_stop_of_browser_use_is_prepared_once() -> None:
    assert adapter._STOP_TEMPLATE is not None  # else every stop is built by the generated builder per call


@pytest.mark.parametrize(
    "given",
    [CANONICAL, CANONICAL.upper(), f"  {CANONICAL}\n", uuid.UUID(CANONICAL), CANONICAL.replace("-", "")],
    ids=["canonical", "upper-case", "padded", "uuid", "hex"],
)
def test_a_stop_request_is_what_the_generated_builder_makes(given: object) -> None:
    expected = stop_session._get_kwargs(uuid.UUID(str(given).strip()), body=UNSET)
    assert adapter._stop_request(given, None) == expected


def test_a_stop_request_is_a_new_dict_each_call() -> None:
    first = adapter._stop_request(CANONICAL, None)
    first["headers"]["X-Extra"] = "1"
    assert adapter._stop_request(CANONICAL, None)["headers"] == {}


def test_the_stop_of_browserai_is_prepared_once() -> None:
    assert browserai._stop_template() is not None  # else every stop is built by the generated builder per call


@pytest.mark.parametrize(
    "given",
    ["exec-123", "a.b_c~d", "task 1", "../etc", "a/b?c#d", "é", "..x", "T" * 300],
    ids=["plain", "unreserved", "space", "dot-dot-slash", "reserved", "non-ascii", "dots-prefix", "long"],
)
def test_a_browserai_stop_request_is_what_the_generated_builder_makes(given: str) -> None:
    expected = stop_task._get_kwargs(given, body=browserai._stop_command())
    assert browserai._stop_request(given) == expected


@pytest.mark.parametrize("given", ["", ".", "..", "a\nb"], ids=["empty", "dot", "dot-dot", "control"])
def test_a_browserai_id_no_path_can_hold_is_still_refused(given: str) -> None:
    with pytest.raises(InvalidSessionIdError):
        browserai._stop_request(given)


def test_a_browserai_stop_request_is_a_new_dict_each_call() -> None:
    first = browserai._stop_request("exec-123")
    first["headers"]["X-Extra"] = "1"
    first["json"]["extra"] = True
    again = browserai._stop_request("exec-123")
    assert again["headers"] == {"Content-Type": "application/json"}
    assert again["json"] == {"command": "stop"}
