"""The shortcuts on a stop's path read exactly what the long way reads: JSON, answers, headers and results."""

from __future__ import annotations

import dataclasses
import gzip
import json
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from browser_clients import CommonStatus, StopResult, Vendor
from browser_clients._call import NOT_JSON, decode
from browser_clients._response import Answer, whole_response
from browser_clients._transport import _Preparer

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _outcome(read: Any, body: bytes) -> tuple[str, Any]:
    try:
        value = read(body)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are both ValueErrors
        return "not JSON", None
    return ("not JSON", None) if value is NOT_JSON else ("value", value)


@given(
    value=JSON,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]),
    before=st.sampled_from(["", " ", "\n\t"]),
    after=st.sampled_from(["", " ", "\r\n", "x", "{}", "\x00"]),
)
def test_decode_reads_what_json_loads_reads(value: Any, encoding: str, before: str, after: str) -> None:
    body = (before + json.dumps(value, ensure_ascii=False) + after).encode(encoding)
    assert _outcome(decode, body) == _outcome(json.loads, body)


@pytest.mark.parametrize(
    "body",
    [b"", b"NaN", b"-Infinity", b"\xff", b'"\x00"', b"1\x00", b"[1,2", b'{"a":1}{"b":2}', b"[" * 100_000],
    ids=["empty", "nan", "infinity", "not-utf8", "control-char", "nul-after", "cut-short", "two-values", "deep"],
)
def test_decode_agrees_with_json_loads_on_odd_bodies(body: bytes) -> None:
    assert repr(_outcome(decode, body)) == repr(_outcome(json.loads, body))


HEADERS = [(b"Content-Type", b"application/json"), (b"Content-Length", b"7"), (b"X-Request-Id", b"req-1")]


def test_an_answer_makes_the_response_httpx_would_make_only_when_asked() -> None:
    answer = Answer(200, HEADERS, b'{"a":1}', "OK", plain=True)
    assert answer._response is None  # nothing made yet: the facade's path reads status and content only
    assert (answer.status_code, answer.content) == (200, b'{"a":1}')
    expected = httpx.Response(200, headers=HEADERS, content=b'{"a":1}', extensions={"reason_phrase": b"OK"})
    response = answer.response
    assert response is answer.response  # made once, then kept
    assert response.headers.multi_items() == expected.headers.multi_items()
    assert (response.content, response.reason_phrase, response.http_version) == (b'{"a":1}', "OK", "HTTP/1.1")
    assert answer.headers["x-request-id"] == "req-1"


def test_an_encoded_answer_is_decoded_at_once() -> None:
    packed = gzip.compress(b'{"a":1}')
    headers = [(b"Content-Encoding", b"gzip"), (b"Content-Length", str(len(packed)).encode())]
    answer = Answer(200, headers, packed, "OK", plain=False)
    assert answer.content == b'{"a":1}'
    assert answer.response.content == whole_response(200, headers, packed, "OK", plain=False).content


def test_a_corrupt_encoding_fails_while_the_answer_is_made() -> None:
    with pytest.raises(httpx.DecodingError):
        Answer(200, [(b"Content-Encoding", b"gzip")], b"not gzip", "OK", plain=False)


def test_an_answer_of_an_httpx_response_is_that_response() -> None:
    response = httpx.Response(503, headers={"Retry-After": "3"}, content=b"busy")
    answer = Answer.of(response)
    assert (answer.status_code, answer.content, answer.response) == (503, b"busy", response)
    assert answer.headers["retry-after"] == "3"


def _prepare(preparer: _Preparer, **args: Any) -> Any:
    return preparer.prepare({"url": "http://127.0.0.1:1/x", "headers": {"X-Key": "k"}, **args})


def test_a_bodiless_request_says_so_by_method_whatever_came_before() -> None:
    preparer = _Preparer(httpx.Headers({"User-Agent": "ua"}))
    post = _prepare(preparer, method="post")
    get = _prepare(preparer, method="GET")
    with_body = _prepare(preparer, method="POST", json={"a": 1})
    again = _prepare(preparer, method="post")
    assert post[0] == again[0] == "POST"
    assert post[2] == again[2] == (("user-agent", "ua"), ("X-Key", "k"), ("Content-Length", "0"))
    assert get[2] == (("user-agent", "ua"), ("X-Key", "k"))
    assert with_body[2] == (
        ("user-agent", "ua"),
        ("X-Key", "k"),
        ("Content-Type", "application/json"),
        ("Content-Length", "7"),
    )
    assert with_body[3] == b'{"a":1}'


def test_a_stop_result_is_the_frozen_dataclass_it_was() -> None:
    made = StopResult(Vendor.BROWSER_USE, "s-1", CommonStatus.STOPPED, "stopped", None, None, {"id": "s-1"})
    named = StopResult(
        vendor=Vendor.BROWSER_USE, id="s-1", status=CommonStatus.STOPPED, raw_status="stopped", message=None, model=None
    )
    assert made == named  # ``raw`` takes no part in equality
    assert (named.raw, made.raw) == (None, {"id": "s-1"})
    assert "raw=" not in repr(made).replace("raw_status=", "")
    assert dataclasses.replace(made, id="s-2").id == "s-2"
    assert dataclasses.asdict(named)["status"] is CommonStatus.STOPPED
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("asked", "sent", "expected"),
    [
        ("3c90c3cc-0d44-4b50-8888-8dd25736052a", "3c90c3cc-0d44-4b50-8888-8dd25736052a", None),
        ("3C90C3CC-0D44-4B50-8888-8DD25736052A", "3C90C3CC-0D44-4B50-8888-8DD25736052A", None),
        (uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a"), "3c90c3cc-0d44-4b50-8888-8dd25736052a", None),
        ("3c90c3cc-0d44-4b50-8888-8dd25736052a", 7, "3c90c3cc-0d44-4b50-8888-8dd25736052a"),
    ],
    ids=["canonical", "upper-case", "uuid-asked", "id-not-a-string"],
)
def test_a_stopped_session_keeps_the_id_sent(asked: object, sent: object, expected: str | None) -> None:
    from browser_clients._vendors.browser_use.adapter import session_result

    result = session_result(asked, {"id": sent, "status": "stopped"})
    assert result.id == (sent if expected is None else expected)


ASKED = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
ABSENT = object()


@given(
    word=st.sampled_from(["created", "idle", "running", "stopped", "timed_out", "error", "paused", 3, None, ABSENT]),
    verdict=st.sampled_from([None, True, False, 1, 0, "yes", ABSENT]),
    sent=st.sampled_from([ASKED, ASKED.upper(), "other", 7, None, ABSENT]),
    summary=st.sampled_from(["", "clicked", None, 5, ABSENT]),
)
def test_a_stop_answer_read_in_one_pass_is_what_the_long_way_reads(
    word: object, verdict: object, sent: object, summary: object
) -> None:
    from browser_clients._vendors.browser_use import adapter

    fields = {"status": word, "isTaskSuccessful": verdict, "id": sent, "lastStepSummary": summary}
    data = {name: value for name, value in fields.items() if value is not ABSENT}
    quick, slow = adapter.session_result(ASKED, data), adapter._session_result(ASKED, dict(data))
    assert quick == slow  # vendor, id, status, raw status, message and model
    assert (quick.raw, quick.model.to_dict()) == (slow.raw, slow.model.to_dict())


@given(
    message=st.sampled_from(["Task stopped successfully", "", None, 3, ["x"], ABSENT]),
    extra=st.dictionaries(st.sampled_from(["status", "id", "note"]), st.text(max_size=5) | st.none(), max_size=2),
    task_id=st.sampled_from(["exec-123", 7]),
)
def test_a_browserai_stop_answer_read_in_one_pass_is_what_the_long_way_reads(
    message: object, extra: dict[str, Any], task_id: object
) -> None:
    from browser_clients._vendors.browserai import adapter

    data = {**extra, **({} if message is ABSENT else {"message": message})}
    quick, slow = adapter.stop_result(task_id, data), adapter._stop_result(task_id, dict(data))
    assert quick == slow
    assert (quick.raw, quick.model.to_dict()) == (slow.raw, slow.model.to_dict())


def test_a_stop_outcome_is_the_frozen_dataclass_it_was() -> None:
    from browser_clients import StopOutcome
    from browser_clients._errors import NotFoundError

    result = StopResult(Vendor.BROWSER_USE, "s-1", CommonStatus.STOPPED, "stopped", None, None)
    done = StopOutcome(Vendor.BROWSER_USE, "s-1", result)
    failed = StopOutcome(
        vendor=Vendor.BROWSER_USE, id="s-2", error=NotFoundError("gone", status_code=404, vendor="browser-use")
    )
    assert (done.ok, done.unwrap(), failed.ok) == (True, result, False)
    assert done == StopOutcome(Vendor.BROWSER_USE, "s-1", result=result)
    assert dataclasses.replace(done, id="s-3").id == "s-3"
    assert dataclasses.asdict(done)["id"] == "s-1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        done.id = "other"  # type: ignore[misc]
    for both_or_neither in ({}, {"result": result, "error": failed.error}):
        with pytest.raises(ValueError, match="exactly one"):
            StopOutcome(Vendor.BROWSER_USE, "s-4", **both_or_neither)
