"""Browser-Use v4's typed surface: every covered operation, returning the generated models
(``clients.browser_use_v4``).

Each list has two methods: ``list_x(...)`` iterates every item, walking the pages as it goes (``_pages``: each
item once), and ``list_x_page(...)`` returns one page, as the vendor answers it.
"""

from __future__ import annotations

from browser_clients._surface import R, Surface, listing, operation
from browser_clients._vendors.browser_use_v4 import requests


class BrowserUseV4(Surface[R]):
    """Browser-Use Cloud API v4 operations: runs, sessions and their message queues, browsers."""

    create_run = operation(requests.create_run)
    list_runs = listing(requests.list_runs)
    list_runs_page = operation(requests.list_runs_page)
    get_run = operation(requests.get_run)
    get_run_status = operation(requests.get_run_status)
    cancel_run = operation(requests.cancel_run)
    list_run_events = listing(requests.list_run_events)
    list_run_events_page = operation(requests.list_run_events_page)
    list_run_attachments = operation(requests.list_run_attachments)
    list_sessions = listing(requests.list_sessions)
    list_sessions_page = operation(requests.list_sessions_page)
    get_session = operation(requests.get_session)
    send_message = operation(requests.send_message)
    list_queued_messages = operation(requests.list_queued_messages)
    cancel_queued_message = operation(requests.cancel_queued_message)
    list_browser_sessions = listing(requests.list_browser_sessions)
    list_browser_sessions_page = operation(requests.list_browser_sessions_page)
    create_browser_session = operation(requests.create_browser_session)
    get_browser_session = operation(requests.get_browser_session)
    update_browser_session = operation(requests.update_browser_session)
    stop_browser_session = operation(requests.stop_browser_session)
