"""Cold import in fresh interpreters: browser_clients (bare, with its clients, with a vendor) against httpx."""

from __future__ import annotations

from benchmarks.measure import Figure, figures, fresh_interpreter, interleaved

GROUP = "cold import (fresh interpreter, minus interpreter start)"
REFERENCE = "import httpx"
PROGRAMS = {
    "python -c pass (subtracted from the others)": "pass",
    REFERENCE: "import httpx",
    "import browser_clients": "import browser_clients",
    "from browser_clients import BrowserClients, AsyncBrowserClients": (
        "from browser_clients import BrowserClients, AsyncBrowserClients"
    ),
    "... and Browser-Use's generated models (a first stop)": (
        "from browser_clients import BrowserClients, SessionView"
    ),
    "import aiohttp (on the first async request, once)": "import aiohttp",
}


def run(*, rounds: int) -> list[Figure]:
    """Time each program in a new interpreter, interleaved; report each minus the bare interpreter's start."""
    candidates = {name: (lambda code=code: fresh_interpreter(code)) for name, code in PROGRAMS.items()}
    results = interleaved(candidates, rounds)
    baseline = results.pop("python -c pass (subtracted from the others)")
    net = {name: [t - b for t, b in zip(times, baseline, strict=True)] for name, times in results.items()}
    return figures(GROUP, net, "ms", reference=REFERENCE, scale=1e3)
