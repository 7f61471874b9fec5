"""Who the client is at each vendor: API keys by account, base URLs by API, and each account's rate-limit pause.

A vendor API belongs to an account (its adapter's ``ACCOUNT``): Browser-Use's v3 and v4 APIs are two APIs of one
account, so one key serves both and a 429 from either pauses both. Names are derived, never listed:

    the key of account ``browser-use``   browser_use_api_key=...  or  api_keys={"browser-use": ...}
                                         or BROWSER_USE_API_KEY
    the base URL of API ``browser-use``  browser_use_base_url=... or  base_urls={"browser-use": ...}
                                         or BROWSER_USE_BASE_URL, else the API's own rule (see
                                         VendorModule.base_url_from), else its document's first server
"""

from __future__ import annotations

import os
import time
import unicodedata
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from browser_clients._contract import Vendor, adapter
from browser_clients._errors import ConfigurationError
from browser_clients._options import by_name


def env_name(name: str, suffix: str) -> str:
    """Return the environment variable of an account or API: ``browser-use`` -> ``BROWSER_USE_<suffix>``."""
    return f"{name.upper().replace('-', '_')}_{suffix}"


def keyword(name: str, suffix: str) -> str:
    """Return the keyword of an account or API: ``browser-use`` -> ``browser_use_<suffix>``."""
    return f"{name.lower().replace('-', '_')}_{suffix}"


class SecretKey:
    """An API key that never shows itself in ``repr()`` or ``str()``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the key itself, for the auth header only."""
        return self._value

    def __repr__(self) -> str:
        return "SecretKey('<redacted>')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("SecretKey", self._value))


def check_api_key(value: object, source: str) -> SecretKey:
    """Return ``value`` as a SecretKey, or raise ConfigurationError naming ``source`` (never the key)."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{source} must be a string, not {type(value).__name__}")
    if not value:
        raise ConfigurationError(f"{source} is empty")
    if value != value.strip():
        raise ConfigurationError(f"{source} has leading or trailing whitespace")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        raise ConfigurationError(f"{source} contains control characters (a CR or LF would inject headers)")
    if not value.isascii():
        raise ConfigurationError(f"{source} contains non-ASCII characters, which no HTTP header can carry")
    return SecretKey(value)


def check_base_url(value: object, source: str) -> str:
    """Return ``value`` without a trailing slash, or raise ConfigurationError when it is not a plain http(s) URL.

    A URL with credentials (``http://user:pass@host``) is refused: they would show wherever the URL does (repr,
    logs, raw responses), and the vendors take keys in a header, never in the URL.
    """
    if not isinstance(value, str):
        raise ConfigurationError(f"{source} must be a string, not {type(value).__name__}")
    url = value.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(ord(ch) < 33 for ch in url):
        raise ConfigurationError(f"{source} must be an http:// or https:// URL, got {url!r}")
    if "@" in parts.netloc:
        host = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise ConfigurationError(
            f"{source} carries credentials before its host ({host}): remove them; the API key goes in its own setting"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{source} must not have a query or fragment, got {url!r}")
    return url


@dataclass(frozen=True)
class VendorSettings:
    """How to reach one vendor API: its account, base URL and key (if given)."""

    vendor: Vendor
    account: str
    base_url: str
    api_key: SecretKey | None = field(default=None, repr=False)

    def require_key(self) -> SecretKey:
        """Return the key, or raise ConfigurationError naming the variable that would provide it."""
        if self.api_key is None:
            raise ConfigurationError(f"no API key for {self.vendor.value}: set {env_name(self.account, 'API_KEY')}")
        return self.api_key


class Accounts:
    """The keys, base URLs and rate-limit pauses of one client and every client derived from it (shared)."""

    def __init__(
        self,
        keys: Mapping[str, str | None],
        urls: Mapping[Vendor, str | None],
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._environ = os.environ if environ is None else environ
        self._urls = {vendor: url for vendor, url in urls.items() if url is not None}
        self._keys: dict[str, SecretKey] = {}
        for name, key in keys.items():  # checked now: a malformed key fails at construction, before any request
            if key is not None:
                self._keys[name] = check_api_key(key, keyword(name, "api_key"))
        for vendor, url in self._urls.items():
            check_base_url(url, keyword(vendor.value, "base_url"))
        self._settings: dict[Vendor, VendorSettings] = {}
        self._auth: dict[Vendor, dict[str, tuple[str, str]]] = {}
        self.paused_until: dict[str, float] = {}
        """When each account's rate-limit pause ends (monotonic seconds): empty until a 429 is seen."""

    def settings(self, vendor: Vendor) -> VendorSettings:
        """Return (and keep) ``vendor``'s resolved settings: arguments first, then the environment, then defaults."""
        found = self._settings.get(vendor)
        if found is None:
            account = adapter(vendor).ACCOUNT
            found = self._settings[vendor] = VendorSettings(vendor, account, self.base_url(vendor), self.key(account))
        return found

    def auth(self, vendor: Vendor) -> dict[str, tuple[str, str]]:
        """Return the headers that carry ``vendor``'s key, by lower-case name; raise ConfigurationError without one."""
        found = self._auth.get(vendor)
        if found is None:
            key = self.settings(vendor).require_key().reveal()
            found = self._auth[vendor] = by_name(adapter(vendor).auth_headers(key))
        return found

    def key(self, account: str) -> SecretKey | None:
        """Return the key of ``account``: given, or from its environment variable, or None."""
        given = self._keys.get(account)
        if given is not None:
            return given
        name = env_name(account, "API_KEY")
        value = self._environ.get(name)
        return None if value is None else check_api_key(value, name)

    def configured_url(self, vendor: Vendor) -> str | None:
        """Return the base URL set for ``vendor`` (argument or environment), or None: no rule, no document."""
        given = self._urls.get(vendor)
        if given is not None:
            return check_base_url(given, keyword(vendor.value, "base_url"))
        name = env_name(vendor.value, "BASE_URL")
        value = self._environ.get(name)
        return check_base_url(value, name) if value else None

    def base_url(self, vendor: Vendor) -> str:
        """Return ``vendor``'s base URL: set for it, else its adapter's rule, else its document's first server."""
        url = self.configured_url(vendor)
        if url is not None:
            return url
        module = adapter(vendor)
        rule = getattr(module, "base_url_from", None)
        derived = None if rule is None else rule(self.configured_url)
        return derived if derived is not None else module.default_base_url()

    def url_hint(self, vendor: Vendor) -> str:
        """Return ``vendor``'s base URL as far as it is known, for repr: never raises, never loads a package."""
        found = self._settings.get(vendor)
        if found is not None:
            return repr(found.base_url)
        try:
            url = self.configured_url(vendor)
        except ConfigurationError:
            return "<invalid>"
        return repr(url) if url else "<default>"

    def pause(self, account: str, seconds: float) -> None:
        """Hold every request to ``account``'s APIs back for ``seconds`` (its rate limit, not another's)."""
        self.paused_until[account] = max(self.paused_until.get(account, 0.0), time.monotonic() + seconds)

    def pause_left(self, account: str) -> float:
        """Return how long the next request to ``account`` must wait for its rate-limit pause to end."""
        until = self.paused_until.get(account)
        return 0.0 if until is None else max(0.0, until - time.monotonic())
