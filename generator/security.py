"""Derive how a client authenticates from the document's security scheme: header name and value prefix."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.errors import PipelineError

# "use the format: `apikey <API-TOKEN>`", "Format: Token <key>": a word, then a placeholder in angle brackets.
_FORMAT = re.compile(r"`\s*([A-Za-z][\w.-]*)\s+<[^<>`]+>\s*`|format:?\s*([A-Za-z][\w.-]*)\s+<[^<>]+>", re.I)


@dataclass(frozen=True)
class AuthScheme:
    """Where the key goes and what precedes it, with the scheme it came from."""

    header: str
    prefix: str
    source: str


def _used_schemes(doc: dict[str, Any]) -> Counter[str]:
    """Count how many operations require each security scheme (the document-wide default included)."""
    counts: Counter[str] = Counter()
    default = doc.get("security") or []
    for item in (doc.get("paths") or {}).values():
        for method, op in (item or {}).items():
            if not isinstance(op, dict) or method.startswith("x-") or method == "parameters":
                continue
            for requirement in op.get("security", default) or []:
                counts.update(requirement.keys())
    return counts


def derive(doc: dict[str, Any]) -> AuthScheme:
    """Return the auth scheme most operations require; Bearer on Authorization when none is declared.

    Raise PipelineError for an API key the generated client cannot place: in the query or a cookie.
    """
    schemes: dict[str, Any] = (doc.get("components") or {}).get("securitySchemes") or {}
    used = _used_schemes(doc)
    ranked = sorted(schemes, key=lambda name: (-used[name], name))
    for name in ranked:
        scheme = schemes[name]
        kind = scheme.get("type")
        where = f"securitySchemes.{name}"
        if kind == "apiKey" and scheme.get("in") == "header":
            description = str(scheme.get("description") or "")
            explicit = scheme.get("x-auth-prefix")
            if isinstance(explicit, str):
                return AuthScheme(scheme["name"], explicit, f"{where} (x-auth-prefix)")
            match = _FORMAT.search(description)
            prefix = (match.group(1) or match.group(2)) if match else ""
            source = f"{where}, documented format {match.group(0).strip('` ')!r}" if match else f"{where}, raw key"
            return AuthScheme(str(scheme["name"]), prefix, source)
        if kind == "apiKey" and (used[name] or not any(used.values())):
            # The client template sends the key in a header only: a query or cookie key must not turn into
            # `Authorization: Bearer`, which the vendor would reject on every call.
            place = f"in {scheme.get('in')!r}" if scheme.get("in") else "without `in`"
            raise PipelineError(
                f"{where}: an apiKey {place} (name {scheme.get('name')!r}) is not supported: the generated "
                "client sends API keys in a header only"
            )
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return AuthScheme("Authorization", "Bearer", f"{where} (HTTP bearer)")
    return AuthScheme("Authorization", "Bearer", "no usable security scheme in the document (generator default)")
