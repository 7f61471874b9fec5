"""Turn an answer read whole into the httpx.Response the facade's transports hand back, at the least cost."""

from __future__ import annotations

from collections.abc import Sequence

import httpx


def whole_response(
    status: int,
    headers: Sequence[tuple[str, str]] | Sequence[tuple[bytes, bytes]],
    body: bytes,
    reason: str | None,
    *,
    plain: bool,
) -> httpx.Response:
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


__all__ = ["whole_response"]
