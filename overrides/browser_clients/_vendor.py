"""Name the vendors the facade speaks to, and where each one's adapter lives: the facade's vendor registry."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from browser_clients._errors import ConfigurationError


class Vendor(StrEnum):
    """A vendor API; its value is the name the command line and ``stop("browser-use", ...)`` accept."""

    BROWSERAI = "browserai"
    BROWSER_USE = "browser-use"

    @classmethod
    def parse(cls, value: Vendor | str) -> Vendor:
        """Return the vendor named ``value`` (case and ``_``/``-`` insensitive) or raise ConfigurationError."""
        if isinstance(value, Vendor):
            return value
        exact = _BY_VALUE.get(value) if type(value) is str else None
        if exact is not None:  # the common case, a vendor's own name: one lookup
            return exact
        key = str(value).strip().lower().replace("_", "-")
        for vendor in cls:
            if key in (vendor.value, vendor.value.replace("-", "")):
                return vendor
        known = ", ".join(v.value for v in cls)
        raise ConfigurationError(f"unknown vendor {value!r}: expected one of {known}")


_BY_VALUE = {vendor.value: vendor for vendor in Vendor}

ADAPTERS: Mapping[Vendor, str] = MappingProxyType(
    {
        Vendor.BROWSERAI: "browser_clients._vendors.browserai.adapter",
        Vendor.BROWSER_USE: "browser_clients._vendors.browser_use.adapter",
    }
)
"""The module that speaks to each vendor (see _contract.VendorModule): imported on first use of that vendor."""
