"""Browser-Use v3's typed surface: every document operation, returning the generated models (``clients.browser_use``).

Each list has two methods: ``list_x(...)`` iterates every item, walking the pages as it goes (``_pages``: each
item once, a bounded walk), and ``list_x_page(...)`` returns one page, as the vendor answers it.
"""

from __future__ import annotations

from browser_clients._surface import R, Surface, listing, operation
from browser_clients._vendors.browser_use import requests


class BrowserUse(Surface[R]):
    """Browser-Use Cloud API v3 operations."""

    create_session = operation(requests.create_session)
    get_session = operation(requests.get_session)
    stop_session = operation(requests.stop_session)
    delete_session = operation(requests.delete_session)
    list_sessions = listing(requests.list_sessions)
    list_sessions_page = operation(requests.list_sessions_page)
    list_session_messages = listing(requests.list_session_messages)
    list_session_messages_page = operation(requests.list_session_messages_page)
    list_browser_sessions = listing(requests.list_browser_sessions)
    list_browser_sessions_page = operation(requests.list_browser_sessions_page)
    create_browser_session = operation(requests.create_browser_session)
    get_browser_session = operation(requests.get_browser_session)
    update_browser_session = operation(requests.update_browser_session)
    stop_browser_session = operation(requests.stop_browser_session)
