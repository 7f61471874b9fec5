"""A response union of models reads each variant it knows, and a variant it does not know as unknown, kept as sent.

The package is generated from a fixture of our own (tests/tolerance/fixtures/pets.yaml: an owner whose `pet` is a
Dog, with a required `bark`, or a Cat, with optional `meow` and `lives`) with the project's pipeline.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.generated import generated

SPEC = Path(__file__).parent / "fixtures" / "pets.yaml"


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """Generate pets_client from the fixture and import its models."""
    with generated(SPEC, "pets_client", tmp_path_factory.mktemp("pets")):
        yield importlib.import_module("pets_client.models")


def _owner(models: ModuleType, **body: Any) -> Any:
    return models.Owner.from_dict({"name": "ada", **body})


def test_each_known_variant_reads_as_its_model(models: ModuleType) -> None:
    dog = _owner(models, pet={"bark": "woof"})
    assert isinstance(dog.pet, models.Dog)
    assert dog.pet.bark == "woof"
    cat = _owner(models, pet={"meow": "prr", "lives": 9})
    assert isinstance(cat.pet, models.Cat)
    assert cat.pet.lives == 9
    assert dog.deviations == cat.deviations == ()


def test_a_known_variant_with_properties_it_does_not_list_still_reads_as_it(models: ModuleType) -> None:
    owner = _owner(models, pet={"bark": "woof", "wags": True})  # a newer release's property
    assert isinstance(owner.pet, models.Dog)
    assert owner.pet.additional_properties == {"wags": True}
    assert owner.deviations == ()


def test_an_unknown_variant_reads_as_unknown_and_is_kept_as_sent(models: ModuleType) -> None:
    from pets_client.types import UNSET

    body = {"name": "ada", "pet": {"hop": 1}}
    owner = models.Owner.from_dict(body)
    # Not the first known variant with its required property missing (Dog(bark=UNSET)), nor a Cat with nothing
    # set: a value of a variant this client does not know.
    assert owner.pet is UNSET
    (deviation,) = owner.deviations
    assert (deviation.pointer, deviation.field, deviation.value) == ("/pet", "pet", {"hop": 1})
    assert deviation.expected == "Dog object or Cat object"
    assert owner.to_dict() == body


def test_an_unknown_variant_in_a_list_is_kept_with_the_list(models: ModuleType) -> None:
    from pets_client.types import UNSET

    body = {"name": "ada", "pets": [{"bark": "woof"}, {"hop": 1}]}
    owner = models.Owner.from_dict(body)
    assert owner.pets is UNSET
    assert [d.pointer for d in owner.deviations] == ["/pets"]
    assert owner.to_dict() == body
    known = _owner(models, pets=[{"bark": "woof"}, {"meow": "prr"}])
    assert [type(pet).__name__ for pet in known.pets] == ["Dog", "Cat"]
