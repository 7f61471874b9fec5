"""Run the real Prism mock server (npm @stoplight/prism-cli, pinned in package.json) on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def prism_binary() -> str | None:
    """Return the Prism executable: $PRISM_BIN, the project's node_modules, or PATH."""
    for candidate in (os.environ.get("PRISM_BIN"), str(ROOT / "node_modules" / ".bin" / "prism")):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("prism")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def prism(spec: Path, *, startup_timeout: float = 60.0) -> Iterator[str]:
    """Serve ``spec`` with Prism on 127.0.0.1 and yield its base URL; stop it afterwards."""
    binary = prism_binary()
    if binary is None:
        raise RuntimeError("Prism is not installed: run `npm ci` (nox -s tests does) or set PRISM_BIN")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "mock", "--host", "127.0.0.1", "--port", str(port), "--dynamic", "false", str(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    try:
        while True:
            if proc.poll() is not None:
                output = proc.stdout.read() if proc.stdout else ""
                raise RuntimeError(f"Prism exited with {proc.returncode} for {spec.name}: {output[-2000:]}")
            try:
                httpx.get(url + "/__health__", timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Prism did not start within {startup_timeout}s for {spec.name}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
