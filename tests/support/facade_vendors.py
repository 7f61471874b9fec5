"""Name the registry's vendors the facade speaks to: every one, but those whose facade part is still to come."""

from __future__ import annotations

from generator.registry import VENDORS, VendorEntry

# Generated, typed and checked against the vendor's document, but not behind the facade yet: issue 20 brings
# Browser-Use's v4 document first and its facade vendor on top. Take a name out when its Vendor member lands
# (tests/test_facade.py fails until then).
NOT_IN_FACADE_YET = frozenset({"browser-use-v4"})


def facade_entries() -> tuple[VendorEntry, ...]:
    """Return the registry's entries that have a vendor in the facade."""
    return tuple(entry for entry in VENDORS if entry.name not in NOT_IN_FACADE_YET)
