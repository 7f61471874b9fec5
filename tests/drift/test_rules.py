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


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_says_what_it_means_for_a_caller(rule: str) -> None:
    from generator.drift.meaning import meaning
    from generator.drift.rules import change

    pointer = "/components/schemas/Thing/properties/kind"
    found = change(rule, "POST /things", pointer, "m", path="kind", subject="X-Kind", values=('"x"',))
    text = meaning(found)
    assert text, rule
    assert "{" not in text, text
    assert "}" not in text, text
    harmless = ("nothing changes", "unaffected", "working for now")
    if RULES[rule].severity.value == "info":  # harmless changes say so; the others say who meets what
        assert any(word in text for word in harmless), text
    else:
        assert not any(word in text for word in harmless[:2]), text


def test_meanings_name_what_callers_send_and_read() -> None:
    cases = {
        # The issue's own examples, word for word in the parts that matter.
        ("request-property-enum-value-removed", "model", ('"x"',)): 'requests that send `model: "x"` will be refused',
        ("response-property-became-nullable", "outputSchema", ()): (
            "code that reads `SessionView.output_schema` may now get None"
        ),
        ("request-property-const-changed", "kind", ('"card"', '"wallet"')): (
            'requests that send `kind: "card"` will be refused'
        ),
        ("response-property-max-length-increased", "outputSchema", ()): (
            "code that relies on `SessionView.output_schema` staying within the old maxLength may get other values"
        ),
        ("request-property-max-length-decreased", "outputSchema", ()): (
            "requests whose `outputSchema` is outside the new maxLength will be refused"
        ),
    }
    from generator.drift.meaning import meaning
    from generator.drift.rules import change

    pointer = "/components/schemas/SessionView/properties/outputSchema"
    for (rule, path, values), expected in cases.items():
        assert meaning(change(rule, "POST /sessions", pointer, "m", path=path, values=values)) == expected
