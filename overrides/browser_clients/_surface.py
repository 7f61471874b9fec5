"""What a vendor's typed surface is given: the client's one send function, sync or async, and its raw views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar, Unpack

if TYPE_CHECKING:
    from browser_clients._call import Call
    from browser_clients._request_options import RequestOptions

T = TypeVar("T")


class SyncSend(Protocol):
    """The sync client's ``_send(call, **options)``: every request of a surface goes through it."""

    def __call__(self, call: Call[T], /, **options: Unpack[RequestOptions]) -> T: ...


class AsyncSend(Protocol):
    """The async client's ``_send``, awaited."""

    async def __call__(self, call: Call[T], /, **options: Unpack[RequestOptions]) -> T: ...
