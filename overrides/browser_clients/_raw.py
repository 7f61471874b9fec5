"""Raw responses: ``clients.with_raw_response.<method>(...)`` returns the answer's HTTP facts beside its result.

The raw view runs the very method the plain client runs, on a twin of the client (same accounts, same
connections) whose engine keeps the last answer it read in a Capture; the view then wraps the method's result in
a RawResponse. So retries, typed errors and parsing are exactly the plain call's, and a method sending several
requests (wait's polls) reports its last. A facade method is declared once per view, ``stop = raw(Clients.stop)``:
its arguments are the method's own (a ParamSpec), its result a RawResponse. The vendor surfaces are typed views
of their own (``_surface.Raw``).
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from browser_clients._types import RawResponse

if TYPE_CHECKING:
    from browser_clients._engine import Capture

P = ParamSpec("P")
T = TypeVar("T")


def response_of(capture: Capture, value: T) -> RawResponse[T]:
    """Return the RawResponse of the answer ``capture`` kept, with ``value`` as its parsed result."""
    answer, request = capture.answer, capture.request
    if answer is None or request is None:
        raise RuntimeError("the call sent no request, so it has no raw response")
    return RawResponse(
        status_code=answer.status_code,
        headers=answer.headers,
        content=answer.content,
        method=request.method,
        url=request.url,
        elapsed=datetime.timedelta(seconds=capture.elapsed),
        retries_taken=capture.retry,
        _parsed=value,
    )


class Capturing(Protocol):
    """A client that can make a twin keeping its answers (BrowserClients, AsyncBrowserClients)."""

    def _capturing(self) -> tuple[Any, Capture]: ...


class RawView:
    """A view of a client whose methods return RawResponses (each declared with ``raw``/``araw``)."""

    def __init__(self, clients: Capturing) -> None:
        self._clients = clients


class RawMethod(Generic[P, T]):
    """A sync client method seen through a RawView: the same arguments, a RawResponse of its result."""

    def __init__(self, method: Callable[Concatenate[Any, P], T]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> RawMethod[P, T]: ...
    @overload
    def __get__(self, view: RawView, owner: type[Any]) -> Callable[P, RawResponse[T]]: ...
    def __get__(self, view: RawView | None, owner: type[Any]) -> RawMethod[P, T] | Callable[P, RawResponse[T]]:
        if view is None:
            return self
        name = self._name

        def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            twin, capture = view._clients._capturing()
            value: T = getattr(twin, name)(*args, **kwargs)
            return response_of(capture, value)

        return call


class AsyncRawMethod(Generic[P, T]):
    """An async client method seen through a RawView: the same arguments, a RawResponse of its result, awaited."""

    def __init__(self, method: Callable[Concatenate[Any, P], Awaitable[T]]) -> None:
        self._name = method.__name__
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> AsyncRawMethod[P, T]: ...
    @overload
    def __get__(self, view: RawView, owner: type[Any]) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    def __get__(
        self, view: RawView | None, owner: type[Any]
    ) -> AsyncRawMethod[P, T] | Callable[P, Awaitable[RawResponse[T]]]:
        if view is None:
            return self
        name = self._name

        async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            twin, capture = view._clients._capturing()
            value: T = await getattr(twin, name)(*args, **kwargs)
            return response_of(capture, value)

        return call


raw = RawMethod
"""Declare a sync method of a raw view: ``stop = raw(BrowserClients.stop)``."""
araw = AsyncRawMethod
"""Declare an async method of a raw view: ``stop = araw(AsyncBrowserClients.stop)``."""
