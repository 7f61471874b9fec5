"""Resolve API keys and base URLs from arguments and the environment, and reject malformed keys early."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from browser_clients._errors import ConfigurationError
from browser_clients._vendor import Vendor

# Derived from the vendor's name: BROWSER_USE -> BROWSER_USE_API_KEY and BROWSER_USE_BASE_URL.
API_KEY_ENV = {vendor: f"{vendor.name}_API_KEY" for vendor in Vendor}
BASE_URL_ENV = {vendor: f"{vendor.name}_BASE_URL" for vendor in Vendor}


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


def check_api_key(value: str, source: str) -> SecretKey:
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


def check_base_url(value: str, source: str) -> str:
    """Return ``value`` without a trailing slash, or raise ConfigurationError when it is not an http(s) URL."""
    url = value.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1]) == 0:
        raise ConfigurationError(f"{source} must be an http:// or https:// URL, got {value!r}")
    return url


@dataclass(frozen=True)
class VendorSettings:
    """How to reach one vendor: its key (if given) and base URL."""

    vendor: Vendor
    base_url: str
    api_key: SecretKey | None = field(default=None, repr=False)

    def require_key(self) -> SecretKey:
        """Return the key, or raise ConfigurationError naming the variable that would provide it."""
        if self.api_key is None:
            raise ConfigurationError(
                f"no API key for {self.vendor.value}: set {API_KEY_ENV[self.vendor]} or pass "
                f"{self.vendor.name.lower()}_api_key=..."
            )
        return self.api_key


def resolve(
    vendor: Vendor,
    *,
    api_key: str | None,
    base_url: str | None,
    default_base_url: Callable[[], str],
    environ: Mapping[str, str] | None = None,
) -> VendorSettings:
    """Resolve one vendor's settings: arguments first, then the environment, then the document's server."""
    env = os.environ if environ is None else environ
    key_env, url_env = API_KEY_ENV[vendor], BASE_URL_ENV[vendor]
    key: SecretKey | None = None
    if api_key is not None:
        key = check_api_key(api_key, f"{vendor.name.lower()}_api_key")
    elif env.get(key_env) is not None:
        key = check_api_key(env[key_env], key_env)
    if base_url is not None:
        url = check_base_url(base_url, f"{vendor.name.lower()}_base_url")
    elif env.get(url_env):
        url = check_base_url(env[url_env], url_env)
    else:
        url = default_base_url()  # only now: it imports the vendor's generated package
    return VendorSettings(vendor=vendor, base_url=url, api_key=key)
