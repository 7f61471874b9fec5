"""Load an OpenAPI 3.0/3.1 document from a file path, a `GIT_REF:path`, or an http(s) URL."""

from __future__ import annotations

import copy
import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.documents import escape_pointer_token, parse, split_pointer
from generator.drift.errors import GitPathMissing, GitRefMissing, UnusableInput
from generator.errors import PipelineError

_URL = re.compile(r"^https?://", re.I)
_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Document:
    """A parsed OpenAPI document and where it came from."""

    source: str
    data: dict[str, Any]
    version: str

    @property
    def is_31(self) -> bool:
        """Return whether the document is OpenAPI 3.1 (JSON Schema types may list "null")."""
        return self.version.startswith("3.1")


def kind_of(source: str) -> str:
    """Return how ``source`` is read: "url", "file" or "git"."""
    if _URL.match(source):
        return "url"
    if Path(source).exists() or ":" not in source or re.match(r"^[A-Za-z]:[\\/]", source):
        return "file"
    return "git"


def _read_file(label: str, source: str) -> str:
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnusableInput(label, source, "no such file") from None
    except IsADirectoryError:
        raise UnusableInput(label, source, "is a directory, not a document") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput(label, source, f"cannot read: {exc}") from None


def _git(args: list[str], cwd: Path | None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _read_git(label: str, source: str, cwd: Path | None) -> str:
    ref, _, path = source.partition(":")
    try:
        found = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except FileNotFoundError:
        raise UnusableInput(label, source, "git is not installed, so a REF:path input cannot be read") from None
    if found.returncode != 0:
        raise GitRefMissing(label, source, f"git ref {ref!r} does not exist here (fetch it first?)")
    shown = _git(["show", f"{ref}:{path}"], cwd)
    if shown.returncode != 0:
        raise GitPathMissing(label, source, f"{path!r} does not exist at git ref {ref!r}")
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise UnusableInput(label, source, "not UTF-8 text") from None


def _read_url(label: str, source: str) -> str:
    import httpx  # only a URL needs it; keeping it out of file and git comparisons saves ~45 ms a run

    try:
        response = httpx.get(source, timeout=_TIMEOUT_SECONDS, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise UnusableInput(label, source, f"cannot fetch: {exc or type(exc).__name__}") from None
    if response.status_code != 200:
        raise UnusableInput(label, source, f"fetching it answered HTTP {response.status_code}, not 200")
    return response.text


def check(label: str, source: str, data: dict[str, Any], *, text_keys: bool = True) -> str:
    """Return the OpenAPI version of ``data``, or raise UnusableInput saying why it is not 3.0/3.1.

    Its keys are made text first (``text_keys``: JSON's keys already are).
    """
    if "swagger" in data:
        raise UnusableInput(label, source, f"Swagger {data['swagger']} is not supported: give OpenAPI 3.0 or 3.1")
    version = data.get("openapi")
    if isinstance(version, float):  # `openapi: 3.1` unquoted is a YAML number
        version = data["openapi"] = str(version)
    if not isinstance(version, str) or not re.match(r"^3\.[01](\.\d+)?$", version):
        raise UnusableInput(label, source, f"not an OpenAPI 3.0/3.1 document (openapi: {version!r})")
    for key in ("paths", "components", "webhooks"):
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            raise UnusableInput(label, source, f"/{key} must be a mapping, found {type(data[key]).__name__}")
    _settle(label, source, data, text_keys=text_keys)
    return version


def _resolves(data: Any, ref: str) -> bool:
    node = data
    for token in split_pointer(ref):
        if isinstance(node, dict) and token not in node:  # keys not made text yet (see _settle) may still match
            node = {key_text(k): v for k, v in node.items()}
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def key_text(key: object) -> str:
    """Return a mapping key as JSON has it: YAML reads `201:` as an integer, `true:` as a boolean, `~:` as null."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, datetime.date):
        return key.isoformat()
    return str(key)


def _text_keys(label: str, source: str, node: dict[Any, Any], ptr: str) -> None:
    """Make every key of ``node`` text, in place and in order, or raise UnusableInput when two keys become one."""
    items = [(key_text(k), v) for k, v in node.items()]
    seen: dict[str, object] = {}
    for (text, _), original in zip(items, node, strict=True):
        if text in seen:
            where = ptr or "/"
            reason = f"the mapping at {where} has the key {text!r} twice ({seen[text]!r} and {original!r})"
            raise UnusableInput(label, source, reason)
        seen[text] = original
    node.clear()
    node.update(items)


def _settle(label: str, source: str, data: dict[str, Any], *, text_keys: bool) -> None:
    """Make every mapping key text, in place, and raise UnusableInput for the first `$ref` that is unusable.

    A `$ref` may percent-encode its pointer, as a URI fragment does (`~1payments~1%7Bid%7D`): it is decoded
    when only its decoded form resolves.
    """
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            if text_keys and not all(type(k) is str for k in node):
                _text_keys(label, source, node, ptr)
            ref = node.get("$ref")
            if isinstance(ref, str):
                if not ref.startswith("#"):
                    reason = f"$ref {ref!r} at {ptr}: only references inside the document are supported"
                    raise UnusableInput(label, source, reason)
                if not _resolves(data, ref):
                    decoded = unquote(ref)
                    if decoded == ref or not _resolves(data, decoded):
                        raise UnusableInput(label, source, f"$ref {ref!r} at {ptr} does not resolve")
                    node["$ref"] = decoded
            stack.extend((v, f"{ptr}/{escape_pointer_token(k)}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{ptr}/{i}") for i, v in enumerate(node))


def load(source: str, label: str = "", *, cwd: Path | None = None) -> Document:
    """Read, parse and check the document at ``source`` (file, `REF:path` or URL); ``label`` names it."""
    kind = kind_of(source)
    if kind == "url":
        text = _read_url(label, source)
    elif kind == "git":
        text = _read_git(label, source, cwd)
    else:
        text = _read_file(label, source)
    try:
        data = parse(text, source)
    except PipelineError as exc:
        problem = exc.problems[0]
        where = f"line {problem.line}: " if problem.line is not None else ""
        raise UnusableInput(label, source, f"{where}{problem.reason}") from None
    return Document(source, data, check(label, source, data, text_keys=not text.lstrip().startswith("{")))


def from_data(data: dict[str, Any], source: str = "<document>") -> Document:
    """Wrap a copy of an already parsed mapping as a Document (raising UnusableInput if it is not OpenAPI 3.0/3.1)."""
    data = copy.deepcopy(data)
    return Document(source, data, check("", source, data))
