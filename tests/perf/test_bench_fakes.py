"""The benchmark's fake Browser-Use account and its incident rounds, checked for what they answer, never for speed.

The incident figure is only worth its number if the fake speaks the documents' shapes (so that the facade reads
every page and stop as it would a real account's) and if every round really stops every session once.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from benchmarks import incident
from benchmarks.fake_account import V3, V4, account_ids, running
from browser_use_client.models import SessionPage, SessionView
from browser_use_v4_client.models import RunPage
from browser_use_v4_client.models import SessionPage as V4SessionPage

SESSIONS = 250


@pytest.fixture(scope="module")
def fake() -> Iterator[str]:
    """Run the fake account, answering at once."""
    with running(0.0) as url:
        yield url


def fetch(url: str, method: str = "GET") -> object:
    """Return the JSON answer to a request to the fake."""
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as answer:
        return json.loads(answer.read())


def test_the_fakes_answers_read_as_the_documents_models_without_deviations(fake: str) -> None:
    fetch(f"{fake}/_reset?sessions={SESSIONS}", "POST")
    page = SessionPage.from_dict(fetch(f"{fake}{V3}/sessions?page=3&page_size=100"))
    assert (page.total, page.page, page.page_size, len(page.sessions)) == (SESSIONS, 3, 100, 50)
    assert page.deviations == ()
    assert {str(s.status) for s in page.sessions} == {"running"}
    first = account_ids(SESSIONS)[0]
    stopped = SessionView.from_dict(fetch(f"{fake}{V3}/sessions/{first}/stop", "POST"))
    assert (str(stopped.id), str(stopped.status), stopped.deviations) == (first, "stopped", ())
    assert RunPage.from_dict(fetch(f"{fake}{V4}/runs?limit=100")).deviations == ()
    assert V4SessionPage.from_dict(fetch(f"{fake}{V4}/sessions?limit=100")).deviations == ()
    stats = fetch(f"{fake}/_stats")
    assert isinstance(stats, dict)
    assert isinstance(stats.pop("first_stop"), float)
    assert stats == {"sessions": SESSIONS, "stops": 1, "stopped": 1, "most_stops_of_one": 1, "lists": 1}


def test_every_incident_round_stops_every_session_once(fake: str) -> None:
    for name, round_ in incident._candidates(fake, SESSIONS).items():
        found = round_()  # each round resets the fake, and raises unless each session was stopped exactly once
        assert name in found
        assert all(value >= 0 for value in found.values()), found
    stats = fetch(f"{fake}/_stats")
    assert isinstance(stats, dict)
    assert stats["stopped"] == SESSIONS
