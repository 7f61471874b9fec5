"""Say what a change means for a caller of the generated client, in one line, and which Python names it touches.

A request change is said in the wire's words (what a request that sends `model: "x"` now meets); a response
change in the generated client's (what code that reads `SessionView.output_schema` now gets). Python names
follow openapi-python-client's: a component's class is its PascalCase name, an attribute its snake_case name
(the name lock may keep older names; `drift --code` shows those).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from generator.documents import split_pointer
from generator.drift.model import Change, CodeChange, CodeSection, Severity

_DELIMITERS = re.compile(r"[^. _-]+")  # openapi-python-client's word delimiters
_UNCHANGED = "nothing changes for callers"

# Rules that are not about a schema: what each means, with {op} the operation and {name} the subject.
_OTHER = {
    "operation-added": "a new generated function; existing code is unaffected",
    "operation-removed": "calls to {op} will fail, and its generated function disappears",
    "operation-deprecated": "calls to {op} keep working for now; move off it",
    "operation-reactivated": _UNCHANGED + ": {op} is no longer deprecated",
    "operation-id-changed": _UNCHANGED + ": the generated function keeps its locked name",
    "operation-tag-changed": _UNCHANGED + ": the generated function keeps its locked module",
    "request-path-parameter-renamed": "code that passes the path parameter by keyword must use its new name, `{name}`",
    "request-parameter-added-required": "calls that do not pass `{name}` will be refused",
    "request-parameter-added-optional": _UNCHANGED + "; calls may now pass `{name}`",
    "request-parameter-removed": "calls that pass `{name}` may be refused or have it ignored; its keyword disappears",
    "request-parameter-moved": "requests send `{name}` where the server no longer reads it, and may be refused",
    "request-parameter-became-required": "calls that leave out `{name}` will be refused",
    "request-parameter-became-optional": _UNCHANGED + "; calls may now leave out `{name}`",
    "request-parameter-deprecated": "calls that pass `{name}` keep working for now; stop passing it",
    "request-body-added-required": "calls to {op} that send no body will be refused",
    "request-body-added-optional": _UNCHANGED + "; calls to {op} may now send a body",
    "request-body-removed": "calls to {op} that send a body may be refused; the generated body argument disappears",
    "request-body-became-required": "calls to {op} that send no body will be refused",
    "request-body-became-optional": _UNCHANGED + "; calls to {op} may now leave out the body",
    "request-body-media-type-added": _UNCHANGED,
    "request-body-media-type-removed": "requests to {op} in the removed content type will be refused",
    "request-body-unmodelled-schema-changed": _UNCHANGED + ": the generated client does not model this content type",
    "response-success-status-added": "calls to {op} may answer with a status the old client does not parse",
    "response-success-status-removed": "code that expects this status from {op} will not get it",
    "response-non-success-status-added": "nothing changes for calls that succeed; {op} may also fail this way",
    "response-non-success-status-removed": _UNCHANGED,
    "response-media-type-added": _UNCHANGED,
    "response-media-type-removed": "code that reads {op}'s answer in this content type will not get it",
    "response-body-unmodelled-schema-changed": _UNCHANGED + ": the generated client does not model this content type",
    "response-header-added": _UNCHANGED,
    "response-header-removed-required": "code that reads the `{name}` header of {op}'s answer may not find it",
    "response-header-removed-optional": "code that reads the `{name}` header of {op}'s answer may not find it",
    "response-header-became-optional": "code that reads the `{name}` header of {op}'s answer may not find it",
    "response-header-became-required": _UNCHANGED + ": the `{name}` header is always sent",
    "security-added": "calls to {op} without credentials will be refused",
    "security-removed": _UNCHANGED + ": {op} no longer needs credentials",
    "security-alternative-added": _UNCHANGED,
    "security-alternative-removed": "calls to {op} that authenticate the removed way will be refused",
    "security-scope-added": "calls to {op} with a token that lacks the new scope will be refused",
    "security-scope-removed": _UNCHANGED,
    "security-scheme-added": _UNCHANGED,
    "security-scheme-removed": _UNCHANGED,
    "security-scheme-renamed": _UNCHANGED,
    "security-scheme-type-changed": "the old client sends its key in a form the server refuses: every call fails",
    "security-scheme-location-changed": "the old client sends its key where the server no longer looks: calls fail",
    "security-scheme-name-changed": "the old client sends its key under the old name: calls fail",
    "security-scheme-prefix-changed": "the old client sends its key with the old prefix: calls fail",
    "security-scheme-flow-changed": "code that gets tokens the old OAuth way may fail to authenticate",
    "server-added": _UNCHANGED,
    "server-removed": "clients left on the default base URL may call a server that is gone",
    "server-changed": "the default base URL changes: clients that rely on it call the new server",
    "component-schema-added": "a new model class; existing code is unaffected",
    "component-schema-removed": "code that imports its model class breaks",
    "component-schema-renamed": _UNCHANGED + ": the model class keeps its locked name",
}

# Schema facts on the request side, with {name} what is sent and {sent}/{values} the values concerned.
_REFUSED = "requests that send {name} {how} will be refused"
_MAY_REFUSE = "requests whose {name} {how} may be refused"
_REQUEST = {
    "added-required": "requests that leave out {name} will be refused",
    "added-optional": _UNCHANGED + "; requests may now send {name}",
    "removed-required": "requests that send {name} may be refused or have it ignored; the model loses it",
    "removed-optional": "requests that send {name} may be refused or have it ignored; the model loses it",
    "became-required": "requests that leave out {name} will be refused",
    "became-optional": _UNCHANGED + "; requests may now leave out {name}",
    "type-widened": _UNCHANGED + ": {name} accepts more values",
    "type-narrowed": _REFUSED.format(name="{name}", how="with a value of a type it no longer accepts"),
    "type-changed": _REFUSED.format(name="{name}", how="with a value of a type it no longer accepts"),
    "became-nullable": _UNCHANGED + "; {name} may now be null",
    "became-not-nullable": _REFUSED.format(name="{name}", how="as null"),
    "enum-value-added": _UNCHANGED + "; {name} also accepts {values}",
    "enum-value-removed": "requests that send {sent} will be refused",
    "became-enum": _REFUSED.format(name="{name}", how="with a value other than {values}"),
    "enum-removed": _UNCHANGED + ": {name} accepts any value of its type",
    "const-added": _REFUSED.format(name="{name}", how="with a value other than {values}"),
    "const-changed": "requests that send {sent} will be refused",
    "const-removed": _UNCHANGED + ": {name} accepts more values",
    "pattern-added": _MAY_REFUSE.format(name="{name}", how="does not match the pattern"),
    "pattern-changed": _MAY_REFUSE.format(name="{name}", how="does not match the new pattern"),
    "pattern-removed": _UNCHANGED,
    "multiple-of-changed": _MAY_REFUSE.format(name="{name}", how="is not a multiple of the new multipleOf"),
    "default-changed": "requests that leave out {name} now get a different value from the server",
    "variant-added": _UNCHANGED + "; {name} accepts another variant",
    "variant-removed": _REFUSED.format(name="{name}", how="as the removed variant"),
    "additional-properties-restricted": "requests that send properties {name} does not list will be refused",
    "additional-properties-allowed": _UNCHANGED,
    "became-deprecated": "requests that send {name} keep working for now; stop sending it",
    "constraint-added": _MAY_REFUSE.format(name="{name}", how="does not satisfy the new constraint"),
    "constraint-changed": _MAY_REFUSE.format(name="{name}", how="does not satisfy the changed constraint"),
    "constraint-removed": _UNCHANGED,
    "prefix-items-added": _MAY_REFUSE.format(name="{name}", how="items do not fit the new prefixItems"),
    "prefix-items-changed": _MAY_REFUSE.format(name="{name}", how="items do not fit the new prefixItems"),
    "prefix-items-removed": _UNCHANGED,
}

# Schema facts on the response side, with {attr} what code reads.
_READS_UNSET = "code that reads {attr} gets UNSET (with a deviation; strict clients raise)"
_RESPONSE = {
    "added-required": _UNCHANGED + "; a regenerated client has {attr}",
    "added-optional": _UNCHANGED + "; a regenerated client has {attr}",
    "removed-required": "code that reads {attr} breaks: the attribute disappears from the model",
    "removed-optional": "code that reads {attr} breaks: the attribute disappears from the model",
    "became-required": _UNCHANGED + ": {attr} is always sent",
    "became-optional": "code that reads {attr} may now get UNSET",
    "type-widened": _READS_UNSET + " when a value of the new type comes",
    "type-narrowed": _UNCHANGED,
    "type-changed": _READS_UNSET + " when a value of the new type comes",
    "became-nullable": "code that reads {attr} may now get None",
    "became-not-nullable": _UNCHANGED + ": {attr} is never None",
    "enum-value-added": "code that reads {attr} may get {values}, kept as an unknown member (`is_known` False)",
    "enum-value-removed": _UNCHANGED + ": {attr} no longer comes as {values}",
    "became-enum": _UNCHANGED,
    "enum-removed": "code that reads {attr} may get values no member names, kept as unknown (`is_known` False)",
    "const-added": _UNCHANGED,
    "const-changed": _READS_UNSET + " when the server sends the new constant",
    "const-removed": _READS_UNSET + " whenever the server sends another value",
    "pattern-added": _UNCHANGED,
    "pattern-changed": "code that relies on {attr} matching the old pattern may get other values",
    "pattern-removed": "code that relies on {attr} matching the old pattern may get other values",
    "multiple-of-changed": "code that relies on {attr} being a multiple of the old multipleOf may get other values",
    "default-changed": _UNCHANGED,
    "variant-added": _READS_UNSET + " for a value of the new variant, kept as sent",
    "variant-removed": _UNCHANGED,
    "additional-properties-restricted": _UNCHANGED,
    "additional-properties-allowed": "code that reads {attr} may find properties it does not list, kept aside",
    "became-deprecated": "code that reads {attr} keeps working for now; stop relying on it",
    "constraint-added": _UNCHANGED,
    "constraint-changed": _UNCHANGED + ": the generated client does not check it",
    "constraint-removed": _UNCHANGED + ": the generated client does not check it",
    "prefix-items-added": _UNCHANGED,
    "prefix-items-changed": _READS_UNSET + " when an item of a new type comes",
    "prefix-items-removed": _READS_UNSET + " when an item of another type comes",
}
_LOOSER = "code that relies on {attr} staying within the old {what} may get other values"
_TIGHTER_REQUEST = "requests whose {name} is outside the new {what} will be refused"
_HEADER_TYPES = _UNCHANGED + ": the generated client hands the `{name}` header over as text"
_HEADER = "code that parses the `{name}` header of {op}'s answer itself may get other values"
_BOUNDS = {
    "max-length": "maxLength",
    "max-items": "maxItems",
    "max-properties": "maxProperties",
    "max": "maximum",
    "min-length": "minLength",
    "min-items": "minItems",
    "min-properties": "minProperties",
    "min": "minimum",
}


def words(value: str) -> list[str]:
    """Split a name into words as openapi-python-client 0.29's strings.split_words does (`outputSchema`)."""
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in ". _-")
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return _DELIMITERS.findall(value)


def snake(value: str) -> str:
    """Return the generated attribute name of a property (`outputSchema` -> `output_schema`)."""
    return "_".join(words(value)).lower()


def pascal(value: str) -> str:
    """Return the generated class name of a component (`session_view` -> `SessionView`)."""
    return "".join(word if word.isupper() else word.capitalize() for word in words(value))


def python_path(pointer: str) -> str | None:
    """Return the Python path a pointer into a component schema reads as (`SessionView.output_schema`), or None.

    Property names become attributes, `items` `[]`, `additionalProperties` `[key]`; union and `allOf` branches
    add nothing. None for a pointer outside `/components/schemas/`.
    """
    tokens = split_pointer(pointer)
    if len(tokens) < 3 or tokens[:2] != ["components", "schemas"]:
        return None
    text, rest = pascal(tokens[2]), tokens[3:]
    while rest:
        step, rest = rest[0], rest[1:]
        if step == "properties" and rest:
            text, rest = f"{text}.{snake(rest[0])}", rest[1:]
        elif step == "items":
            text += "[]"
        elif step == "additionalProperties":
            text += "[key]"
        elif step in ("anyOf", "oneOf", "allOf", "prefixItems") and rest:
            rest = rest[1:]
        else:
            break
    return text


def _python_of(path: str) -> str:
    """Return a property path in Python names (`sessions[].outputSchema` -> `sessions[].output_schema`)."""
    return ".".join("[]".join(snake(part) for part in step.split("[]")) for step in path.split("."))


def _values(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{value}`" for value in values) or "the listed values"


def _read(change: Change, path: str, op: str) -> str:
    """Return what code reads, for a response change: an attribute, a model or enum, or the answer itself."""
    found = python_path(change.pointer)
    if found is not None:
        return f"`{found}`" if "." in found or "[" in found else f"a `{found}`"
    return f"`{_python_of(path)}` of {op}'s answer" if path else f"{op}'s answer"


def _bound(fact: str) -> tuple[str, bool] | None:
    """Return the keyword a limit fact is about and whether it lets fewer values through (None: not a limit)."""
    for prefix, keyword in _BOUNDS.items():
        verb = fact.removeprefix(f"{prefix}-")
        if verb != fact and verb in ("decreased", "increased", "set", "unset"):
            tighter = verb in (("decreased", "set") if prefix.startswith("max") else ("increased", "set"))
            return keyword, tighter
    return None


def meaning(change: Change) -> str:
    """Return what ``change`` means for a caller of the generated client, in one line."""
    use = change.uses[0] if change.uses else None
    op = f"`{use.operation}`" if use else "the operation"
    if change.rule in _OTHER:
        return _OTHER[change.rule].format(op=op, name=change.subject)
    side, _, rest = change.rule.partition("-")
    root, _, fact = rest.partition("-")  # body, parameter, header or property; then the fact
    if root == "header":  # the generated client reads no header: only code that parses one itself may care
        if change.severity is not Severity.INFO:
            return _HEADER.format(name=change.subject, op=op)
        return (_HEADER_TYPES if fact.startswith("type-") else _UNCHANGED).format(name=change.subject)
    path = use.path if use else ""
    wire = path.rsplit(".", 1)[-1].replace("[]", "") if path else change.subject
    name = f"`{wire}`" if wire else f"the {side} body"
    attr = _read(change, path, op)
    bound = _bound(fact)
    if bound is not None:
        keyword, tighter = bound
        if side == "request":
            return _TIGHTER_REQUEST.format(name=name, what=keyword) if tighter else _UNCHANGED
        return _UNCHANGED if tighter else _LOOSER.format(attr=attr, what=keyword)
    values = _values(change.values)
    sent_values = change.values[:1] if fact == "const-changed" else change.values
    sent = " or ".join(f"`{wire}: {value}`" for value in sent_values) if wire and sent_values else values
    table = _REQUEST if side == "request" else _RESPONSE
    return table[fact].format(name=name, attr=attr, values=values, sent=sent)


# What a --code finding means for code written against the OLD client, by kind ({name}: the object's name).
_CODE = {
    "enum-member-removed": "code that uses `{name}` breaks",
    "model-attribute-removed": "code that reads or sets `{name}` breaks",
    "method-removed": "code that calls `{name}()` breaks",
    "function-removed": "code that calls `{name}()` breaks",
    "class-removed": "code that imports `{name}` breaks",
    "module-removed": "code that imports `{name}` breaks",
    "object-removed": "code that imports `{name}` breaks",
    "class-renamed": "code that imports the old name keeps working for now, with a DeprecationWarning",
    "attribute-type-changed": "type checkers may flag code that uses `{name}`, which may hold the new type",
}


def code_meaning(found: CodeChange) -> str:
    """Return what a --code finding means for code written against the OLD generated client."""
    name = found.object.rsplit(".", 1)[-1]
    if found.kind == "signature-changed":
        if found.severity is Severity.BREAKING:
            return f"calls to `{name}()` written for the old signature break"
        return f"type checkers may flag calls to `{name}()`"
    return _CODE.get(found.kind, "code that uses `{name}` may break").format(name=name)


def _key(*names: str) -> str:
    """Return names as a comparable key, whatever their case and separators (`SessionView.output_schema`)."""
    return ".".join(re.sub(r"[^0-9a-z]", "", name.lower()) for name in names)


def _targets(change: Change) -> set[str]:
    """Return the keys of the Python objects a change touches: an attribute, or an enum's members."""
    found = python_path(change.pointer)
    if found is None or "[" in found:
        return set()
    if "." in found:
        return {_key(*found.split("."))}
    values = (json.loads(value) for value in change.values)
    return {_key(found, str(value)) for value in values if isinstance(value, str | int)}


def fold(changes: tuple[Change, ...], code: CodeSection | None) -> tuple[tuple[Change, ...], CodeSection | None]:
    """Attach each --code finding to the spec change it comes from, so that one change is counted once.

    A finding moves to the first (worst) change that touches its object (`SessionView.output_schema`, an
    enum's member) and is at least as severe; any other stays in the Python API section.
    """
    if code is None or not code.changes:
        return changes, code
    targets = [_targets(change) for change in changes]
    attached: dict[int, list[CodeChange]] = {}
    left = []
    for found in code.changes:
        key = _key(*found.object.split(".")[-2:])
        index = next(
            (
                i
                for i, change in enumerate(changes)
                if key in targets[i] and change.severity.rank <= found.severity.rank
            ),
            None,
        )
        if index is None:
            left.append(found)
        else:
            attached.setdefault(index, []).append(found)
    merged = tuple(replace(c, python=tuple(attached[i])) if i in attached else c for i, c in enumerate(changes))
    return merged, replace(code, changes=tuple(left))
