"""Report what a 2xx answer did differently from its document: logged once by the generated package, or raised.

The generated packages read answers tolerantly: a field that deviates reads as UNSET, its value is kept, and the
model lists it in ``deviations``. The facade passes them to the generated package's own ``report_deviations``
(one WARNING per operation and field, on that package's logger) and, for a client built with ``strict=True``,
raises ResponseValidationError instead of returning.
"""

from __future__ import annotations

import importlib
from typing import Any

from browser_clients._errors import ResponseValidationError, bounded
from browser_clients._vendor import Vendor


def report(vendor: Vendor, operation: str, result: Any, *, strict: bool, status_code: int, body: bytes) -> None:
    """Log ``result``'s deviations once per operation and field; with ``strict``, raise ResponseValidationError.

    ``result`` is a generated model, or a facade result carrying one (``.model``).
    """
    model = result if hasattr(result, "deviations") else getattr(result, "model", None)
    found = getattr(model, "deviations", ())
    if not found or not isinstance(found, tuple | list):  # the common case: read as documented
        return
    found = tuple(found)
    if strict:
        listed = "; ".join(str(d) for d in found)
        raise ResponseValidationError(
            bounded(f"{operation}: the answer deviates from the document: {listed}"),
            vendor=vendor.value,
            status_code=status_code,
            body=body,
        )
    # Every generated package has types.report_deviations, which logs on that package's own logger.
    package = type(model).__module__.partition(".")[0]
    importlib.import_module(f"{package}.types").report_deviations(operation, found)
