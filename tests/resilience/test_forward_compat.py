"""Forward compatibility, built into the generated packages by the pipeline's templates (overrides/templates/).

A vendor's next release must not break today's client: an enum value no document lists parses, keeps its value
and says it is unknown; a property no document lists is kept and goes back out through to_dict; a property
left out stays UNSET. These run on every enum and model of both generated packages, found programmatically,
and on a package generated here from a small document that has the shapes the vendors' documents lack today.
"""

from __future__ import annotations

import copy
import enum
import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml

from tests.resilience.conftest import SESSION, SESSION_BODY
from tests.resilience.documents import NEXT_RELEASE_VALUE, documents, example, next_release, unknown_everywhere, walk
from tests.support.generated import generated
from tests.support.loopback import Reply, serve

ENUMS = [pytest.param(cls, id=f"{d.vendor.name}-{cls.__name__}") for d in documents() for cls in d.enums()]
MODELS_WITH_ENUMS = [
    pytest.param(cls, schema, id=f"{d.vendor.name}-{cls.__name__}")
    for d in documents()
    for cls, schema in d.models()
    if '"enum"' in json.dumps(schema)
]


def test_both_packages_have_enums_and_models_with_enums() -> None:
    names = {p.id for p in ENUMS}
    assert {"browser-use-SessionStatus", "browser-use-ModelTier", "browserai-TaskCommand"} <= names
    assert "browser-use-SessionView" in {p.id for p in MODELS_WITH_ENUMS}


@pytest.mark.parametrize("cls", ENUMS)
def test_every_enum_keeps_a_value_no_document_lists(cls: type[Any]) -> None:
    members = list(cls)
    assert members, "an enum without members"
    for member in members:
        assert cls.parse(member.value) is member
        assert member.is_known is True
    sample = members[0].value
    new: Any = NEXT_RELEASE_VALUE if isinstance(sample, str) else max(m.value for m in members) + 1000
    with pytest.raises(ValueError, match="is not a valid"):
        cls(new)  # code that names a value gets only listed ones: a typo still fails
    unknown = cls.parse(new)
    assert isinstance(unknown, cls)
    assert unknown.is_known is False
    assert unknown.value == new
    assert unknown == new
    assert hash(unknown) == hash(new)
    assert str(unknown) == str(new)
    assert unknown not in members
    assert unknown not in cls
    assert all(unknown != m for m in members)
    assert repr(unknown) == f"{cls.__name__}.parse({new!r})"
    assert json.dumps(unknown) == json.dumps(new)
    for copied in (pickle.loads(pickle.dumps(unknown)), copy.deepcopy(unknown), copy.copy(unknown)):
        assert copied == unknown
        assert copied.is_known is False
    assert pickle.loads(pickle.dumps(members[0])) is members[0]
    with pytest.raises(ValueError, match="is not a valid"):
        cls.parse([] if isinstance(sample, str) else "x")  # a value of the wrong JSON type is still wrong


@pytest.mark.parametrize(("cls", "schema"), MODELS_WITH_ENUMS)
def test_every_model_with_an_enum_parses_a_value_no_document_lists(cls: type[Any], schema: dict[str, Any]) -> None:
    # A body whose every enum position holds a value no document lists (built from the schema, not by hand),
    # and which a next release's document allows.
    body = example(unknown_everywhere(schema))
    jsonschema.validate(body, next_release(schema))
    sent = json.dumps(body).count(NEXT_RELEASE_VALUE)
    assert sent > 0
    model = cls.from_dict(body)
    unknown = [v for v in walk(model) if getattr(v, "is_known", True) is False]
    assert len(unknown) == sent  # each one became its enum's unknown value, none a bare string
    assert all(v.value == NEXT_RELEASE_VALUE and isinstance(v, enum.Enum) for v in unknown)
    assert model.to_dict() == body


def test_the_generated_package_alone_parses_a_new_status() -> None:
    from browser_use_client import AuthenticatedClient
    from browser_use_client.api.sessions import stop_session
    from browser_use_client.models import SessionStatus, SessionView

    body = {**SESSION_BODY, "status": "hibernating", "createdAt": "2023-11-07T05:31:56.120Z", "region": "eu"}
    with serve(lambda _r, _h: Reply(200, body)) as server, AuthenticatedClient(base_url=server.url, token="k") as c:
        session = stop_session.sync(SESSION, client=c)
    assert isinstance(session, SessionView)
    assert isinstance(session.status, SessionStatus)
    assert session.status.is_known is False
    assert session.status == "hibernating"
    assert session.additional_properties == {"region": "eu"}
    assert session.to_dict() == body  # date-times go back out as the text that came in


# A package generated here, from a document with the shapes the vendors' documents do not have yet.

FIXTURE = {
    "openapi": "3.1.0",
    "info": {"title": "Forward compatibility fixture", "version": "1.0.0"},
    "servers": [{"url": "https://fixture.invalid/api"}],
    "components": {
        "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Shape": {"type": "string", "enum": ["circle", "square"]},
            "Level": {"type": "integer", "enum": [1, 2]},
            "Thing": {
                "type": "object",
                "additionalProperties": False,
                "required": ["color", "level", "when"],
                "properties": {
                    "color": {"$ref": "#/components/schemas/Color"},
                    "level": {"$ref": "#/components/schemas/Level"},
                    "when": {"type": "string", "format": "date-time"},
                    "colors": {"type": "array", "items": {"$ref": "#/components/schemas/Color"}},
                    "either": {
                        "anyOf": [{"$ref": "#/components/schemas/Color"}, {"$ref": "#/components/schemas/Shape"}]
                    },
                    "maybe": {"anyOf": [{"$ref": "#/components/schemas/Shape"}, {"type": "null"}]},
                    "note": {"type": "string"},
                },
            },
        },
    },
    "security": [{"Key": []}],
    "paths": {
        "/things/{thing_id}": {
            "get": {
                "operationId": "getThing",
                "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                },
            }
        }
    },
}


@pytest.fixture(scope="module")
def fixture_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("fixture")
    spec = root / "fixture.yaml"
    spec.write_text(yaml.safe_dump(FIXTURE), encoding="utf-8")
    with generated(spec, "fixture_client", root) as package:
        yield package


def test_a_closed_model_still_keeps_what_a_next_release_adds(fixture_package: ModuleType) -> None:
    from fixture_client.models import Thing  # type: ignore[import-not-found]  # generated by the fixture

    body = {"color": "red", "level": 1, "when": "2024-02-29T23:59:59.5+05:30", "addedLater": {"x": [1]}}
    thing = Thing.from_dict(body)
    assert thing.additional_properties == {"addedLater": {"x": [1]}}
    assert thing.to_dict() == body


def test_int_enums_lists_of_enums_and_unions_of_enums(fixture_package: ModuleType) -> None:
    from fixture_client.models import Color, Level, Shape, Thing  # type: ignore[import-not-found]

    body = {
        "color": "blue",
        "level": 3,
        "when": "2024-01-01T00:00:00Z",
        "colors": ["red", "teal"],
        "either": "square",
        "maybe": "hexagon",
    }
    thing = Thing.from_dict(body)
    assert isinstance(thing.color, Color)
    assert (thing.color.value, thing.color.is_known) == ("blue", False)
    assert isinstance(thing.level, Level)
    assert (thing.level.value, thing.level.is_known) == (3, False)
    assert [c.is_known for c in thing.colors] == [True, False]
    assert thing.either is Shape.SQUARE  # a listed value finds its own enum, though Color comes first
    assert isinstance(thing.maybe, Shape)
    assert thing.maybe.is_known is False
    assert thing.to_dict() == body
    assert Thing.from_dict({**body, "either": "octagon"}).either.is_known is False
    assert Thing.from_dict({**body, "maybe": None}).maybe is None
    assert Level.parse(2) is Level.VALUE_2
    with pytest.raises(ValueError, match="is not a valid"):
        Level.parse(True)  # JSON true is no level


@pytest.mark.parametrize(
    ("thing_id", "url"),
    [
        ("a/b", "/things/a%2Fb"),
        ("../x", "/things/..%2Fx"),
        ("a?b=1#c d", "/things/a%3Fb%3D1%23c%20d"),
        ("%2e%2e", "/things/%252e%252e"),
        ("...", "/things/..."),
    ],
)
def test_path_parameters_stay_one_segment(fixture_package: ModuleType, thing_id: str, url: str) -> None:
    from fixture_client.api.default import get_thing  # type: ignore[import-not-found]

    assert get_thing._get_kwargs(thing_id)["url"] == url


@pytest.mark.parametrize("thing_id", ["", ".", ".."])
def test_path_parameters_that_would_change_the_path_are_refused(fixture_package: ModuleType, thing_id: str) -> None:
    from fixture_client.api.default import get_thing  # type: ignore[import-not-found]

    with pytest.raises(ValueError, match="cannot be a path parameter"):
        get_thing._get_kwargs(thing_id)


def test_the_fixture_package_passes_mypy_strict(fixture_package: ModuleType, tmp_path: Path) -> None:
    package = Path(fixture_package.__file__ or "").parent
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), str(package)],
        capture_output=True,
        text=True,
        check=False,
        cwd=package.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
