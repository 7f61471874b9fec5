"""The generator's registry is the one list of vendors: everything else that names them is checked against it.

The facade's table (``_contract.Vendor``, ``ADAPTERS``) and the wheel's package list cannot be derived from the
registry at run time (generator/ is not installed), so they are checked here; the noxfile's typecheck session
reads the registry itself.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import yaml

from browser_clients._contract import ADAPTERS, Vendor, adapter
from generator.registry import VENDORS

ROOT = Path(__file__).resolve().parents[2]


def test_the_facade_has_one_vendor_and_one_adapter_per_registered_document() -> None:
    assert [vendor.value for vendor in Vendor] == [entry.name for entry in VENDORS]
    assert set(ADAPTERS) == set(Vendor)
    for vendor in Vendor:
        module = importlib.import_module(ADAPTERS[vendor])
        assert module.VENDOR is vendor


def test_each_adapter_speaks_to_its_own_generated_package() -> None:
    for entry in VENDORS:
        module = adapter(entry.name)
        spec = yaml.safe_load(entry.spec.read_text(encoding="utf-8"))
        assert module.default_base_url() == spec["servers"][0]["url"]
        assert module.document_version() == str(spec["info"]["version"])
        client = importlib.import_module(f"{entry.package}.client")
        assert module.default_base_url() == client.DEFAULT_BASE_URL


def test_the_wheel_ships_every_registered_package_and_the_facade() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert sorted(shipped) == sorted(
        [*(f"generated/{entry.package}" for entry in VENDORS), "overrides/browser_clients"]
    )
    first_party = pyproject["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
    assert {entry.package for entry in VENDORS} <= set(first_party)


def test_apis_of_one_account_share_its_key() -> None:
    accounts = {vendor: adapter(vendor).ACCOUNT for vendor in Vendor}
    assert accounts[Vendor.BROWSER_USE] == accounts[Vendor.BROWSER_USE_V4] == "browser-use"
    assert set(accounts.values()) <= {vendor.value for vendor in Vendor}  # an account is named after an API of it
