"""The catalogue of drift rules: each rule's id, its severity on each side, and the semver bump it needs.

What the client sends and what it receives follow opposite rules, so a schema check names a direction-neutral
fact (``enum-value-added``, ``max-length-increased``) and this table says what that fact means on the request
side and on the response side. The verdicts follow oasdiff's where it has one for the category; a change that
alters only what the generated Python client looks like is a warning here (the ``--code`` section rates it).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from generator.drift.model import Bump, Change, Severity, Use

B, W, N = Severity.BREAKING, Severity.WARNING, Severity.INFO  # N: iNfo (I reads as 1)


@dataclass(frozen=True)
class Rule:
    """One check: its id, what it means, how severe it is and the bump it asks for."""

    id: str
    severity: Severity
    bump: Bump
    summary: str


# Schema facts: suffix -> (severity on the request side, on the response side, additive?, summary).
# "additive" info changes (a client can now do or see more) ask for a minor bump; other info ones a patch.
_SCHEMA_FACTS: dict[str, tuple[Severity, Severity, bool, str]] = {
    "type-widened": (N, B, True, "type or format now accepts more values"),
    "type-narrowed": (B, N, False, "type or format now accepts fewer values"),
    "type-changed": (B, B, False, "type or format changed incompatibly"),
    "became-nullable": (N, B, True, "may now be null"),
    "became-not-nullable": (B, N, False, "may no longer be null"),
    "enum-value-added": (N, W, True, "enum gained a value (strict clients reject unknown response values)"),
    "enum-value-removed": (B, N, False, "enum lost a value"),
    "became-enum": (B, N, False, "values restricted to an enum"),
    # The generated client reads `const` as a strict Literal: any other value reads as UNSET, with a deviation.
    "const-added": (B, N, False, "value fixed to a constant"),
    "const-changed": (B, B, False, "constant changed: the generated client reads any other value as UNSET"),
    "const-removed": (N, B, True, "constant dropped: the generated client reads any other value as UNSET"),
    "enum-removed": (N, W, True, "enum restriction dropped: any value of the type"),
    "pattern-added": (W, N, False, "pattern added"),
    "pattern-changed": (W, W, False, "pattern changed"),
    "pattern-removed": (N, W, True, "pattern removed"),
    "multiple-of-changed": (W, W, False, "multipleOf changed"),
    # JSON Schema 2020-12 keywords the generated client does not model (contains, if/then/else, dependentRequired,
    # dependentSchemas, unevaluatedProperties/Items, propertyNames, patternProperties): a server that checks
    # requests with them may refuse what it accepted; what the client receives is not checked against them.
    "constraint-added": (W, N, False, "JSON Schema constraint added (contains, if/then/else, dependent..., ...)"),
    "constraint-changed": (W, N, False, "JSON Schema constraint changed"),
    "constraint-removed": (N, N, True, "JSON Schema constraint removed"),
    # prefixItems: requests as above; the generated client reads a response's items as any of them and `items`.
    "prefix-items-added": (W, N, False, "prefixItems added"),
    "prefix-items-changed": (W, W, False, "prefixItems changed"),
    "prefix-items-removed": (N, W, True, "prefixItems removed"),
    "default-changed": (W, N, False, "default value added, changed or removed"),
    # The generated reader reads a value of a variant it does not know as unknown: UNSET, with a deviation.
    "variant-added": (N, B, True, "anyOf/oneOf gained a variant: old clients read its values as UNSET"),
    "variant-removed": (B, N, False, "anyOf/oneOf lost a variant"),
    "additional-properties-restricted": (B, N, False, "additional properties no longer allowed"),
    "additional-properties-allowed": (N, W, True, "additional properties now allowed"),
    "became-deprecated": (N, N, False, "deprecated"),
}
for _bound, _what in (
    ("max-length", "maxLength"),
    ("max", "maximum"),
    ("max-items", "maxItems"),
    ("max-properties", "maxProperties"),
):
    _SCHEMA_FACTS[f"{_bound}-decreased"] = (B, N, False, f"{_what} lowered")
    _SCHEMA_FACTS[f"{_bound}-increased"] = (N, B, True, f"{_what} raised")
    _SCHEMA_FACTS[f"{_bound}-set"] = (W, N, False, f"{_what} added")
    _SCHEMA_FACTS[f"{_bound}-unset"] = (N, B, True, f"{_what} removed")
for _bound, _what in (
    ("min-length", "minLength"),
    ("min", "minimum"),
    ("min-items", "minItems"),
    ("min-properties", "minProperties"),
):
    _SCHEMA_FACTS[f"{_bound}-increased"] = (B, N, False, f"{_what} raised")
    _SCHEMA_FACTS[f"{_bound}-decreased"] = (N, B, True, f"{_what} lowered")
    _SCHEMA_FACTS[f"{_bound}-set"] = (W, N, False, f"{_what} added")
    _SCHEMA_FACTS[f"{_bound}-unset"] = (N, B, True, f"{_what} removed")

# Facts about a named property (never about a whole body, parameter or header).
_PROPERTY_FACTS: dict[str, tuple[Severity, Severity, bool, str]] = {
    "added-required": (B, N, True, "required property added"),
    "added-optional": (N, N, True, "optional property added"),
    "removed-required": (W, B, False, "required property removed"),
    "removed-optional": (W, B, False, "optional property removed (its model attribute disappears)"),
    "became-required": (B, N, False, "property became required"),
    "became-optional": (N, B, True, "property became optional"),
}

# Request parameters follow oasdiff: a changed default changes what every caller that omits it gets.
_PARAMETER_OVERRIDES = {"default-changed": B}
# The generated client hands response headers over as strings (httpx's): their type is not read.
_HEADER_OVERRIDES = {"type-widened": N, "type-changed": N}

# Rules that are not about a schema: id -> (severity, additive?, summary).
_OTHER: dict[str, tuple[Severity, bool, str]] = {
    "operation-added": (N, True, "operation added"),
    "operation-removed": (B, False, "operation removed"),
    "operation-deprecated": (N, False, "operation deprecated"),
    "operation-reactivated": (N, False, "operation no longer deprecated"),
    "operation-id-changed": (N, False, "operationId changed: the generated function keeps its locked name"),
    "operation-tag-changed": (N, False, "first tag changed: the generated function keeps its locked module"),
    "request-path-parameter-renamed": (W, False, "path parameter renamed: the generated keyword changes"),
    "request-parameter-added-required": (B, True, "required parameter added"),
    "request-parameter-added-optional": (N, True, "optional parameter added"),
    "request-parameter-removed": (W, False, "parameter removed"),
    "request-parameter-moved": (
        B,
        False,
        "parameter moved to another location (query, header, path, cookie)",
    ),
    "request-parameter-became-required": (B, False, "parameter became required"),
    "request-parameter-became-optional": (N, True, "parameter became optional"),
    "request-parameter-deprecated": (N, False, "parameter deprecated"),
    "request-body-added-required": (B, True, "required request body added"),
    "request-body-added-optional": (N, True, "optional request body added"),
    "request-body-removed": (W, False, "request body removed"),
    "request-body-became-required": (B, False, "request body became required"),
    "request-body-became-optional": (N, True, "request body became optional"),
    "request-body-media-type-added": (N, True, "request content type added"),
    "request-body-media-type-removed": (B, False, "request content type removed"),
    "response-success-status-added": (W, True, "success status added: old clients do not expect it"),
    "response-success-status-removed": (B, False, "success status removed"),
    "response-non-success-status-added": (N, True, "error status added"),
    "response-non-success-status-removed": (N, False, "error status removed"),
    "response-media-type-added": (N, True, "response content type added"),
    "response-media-type-removed": (B, False, "response content type removed"),
    "request-body-unmodelled-schema-changed": (
        N,
        False,
        "schema of a request content type the generated client does not model (XML) changed",
    ),
    "response-body-unmodelled-schema-changed": (
        N,
        False,
        "schema of a response content type the generated client does not model (XML) changed",
    ),
    "response-header-added": (N, True, "response header added"),
    "response-header-removed-required": (B, False, "required response header removed"),
    "response-header-removed-optional": (W, False, "optional response header removed"),
    "response-header-became-optional": (B, False, "response header became optional"),
    "response-header-became-required": (N, False, "response header became required"),
    "security-added": (B, False, "operation now requires authentication"),
    "security-removed": (N, False, "operation no longer requires authentication"),
    "security-alternative-added": (N, True, "a new way to authenticate is accepted"),
    "security-alternative-removed": (B, False, "a way to authenticate is no longer accepted"),
    "security-scope-added": (B, False, "security scope now required"),
    "security-scope-removed": (N, False, "security scope no longer required"),
    "security-scheme-added": (N, True, "security scheme added"),
    "security-scheme-removed": (N, False, "security scheme removed"),
    "security-scheme-renamed": (N, False, "security scheme renamed, same meaning"),
    "security-scheme-type-changed": (B, False, "security scheme type changed"),
    "security-scheme-location-changed": (B, False, "API key moved (header, query, cookie)"),
    "security-scheme-name-changed": (B, False, "API key header, query or cookie name changed"),
    "security-scheme-prefix-changed": (B, False, "credential prefix changed (e.g. `apikey <key>`, Bearer)"),
    "security-scheme-flow-changed": (W, False, "OAuth flow or its URLs changed"),
    "server-added": (N, True, "server added"),
    "server-removed": (W, False, "server removed: the default base URL may change"),
    "server-changed": (W, False, "server URL changed: the default base URL changes"),
    "component-schema-added": (N, True, "schema added: a new model class"),
    "component-schema-removed": (W, False, "schema removed: its model class disappears"),
    "component-schema-renamed": (N, False, "schema renamed, same shape: its model class keeps its locked name"),
}

REQUEST_ROOTS = ("request-body", "request-parameter")
RESPONSE_ROOTS = ("response-body", "response-header")


def _bump(severity: Severity, additive: bool) -> Bump:
    if severity is Severity.BREAKING:
        return Bump.MAJOR
    if severity is Severity.WARNING or additive:
        return Bump.MINOR
    return Bump.PATCH


def _catalogue() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for rule_id, (severity, additive, summary) in _OTHER.items():
        rules[rule_id] = Rule(rule_id, severity, _bump(severity, additive), summary)
    for side, roots in (("request", REQUEST_ROOTS), ("response", RESPONSE_ROOTS)):
        index = 0 if side == "request" else 1
        for suffix, (on_request, on_response, additive, summary) in _SCHEMA_FACTS.items():
            for prefix in (*roots, f"{side}-property"):
                severity = on_request if index == 0 else on_response
                if prefix == "request-parameter":
                    severity = _PARAMETER_OVERRIDES.get(suffix, severity)
                if prefix == "response-header":
                    severity = _HEADER_OVERRIDES.get(suffix, severity)
                rule_id = f"{prefix}-{suffix}"
                rules[rule_id] = Rule(rule_id, severity, _bump(severity, additive), summary)
        for suffix, (on_request, on_response, additive, summary) in _PROPERTY_FACTS.items():
            severity = on_request if index == 0 else on_response
            rule_id = f"{side}-property-{suffix}"
            rules[rule_id] = Rule(rule_id, severity, _bump(severity, additive), summary)
    return rules


RULES: MappingProxyType[str, Rule] = MappingProxyType(_catalogue())


def change(
    rule_id: str,
    operation: str,
    pointer: str,
    message: str,
    *,
    path: str = "",
    subject: str = "",
    detail: str | None = None,
    values: tuple[str, ...] = (),
) -> Change:
    """Build the change that rule ``rule_id`` reports in ``operation`` (KeyError for a rule not in the catalogue).

    ``path`` is the property path by which the operation reaches it, ``subject`` the wire name of the
    parameter or header it is about, ``detail`` what changed whatever the operation (the message by default),
    ``values`` the JSON values it is about.
    """
    rule = RULES[rule_id]
    return Change(
        rule_id,
        rule.severity,
        rule.bump,
        (Use(operation, path),),
        pointer,
        message,
        subject=subject,
        values=values,
        detail=detail or message,
    )
