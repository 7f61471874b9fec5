"""What the facade's transports hand back: an answer read whole, and the httpx.Response it stands for."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

RawHeaders = Sequence[tuple[str, str]] | Sequence[tuple[bytes, bytes]]
"""The answer's headers as received, in order, as names and values (text, or bytes as aiohttp keeps them)."""


def whole_response(status: int, headers: RawHeaders, body: bytes, reason: str | None, *, plain: bool) -> httpx.Response:
    """Return the answer as an httpx.Response, exactly what ``httpx.Response(status, content=body)`` gives.

    ``plain`` says that the answer carries a Content-Length and no Content-Encoding: then the body is the content
    as it is, and the Response is made without httpx's per-call stream machinery (its read() through a chunker
    and a decoder costs more than all the rest). Otherwise httpx reads it: it decodes the body and adds the
    Content-Length it lacks.
    """
    extensions: dict[str, object] = {"http_version": b"HTTP/1.1"}
    if reason:
        extensions["reason_phrase"] = reason.encode("latin-1", "replace")
    if not plain:
        return httpx.Response(status, headers=headers, content=body, extensions=extensions)
    response = httpx.Response(status, headers=headers, stream=httpx.ByteStream(body), extensions=extensions)
    # What Response.read() leaves behind for a body that needs no decoding (``content`` and read() return
    # ``_content``), set without the trip through it.
    response._content = body
    response._num_bytes_downloaded = len(body)
    response.is_stream_consumed = True
    response.is_closed = True
    return response


class Answer:
    """An answer read whole: its status and content at once, the httpx.Response it stands for when asked.

    A 2xx answer on the facade's own path is read from ``status_code`` and ``content`` alone; the httpx.Response
    (its headers parsed, exactly what ``whole_response`` gives) is made on first use of ``response`` or
    ``headers``: by an error, a retry decision, the log or a raw response. An answer whose body needs decoding
    (a Content-Encoding, or no Content-Length) is made into its Response at once, so that ``content`` is what
    httpx decoded and a corrupt encoding fails while the request is still being sent (httpx.DecodingError).
    """

    __slots__ = ("_headers", "_reason", "_response", "content", "status_code")

    def __init__(
        self, status_code: int, headers: RawHeaders, content: bytes, reason: str | None, *, plain: bool
    ) -> None:
        self.status_code = status_code
        self._headers = headers
        self._reason = reason
        if plain:
            self._response: httpx.Response | None = None
            self.content = content
        else:
            response = self._response = whole_response(status_code, headers, content, reason, plain=False)
            self.content = response.content

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        """Return the Answer of an httpx.Response read whole already (what an ``http_client`` you passed sent)."""
        answer = cls.__new__(cls)
        answer.status_code = response.status_code
        answer.content = response.content
        answer._headers = ()
        answer._reason = None
        answer._response = response
        return answer

    @property
    def response(self) -> httpx.Response:
        """Return the httpx.Response of this answer (made on first use, then kept)."""
        response = self._response
        if response is None:
            response = self._response = whole_response(
                self.status_code, self._headers, self.content, self._reason, plain=True
            )
        return response

    @property
    def headers(self) -> httpx.Headers:
        """Return the answer's headers, as httpx.Headers."""
        return self.response.headers


__all__ = ["Answer", "RawHeaders", "whole_response"]
