"""Parse a document so that every class and endpoint function gets its locked name, through the generator's config.

Endpoint functions are named from operationIds and grouped by tag, so the locked ones are written into the
document, keyed by method and path. Classes are renamed with openapi-python-client's ``class_overrides``,
keyed by the name the generator derives; since a nested class's derived name follows its parent's final name,
the parse repeats until every class has the name it was assigned (a handful of rounds at most).
"""

from __future__ import annotations

from typing import Any

from generator.errors import PipelineError, Problem
from generator.names.assign import assign_classes, check_lock, record_endpoints
from generator.names.lock import NameLock
from generator.names.survey import FoundEndpoint, survey

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ROUNDS = 8


def pin_endpoints(doc: dict[str, Any], lock: NameLock) -> None:
    """Write each locked endpoint's function name and group into ``doc`` as its operationId and tag."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            op = item.get(method)
            entry = lock.endpoints.get(f"{method.upper()} {path}")
            if isinstance(op, dict) and entry is not None:
                op["operationId"] = entry.function
                op["tags"] = [] if entry.group == "default" else [entry.group]


class _Recording(dict[str, Any]):
    """class_overrides that remember which derived name each lookup asked for."""

    def __init__(self, overrides: dict[str, Any]) -> None:
        super().__init__(overrides)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:  # the dict API
        self.asked.add(str(key))
        return super().get(key, default)


def parse_locked(doc: dict[str, Any], config: Any, lock: NameLock, *, version: str, where: str) -> tuple[Any, NameLock]:
    """Parse ``doc`` under openapi-python-client's ``config``, names kept by ``lock``; return parse and new lock."""
    from openapi_python_client.config import ClassOverride
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError
    from openapi_python_client.strings import PythonIdentifier

    problems = check_lock(lock, where)
    if problems:
        raise PipelineError(problems)
    pin_endpoints(doc, lock)
    prefix = config.field_prefix

    def module_of(name: str) -> str:
        return str(PythonIdentifier(name, prefix))

    overrides: dict[str, Any] = {}
    targets: dict[str, str] = {}  # derived name -> the class name its override gives
    for _ in range(_ROUNDS):
        recording = _Recording(overrides)
        config.class_overrides = recording
        data = GeneratorData.from_dict(doc, config=config)
        if isinstance(data, GeneratorError):
            return data, lock
        found, endpoints = survey(data)
        derived: dict[str, str] = {}
        for asked in sorted(recording.asked):  # the name each class got, back to the name the generator derived
            derived[targets.get(asked, asked)] = asked
        assignment = assign_classes(found, derived, lock, module_of=module_of, version=version, where=where)
        if assignment.problems:
            raise PipelineError(assignment.problems)
        wanted: dict[str, Any] = {}
        targets = {}
        for cls in found:
            name, module = assignment.names[cls.name]
            own = derived.get(cls.name, cls.name)
            if (name, module) != (own, module_of(own)):
                wanted[own] = ClassOverride.model_validate({"class_name": name, "module_name": module})
                targets[own] = name
        if all(assignment.names[c.name] == (c.name, c.module) for c in found):
            functions = [FoundEndpoint(e.key, module_of(e.function), e.group) for e in endpoints]
            record_endpoints(assignment.lock, functions)
            return data, assignment.lock
        overrides = wanted
    raise PipelineError(Problem(where, f"class names did not settle after {_ROUNDS} rounds: edit or delete the lock"))
