"""BrowserAI's typed surface: every document operation, returning the generated models (``clients.browserai``)."""

from __future__ import annotations

from browser_clients._surface import R, Surface, operation
from browser_clients._vendors.browserai import requests


class BrowserAI(Surface[R]):
    """BrowserAI's Task API operations."""

    create_task = operation(requests.create_task)
    get_task = operation(requests.get_task)
    get_task_results = operation(requests.get_task_results)
    stop_task = operation(requests.stop_task)
