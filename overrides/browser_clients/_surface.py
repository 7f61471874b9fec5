"""A vendor's typed surface: each operation of its document declared once, as one line, and run the way the
client it hangs on runs requests: sync, async, or returning raw responses.

A vendor's ``surface.py`` declares a class of ``Surface`` with one ``operation(builder)`` per operation (the
builder, a function of the vendor's ``requests.py``, takes the operation's arguments and the request options
and returns its Call) and one ``listing(walks)`` per list walked page by page. ``clients.browser_use`` is such a
class over BrowserClients (``Sync``: each method returns the model), over AsyncBrowserClients (``Async``: each
method is awaited), or seen through ``with_raw_response`` (``Raw``/``AsyncRaw``: a RawResponse of the model).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, ParamSpec, TypeVar, overload

if TYPE_CHECKING:
    from browser_clients._engine import Call
    from browser_clients._pages import AsyncPages, Pages, Walk
    from browser_clients._types import RawResponse

P = ParamSpec("P")
T = TypeVar("T")


class Sync:
    """A surface over BrowserClients: methods return their result."""


class Async:
    """A surface over AsyncBrowserClients: methods return an awaitable of their result."""


class Raw:
    """A surface seen through BrowserClients.with_raw_response: methods return a RawResponse."""


class AsyncRaw:
    """A surface seen through AsyncBrowserClients.with_raw_response: methods return an awaitable RawResponse."""


R = TypeVar("R", Sync, Async, Raw, AsyncRaw)


class Listing(NamedTuple, Generic[T]):
    """A list to walk page by page: what starts a walk, and the request options of each page's request."""

    walks: Callable[[], Walk[T]]
    options: Mapping[str, Any]


class Surface(Generic[R]):
    """The operations of one vendor API, run by a client's ``send`` (one request) and ``pages`` (a walk)."""

    def __init__(self, send: Callable[[Call[Any]], Any], pages: Callable[[Listing[Any]], Any] | None = None) -> None:
        self._send = send
        self._pages = pages


class Operation(Generic[P, T]):
    """One document operation on a surface: its builder's arguments in, its result out (as the surface runs it)."""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, surface: None, owner: type[Any]) -> Operation[P, T]: ...
    @overload
    def __get__(self, surface: Surface[Sync], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, surface: Surface[Async], owner: type[Any]) -> Callable[P, Awaitable[T]]: ...
    @overload
    def __get__(self, surface: Surface[Raw], owner: type[Any]) -> Callable[P, RawResponse[T]]: ...
    @overload
    def __get__(self, surface: Surface[AsyncRaw], owner: type[Any]) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    def __get__(self, surface: Surface[Any] | None, owner: type[Any]) -> Any:
        if surface is None:
            return self
        build, send = self._build, surface._send
        if inspect.iscoroutinefunction(send):

            @functools.wraps(build)
            async def awaited(*args: P.args, **kwargs: P.kwargs) -> Any:
                return await send(build(*args, **kwargs))

            return awaited

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return send(build(*args, **kwargs))

        return method


class ListingOperation(Generic[P, T]):
    """A list operation on a surface: every item, walking the pages as you iterate (sync and async only)."""

    def __init__(self, build: Callable[P, Listing[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, surface: None, owner: type[Any]) -> ListingOperation[P, T]: ...
    @overload
    def __get__(self, surface: Surface[Sync], owner: type[Any]) -> Callable[P, Pages[T]]: ...
    @overload
    def __get__(self, surface: Surface[Async], owner: type[Any]) -> Callable[P, AsyncPages[T]]: ...
    def __get__(self, surface: Surface[Any] | None, owner: type[Any]) -> Any:
        if surface is None:
            return self
        build, pages = self._build, surface._pages
        if pages is None:
            raise AttributeError(f"{build.__name__} walks a list: call it on the client, not its raw view")

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> Any:
            return pages(build(*args, **kwargs))

        return method


operation = Operation
"""Declare a document operation of a surface: ``get_session = operation(requests.get_session)``."""
listing = ListingOperation
"""Declare a list walked page by page: ``list_sessions = listing(requests.list_sessions)``."""
