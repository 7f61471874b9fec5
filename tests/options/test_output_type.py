"""run(..., output_type=T): T's JSON Schema goes out as Browser-Use's output schema; the output comes back as a T."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any
from typing import TypedDict as PlainTypedDict

import pydantic
import pytest
from typing_extensions import TypedDict

from browser_clients import (
    CommonStatus,
    Handle,
    InvalidArgumentError,
    OutputValidationError,
    ResponseValidationError,
    Snapshot,
    Vendor,
)
from tests.options.conftest import session
from tests.resilience.conftest import SESSION, Surface
from tests.support.loopback import Loopback, Recorded, Reply

ROOT = Path(__file__).resolve().parents[2]


class Flight(pydantic.BaseModel):
    airline: str
    price: float
    stops: list[str] = []


@dataclasses.dataclass
class Hotel:
    name: str
    stars: int


class Page(TypedDict):  # typing_extensions': on Python 3.11 pydantic reads no other
    title: str
    words: int


class OldPage(PlainTypedDict):
    title: str


CASES: list[tuple[type[Any], Any, Any]] = [
    (Flight, Flight(airline="TAP", price=89.5, stops=["OPO"]), {"airline": "TAP", "price": 89.5, "stops": ["OPO"]}),
    (Hotel, Hotel(name="Lisboa", stars=4), {"name": "Lisboa", "stars": 4}),
    (Page, {"title": "Home", "words": 120}, {"title": "Home", "words": 120}),
]


def _vendor(output: Any) -> Any:
    def script(request: Recorded, _handler: Any) -> Reply:
        if request.method == "POST":
            return Reply(200, session(status="created"))
        return Reply(200, session(status="stopped", isTaskSuccessful=True, output=output))

    return script


@pytest.mark.parametrize("as_text", [False, True], ids=["json-value", "json-text"])
@pytest.mark.parametrize(("kind", "value", "sent"), CASES, ids=["pydantic", "dataclass", "typeddict"])
def test_output_type_round_trips(
    surface: Surface, recorder: Loopback, kind: type[Any], value: Any, sent: Any, as_text: bool
) -> None:
    recorder.script(_vendor(json.dumps(sent) if as_text else sent))

    def go(clients: Any) -> Any:
        async def asynchronous() -> tuple[Handle, Snapshot]:
            handle = await clients.run("browser-use", "find one", output_type=kind)
            return handle, await clients.wait(handle, poll_interval=0.01)

        if surface.kind == "async":
            return asynchronous()
        handle = clients.run("browser-use", "find one", output_type=kind)
        return handle, clients.wait(handle, poll_interval=0.01)

    handle, final = surface.run(recorder.url, go)
    create = recorder.requests[0].json()
    assert create["outputSchema"] == pydantic.TypeAdapter(kind).json_schema()
    assert create["task"] == "find one"
    assert handle.output_type is kind
    assert final.output_type is kind
    assert final.parsed_output == value
    assert final.output_as(kind) == value
    assert final.handle.output_type is kind


def test_a_snapshot_without_output_yet_parses_to_none(surface: Surface, recorder: Loopback) -> None:
    recorder.script(lambda _r, _h: Reply(200, session(status="running", output=None)))
    snapshot = surface.run(recorder.url, lambda c: c.get(Handle.of("browser-use", SESSION, output_type=Flight)))
    assert snapshot.parsed_output is None


def test_output_that_does_not_fit_names_the_field_and_keeps_the_output(surface: Surface, recorder: Loopback) -> None:
    bad = {"airline": "TAP", "price": "cheap"}
    recorder.script(_vendor(bad))
    snapshot = surface.run(recorder.url, lambda c: c.get(Handle.of("browser-use", SESSION, output_type=Flight)))
    with pytest.raises(OutputValidationError) as caught:
        _ = snapshot.parsed_output
    assert caught.value.field == "price"
    assert "price" in str(caught.value)
    assert caught.value.output == bad
    assert isinstance(caught.value, ResponseValidationError)
    assert snapshot.output == bad  # the raw output stays available


def test_output_type_is_refused_where_it_cannot_apply(surface: Surface, recorder: Loopback) -> None:
    with pytest.raises(InvalidArgumentError, match="output_type"):
        surface.run(recorder.url, lambda c: c.run("browserai", "x", project="p", output_type=Flight))
    with pytest.raises(InvalidArgumentError, match="not both"):
        surface.run(recorder.url, lambda c: c.run("browser-use", "x", output_type=Flight, output_schema={}))
    with pytest.raises(InvalidArgumentError, match="pydantic model, a dataclass or a TypedDict"):
        surface.run(recorder.url, lambda c: c.run("browser-use", "x", output_type=dict))
    if sys.version_info < (3, 12):
        with pytest.raises(InvalidArgumentError, match="typing_extensions"):
            surface.run(recorder.url, lambda c: c.run("browser-use", "x", output_type=OldPage))
    assert recorder.requests == []
    snapshot = Snapshot(Vendor.BROWSER_USE, SESSION, CommonStatus.RUNNING, "running", None, output={"a": 1})
    with pytest.raises(InvalidArgumentError, match="output_as"):
        _ = snapshot.parsed_output


WITHOUT_PYDANTIC = """
import dataclasses, sys
sys.modules["pydantic"] = None  # as if the extra were not installed: importing it raises ImportError
from browser_clients import BrowserClients, ConfigurationError

@dataclasses.dataclass
class Hotel:
    name: str

with BrowserClients(browser_use_api_key="k", browser_use_base_url="http://127.0.0.1:9") as clients:
    clients.stop  # using the client loads no pydantic
    try:
        clients.run("browser-use", "find", output_type=Hotel)
    except ConfigurationError as error:
        print("ERROR", error)
"""


def test_without_the_extra_output_type_says_which_extra_to_install() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(WITHOUT_PYDANTIC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR output_type needs pydantic" in done.stdout
    assert "browser-clients[pydantic]" in done.stdout


def test_using_the_clients_never_imports_pydantic() -> None:
    program = (
        "import sys\nfrom browser_clients import BrowserClients, Handle\nBrowserClients().with_options(max_retries=0)\n"
    )
    program += "print('pydantic' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "False", done.stderr
