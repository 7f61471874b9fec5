"""Requests prepared once per shape are exactly what the generated builders make per call."""

from __future__ import annotations

import uuid

import pytest

from browser_clients._vendors.browser_use import adapter
from browser_use_client.api.sessions import stop_session
from browser_use_client.types import UNSET

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
