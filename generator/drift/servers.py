"""Compare the servers a document names: the generated client's default base URL comes from them."""

from __future__ import annotations

import re
from typing import Any

from generator.drift.model import Change
from generator.drift.normalize import Normalizer
from generator.drift.rules import change

_VARIABLE = re.compile(r"\{([^}]+)\}")


def _url(server: dict[str, Any]) -> str:
    raw = server.get("variables")
    variables: dict[str, Any] = raw if isinstance(raw, dict) else {}

    def fill(match: re.Match[str]) -> str:
        var = variables.get(match.group(1))
        return str(var.get("default")) if isinstance(var, dict) and "default" in var else match.group(0)

    return _VARIABLE.sub(fill, str(server.get("url", ""))).rstrip("/")


def _servers(norm: Normalizer) -> dict[str, int]:
    listed = norm.document.data.get("servers")
    found: dict[str, int] = {}
    for index, server in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(server, dict):
            found.setdefault(_url(server), index)
    return found


def compare_servers(old: Normalizer, new: Normalizer) -> list[Change]:
    """Return the servers removed, added or changed at the top of the document."""
    before, after = _servers(old), _servers(new)
    removed, added = sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys())
    if len(removed) == 1 and len(added) == 1:
        text = f"server URL changed from {removed[0]} to {added[0]}"
        return [change("server-changed", "servers", f"/servers/{after[added[0]]}", text)]
    out = [
        change("server-removed", "servers", f"/servers/{before[url]}", f"server {url} was removed") for url in removed
    ]
    out += [change("server-added", "servers", f"/servers/{after[url]}", f"server {url} was added") for url in added]
    return out
