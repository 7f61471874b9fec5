"""Name locks: the public names of each generated package stay put across regenerations (docs/naming.md)."""

from generator.names.aliases import alias_modules, alias_table
from generator.names.lock import Alias, ClassEntry, EndpointEntry, NameLock, dump, parse, read
from generator.names.resolve import parse_locked

__all__ = [
    "Alias",
    "ClassEntry",
    "EndpointEntry",
    "NameLock",
    "alias_modules",
    "alias_table",
    "dump",
    "parse",
    "parse_locked",
    "read",
]
