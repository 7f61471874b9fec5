"""Turn values into typed ones: decimal strings into Decimal, timestamps into aware datetimes, options into enums."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from dateutil import parser as date_parser

from browser_clients._errors import InvalidArgumentError, InvalidSessionIdError

E = TypeVar("E", bound=Enum)


def decimal_or_none(value: object) -> Decimal | None:
    """Return ``value`` (a decimal string or number) as a Decimal, or None when it is absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))  # str() first: Decimal(0.1) would carry the float's binary error
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def aware_or_none(value: object) -> datetime.datetime | None:
    """Return ``value`` (a datetime or a timestamp string) as an aware datetime; naive times are taken as UTC.

    The standard library reads ISO 8601 only; BrowserAI's free-form timestamp strings go through python-dateutil,
    which also reads RFC 2822 dates and other common layouts. Anything unreadable is None, not an error: a
    snapshot must not fail on a field the vendor never promised a format for.
    """
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            try:
                moment = date_parser.parse(value)
            except (ValueError, OverflowError):
                return None
    else:
        return None
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def enum_option(kind: type[E], value: object, option: str, vendor: str) -> E:
    """Return ``value`` as a member of ``kind``, or raise InvalidArgumentError naming the option and the vendor."""
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value))
    except ValueError:
        raise InvalidArgumentError(f"{option}={value!r} is not one of {vendor}'s {kind.__name__} values") from None


def one_of(kind: type[E], given: object, what: str) -> E | None:
    """Return ``given`` as a member of ``kind`` (None stays None), or raise InvalidArgumentError listing them."""
    if given is None or isinstance(given, kind):
        return given
    try:
        return kind(str(given))
    except ValueError:
        listed = ", ".join(str(member.value) for member in kind)
        raise InvalidArgumentError(f"unknown {what} {given!r}: expected one of {listed}") from None


def check_uuid(given: object, what: str) -> uuid.UUID:
    """Return ``given`` as a UUID, or raise InvalidSessionIdError: ``what`` names the ids (``Browser-Use session``)."""
    if isinstance(given, uuid.UUID):
        return given
    try:
        return uuid.UUID(str(given).strip())
    except ValueError:
        raise InvalidSessionIdError(f"{what} ids are UUIDs; {str(given)!r} is not one") from None


def known(options: type[Any]) -> frozenset[str]:
    """Return the option names a TypedDict declares."""
    return frozenset(options.__annotations__)


def value(field: object) -> Any:
    """Return a generated model's field, with either generated package's UNSET as None (imports neither)."""
    return None if type(field).__name__ == "Unset" else field


def status_word(field: object) -> str | None:
    """Return a status field's word (an enum's value, or the string as sent), or None."""
    found = value(field)
    said = getattr(found, "value", found)
    return said if isinstance(said, str) else None
