"""Compare authentication: security schemes (type, where the key goes, name, prefix) and requirements."""

from __future__ import annotations

from typing import Any

from generator.documents import escape_pointer_token
from generator.drift.model import Change
from generator.drift.normalize import Normalizer, canonical
from generator.drift.operations import Operation, operations
from generator.drift.rules import change
from generator.security import derive

Requirement = dict[str, frozenset[str]]  # scheme name -> scopes; all of them together authenticate a call


def _schemes(norm: Normalizer) -> dict[str, tuple[dict[str, Any], str]]:
    found = {}
    for name, raw in ((norm.document.data.get("components") or {}).get("securitySchemes") or {}).items():
        node, ptr = norm.resolve(raw, f"/components/securitySchemes/{escape_pointer_token(name)}")
        if isinstance(node, dict):
            found[str(name)] = (node, ptr)
    return found


def _prefix(scheme: dict[str, Any]) -> str:
    """Return what precedes the credential, as the generator derives it (``apikey``, ``bearer``, "")."""
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") == "header":
        return derive({"components": {"securitySchemes": {"scheme": scheme}}}).prefix
    if kind == "http":
        return str(scheme.get("scheme", "")).lower()
    return ""


def _flows(scheme: dict[str, Any]) -> str:
    raw = scheme.get("flows")
    flows: dict[str, Any] = raw if isinstance(raw, dict) else {}
    urls = {
        flow: {k: v for k, v in body.items() if k.endswith("Url")}
        for flow, body in flows.items()
        if isinstance(body, dict)
    }
    return canonical([urls, scheme.get("openIdConnectUrl")])


def meaning(scheme: dict[str, Any]) -> tuple[str, ...]:
    """Return what a client must do to satisfy ``scheme`` (its name and description left out)."""
    name = str(scheme.get("name", ""))
    return (
        str(scheme.get("type")),
        str(scheme.get("in", "")),
        name.lower() if scheme.get("in") == "header" else name,
        _prefix(scheme),
        _flows(scheme),
    )


def _requirements(doc: dict[str, Any], op: Operation, renames: dict[str, str]) -> list[Requirement] | None:
    """Return the ways to authenticate ``op`` (None when it needs no authentication)."""
    listed = op.node["security"] if "security" in op.node else doc.get("security")
    if not isinstance(listed, list) or not listed or any(not r for r in listed if isinstance(r, dict)):
        return None
    return [
        {renames.get(str(name), str(name)): frozenset(scopes or []) for name, scopes in req.items()}
        for req in listed
        if isinstance(req, dict)
    ]


def _satisfies(have: Requirement, need: Requirement) -> bool:
    return all(name in have and scopes <= have[name] for name, scopes in need.items())


def _show(req: Requirement) -> str:
    return " + ".join(sorted(req)) or "none"


class SecurityDiff:
    """Compare the security schemes and each shared operation's security requirements."""

    def __init__(self, old: Normalizer, new: Normalizer) -> None:
        self.old, self.new = old, new

    def run(self) -> list[Change]:
        """Return every authentication change."""
        before, after = _schemes(self.old), _schemes(self.new)
        out: list[Change] = []
        renames: dict[str, str] = {}
        added = {name: after[name] for name in after.keys() - before.keys()}
        for name in sorted(before.keys() - after.keys()):
            node, ptr = before[name]
            twin = next((n for n, (other, _) in sorted(added.items()) if meaning(other) == meaning(node)), None)
            if twin is not None:
                renames[name] = twin
                text = f"security scheme {name!r} was renamed to {twin!r} (same meaning)"
                out.append(
                    change(
                        "security-scheme-renamed",
                        f"components.securitySchemes.{twin}",
                        added.pop(twin)[1],
                        text,
                    )
                )
            else:
                text = f"security scheme {name!r} was removed"
                out.append(change("security-scheme-removed", f"components.securitySchemes.{name}", ptr, text))
        for name, (_node, ptr) in sorted(added.items()):
            out.append(
                change(
                    "security-scheme-added",
                    f"components.securitySchemes.{name}",
                    ptr,
                    f"security scheme {name!r} was added",
                )
            )
        for name in sorted(before.keys() & after.keys()):
            out.extend(self._scheme(name, before[name][0], *after[name]))
        out.extend(self._operations(renames))
        return out

    @staticmethod
    def _scheme(name: str, old: dict[str, Any], new: dict[str, Any], ptr: str) -> list[Change]:
        where = f"components.securitySchemes.{name}"
        o, n = meaning(old), meaning(new)
        if o[0] != n[0]:
            return [
                change(
                    "security-scheme-type-changed",
                    where,
                    ptr,
                    f"security scheme type changed from {o[0]} to {n[0]}",
                )
            ]
        out = []
        old_name, new_name = str(old.get("name", "")), str(new.get("name", ""))
        if o[1] != n[1]:
            text = f"the credential moved from the {o[1]} to the {n[1]}"
            out.append(change("security-scheme-location-changed", where, ptr, text))
        if old_name.lower() != new_name.lower() or (o[1] == n[1] and o[2] != n[2]):
            text = f"the credential's {n[1] or 'parameter'} name changed from {old_name!r} to {new_name!r}"
            out.append(change("security-scheme-name-changed", where, ptr, text))
        if o[3] != n[3] and o[0] == "http":
            text = f"HTTP authentication scheme changed from {o[3]!r} to {n[3]!r}"
            out.append(change("security-scheme-type-changed", where, ptr, text))
        elif o[3] != n[3] and o[1] == n[1]:  # a moved key loses its prefix with its place: reported above
            text = f"the credential's prefix changed from {o[3]!r} to {n[3]!r}"
            out.append(change("security-scheme-prefix-changed", where, ptr, text))
        if o[4] != n[4]:
            out.append(
                change(
                    "security-scheme-flow-changed",
                    where,
                    ptr,
                    "the OAuth/OpenID Connect flows or URLs changed",
                )
            )
        return out

    def _operations(self, renames: dict[str, str]) -> list[Change]:
        before, after = operations(self.old), operations(self.new)
        out = []
        for key in sorted(before.keys() & after.keys()):
            o, n = before[key], after[key]
            was = _requirements(self.old.document.data, o, renames)
            now = _requirements(self.new.document.data, n, {})
            ptr = f"{n.pointer}/security" if "security" in n.node else "/security"
            if was is None and now is None:
                continue
            if was is None:
                ways = " or ".join(_show(r) for r in now or [])
                out.append(change("security-added", n.label, ptr, f"operation now requires authentication ({ways})"))
                continue
            if now is None:
                out.append(change("security-removed", n.label, ptr, "operation no longer requires authentication"))
                continue
            for req in was:
                if any(_satisfies(req, need) for need in now):
                    continue
                if any(set(need) <= set(req) for need in now):
                    text = f"authenticating with {_show(req)} now needs more scopes"
                    out.append(change("security-scope-added", n.label, ptr, text))
                else:
                    text = f"authenticating with {_show(req)} is no longer accepted"
                    out.append(change("security-alternative-removed", n.label, ptr, text))
            for need in now:
                if not any(set(need) == set(req) for req in was):
                    text = f"authenticating with {_show(need)} is now accepted"
                    out.append(change("security-alternative-added", n.label, ptr, text))
                elif any(set(need) == set(req) and need != req and _satisfies(req, need) for req in was):
                    text = f"authenticating with {_show(need)} needs fewer scopes"
                    out.append(change("security-scope-removed", n.label, ptr, text))
        return out
