"""Say that a name is deprecated: ``session_id`` became ``id`` in 0.2 and goes away in 0.3."""

from __future__ import annotations

import warnings

from browser_clients._errors import InvalidArgumentError

REMOVED_IN = "0.3"
"""The minor version that drops the deprecated names."""


def renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn (DeprecationWarning) that ``old`` is now called ``new``."""
    warnings.warn(
        f"{old} is deprecated: use {new} (the old name goes away in {REMOVED_IN})",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def either(new_name: str, new: object, old_name: str, old: object, *, stacklevel: int = 4) -> object:
    """Return whichever of the new and the deprecated keyword was given (warning for the old); never both."""
    if old is None:
        return new
    if new is not None:
        raise InvalidArgumentError(f"give {new_name} or the deprecated {old_name}, not both")
    renamed(old_name, new_name, stacklevel=stacklevel)
    return old
