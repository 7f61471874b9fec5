"""CONTRIBUTING.md's "add a vendor", done for real: a fixture vendor registered in a copy of the project.

The places it takes (CONTRIBUTING.md counts them): the generator's registry (one VendorEntry), the document, one
vendor folder (``_vendors/fixture/``), and the facade's table of vendors (one Vendor member and one ADAPTERS line
in ``_contract.py``). The key and URL settings are derived (``FIXTURE_API_KEY``, ``FIXTURE_BASE_URL``), and so
are the CLI's vendor choices. The test builds the fixture's client with the generator, then runs, waits on and stops a
job through BrowserClients and the command line, against a loopback server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import pipeline
from generator.registry import VENDORS, VendorEntry, vendor

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "fixture_vendor"

# The facade's table of vendors: two lines, as a contributor would add them to _contract.py.
MEMBER = '    BROWSER_USE = "browser-use"\n'
TABLE = '        Vendor.BROWSER_USE: "browser_clients._vendors.browser_use.adapter",\n'

SCRIPT = """
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading

from browser_clients import BrowserClients, CommonStatus, Vendor
from browser_clients.cli import main

polls = {"n": 0}
seen = []

class Jobs(BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def _send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        sent = json.loads(self.rfile.read(length) or b"null")
        seen.append((self.path, self.headers.get("X-Fixture-Key"), sent))
        if self.path.endswith("/cancel"):
            self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()  # an empty 2xx
        else:
            self._send({"id": "job-1", "state": "queued"})
    def do_GET(self):
        polls["n"] += 1
        self._send({"id": "job-1", "state": "working" if polls["n"] < 3 else "done"})

server = ThreadingHTTPServer(("127.0.0.1", 0), Jobs)
threading.Thread(target=server.serve_forever, daemon=True).start()
import os
os.environ["FIXTURE_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}"
os.environ["FIXTURE_API_KEY"] = "fixture-key"

with BrowserClients() as clients:
    handle = clients.run("fixture", "Count the stars", priority=2)
    final = clients.wait(handle, poll_interval=0.01)
    stopped = clients.stop(Vendor.FIXTURE, handle.id)
code = main(["wait", "fixture", "job-1", "--json", "--poll-interval", "0.01"])
print(json.dumps({"handle": str(handle), "final": final.status.value, "stopped": stopped.status.value,
                  "raw": stopped.raw, "seen": seen, "cli": code}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the facade with the fixture vendor added in the places CONTRIBUTING.md names."""
    root = tmp_path_factory.mktemp("with-fixture")
    package = root / "browser_clients"
    shutil.copytree(ROOT / "overrides" / "browser_clients", package, ignore=shutil.ignore_patterns("__pycache__"))
    # 1. The generator's registry: one entry, looked up as the pipeline would.
    entry = VendorEntry(name="fixture", spec=FIXTURE / "openapi.yaml", package="fixture_client")
    registry = (*VENDORS, entry)
    assert vendor("fixture", registry) is entry
    # 2. The document: generated into the copy's path, as `nox -s generate` would into generated/.
    pipeline.build_client(entry.spec, entry.package, root / entry.package, overlays=entry.overlays)
    # 3. One vendor folder.
    shutil.copytree(FIXTURE / "vendor", package / "_vendors" / "fixture", ignore=shutil.ignore_patterns("__pycache__"))
    # 4. The facade's table of vendors: the Vendor member and its adapter.
    source = (package / "_contract.py").read_text(encoding="utf-8")
    assert MEMBER in source
    assert TABLE in source
    source = source.replace(MEMBER, MEMBER + '    FIXTURE = "fixture"\n')
    source = source.replace(TABLE, TABLE + '        Vendor.FIXTURE: "browser_clients._vendors.fixture.adapter",\n')
    (package / "_contract.py").write_text(source, encoding="utf-8")
    return root


def test_a_fixture_vendor_works_end_to_end(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), str(ROOT / "generated")])}
    env.pop("FIXTURE_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["handle"] == "fixture:job-1"
    assert outcome["final"] == "succeeded"
    assert outcome["stopped"] == "unknown"  # an empty 2xx: a stop that happened, its status unread, body kept
    assert outcome["raw"] == ""
    assert outcome["seen"][0] == ["/jobs", "fixture-key", {"task": "Count the stars", "priority": 2}]
    assert outcome["cli"] == 0  # the CLI's vendor choices come from Vendor: `wait fixture ...` works


def test_the_fixture_vendor_keeps_the_contract_under_mypy(project: Path) -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy is not installed in this environment (nox -s tests installs it)")
    done = subprocess.run(
        [mypy, "--strict", "--explicit-package-bases", "-p", "browser_clients._vendors.fixture"],
        cwd=project,
        env={**os.environ, "MYPYPATH": os.pathsep.join([str(project), str(ROOT / "generated")])},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
