"""Keep a class's old name importable, with a DeprecationWarning, after a rename on purpose in the lock.

``from pkg.models import Old`` is served by a module ``__getattr__`` that models_init.py.jinja writes from
:func:`alias_table`; ``from pkg.models.old_module import Old`` by a small module of its own (:func:`alias_modules`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.names.assign import aliases_of
from generator.names.lock import NameLock

_MODULE = '''{header}
"""Deprecated: {old} is now {new} (``{package}.models.{new_module}``); this alias goes in {remove_in}."""

import warnings

from .{new_module} import {new}

{old} = {new}

warnings.warn(
    "{package}.models.{old_module} is deprecated: use {new} from {package}.models ({old} goes in {remove_in})",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ("{old}",)
'''


@dataclass(frozen=True)
class AliasRow:
    """One deprecated class name, as models_init.py.jinja writes it."""

    old: str
    new: str
    module: str
    remove_in: str


def alias_table(lock: NameLock) -> list[AliasRow]:
    """Return the deprecated class names of ``lock`` for the models package's ``__getattr__``."""
    return [AliasRow(a.name, e.name, e.module, a.remove_in) for a, e in aliases_of(lock)]


def alias_modules(lock: NameLock, package: str, header: str) -> dict[str, str]:
    """Return the source of each deprecated module (file name -> text) that has no real module in its place."""
    real = {e.module for e in lock.classes.values()}
    files: dict[str, str] = {}
    for alias, entry in aliases_of(lock):
        if alias.module in real or alias.module == entry.module:
            continue
        files[f"{alias.module}.py"] = _MODULE.format(
            header=header,
            old=alias.name,
            new=entry.name,
            new_module=entry.module,
            old_module=alias.module,
            package=package,
            remove_in=alias.remove_in,
        )
    return files
