"""Answer every Browser-Use call, v3 and v4, with what the vendor's published documents allow: nothing may deviate.

Prism serves our document, so it agrees with our mistakes. Here the answers come from the vendor's published
document instead (../shared/vendor-docs/, or $BROWSER_USE_PUBLISHED_SPEC and $BROWSER_USE_V4_PUBLISHED_SPEC):
hypothesis builds answers its schemas allow (nulls wherever it allows them), a loopback server sends them, and
every call (the facade's for v3, the generated client's for v4) must return, read every field without a
deviation, and give back exactly what was sent. A failure here is our picture of the vendor being wrong, the
outputSchema-null bug of the first release.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser_clients import BrowserClients, CommonStatus, Handle, ResponseValidationError, Vendor
from browser_use_v4_client import AuthenticatedClient
from browser_use_v4_client.api.browsers import (
    create_browser_session,
    get_browser_session,
    list_browser_sessions,
    update_browser_session,
)
from browser_use_v4_client.api.runs import (
    cancel_run,
    create_run,
    get_run,
    get_run_status,
    list_run_attachments,
    list_run_events,
    list_runs,
)
from browser_use_v4_client.api.sessions import (
    cancel_queued_message,
    get_session,
    list_queued_messages,
    list_sessions,
    send_message,
)
from browser_use_v4_client.models import (
    BrowserSessionAction,
    CreateBrowserSessionRequest,
    CreateRunRequest,
    SendMessageRequest,
    UpdateBrowserSessionRequest,
)
from generator.registry import vendor as registry_entry
from tests.resilience.documents import Document, strategy
from tests.support.loopback import Loopback, Reply, serve
from tests.support.published import published_document

SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _vendor_schema(name: str, vendor: str = "browser-use") -> dict[str, Any]:
    doc = json.loads(published_document(vendor).read_text(encoding="utf-8"))
    resolved: dict[str, Any] = Document(registry_entry(vendor), doc).resolve({"$ref": f"#/components/schemas/{name}"})
    return resolved


class _Answers:
    """A loopback server answering every request with the body a test sets."""

    def __init__(self, server: Loopback) -> None:
        self.server = server
        self.reply = Reply(200, None)
        self._lock = threading.Lock()
        server.script(lambda _r, _h: self.current())

    def current(self) -> Reply:
        with self._lock:
            return self.reply

    def answer(self, body: Any, status: int = 200) -> None:
        with self._lock:
            self.reply = Reply(status, body)


@pytest.fixture(scope="module")
def answers() -> Iterator[_Answers]:
    with serve(lambda _r, _h: Reply(500)) as server:
        yield _Answers(server)


@pytest.fixture(scope="module")
def clients(answers: _Answers) -> Iterator[BrowserClients]:
    # strict: any deviation raises, so a field our document gets wrong fails the test by name.
    with BrowserClients(
        browser_use_api_key="bu-key", browser_use_base_url=answers.server.url, max_retries=0, strict=True
    ) as made:
        yield made


def _sessions() -> st.SearchStrategy[dict[str, Any]]:
    return strategy(_vendor_schema("SessionResponse"))


def _conforms(model: Any, sent: Any) -> None:
    assert model.deviations == (), model.deviations
    assert model.to_dict() == sent


SESSION_CALLS: dict[str, Callable[[BrowserClients], Any]] = {
    "get_session": lambda c: c.browser_use.get_session(SESSION),
    "stop_session": lambda c: c.browser_use.stop_session(SESSION, strategy="task"),
    "create_session": lambda c: c.browser_use.create_session(),
}


@pytest.mark.parametrize("call", sorted(SESSION_CALLS))
def test_every_session_answer_the_vendor_documents_reads_without_deviation(
    answers: _Answers, clients: BrowserClients, call: str
) -> None:
    @EXAMPLES
    @given(body=_sessions())
    def check(body: dict[str, Any]) -> None:
        answers.answer(body)
        _conforms(SESSION_CALLS[call](clients), body)

    check()


def test_the_facade_reads_every_session_answer_the_vendor_documents(answers: _Answers, clients: BrowserClients) -> None:
    @EXAMPLES
    @given(body=_sessions())
    def check(body: dict[str, Any]) -> None:
        answers.answer(body)
        handle = Handle(Vendor.BROWSER_USE, body["id"])  # a vendor answers about the session asked for
        snapshot = clients.get(handle)
        stopped = clients.stop(handle)
        for result in (snapshot, stopped):
            assert result.raw == body
            assert result.raw_status == body["status"]
            assert result.status is not CommonStatus.UNKNOWN  # every status the vendor documents is mapped
            assert result.model is not None
            _conforms(result.model, body)
        assert stopped.id == snapshot.id == str(uuid.UUID(body["id"]))  # the session the vendor answered for
        started = clients.run("browser-use", "Find the cheapest flight")
        assert started.id == str(uuid.UUID(body["id"]))

    check()


@pytest.mark.parametrize(
    ("schema", "call"),
    [
        ("SessionListResponse", lambda c: c.browser_use.list_sessions_page()),
        ("MessageListResponse", lambda c: c.browser_use.list_session_messages_page(SESSION)),
        ("BrowserSessionListResponse", lambda c: c.browser_use.list_browser_sessions_page()),
        ("BrowserSessionView", lambda c: c.browser_use.get_browser_session(SESSION)),
        ("BrowserSessionView", lambda c: c.browser_use.stop_browser_session(SESSION)),
    ],
    ids=["sessions-page", "messages-page", "browsers-page", "get-browser", "stop-browser"],
)
def test_every_list_and_browser_answer_the_vendor_documents_reads_without_deviation(
    answers: _Answers, clients: BrowserClients, schema: str, call: Callable[[BrowserClients], Any]
) -> None:
    @EXAMPLES
    @given(body=strategy(_vendor_schema(schema)))
    def check(body: dict[str, Any]) -> None:
        answers.answer(body)
        _conforms(call(clients), body)

    check()


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


WRONG = st.sampled_from([None, 7, -1.5, "not-what-was-documented", [], {"nested": True}, True])


@st.composite
def _deviating_sessions(draw: st.DrawFn) -> dict[str, Any]:
    body = dict(draw(_sessions()))
    for key in draw(st.lists(st.sampled_from(sorted(body)), min_size=1, max_size=3, unique=True)):
        body[key] = draw(WRONG)
    if draw(st.booleans()):
        del body[draw(st.sampled_from(sorted(body)))]  # a required property may go missing too
    return body


def test_every_facade_call_returns_on_an_answer_that_deviates(answers: _Answers) -> None:
    with BrowserClients(browser_use_api_key="bu-key", browser_use_base_url=answers.server.url, max_retries=0) as c:

        @EXAMPLES
        @given(body=_deviating_sessions())
        def check(body: dict[str, Any]) -> None:
            answers.answer(body)
            # A vendor answers about the session asked for: ask for the one the answer names, when it names one.
            named = body.get("id")
            handle = Handle(Vendor.BROWSER_USE, named if isinstance(named, str) and _is_uuid(named) else SESSION)
            for result in (c.get(handle), c.stop(handle)):
                assert result.raw == body  # nothing the vendor sent is lost
                if result.model is not None:
                    assert result.model.to_dict() == body
                if not isinstance(body.get("status"), str):
                    assert result.status is CommonStatus.UNKNOWN
            for model in (c.browser_use.get_session(SESSION), c.browser_use.stop_session(SESSION)):
                assert model.to_dict() == body
            sent_id = body.get("id")
            if isinstance(sent_id, str) and sent_id.strip():  # any id the vendor names can be followed
                assert c.run("browser-use", "Find the cheapest flight").id == sent_id.strip()
            else:  # nothing names the session: the one case run() cannot hand back, and the body stays on the error
                with pytest.raises(ResponseValidationError, match="carries no session id") as caught:
                    c.run("browser-use", "Find the cheapest flight")
                assert json.loads(caught.value.body) == body

        check()


# v4 has no facade vendor yet: its generated client, strict, reads every answer the vendor's v4 document allows.
RUN = "0b9d4a53-8f2e-4c5a-9a43-3f3f0e6b2a71"


def _v4_calls() -> dict[str, Callable[[Any], Any]]:
    """Return a call of the generated v4 client for each operation of specs/browser-use-v4.yaml."""
    run, session = uuid.UUID(RUN), uuid.UUID(SESSION)
    return {
        "POST /runs": lambda c: create_run.sync(client=c, body=CreateRunRequest(task="Find the cheapest flight")),
        "GET /runs": lambda c: list_runs.sync(client=c),
        "GET /runs/{run_id}": lambda c: get_run.sync(run, client=c),
        "GET /runs/{run_id}/status": lambda c: get_run_status.sync(run, client=c),
        "POST /runs/{run_id}/cancel": lambda c: cancel_run.sync(run, client=c),
        "GET /runs/{run_id}/events": lambda c: list_run_events.sync(run, client=c),
        "GET /runs/{run_id}/attachments": lambda c: list_run_attachments.sync(run, client=c),
        "GET /sessions": lambda c: list_sessions.sync(client=c),
        "GET /sessions/{session_id}": lambda c: get_session.sync(session, client=c),
        "POST /sessions/{session_id}/queue": lambda c: send_message.sync(
            session, client=c, body=SendMessageRequest(text="And the return flight?")
        ),
        "GET /sessions/{session_id}/queue": lambda c: list_queued_messages.sync(session, client=c),
        "DELETE /sessions/{session_id}/queue/{message_id}": lambda c: cancel_queued_message.sync(session, 7, client=c),
        "GET /browsers": lambda c: list_browser_sessions.sync(client=c),
        "POST /browsers": lambda c: create_browser_session.sync(client=c, body=CreateBrowserSessionRequest()),
        "GET /browsers/{session_id}": lambda c: get_browser_session.sync(session, client=c),
        "PATCH /browsers/{session_id}": lambda c: update_browser_session.sync(
            session, client=c, body=UpdateBrowserSessionRequest(action=BrowserSessionAction.STOP)
        ),
    }


def _v4_operations() -> list[str]:
    doc = yaml.safe_load(registry_entry("browser-use-v4").spec.read_text(encoding="utf-8"))
    return sorted(f"{method.upper()} {path}" for path, item in doc["paths"].items() for method in item)


def test_every_v4_operation_is_answered_below() -> None:
    assert sorted(_v4_calls()) == _v4_operations()


@pytest.mark.parametrize("operation", _v4_operations())
def test_every_v4_answer_the_vendor_documents_reads_without_deviation(answers: _Answers, operation: str) -> None:
    method, path = operation.split(" ")
    doc = json.loads(published_document("browser-use-v4").read_text(encoding="utf-8"))
    responses = doc["paths"][path][method.lower()]["responses"]
    status = min(int(code) for code in responses if code.startswith("2"))  # the vendor's answer, as it documents it
    schema = responses[str(status)]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    call = _v4_calls()[operation]
    # strict: any deviation raises, so a field our v4 document gets wrong fails the test by name.
    with AuthenticatedClient(base_url=answers.server.url, token="bu-key", strict=True) as client:

        @EXAMPLES
        @given(body=strategy(_vendor_schema(schema, "browser-use-v4")))
        def check(body: dict[str, Any]) -> None:
            answers.answer(body, status)
            _conforms(call(client), body)

        check()
