"""Read and write a name lock: the public names a generated package has published, in a reviewable YAML file.

A lock has two tables. ``endpoints`` maps ``METHOD /path`` to the endpoint function (and the api/ group it sits
in). ``classes`` maps each published class name to what it stands for: its module, the places the document
uses it (``used_at``), a shape fingerprint, the name the generator would give it today, its fields (wire name
to Python name) or enum members (value to member name), and deprecated aliases left by renames on purpose.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import PipelineError, Problem, display_path

HEADER = (
    "# Name lock for {package}: every public name the generated package has published, keyed by what it stands\n"
    "# for. `python -m generator generate` keeps it current; edit it only to rename on purpose (docs/naming.md).\n"
)


@dataclass(frozen=True)
class Alias:
    """An old name kept importable, with a DeprecationWarning, until the project's version reaches ``remove_in``."""

    name: str
    module: str
    remove_in: str


@dataclass
class ClassEntry:
    """One published class and what it stands for."""

    name: str
    module: str
    kind: str  # "model" or "enum"
    generator_name: str = ""
    shape: str = ""
    used_at: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True)
class EndpointEntry:
    """One published endpoint function: its name and the api/ group (module folder) it sits in."""

    function: str
    group: str


@dataclass
class NameLock:
    """Every public name of one generated package."""

    package: str
    classes: dict[str, ClassEntry] = field(default_factory=dict)
    endpoints: dict[str, EndpointEntry] = field(default_factory=dict)


def _identifier(value: Any, what: str, where: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value):
        raise PipelineError(Problem(where, f"{what}: {value!r} is not a valid Python name"))
    return value


def _mapping(value: Any, what: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PipelineError(Problem(where, f"{what}: expected a mapping"))
    return {str(k): v for k, v in value.items()}


def _class(name: str, raw: Any, where: str) -> ClassEntry:
    body = _mapping(raw, f"classes.{name}", where)
    aliases = []
    for item in body.get("aliases") or []:
        alias = _mapping(item, f"classes.{name}.aliases", where)
        old = _identifier(alias.get("name"), f"classes.{name}.aliases.name", where)
        module = _identifier(alias.get("module", ""), f"classes.{name}.aliases.module", where)
        aliases.append(Alias(old, module, str(alias.get("remove_in", ""))))
    kind = str(body.get("kind", "model"))
    if kind not in ("model", "enum"):
        raise PipelineError(Problem(where, f"classes.{name}.kind: {kind!r} is neither model nor enum"))
    return ClassEntry(
        name=_identifier(name, "classes", where),
        module=_identifier(body.get("module"), f"classes.{name}.module", where),
        kind=kind,
        generator_name=str(body.get("generator_name", "")),
        shape=str(body.get("shape", "")),
        used_at=tuple(str(u) for u in body.get("used_at") or ()),
        fields={str(k): str(v) for k, v in _mapping(body.get("fields"), f"classes.{name}.fields", where).items()},
        members={str(k): str(v) for k, v in _mapping(body.get("members"), f"classes.{name}.members", where).items()},
        aliases=tuple(aliases),
    )


def parse(text: str, where: str, package: str) -> NameLock:
    """Parse a lock's text (``where`` names it in errors); an empty text is an empty lock."""
    try:
        raw = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PipelineError(Problem(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", line=line)) from None
    body = _mapping(raw, "the lock", where)
    lock = NameLock(package=package)
    for name, entry in _mapping(body.get("classes"), "classes", where).items():
        lock.classes[name] = _class(name, entry, where)
    for key, entry in _mapping(body.get("endpoints"), "endpoints", where).items():
        item = _mapping(entry, f"endpoints.{key}", where)
        function = _identifier(item.get("function"), f"endpoints.{key}.function", where)
        lock.endpoints[key] = EndpointEntry(function, _identifier(item.get("group"), f"endpoints.{key}.group", where))
    return lock


def read(path: Path, package: str) -> NameLock:
    """Read the lock at ``path``; a missing file is an empty lock."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return NameLock(package=package)
    except OSError as exc:
        raise PipelineError(Problem(display_path(path), f"cannot read the name lock: {exc.strerror}")) from None
    return parse(text, display_path(path), package)


def _class_body(entry: ClassEntry) -> dict[str, Any]:
    body: dict[str, Any] = {"module": entry.module, "kind": entry.kind, "generator_name": entry.generator_name}
    body["shape"] = entry.shape
    body["used_at"] = sorted(entry.used_at)
    if entry.fields:
        body["fields"] = dict(sorted(entry.fields.items()))
    if entry.members:
        body["members"] = dict(sorted(entry.members.items()))
    if entry.aliases:
        body["aliases"] = [
            {"name": a.name, "module": a.module, "remove_in": a.remove_in}
            for a in sorted(entry.aliases, key=lambda a: a.name)
        ]
    return body


def dump(lock: NameLock) -> str:
    """Serialize ``lock`` deterministically, sorted, with its header comment."""
    body = {
        "endpoints": {key: {"function": e.function, "group": e.group} for key, e in sorted(lock.endpoints.items())},
        "classes": {name: _class_body(e) for name, e in sorted(lock.classes.items())},
    }
    text = yaml.safe_dump(body, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1000)
    return HEADER.format(package=lock.package) + text
