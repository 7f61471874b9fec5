"""Answer every Browser-Use call with what the vendor's own published document allows: nothing may deviate.

Prism serves our document, so it agrees with our mistakes. Here the answers come from the vendor's published
document instead (../shared/vendor-docs/, or $BROWSER_USE_PUBLISHED_SPEC): hypothesis builds answers its schemas
allow (nulls wherever it allows them), a loopback server sends them, and every facade call must return, read
every field without a deviation, and give back exactly what was sent. A failure here is our picture of the
vendor being wrong, the outputSchema-null bug of the first release.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser_clients import BrowserClients, CommonStatus, Handle, ResponseValidationError, Vendor
from generator.registry import vendor as registry_entry
from tests.resilience.documents import Document, strategy
from tests.support.loopback import Loopback, Reply, serve
from tests.support.published import published_document

SESSION = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
EXAMPLES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _vendor_schema(name: str) -> dict[str, Any]:
    doc = json.loads(published_document().read_text(encoding="utf-8"))
    resolved: dict[str, Any] = Document(registry_entry("browser-use"), doc).resolve(
        {"$ref": f"#/components/schemas/{name}"}
    )
    return resolved


class _Answers:
    """A loopback server answering every request with the body a test sets."""

    def __init__(self, server: Loopback) -> None:
        self.server = server
        self.body: Any = None
        self._lock = threading.Lock()
        server.script(lambda _r, _h: Reply(200, self.current()))

    def current(self) -> Any:
        with self._lock:
            return self.body

    def answer(self, body: Any) -> None:
        with self._lock:
            self.body = body


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
