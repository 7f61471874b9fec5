"""Build the facade's HTTP clients and send its requests: the fastest path that keeps httpx's interface.

The clients the facade makes for itself are ordinary ``httpx.Client`` / ``httpx.AsyncClient`` objects with a
faster transport mounted: http.client under sync, aiohttp under async (measured in docs/benchmarks.md). When the
facade owns such a client, a Wire hands each request straight to the transport's ``exchange``: httpx's per-request
machinery (URL parsing, Request and header objects, the cookie jar, the auth flow) costs more CPU than the
loopback round trip, and the facade needs none of it. A client you pass in is used as it is, through
``client.request``, with its own transport, proxies, hooks and auth. So is ours when the environment names a
proxy (httpx honours ``HTTP(S)_PROXY``): then httpx routes the requests.

aiohttp is imported on the first async request, never by ``import browser_clients``.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Coroutine, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx

from browser_clients._response import Answer

if TYPE_CHECKING:
    import ssl

    from browser_clients._transport_aiohttp import AiohttpTransport
    from browser_clients._transport_stdlib import StdlibTransport

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=5.0)
"""Up to 100 connections, all kept alive while idle for up to 5 s (httpx keeps 20)."""

# What a fast-path request may carry; anything else (files, form data, cookies) goes through httpx.
_FAST_KEYS = frozenset({"method", "url", "headers", "json", "content", "params", "auth", "timeout"})
# An absolute http(s) URL that needs no escaping: the generated code quotes every path parameter.
_PLAIN_URL = re.compile(r"https?://[!#-~]+")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_MergedKey = tuple[int, object, tuple[tuple[str, Any], ...]]
_MERGED_KEPT = 256
"""How many distinct merged header sets a wire keeps (when full it starts again)."""

Prepared = tuple[str, str, tuple[tuple[str, str], ...], bytes | None, dict[str, float | None]]
"""Method, percent-encoded URL, headers, body and httpx's timeout extension: all a transport needs."""


@cache
def ssl_context() -> ssl.SSLContext:
    """Return the TLS context httpx would use (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), made on first use."""
    return httpx.create_ssl_context()


def proxies_configured() -> bool:
    """Tell whether the environment names a proxy, which httpx (trusting the environment) would route through."""
    return bool(urllib.request.getproxies())


def _static_auth_headers(auth: httpx.Auth) -> list[tuple[str, str]] | None:
    """Return the headers ``auth`` adds to every request, or None when it does more than add fixed headers."""
    if auth.requires_request_body or auth.requires_response_body:
        return None
    probe = httpx.Request("GET", "http://auth-probe.invalid/")
    before = set(probe.headers.raw)
    flow = auth.sync_auth_flow(probe)
    sent = next(flow)
    try:
        flow.send(httpx.Response(200, request=sent))
    except StopIteration:
        return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in sent.headers.raw if (k, v) not in before]
    return None  # a challenge-response auth (digest, say) wants to see answers: leave it to httpx


class _Merged(NamedTuple):
    """The headers of one kind of request, merged once: the client's, the call's and the auth's."""

    auth: httpx.Auth | None
    method: str
    headers: dict[str, tuple[str, str]]
    """By lower-case name, to which a body's headers are added."""
    bodiless: tuple[tuple[str, str], ...]
    """As sent without a body (which for POST, PUT and PATCH says so with a Content-Length of 0)."""


class _Preparer:
    """Turn the Core's request arguments into what a transport sends, as httpx would have sent them."""

    def __init__(self, client_headers: httpx.Headers) -> None:
        self._defaults = {key.lower(): (key, value) for key, value in client_headers.items()}
        self._auth: dict[int, tuple[httpx.Auth, list[tuple[str, str]] | None]] = {}
        # The headers of a request made of the client's, the call's and the auth's, merged once per distinct set.
        self._merged: dict[_MergedKey, _Merged] = {}
        self._timeout: tuple[httpx.Timeout | None, dict[str, float | None]] = (None, {})

    def _merged_anew(self, method: object, given: Mapping[str, Any] | None, auth: httpx.Auth | None) -> _Merged | None:
        """Return the merged headers of a request; None: the auth is not static (only httpx can send it)."""
        headers = self._merge(given, auth)
        if headers is None:
            return None
        upper = str(method).upper()
        bodiless = dict(headers)
        if upper in _BODY_METHODS:
            bodiless.setdefault("content-length", ("Content-Length", "0"))
        return _Merged(auth, upper, headers, tuple(bodiless.values()))

    def _merge(self, given: Mapping[str, Any] | None, auth: httpx.Auth | None) -> dict[str, tuple[str, str]] | None:
        headers = dict(self._defaults)
        for name, value in (given or {}).items():
            headers[name.lower()] = (name, str(value))
        if auth is not None:
            extra = self._auth_headers(auth)
            if extra is None:
                return None
            for name, value in extra:
                headers[name.lower()] = (name, value)
        return headers

    def _timeouts(self, timeout: object) -> dict[str, float | None]:
        """Return httpx's timeout extension of ``timeout``, kept for the next request with the same one."""
        timeouts = timeout.as_dict() if isinstance(timeout, httpx.Timeout) else {}
        self._timeout = (timeout if isinstance(timeout, httpx.Timeout) else None, timeouts)
        return timeouts

    def _auth_headers(self, auth: httpx.Auth) -> list[tuple[str, str]] | None:
        found = self._auth.get(id(auth))
        if found is None or found[0] is not auth:
            found = (auth, _static_auth_headers(auth))
            self._auth[id(auth)] = found
        return found[1]

    def prepare(self, args: Mapping[str, Any]) -> Prepared | None:
        """Return the request to send, or None when only httpx itself can send it faithfully."""
        url = args["url"]
        if not args.keys() <= _FAST_KEYS or type(url) is not str or not _PLAIN_URL.fullmatch(url):
            return None
        method, given, auth = args["method"], args.get("headers"), args.get("auth")
        key: _MergedKey = (id(auth), method, tuple(given.items()) if given else ())
        try:
            merged, keep = self._merged.get(key), True
        except TypeError:  # a value that cannot be hashed: merge it without keeping the result
            merged, keep = None, False
        if merged is None or merged.auth is not auth:
            merged = self._merged_anew(method, given, auth)
            if merged is None:
                return None
            if keep:
                if len(self._merged) >= _MERGED_KEPT:
                    self._merged.clear()
                self._merged[key] = merged
        sent, content = args.get("json"), args.get("content")
        body: bytes | None = None
        if sent is None and content is None:
            headers = merged.bodiless
        else:
            fields = dict(merged.headers)  # a copy: the body's headers are added
            if sent is not None:
                # Exactly httpx's encoding of json=..., so the bytes on the wire do not depend on the path taken.
                body = json.dumps(sent, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
                fields.setdefault("content-type", ("Content-Type", "application/json"))
            elif isinstance(content, bytes | str):
                body = content.encode() if isinstance(content, str) else content
            else:
                return None
            fields["content-length"] = ("Content-Length", str(len(body)))
            headers = tuple(fields.values())
        params = args.get("params")
        if params:
            url += ("&" if "?" in url else "?") + str(httpx.QueryParams(params))
        timeout = args.get("timeout")
        last, timeouts = self._timeout
        if timeout is not last:
            timeouts = self._timeouts(timeout)
        return merged.method, url, headers, body, timeouts


class SyncWire:
    """How the sync facade sends: into its own http.client transport, or through the httpx.Client you passed."""

    def __init__(self, client: httpx.Client, transport: StdlibTransport | None) -> None:
        self.client = client
        self._transport = transport
        self._preparer = _Preparer(client.headers)

    @classmethod
    def default(cls, timeout: httpx.Timeout) -> SyncWire:
        """Return a wire over a client of the facade's own."""
        if proxies_configured():
            return cls(httpx.Client(timeout=timeout, follow_redirects=False), None)
        transport = sync_transport()
        return cls(httpx.Client(transport=transport, timeout=timeout, follow_redirects=False), transport)

    def send(self, args: Mapping[str, Any]) -> Answer:
        """Send one request described by the Core's request arguments."""
        prepared = None if self._transport is None else self._preparer.prepare(args)
        if prepared is None or self._transport is None:
            return Answer.of(self.client.request(**args))
        return self._transport.exchange(*prepared)

    def close(self) -> None:
        """Close the client and its connections."""
        self.client.close()


class AsyncWire:
    """How the async facade sends: into its own aiohttp transport, or through the httpx.AsyncClient you passed."""

    def __init__(self, client: httpx.AsyncClient, transport: AiohttpTransport | None) -> None:
        self.client = client
        self._transport = transport
        self._preparer = _Preparer(client.headers)

    @classmethod
    def default(cls, timeout: httpx.Timeout) -> AsyncWire:
        """Return a wire over a client of the facade's own."""
        if proxies_configured():
            return cls(httpx.AsyncClient(timeout=timeout, follow_redirects=False), None)
        transport = async_transport()
        return cls(httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False), transport)

    def send(self, args: Mapping[str, Any]) -> Coroutine[Any, Any, Answer]:
        """Return the sending of one request described by the Core's request arguments, to await.

        A plain function handing over the transport's coroutine: one frame fewer to resume at every event.
        """
        prepared = None if self._transport is None else self._preparer.prepare(args)
        if prepared is None or self._transport is None:
            return self._through_client(args)
        return self._transport.exchange(*prepared)

    async def _through_client(self, args: Mapping[str, Any]) -> Answer:
        return Answer.of(await self.client.request(**args))

    async def aclose(self) -> None:
        """Close the client and its connections."""
        await self.client.aclose()


def async_transport(limits: httpx.Limits = DEFAULT_LIMITS) -> AiohttpTransport:
    """Return the async transport the facade uses: httpx's interface over aiohttp."""
    from browser_clients._transport_aiohttp import AiohttpTransport

    return AiohttpTransport(limits=limits, ssl_context=ssl_context)


def sync_transport(limits: httpx.Limits = DEFAULT_LIMITS) -> StdlibTransport:
    """Return the sync transport the facade uses: httpx's interface over http.client."""
    from browser_clients._transport_stdlib import StdlibTransport

    return StdlibTransport(limits=limits, ssl_context=ssl_context)


__all__ = [
    "DEFAULT_LIMITS",
    "AsyncWire",
    "Prepared",
    "SyncWire",
    "async_transport",
    "ssl_context",
    "sync_transport",
]
