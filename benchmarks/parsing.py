"""Parse one session object and read it: our generated model, plain openapi-python-client models and pydantic models.

Every row turns the same bytes (a fully populated Browser-Use session, benchmarks/payloads.py) into a model and
then reads it, in one interleaved run with json.loads alone as the reference:

- *every field*: every public attribute after parsing, ``deviations`` and ``additional_properties`` included,
  and those of the nested models it holds (a figure includes the work it stands for: a model that converted
  lazily would pay here);
- *status and id*: the two attributes a stop or a poll looks at (reported, not targeted).

The models compared are made at bench time from the same document (specs/browser-use.yaml): the pinned
openapi-python-client with its stock templates, and datamodel-code-generator's pydantic v2 models (which also
check the document's decimal-string patterns, with Python's ``re`` since those patterns use a look-ahead, and
drop properties the document does not list). The coverage rows count the model fields the payload sets, so that
a field the payload misses shows in the report instead of flattering the ratio.
"""

from __future__ import annotations

import importlib
import json
import operator
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measure import Figure, figures, interleaved
from benchmarks.payloads import SESSION_BYTES

GROUP = "parse one session object"
REFERENCE = "json.loads alone"
FULL = "SessionView.from_dict(json.loads(...)), every field read"
STATUS_ID = "SessionView.from_dict(json.loads(...)), status and id read"
PLAIN = "plain openapi-python-client SessionView.from_dict(json.loads(...)), every field read"
PLAIN_STATUS_ID = "plain openapi-python-client SessionView.from_dict(json.loads(...)), status and id read"
PYDANTIC = "pydantic SessionView.model_validate(json.loads(...)), every field read"
PYDANTIC_STATUS_ID = "pydantic SessionView.model_validate(json.loads(...)), status and id read"
PYDANTIC_JSON = "pydantic SessionView.model_validate_json(...), every field read"
PYDANTIC_JSON_STATUS_ID = "pydantic SessionView.model_validate_json(...), status and id read"
FIELDS_SET = "SessionView fields the full payload sets"
FIELDS = "SessionView fields in all"

PLAIN_PACKAGE = "plain_browser_use_client"
PYDANTIC_MODULE = "pydantic_browser_use_models"


@dataclass(frozen=True)
class Kind:
    """One kind of model: how it parses the bytes and which attributes count as every public one."""

    parse: Callable[[bytes], Any]
    names: Callable[[Any], list[str]]
    """The public attribute names of a model of this kind."""
    nested: Callable[[Any], bool]
    """Whether a value is a model of this kind (its attributes are read too)."""


def reader(kind: Kind, sample: Any) -> Callable[[Any], object]:
    """Return a function that reads every public attribute of a model shaped like ``sample``, nested models too.

    One ``attrgetter`` per model (C code, the same for every kind), so that reading costs each kind what its
    attributes cost and little besides.
    """
    names = kind.names(sample)
    top = operator.attrgetter(*names)
    inner = [(name, reader(kind, value)) for name in names if kind.nested(value := getattr(sample, name))]

    def read(model: Any) -> object:
        values = top(model)
        for name, read_inner in inner:
            value = getattr(model, name)
            if kind.nested(value):
                read_inner(value)
        return values

    return read


def _attrs_names(model: Any) -> list[str]:
    import attrs

    return [f.name for f in attrs.fields(type(model)) if not f.name.startswith("_")]


def _is_attrs(value: Any) -> bool:
    import attrs

    return attrs.has(type(value))


def _pydantic_names(model: Any) -> list[str]:
    return [*type(model).model_fields, "model_extra"]


def _is_pydantic(value: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(value, BaseModel)


def _run(argv: list[str], cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} exited {done.returncode}: {(done.stderr or done.stdout)[-800:]}")


def generate_plain(spec: Path, into: Path) -> None:
    """Generate ``spec`` with openapi-python-client's stock templates as the package PLAIN_PACKAGE in ``into``."""
    config = into / "plain-config.json"
    config.write_text(json.dumps({"post_hooks": [], "field_prefix": "field_"}), encoding="utf-8")
    argv = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec)]
    _run([*argv, "--output-path", str(into / PLAIN_PACKAGE), "--meta", "none", "--config", str(config)], into)


def generate_pydantic(spec: Path, into: Path) -> None:
    """Generate ``spec``'s schemas as pydantic v2 models in the module PYDANTIC_MODULE in ``into``."""
    argv = [sys.executable, "-m", "datamodel_code_generator", "--input", str(spec), "--input-file-type", "openapi"]
    options = ["--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11"]
    output = ["--output", str(into / f"{PYDANTIC_MODULE}.py"), "--no-formatters", "--disable-timestamp"]
    _run([*argv, *options, *output], into)


@contextmanager
def compared_models() -> Iterator[tuple[type[Any], type[Any]]]:
    """Generate the plain and the pydantic models of Browser-Use's document in scratch; yield their SessionView."""
    from generator.registry import vendor

    spec = vendor("browser-use").spec
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as scratch:
        into = Path(scratch)
        generate_plain(spec, into)
        generate_pydantic(spec, into)
        sys.path.insert(0, scratch)
        try:
            plain = importlib.import_module(f"{PLAIN_PACKAGE}.models").SessionView
            pydantic = importlib.import_module(PYDANTIC_MODULE).SessionView
            yield plain, pydantic
        finally:
            sys.path.remove(scratch)
            for name in [n for n in sys.modules if n.partition(".")[0] in (PLAIN_PACKAGE, PYDANTIC_MODULE)]:
                del sys.modules[name]


def _loop(parse: Callable[[bytes], Any], read: Callable[[Any], object], data: bytes, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        read(parse(data))
    return (time.perf_counter() - started) / repeat


def _nothing(value: object) -> object:
    return value


def coverage() -> tuple[int, int]:
    """Return how many of SessionView's fields the full payload sets (not unset, not None), and how many it has."""
    from browser_use_client.models import SessionView
    from browser_use_client.types import UNSET

    parsed = SessionView.from_dict(json.loads(SESSION_BYTES))
    names = [n for n in _attrs_names(parsed) if n not in ("additional_properties", "deviations")]
    values: list[Any] = [getattr(parsed, name) for name in names]
    return sum(1 for v in values if v is not UNSET and v is not None), len(names)


def run(*, rounds: int, repeat: int) -> list[Figure]:
    """Time parsing the full session and reading it (every field; status and id) for each kind of model."""
    from browser_use_client.models import SessionView

    with compared_models() as (plain, pydantic):
        kinds = {
            (FULL, STATUS_ID): Kind(lambda data: SessionView.from_dict(json.loads(data)), _attrs_names, _is_attrs),
            (PLAIN, PLAIN_STATUS_ID): Kind(lambda data: plain.from_dict(json.loads(data)), _attrs_names, _is_attrs),
            (PYDANTIC, PYDANTIC_STATUS_ID): Kind(
                lambda data: pydantic.model_validate(json.loads(data)), _pydantic_names, _is_pydantic
            ),
            (PYDANTIC_JSON, PYDANTIC_JSON_STATUS_ID): Kind(pydantic.model_validate_json, _pydantic_names, _is_pydantic),
        }
        candidates: dict[str, Callable[[], float]] = {
            REFERENCE: lambda: _loop(json.loads, _nothing, SESSION_BYTES, repeat)
        }
        for (every, status_id), kind in kinds.items():
            read_all = reader(kind, kind.parse(SESSION_BYTES))
            read_two = operator.attrgetter("status", "id")
            candidates[every] = lambda kind=kind, read=read_all: _loop(kind.parse, read, SESSION_BYTES, repeat)
            candidates[status_id] = lambda kind=kind, read=read_two: _loop(kind.parse, read, SESSION_BYTES, repeat)
        results = interleaved(candidates, rounds)
    timed = figures(GROUP, results, "µs", reference=REFERENCE, scale=1e6)
    done, total = coverage()
    counted = figures(GROUP, {FIELDS_SET: [float(done)], FIELDS: [float(total)]}, "fields")
    return timed + counted
