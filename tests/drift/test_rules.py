"""Each fixture pair gets exactly its expected verdict; together the fixtures cover every rule family."""

from __future__ import annotations

from typing import Any

import pytest

from generator.drift.rules import _OTHER, _PROPERTY_FACTS, RULES
from generator.drift.schemas import Side
from tests.drift.conftest import diff, documents, load_cases, verdict

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}: {c['name']}" for c in CASES])
def test_fixture_verdict(case: dict[str, Any]) -> None:
    old, new = documents(case)
    changes = diff(old, new)
    assert verdict(changes) == case["expect"], "\n".join(f"{c.rule}: {c.message}" for c in changes)


def test_every_rule_family_has_a_fixture() -> None:
    covered = {rule for case in CASES for rule in case["expect"]}
    # Every operation, parameter, body, response, security, server and component rule has its own pair.
    assert set(_OTHER) - covered == set()
    # Every named-property rule, on both sides.
    for side in Side:
        assert {f"{side.value}-property-{fact}" for fact in _PROPERTY_FACTS} - covered == set()
    # The schema facts the issue names, on the side where their verdict matters.
    named = {
        "request-property-enum-value-removed",
        "request-property-enum-value-added",
        "response-property-enum-value-added",
        "response-property-enum-value-removed",
        "request-property-max-length-decreased",
        "request-property-pattern-changed",
        "request-property-min-increased",
        "request-property-type-changed",
        "response-property-type-changed",
        "response-property-became-nullable",
        "request-property-default-changed",
        "response-property-default-changed",
        "request-parameter-type-changed",
        "request-parameter-enum-value-removed",
    }
    assert named - covered == set()


def test_every_expected_rule_is_in_the_catalogue() -> None:
    for case in CASES:
        for rule, severity in case["expect"].items():
            assert RULES[rule].severity.value == severity, f"{case['name']}: {rule}"


def test_direction_is_opposite_for_requests_and_responses() -> None:
    assert RULES["request-property-added-required"].severity.value == "breaking"
    assert RULES["response-property-added-required"].severity.value == "info"
    assert RULES["request-property-enum-value-removed"].severity.value == "breaking"
    assert RULES["response-property-enum-value-removed"].severity.value == "info"
    assert RULES["request-property-type-widened"].severity.value == "info"
    assert RULES["response-property-type-widened"].severity.value == "breaking"


def test_the_docs_list_every_rule_and_fact() -> None:
    from generator.drift.rules import _SCHEMA_FACTS
    from tests.drift.conftest import ROOT

    text = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")
    missing = [name for name in (*_OTHER, *_PROPERTY_FACTS, *_SCHEMA_FACTS) if f"| `{name}` |" not in text]
    assert missing == []
