"""Raw responses: ``clients.with_raw_response.<method>(...)`` returns the answer's HTTP facts beside its result.

The raw view runs the very method the plain client runs, on a twin of the client (same Core state, same
connections) that keeps the last answer it read in a Captured slot; the view then wraps the method's result
in a RawResponse. So retries, typed errors and parsing are exactly the plain call's, and a method sending
several requests (wait's polls) reports its last. Views are typed by declaring each method once, as
``stop = raw(BrowserClients.stop)``: the arguments are the method's own (a ParamSpec), the result a RawResponse.
"""

from __future__ import annotations

import datetime
import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from browser_clients._errors import request_id_of
from browser_clients._logs import full_url

if TYPE_CHECKING:
    import httpx

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """An answer's HTTP facts and the result the plain call returns (``parse()``).

    The request's method and URL are kept, never its headers: they carry the API key.
    """

    status_code: int
    headers: httpx.Headers
    content: bytes = field(repr=False)
    method: str
    url: str
    elapsed: datetime.timedelta
    """How long the answer took, from sending the request to its last byte (the last attempt's)."""
    retries_taken: int
    _parsed: T = field(repr=False)

    @property
    def request_id(self) -> str | None:
        """Return the request id the vendor sent, if any."""
        return request_id_of(self.headers)

    @property
    def text(self) -> str:
        """Return the body as text (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.content)

    def parse(self) -> T:
        """Return what the plain call returns."""
        return self._parsed


class Captured:
    """The last answer a client twin read, kept for a RawResponse (one slot per raw call)."""

    __slots__ = ("_args", "_elapsed", "_response", "_retry")

    def __init__(self) -> None:
        self._response: httpx.Response | None = None
        self._args: Mapping[str, Any] = {}
        self._elapsed = 0.0
        self._retry = 0

    def keep(self, args: Mapping[str, Any], response: httpx.Response, elapsed: float, retry: int) -> None:
        """Keep one attempt's answer (a later attempt replaces an earlier one)."""
        self._args, self._response, self._elapsed, self._retry = args, response, elapsed, retry

    def response_of(self, value: T) -> RawResponse[T]:
        """Return the RawResponse of the kept answer, with ``value`` as its parsed result."""
        response = self._response
        if response is None:
            raise RuntimeError("the call sent no request, so it has no raw response")
        return RawResponse(
            status_code=response.status_code,
            headers=response.headers,
            content=response.content,
            method=str(self._args["method"]).upper(),
            url=full_url(self._args),
            elapsed=datetime.timedelta(seconds=self._elapsed),
            retries_taken=self._retry,
            _parsed=value,
        )


class Capturing(Protocol):
    """A client that can make a twin keeping its answers (BrowserClients, AsyncBrowserClients)."""

    def _capturing(self) -> tuple[Any, Captured]: ...


class RawView:
    """A view of a client (or of one of its vendor surfaces) whose methods return RawResponses.

    A method declared with ``raw``/``araw`` is typed; any other public method still works, typed as Any.
    """

    def __init__(self, clients: Capturing, path: Callable[[Any], Any] = lambda clients: clients) -> None:
        self._clients = clients
        self._path = path

    def _fresh(self) -> tuple[Any, Captured]:
        twin, capture = self._clients._capturing()
        return self._path(twin), capture

    if not TYPE_CHECKING:  # mypy sees only the declared methods; at run time every public one works

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            target, _ = self._fresh()
            method = getattr(type(target), name, None)
            if not callable(method):
                raise AttributeError(f"{type(self).__name__} has no method {name!r}")
            wrapper = AsyncRawMethod(method) if inspect.iscoroutinefunction(method) else RawMethod(method)
            return wrapper.__get__(self, type(self))


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
            target, capture = view._fresh()
            value: T = getattr(target, name)(*args, **kwargs)
            return capture.response_of(value)

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
            target, capture = view._fresh()
            value: T = await getattr(target, name)(*args, **kwargs)
            return capture.response_of(value)

        return call


raw = RawMethod
"""Declare a sync method of a raw view: ``stop = raw(BrowserClients.stop)``."""
araw = AsyncRawMethod
"""Declare an async method of a raw view: ``stop = araw(AsyncBrowserClients.stop)``."""

__all__ = ["AsyncRawMethod", "Captured", "RawMethod", "RawResponse", "RawView", "araw", "raw"]
