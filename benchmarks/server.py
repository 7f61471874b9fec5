"""Serve both vendors' stop endpoints on loopback from a process of its own, as fast as one core allows.

The clients under test share the benchmark's process; the server must not share its CPU or its event loop, so
it runs here, as ``python -m benchmarks.server [DELAY]``, a bare asyncio protocol that answers HTTP/1.1 keep-alive
requests (pipelined or not) without a framework's per-request cost. It prints its port on the first line.

With a DELAY (seconds), every answer leaves that long after its request arrived, as from a server a real network
away; the event loop holds any number of answers waiting at once, so the delay never queues them.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from benchmarks.measure import ROOT
from benchmarks.payloads import SESSION_BYTES, SESSION_ID, TASK_STOPPED

_PREFIX, _SUFFIX = SESSION_BYTES.split(SESSION_ID.encode())
_TASK_BODY = b'{"message":"%s"}' % TASK_STOPPED["message"].encode()
_CONTENT_LENGTH = b"\r\ncontent-length:"


def _reply(status: bytes, body: bytes) -> bytes:
    return b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
        status,
        len(body),
        body,
    )


_TASK_REPLY = _reply(b"200 OK", _TASK_BODY)
_NOT_FOUND = _reply(b"404 Not Found", b'{"detail":"Not Found"}')


def answer(target: bytes) -> bytes:
    """Return the whole HTTP response for a request to ``target`` (path and query)."""
    parts = target.split(b"/")
    if len(parts) == 4 and parts[1] == b"sessions" and parts[3] == b"stop":
        return _reply(b"200 OK", _PREFIX + parts[2] + _SUFFIX)
    if len(parts) == 4 and parts[1] == b"tasks" and parts[3] == b"command":
        return _TASK_REPLY
    return _NOT_FOUND


class _Connection(asyncio.Protocol):
    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        replies = []
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = bytes(buffer[:end]).lower()
            length = 0
            at = head.find(_CONTENT_LENGTH)
            if at >= 0:
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + len(_CONTENT_LENGTH) : stop if stop >= 0 else None])
            total = end + 4 + length
            if len(buffer) < total:
                break
            target = bytes(buffer[: buffer.find(b"\r\n")]).split(b" ")[1]
            replies.append(answer(target))
            del buffer[:total]
        if replies and self._transport is not None:
            if self._delay > 0:
                asyncio.get_running_loop().call_later(self._delay, self._write, b"".join(replies))
            else:
                self._transport.write(b"".join(replies))

    def _write(self, data: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(data)


async def _serve(delay: float) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(delay), "127.0.0.1", 0, backlog=2048)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def serving(delay: float = 0.0) -> Iterator[str]:
    """Run the server in a child process for the block, answering ``delay`` seconds late; yield its base URL."""
    argv = [sys.executable, "-m", "benchmarks.server", str(delay)]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=10)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(float(sys.argv[1]) if len(sys.argv) > 1 else 0.0))
