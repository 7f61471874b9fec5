"""Read what a child process writes to a pseudo-terminal, for the tests that run the command line on one."""

from __future__ import annotations

import os
import select


def read_chunk(leader: int, wait: float) -> bytes | None:
    """Return what the child wrote within ``wait`` seconds: ``b""`` when nothing came, None once it closed."""
    ready, _, _ = select.select([leader], [], [], wait)
    if not ready:
        return b""
    try:
        chunk = os.read(leader, 65536)
    except OSError:  # the child closed the terminal
        return None
    return chunk or None
