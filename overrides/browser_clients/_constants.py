"""Every default of browser_clients, in one place. The vendors' own facts (URLs, statuses, paging) live in their
folders under ``_vendors/``; everything here is ours to choose."""

from __future__ import annotations

# Requests.
REQUEST_HEADERS = {"Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
"""Sent with every request, whichever transport sends it (with a User-Agent naming this package and version)."""
TIMEOUT = 30.0
"""Seconds one attempt of a request may take, connect, headers and body together."""
CONNECT_TIMEOUT = 5.0
"""Seconds to connect (within TIMEOUT)."""
MAX_RETRIES = 2
"""How many times a failed attempt is tried again (stops and reads; a create only when it never reached the server)."""
RETRY_BASE_DELAY = 0.5
"""Seconds before the first retry, at most (full jitter); each retry may wait twice as long as the one before."""
RETRY_MAX_DELAY = 8.0
"""The longest backoff between two attempts."""
RETRY_AFTER_CAP = 60.0
"""The longest wait a server's Retry-After is honoured for."""
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
"""The answers worth another try."""
MAX_BODY_BYTES = 32 * 1024 * 1024
"""The largest answer body read (after decompression); any vendor answer is far smaller."""
MAX_CONNECTIONS = 100
"""Connections a client keeps open at most; a higher concurrency queues."""
KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle connection is kept for reuse."""

# Errors.
ERROR_BODY_BYTES = 8192
"""How many bytes of a response body an error keeps."""
ERROR_MESSAGE_CHARS = 500
"""How many characters of a vendor's message (or a parse failure) an error message shows."""

# Many at once.
CONCURRENCY = 64
"""How many stops stop_many() and stop_all() keep in flight."""
SWEEP_DEADLINE = 300.0
"""Seconds after which stop_all() starts no new pass."""
SWEEP_MAX_PASSES = 10
"""The most passes (list, then stop) stop_all() runs."""
PAGE_SIZE = 100
"""Items asked for per page when walking a list (the most either vendor returns)."""

# The command line.
SHOWN_FAILURES = 20
"""How many failed ids a bulk command's summary names (the rest are counted, and in the record)."""
REDRAW_INTERVAL = 0.1
"""Seconds between two redraws of a progress bar or line on a terminal."""

# Waiting.
WAIT_TIMEOUT = 900.0
"""Seconds wait() polls before it gives up (the work goes on)."""
POLL_INTERVAL = 1.0
"""Seconds between the first polls of wait()."""
POLL_MAX_INTERVAL = 10.0
"""The longest pause between polls, unless poll_interval is longer."""
POLL_BACKOFF = 1.5
"""How much the pause grows after each poll that shows no progress."""

# The environment.
LOG_ENV = "BROWSER_CLIENTS_LOG"
"""Set to ``info`` or ``debug`` to log every request to stderr."""
