"""Python names of what a change touches, and --code findings kept with the change they come from."""

from __future__ import annotations

import pytest

from generator.drift.meaning import fold, pascal, python_path, snake
from generator.drift.model import CodeChange, CodeSection, Severity
from generator.drift.rules import change


@pytest.mark.parametrize(
    ("name", "attribute"),
    [("outputSchema", "output_schema"), ("maxCostUsd", "max_cost_usd"), ("id", "id"), ("created-at", "created_at")],
)
def test_attribute_names_are_the_generators(name: str, attribute: str) -> None:
    assert snake(name) == attribute


def test_class_names_and_paths_are_the_generators() -> None:
    assert pascal("session_view") == pascal("SessionView") == "SessionView"
    assert python_path("/components/schemas/SessionView/properties/outputSchema") == "SessionView.output_schema"
    assert python_path("/components/schemas/List/properties/items/items/properties/stepCount") == (
        "List.items[].step_count"
    )
    assert python_path("/components/schemas/Tier") == "Tier"
    assert python_path("/paths/~1things/post/requestBody") is None


_POINTER = "/components/schemas/SessionView/properties/outputSchema"


def _nullable() -> tuple:  # type: ignore[type-arg]  # a tuple of one Change, as compare returns
    return (change("response-property-became-nullable", "GET /sessions/{id}", _POINTER, "may now be null"),)


def test_a_code_finding_from_a_spec_change_is_kept_with_it_and_not_counted_again() -> None:
    annotation = CodeChange(
        "attribute-type-changed", Severity.WARNING, "pkg.models.session_view.SessionView.output_schema", "type changed"
    )
    other = CodeChange("class-removed", Severity.BREAKING, "pkg.models.gone.Gone", "class Gone was removed")
    changes, code = fold(_nullable(), CodeSection("pkg", (annotation, other)))
    assert changes[0].python == (annotation,)
    assert code is not None
    assert code.changes == (other,)


def test_a_code_finding_worse_than_its_spec_change_stays_in_the_python_section() -> None:
    # Counted apart, so that the report's verdict never hides a break the Python API alone shows.
    removed = CodeChange(
        "model-attribute-removed", Severity.BREAKING, "pkg.models.create.Create.mode", "attribute mode was removed"
    )
    changes = (
        change("request-property-removed-optional", "POST /x", "/components/schemas/Create/properties/mode", "m"),
    )
    assert changes[0].severity is Severity.WARNING
    kept, code = fold(changes, CodeSection("pkg", (removed,)))
    assert kept[0].python == ()
    assert code is not None
    assert code.changes == (removed,)


def test_an_enum_member_finding_goes_with_the_value_change() -> None:
    member = CodeChange("enum-member-removed", Severity.BREAKING, "pkg.models.model_tier.ModelTier.BU_MINI", "gone")
    sent = change(
        "request-property-enum-value-removed",
        "POST /sessions",
        "/components/schemas/ModelTier",
        "m",
        values=('"bu-mini"',),
    )
    changes, code = fold((sent,), CodeSection("pkg", (member,)))
    assert changes[0].python == (member,)
    assert code is not None
    assert code.changes == ()


@pytest.mark.parametrize(
    ("kind", "severity", "expected"),
    [
        ("model-attribute-removed", Severity.BREAKING, "code that reads or sets `title` breaks"),
        ("signature-changed", Severity.BREAKING, "calls to `title()` written for the old signature break"),
        ("signature-changed", Severity.WARNING, "type checkers may flag calls to `title()`"),
        (
            "class-renamed",
            Severity.WARNING,
            "code that imports the old name keeps working for now, with a DeprecationWarning",
        ),
        ("api-changed", Severity.BREAKING, "code that uses `title` may break"),
    ],
)
def test_python_api_findings_say_what_they_mean_too(kind: str, severity: Severity, expected: str) -> None:
    from generator.drift.meaning import code_meaning

    assert code_meaning(CodeChange(kind, severity, "pkg.models.view.View.title", "m")) == expected
