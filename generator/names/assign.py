"""Give every surveyed class its locked name, or a new one, and write the lock that results.

A class is matched to a locked entry by, in turn: the places both are used (most shared places first); the
name the generator gives it (the schema kept its key); a shape no other candidate shares (the vendor renamed
it without changing it). A class that matches nothing is new and keeps the generator's name, with a number
added if a locked name holds it. A locked entry that matches nothing was removed and leaves the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.errors import Problem
from generator.names.lock import Alias, ClassEntry, EndpointEntry, NameLock
from generator.names.survey import FoundClass, FoundEndpoint


@dataclass
class Assignment:
    """What each class of one parse must be called, and the lock that names them."""

    names: dict[str, tuple[str, str]]  # the class's name in the parse -> (locked class name, module)
    lock: NameLock
    problems: list[Problem] = field(default_factory=list)


def version_tuple(text: str) -> tuple[int, ...]:
    """Return the leading numeric parts of a version string (``"0.3"`` -> ``(0, 3)``)."""
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(c for c in piece if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def next_minor(version: str) -> str:
    """Return the minor version after ``version`` (``0.1.4`` -> ``0.2``)."""
    major, minor = (*version_tuple(version), 0, 0)[:2]
    return f"{major}.{minor + 1}"


def _match(found: list[FoundClass], derived: dict[str, str], lock: NameLock) -> dict[str, ClassEntry]:
    matched: dict[str, ClassEntry] = {}
    free = dict(lock.classes)

    def take(cls: FoundClass, entry: ClassEntry) -> None:
        matched[cls.name] = entry
        free.pop(entry.name)

    pairs = []
    for cls in found:
        for entry in lock.classes.values():
            shared = len(cls.used_at & set(entry.used_at))
            if shared and cls.kind == entry.kind:
                pairs.append((-shared, entry.name, cls.name, cls, entry))
    for _, name, _, cls, entry in sorted(pairs, key=lambda p: p[:3]):
        if cls.name not in matched and name in free:
            take(cls, entry)
    for cls in found:
        if cls.name in matched:
            continue
        for entry in list(free.values()):
            if entry.generator_name == derived.get(cls.name, cls.name) and entry.kind == cls.kind:
                take(cls, entry)
                break
    rest = [c for c in found if c.name not in matched]
    for cls in rest:
        same = [e for e in free.values() if e.shape == cls.shape and e.kind == cls.kind]
        rivals = [c for c in rest if c.shape == cls.shape and c.kind == cls.kind and c.name not in matched]
        if len(same) == 1 and len(rivals) == 1:
            take(cls, same[0])
    return matched


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    n = 2
    while f"{name}{n}" in taken:
        n += 1
    return f"{name}{n}"


def assign_classes(
    found: list[FoundClass],
    derived: dict[str, str],
    lock: NameLock,
    *,
    module_of: Callable[[str], str],
    version: str,
    where: str,
) -> Assignment:
    """Match ``found`` (with the generator's own names in ``derived``) to ``lock``; return names and the new lock."""
    matched = _match(found, derived, lock)
    result = Assignment(names={}, lock=NameLock(package=lock.package, endpoints=dict(lock.endpoints)))
    taken = {e.name for e in matched.values()} | {a.name for e in matched.values() for a in e.aliases}
    modules = {e.module for e in matched.values()} | {a.module for e in matched.values() for a in e.aliases}
    for cls in found:
        generator_name = derived.get(cls.name, cls.name)
        entry = matched.get(cls.name)
        if entry is None:
            name = _unique(generator_name, taken)
            module = _unique(module_of(name), modules)
            taken.add(name)
            modules.add(module)
            entry = ClassEntry(name=name, module=module, kind=cls.kind)
        for wire, python in entry.fields.items():
            if wire in cls.fields and cls.fields[wire] != python:
                text = f"field {wire!r} of {entry.name} is now {cls.fields[wire]}, the lock says {python}"
                result.problems.append(Problem(where, f"{text}: the generator cannot keep field names"))
        for value, member in entry.members.items():
            if value in cls.members and cls.members[value] != member:
                text = f"member {value!r} of {entry.name} is now {cls.members[value]}, the lock says {member}"
                result.problems.append(Problem(where, f"{text}: the generator cannot keep member names"))
        aliases = tuple(
            a if a.remove_in else replace(a, remove_in=next_minor(version))
            for a in entry.aliases
            if not a.remove_in or version_tuple(version) < version_tuple(a.remove_in)
        )
        result.names[cls.name] = (entry.name, entry.module)
        result.lock.classes[entry.name] = ClassEntry(
            name=entry.name,
            module=entry.module,
            kind=cls.kind,
            generator_name=generator_name,
            shape=cls.shape,
            used_at=tuple(sorted(cls.used_at)),
            fields=dict(cls.fields),
            members=dict(cls.members),
            aliases=aliases,
        )
    return result


def check_lock(lock: NameLock, where: str) -> list[Problem]:
    """Return what makes a (hand-edited) lock unusable: two things with one name or module."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for entry in lock.classes.values():
        for label, value in (("class", entry.name), ("module", f"module {entry.module}")):
            for alias in (None, *entry.aliases):
                key = value if alias is None else (alias.name if label == "class" else f"module {alias.module}")
                if key in owners and owners[key] != entry.name:
                    problems.append(Problem(where, f"{key} is claimed by both {owners[key]} and {entry.name}"))
                owners[key] = entry.name
    functions: dict[tuple[str, str], str] = {}
    for key, endpoint in lock.endpoints.items():
        place = (endpoint.group, endpoint.function)
        if place in functions:
            text = f"{endpoint.group}.{endpoint.function} is claimed by both {functions[place]} and {key}"
            problems.append(Problem(where, text))
        functions[place] = key
    return problems


def record_endpoints(lock: NameLock, found: list[FoundEndpoint]) -> None:
    """Replace the lock's endpoint table by the endpoints of this generation."""
    lock.endpoints = {e.key: EndpointEntry(e.function, e.group) for e in found}


def aliases_of(lock: NameLock) -> list[tuple[Alias, ClassEntry]]:
    """Return each deprecated alias with the class it now stands for, sorted by the alias's name."""
    pairs = [(a, e) for e in lock.classes.values() for a in e.aliases]
    return sorted(pairs, key=lambda p: p[0].name)
