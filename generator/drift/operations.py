"""Compare operations, matched by method and path shape: their parameters, request bodies and responses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.documents import escape_pointer_token
from generator.drift.model import Change
from generator.drift.normalize import ANY, Key, Normalizer
from generator.drift.rules import change
from generator.drift.schemas import Finding, SchemaDiff, Side, show_path

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PLACEHOLDER = re.compile(r"\{([^}/]+)\}")
# OpenAPI says these header parameters are ignored: content negotiation and auth are described elsewhere.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
Place = tuple[dict[str, Any], str]  # a node and its JSON pointer


@dataclass(frozen=True)
class Operation:
    """One operation of a document, with the path item it belongs to."""

    method: str
    path: str
    pointer: str
    node: dict[str, Any]
    item: dict[str, Any]
    item_pointer: str

    @property
    def label(self) -> str:
        """Return how reports name the operation: ``POST /sessions/{session_id}/stop``."""
        return f"{self.method.upper()} {self.path}"


def path_shape(path: str) -> str:
    """Return ``path`` with its parameter names erased, so a renamed path parameter is the same path."""
    return _PLACEHOLDER.sub("{}", path)


def operations(norm: Normalizer) -> dict[tuple[str, str], Operation]:
    """Return the document's operations keyed by method and path shape."""
    found: dict[tuple[str, str], Operation] = {}
    for path, raw in (norm.document.data.get("paths") or {}).items():
        item_pointer = f"/paths/{escape_pointer_token(path)}"
        item, item_pointer = norm.resolve(raw, item_pointer)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            node = item.get(method)
            if isinstance(node, dict):
                op = Operation(method, str(path), f"{item_pointer}/{method}", node, item, item_pointer)
                found.setdefault((method, path_shape(str(path))), op)
    return found


def media_types(content: Any) -> dict[str, str]:
    """Return the media types of a `content` map, lower-cased without parameters, to their original keys."""
    if not isinstance(content, dict):
        return {}
    return {str(media).split(";")[0].strip().lower(): str(media) for media in content}


def modelled(media: str, side: Side) -> bool:
    """Return whether the generated client reads (response) or writes (request) bodies of ``media``'s schema.

    openapi-python-client models JSON (and `+json`) bodies, forms, multipart and octet-stream requests,
    octet-stream and text responses; XML never.
    """
    if media.endswith(("/xml", "+xml")):
        return False
    if media == "application/json" or media.endswith("+json") or media == "application/octet-stream":
        return True
    if side is Side.REQUEST:
        return media in ("application/x-www-form-urlencoded", "multipart/form-data")
    return media.startswith("text/")


def anchor(
    findings: Iterable[Finding], root: str, subject: str, where: str, operation: str, *, name: str = ""
) -> list[Change]:
    """Turn schema findings below ``subject`` into changes of ``operation`` (root: e.g. ``request-body``).

    ``name`` is the wire name of the parameter or header the findings are in ("" for a body).
    """
    side = root.split("-", maxsplit=1)[0]
    out = []
    for f in findings:
        path = show_path(f.path)
        if f.path:
            rule, message = f"{side}-property-{f.fact}", f"{side} property '{path}'{where} {f.detail}"
        else:
            rule, message = f"{root}-{f.fact}", f"{subject} {f.detail}"
        found = change(rule, operation, f.pointer, message, path=path, subject=name, detail=f.detail, values=f.values)
        out.append(found)
    return out


class OperationDiff:
    """Compare the operations of two documents."""

    def __init__(self, old: Normalizer, new: Normalizer, schemas: SchemaDiff) -> None:
        self.old, self.new, self.schemas = old, new, schemas
        self.text_schemas = schemas.as_text()  # parameters given by a `schema` travel as text

    def run(self) -> list[Change]:
        """Return every operation-level change, schemas included."""
        before, after = operations(self.old), operations(self.new)
        out: list[Change] = []
        for key in before.keys() - after.keys():
            op = before[key]
            how = "it was deprecated first" if op.node.get("deprecated") is True else "without deprecation"
            out.append(change("operation-removed", op.label, op.pointer, f"operation removed ({how})"))
        for key in after.keys() - before.keys():
            op = after[key]
            out.append(change("operation-added", op.label, op.pointer, "operation added"))
        for key in before.keys() & after.keys():
            out.extend(self._operation(before[key], after[key]))
        return out

    def _operation(self, o: Operation, n: Operation) -> list[Change]:
        label, out = n.label, []
        was, now = o.node.get("deprecated") is True, n.node.get("deprecated") is True
        if was != now:
            rule = "operation-deprecated" if now else "operation-reactivated"
            out.append(
                change(
                    rule,
                    label,
                    n.pointer,
                    "operation deprecated" if now else "operation no longer deprecated",
                )
            )
        old_id, new_id = o.node.get("operationId"), n.node.get("operationId")
        if old_id != new_id and (old_id or new_id):
            text = f"operationId changed from {old_id!r} to {new_id!r}: the generated function keeps its locked name"
            out.append(change("operation-id-changed", label, f"{n.pointer}/operationId", text))
        old_tags, new_tags = o.node.get("tags") or [None], n.node.get("tags") or [None]
        if old_tags[0] != new_tags[0]:
            tags = f"from {old_tags[0]!r} to {new_tags[0]!r}"
            text = f"first tag changed {tags}: the generated function keeps its locked module"
            out.append(change("operation-tag-changed", label, f"{n.pointer}/tags", text))
        out.extend(self._parameters(o, n))
        out.extend(self._body(o, n))
        out.extend(self._responses(o, n))
        return out

    # -- parameters ----------------------------------------------------------------------------------

    def _params(self, norm: Normalizer, op: Operation) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
        placeholders = _PLACEHOLDER.findall(op.path)
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_ptr in ((op.item, op.item_pointer), (op.node, op.pointer)):
            for index, raw in enumerate(owner.get("parameters") or []):
                param, ptr = norm.resolve(raw, f"{owner_ptr}/parameters/{index}")
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    continue
                where, name = str(param.get("in")), param["name"]
                if where == "header" and name.lower() in _IGNORED_HEADERS:
                    continue
                if where == "path" and name in placeholders:
                    key = (
                        where,
                        f"#{placeholders.index(name)}",
                    )  # by position: a rename is the same parameter
                else:
                    key = (where, name.lower() if where == "header" else name)
                found[key] = (param, ptr)
        return found

    @staticmethod
    def _schema_ptr(node: dict[str, Any], ptr: str) -> str | None:
        if isinstance(node.get("schema"), dict | bool):
            return f"{ptr}/schema"
        for original in media_types(node.get("content")).values():
            entry = node["content"][original]
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict | bool):
                return f"{ptr}/content/{escape_pointer_token(original)}/schema"
        return None

    def _key(self, norm: Normalizer, node: dict[str, Any], ptr: str) -> Key:
        return norm.key(self._schema_ptr(node, ptr))

    def _parameters(self, o: Operation, n: Operation) -> list[Change]:
        before, after = self._params(self.old, o), self._params(self.new, n)
        label, out = n.label, []
        removed = {k: before[k] for k in before.keys() - after.keys()}
        added = {k: after[k] for k in after.keys() - before.keys()}
        for old_key, (param, ptr) in list(removed.items()):
            moved = next((k for k in added if k[1].lower() == old_key[1].lower() and k[0] != old_key[0]), None)
            if moved is None:
                text = f"{old_key[0]} parameter '{param['name']}' was removed"
                out.append(change("request-parameter-removed", label, ptr, text, subject=param["name"]))
                continue
            _, new_ptr = added.pop(moved)
            text = f"parameter '{param['name']}' moved from {old_key[0]} to {moved[0]}"
            out.append(change("request-parameter-moved", label, new_ptr, text, subject=param["name"]))
        for new_key, (param, ptr) in added.items():
            state = "required" if param.get("required") is True else "optional"
            text = f"{state} {new_key[0]} parameter '{param['name']}' was added"
            out.append(change(f"request-parameter-added-{state}", label, ptr, text, subject=param["name"]))
        for key in sorted(before.keys() & after.keys()):
            (op_, optr), (np_, nptr) = before[key], after[key]
            where = key[0]
            subject = f"{where} parameter '{np_['name']}'"
            if where == "path" and op_["name"] != np_["name"]:
                text = f"path parameter '{op_['name']}' was renamed to '{np_['name']}'"
                out.append(change("request-path-parameter-renamed", label, nptr, text, subject=np_["name"]))
            was, now = op_.get("required") is True, np_.get("required") is True
            if was != now and where != "path":
                rule = "request-parameter-became-required" if now else "request-parameter-became-optional"
                text = f"{subject} became {'required' if now else 'optional'}"
                out.append(change(rule, label, nptr, text, subject=np_["name"]))
            if np_.get("deprecated") is True and op_.get("deprecated") is not True:
                text = f"{subject} was deprecated"
                out.append(change("request-parameter-deprecated", label, nptr, text, subject=np_["name"]))
            schemas = self.text_schemas if "schema" in op_ and "schema" in np_ else self.schemas
            found = schemas.diff(self._key(self.old, op_, optr), self._key(self.new, np_, nptr), Side.REQUEST)
            out.extend(anchor(found, "request-parameter", subject, f" of {subject}", label, name=np_["name"]))
        return out

    # -- request bodies ------------------------------------------------------------------------------

    def _body(self, o: Operation, n: Operation) -> list[Change]:
        label = n.label
        raw_old, raw_new = o.node.get("requestBody"), n.node.get("requestBody")
        if raw_old is None and raw_new is None:
            return []
        if raw_new is None:
            return [change("request-body-removed", label, f"{o.pointer}/requestBody", "request body was removed")]
        body_new, ptr_new = self.new.resolve(raw_new, f"{n.pointer}/requestBody")
        now = body_new.get("required") is True
        if raw_old is None:
            state = "required" if now else "optional"
            return [change(f"request-body-added-{state}", label, ptr_new, f"{state} request body was added")]
        body_old, ptr_old = self.old.resolve(raw_old, f"{o.pointer}/requestBody")
        out = []
        if (body_old.get("required") is True) != now:
            rule = "request-body-became-required" if now else "request-body-became-optional"
            out.append(change(rule, label, ptr_new, f"request body became {'required' if now else 'optional'}"))
        out.extend(self._content((body_old, ptr_old), (body_new, ptr_new), side=Side.REQUEST, code="", label=label))
        return out

    def _content(self, was: Place, now: Place, *, side: Side, code: str, label: str) -> list[Change]:
        (old, old_ptr), (new, new_ptr) = was, now
        before, after = media_types(old.get("content")), media_types(new.get("content"))
        kind = "request-body" if side is Side.REQUEST else "response"
        noun = "request" if side is Side.REQUEST else f"{code} response"
        out = []
        for media in sorted(before.keys() - after.keys()):
            ptr = f"{old_ptr}/content/{escape_pointer_token(before[media])}"
            out.append(change(f"{kind}-media-type-removed", label, ptr, f"{noun} content type {media} was removed"))
        for media in sorted(after.keys() - before.keys()):
            ptr = f"{new_ptr}/content/{escape_pointer_token(after[media])}"
            out.append(change(f"{kind}-media-type-added", label, ptr, f"{noun} content type {media} was added"))
        several = len(before.keys() & after.keys()) > 1
        for media in sorted(before.keys() & after.keys()):
            o_entry, n_entry = old["content"][before[media]], new["content"][after[media]]
            o_ptr = f"{old_ptr}/content/{escape_pointer_token(before[media])}"
            n_ptr = f"{new_ptr}/content/{escape_pointer_token(after[media])}"
            o_key = self._key(self.old, o_entry, o_ptr) if isinstance(o_entry, dict) else ANY
            n_key = self._key(self.new, n_entry, n_ptr) if isinstance(n_entry, dict) else ANY
            found = self.schemas.diff(o_key, n_key, side)
            if found and not modelled(media, side):  # one change: none of it reaches the generated client
                root = "request-body" if side is Side.REQUEST else "response-body"
                facts = ", ".join(sorted({f.fact for f in found}))
                text = (
                    f"{noun} content type {media} changed its schema ({facts}); the generated client does not model it"
                )
                out.append(change(f"{root}-unmodelled-schema-changed", label, f"{n_ptr}/schema", text))
                continue
            suffix = f", {media}" if several else ""
            if side is Side.REQUEST:
                subject = f"request body{f' ({media})' if several else ''}"
                out.extend(anchor(found, "request-body", subject, f" ({media})" if several else "", label))
            else:
                subject = f"{code} response body{f' ({media})' if several else ''}"
                out.extend(anchor(found, "response-body", subject, f" ({code} response{suffix})", label))
        return out

    # -- responses -----------------------------------------------------------------------------------

    def _responses(self, o: Operation, n: Operation) -> list[Change]:
        label = n.label
        before = {str(k).upper(): v for k, v in (o.node.get("responses") or {}).items()}
        after = {str(k).upper(): v for k, v in (n.node.get("responses") or {}).items()}
        old_keys = {str(k).upper(): str(k) for k in (o.node.get("responses") or {})}
        new_keys = {str(k).upper(): str(k) for k in (n.node.get("responses") or {})}
        out = []
        for code in sorted(before.keys() - after.keys()):
            kind = "success" if code.startswith("2") else "non-success"
            ptr = f"{o.pointer}/responses/{escape_pointer_token(old_keys[code])}"
            out.append(change(f"response-{kind}-status-removed", label, ptr, f"response status {code} was removed"))
        for code in sorted(after.keys() - before.keys()):
            kind = "success" if code.startswith("2") else "non-success"
            ptr = f"{n.pointer}/responses/{escape_pointer_token(new_keys[code])}"
            out.append(change(f"response-{kind}-status-added", label, ptr, f"response status {code} was added"))
        for code in sorted(before.keys() & after.keys()):
            o_resp, o_ptr = self.old.resolve(
                before[code], f"{o.pointer}/responses/{escape_pointer_token(old_keys[code])}"
            )
            n_resp, n_ptr = self.new.resolve(
                after[code], f"{n.pointer}/responses/{escape_pointer_token(new_keys[code])}"
            )
            if not isinstance(o_resp, dict) or not isinstance(n_resp, dict):
                continue
            was, now = (o_resp, o_ptr), (n_resp, n_ptr)
            out.extend(self._content(was, now, side=Side.RESPONSE, code=code.lower(), label=label))
            out.extend(self._headers(was, now, code=code.lower(), label=label))
        return out

    def _headers(self, was: Place, now: Place, *, code: str, label: str) -> list[Change]:
        (old, old_ptr), (new, new_ptr) = was, now

        def headers(norm: Normalizer, resp: dict[str, Any], ptr: str) -> dict[str, tuple[dict[str, Any], str, str]]:
            found = {}
            for name, raw in (resp.get("headers") or {}).items():
                node, at = norm.resolve(raw, f"{ptr}/headers/{escape_pointer_token(name)}")
                if isinstance(node, dict) and str(name).lower() != "content-type":
                    found[str(name).lower()] = (node, at, str(name))
            return found

        before, after = headers(self.old, old, old_ptr), headers(self.new, new, new_ptr)
        out = []
        for name in sorted(before.keys() - after.keys()):
            node, ptr, shown = before[name]
            state = "required" if node.get("required") is True else "optional"
            text = f"{state} response header '{shown}' ({code} response) was removed"
            out.append(change(f"response-header-removed-{state}", label, ptr, text, subject=shown))
        for name in sorted(after.keys() - before.keys()):
            node, ptr, shown = after[name]
            out.append(
                change(
                    "response-header-added",
                    label,
                    ptr,
                    f"response header '{shown}' ({code} response) was added",
                )
            )
        for name in sorted(before.keys() & after.keys()):
            (o_node, o_ptr, _), (n_node, n_ptr, shown) = before[name], after[name]
            subject = f"response header '{shown}' ({code} response)"
            required = n_node.get("required") is True
            if (o_node.get("required") is True) != required:
                state = "required" if required else "optional"
                text = f"{subject} became {state}"
                out.append(change(f"response-header-became-{state}", label, n_ptr, text, subject=shown))
            found = self.schemas.diff(
                self._key(self.old, o_node, o_ptr), self._key(self.new, n_node, n_ptr), Side.RESPONSE
            )
            out.extend(anchor(found, "response-header", subject, f" of {subject}", label, name=shown))
        return out
