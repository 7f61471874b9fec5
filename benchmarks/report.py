"""Turn figures into the printed table and docs/benchmarks.md: the machine, targets met or missed, and why."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Sequence
from importlib import metadata

from benchmarks import async_throughput, imports, parsing, sync_latency, targets
from benchmarks.measure import Figure

PACKAGES = (
    "httpx",
    "httpcore",
    "aiohttp",
    "attrs",
    "sniffio",
    "httpx-aiohttp",
    "httpx2",
    "pyreqwest",
    "openapi-python-client",
)


def machine() -> list[str]:
    """Describe the machine the figures were measured on."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration, ValueError):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"{cpu}, {os.cpu_count()} cores{memory}",
        f"{platform.system()} {platform.release()}, {platform.python_implementation()} {platform.python_version()}",
        ", ".join(versions),
    ]


def load_average() -> str:
    """Return the 1-minute load average (other work on the machine shows here), or '?'."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def _find(figures: Sequence[Figure], group: str, name: str) -> Figure | None:
    return next((f for f in figures if f.group == group and f.name == name), None)


def ratio(figure: Figure, figures: Sequence[Figure]) -> float | None:
    """Return ``figure`` divided by its reference, or None when it has none (or the reference is missing)."""
    if figure.reference is None:
        return None
    reference = _find(figures, figure.group, figure.reference)
    return None if reference is None or reference.value == 0 else figure.value / reference.value


def table(figures: Sequence[Figure]) -> list[str]:
    """Return every figure as Markdown table rows, grouped, with medians, ratios and round-to-round spread."""
    rows = ["| group | measurement | median | vs reference | spread of rounds |", "| --- | --- | --- | --- | --- |"]
    for figure in figures:
        found = ratio(figure, figures)
        against = "reference" if figure.reference is None and _is_reference(figure, figures) else ""
        if found is not None:
            against = f"{found:.2f}x"
        if figure.group == imports.GROUP and figure.name != imports.REFERENCE:
            reference = _find(figures, figure.group, imports.REFERENCE)
            if reference is not None:
                against = f"{figure.value - reference.value:+.1f} ms"
        rows.append(f"| {figure.group} | {figure.name} | {_value(figure)} | {against} | {figure.spread:.2f}x |")
    return rows


def _is_reference(figure: Figure, figures: Sequence[Figure]) -> bool:
    return any(f.reference == figure.name and f.group == figure.group for f in figures)


def _value(figure: Figure) -> str:
    if figure.unit == "req/s":
        return f"{figure.value:,.0f} req/s"
    if figure.unit == "lookups":
        return f"{figure.value:.1f}"
    if figure.unit == "s":
        return f"{figure.value:.2f} s"
    if figure.unit == "%":
        return f"{figure.value:.1f} %"
    if figure.unit == "ids/s":
        return f"{figure.value:,.0f} ids/s"
    if figure.unit in ("fields", "ids", "sessions"):
        return f"{figure.value:,.0f} {figure.unit}"
    return f"{figure.value:,.1f} {figure.unit}"


def transport_choice(figures: Sequence[Figure]) -> list[str]:
    """Return the paragraphs that explain the facade's transports, with this run's numbers."""
    group = async_throughput.GROUP

    def rate(name: str) -> str:
        figure = _find(figures, group, name)
        return "not measured" if figure is None else f"{figure.value:,.0f} req/s"

    def latency(group: str, name: str) -> str:
        figure = _find(figures, group, name)
        if figure is None:
            return "not measured"
        return f"{figure.value / 1e3:.1f} ms" if figure.value >= 1e4 else f"{figure.value:.0f} µs"

    interface = (
        async_throughput.HTTPX_AIOHTTP,
        async_throughput.PYREQWEST_HTTPX,
        async_throughput.HTTPX2,
        async_throughput.REFERENCE,
    )
    found = sorted((f for f in figures if f.group == group and f.name in interface), key=lambda f: -f.value)
    ranking = "; ".join(f"{f.name} {f.value:,.0f} req/s" for f in found) or "nothing"
    sync = sync_latency
    return [
        "## The transports, and why",
        "",
        "The async facade sends through aiohttp's public API (`AiohttpWire`, `overrides/browser_clients/"
        "_transport.py`). It is not an httpx transport, so raw aiohttp is its ceiling: at 64 in flight this run "
        f"measured the facade's stop at {rate(async_throughput.FACADE)} against raw aiohttp's "
        f"{rate(async_throughput.AIOHTTP_RAW)} (the bulk and incident rows above are the figures users feel). "
        f"The httpx-interface peers, as context: {ranking}. httpx-aiohttp maps aiohttp's ClientConnectionError "
        "(a server that closed the connection, a reset) to httpx.ConnectTimeout, so a reset surfaces as a timeout "
        "of a request that never reached the server; the facade maps each aiohttp failure to the exception "
        "httpx's own transport raises for it. pyreqwest "
        f"(raw: {rate(async_throughput.PYREQWEST_RAW)}, Rust, with I/O threads of its own) is a beta (0.x) Rust "
        "extension with binary wheels only, and its TLS trust is set on its own client rather than by the SSL "
        "context httpx builds from certifi or SSL_CERT_FILE; it stays a candidate to measure again.",
        "",
        "The sync facade sends through httpx's own client over httpcore (`SyncWire`; issue 18 retired the "
        "hand-written http.client transport and its 1.3x-of-http.client target). With the server 50 ms away, a "
        f"realistic round trip, a stop took {latency(sync.FAR_GROUP, sync.FACADE)} against raw httpx.Client's "
        f"{latency(sync.FAR_GROUP, sync.RAW_HTTPX)} and bare http.client's {latency(sync.FAR_GROUP, sync.FLOOR)}; "
        f"on loopback, where the round trip is next to nothing, {latency(sync.GROUP, sync.FACADE)}, "
        f"{latency(sync.GROUP, sync.RAW_HTTPX)} and {latency(sync.GROUP, sync.FLOOR)}. A client you pass in "
        "(`http_client=`) is always used as it is.",
        "",
    ]


PARSE_ROWS = (
    ("json.loads alone", parsing.REFERENCE, None),
    ("browser-clients (ours)", parsing.FULL, parsing.STATUS_ID),
    ("plain openapi-python-client", parsing.PLAIN, parsing.PLAIN_STATUS_ID),
    ("pydantic, model_validate(json.loads(...))", parsing.PYDANTIC, parsing.PYDANTIC_STATUS_ID),
    ("pydantic, model_validate_json(...)", parsing.PYDANTIC_JSON, parsing.PYDANTIC_JSON_STATUS_ID),
)


def parse_table(figures: Sequence[Figure]) -> list[str]:
    """Return the parse figures side by side: each kind of model, every field read and status and id read."""

    def cell(name: str | None) -> str:
        figure = None if name is None else _find(figures, parsing.GROUP, name)
        if figure is None:
            return "" if name is None else "not measured"
        found = ratio(figure, figures)
        return f"{figure.value:.1f} µs ({1.0 if found is None else found:.2f}x)"

    if _find(figures, parsing.GROUP, parsing.REFERENCE) is None:
        return []
    return [
        "Parsing a fully populated Browser-Use session from bytes and reading it, in one interleaved run "
        "(`benchmarks/parsing.py`; the ratios are to json.loads alone):",
        "",
        "| models | every field read | status and id read |",
        "| --- | --- | --- |",
        *(f"| {label} | {cell(every)} | {cell(two)} |" for label, every, two in PARSE_ROWS),
        "",
    ]


README_START = "<!-- bench:targets (rewritten by `nox -s bench`) -->"
README_END = "<!-- /bench:targets -->"


def readme_block(figures: Sequence[Figure], *, loads: tuple[str, str]) -> list[str]:
    """Return the README's performance block: this run's targets table and the missed ones, by how much and why."""
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    missed = targets.missed(figures)
    return [
        f"The latest run ({today}, load average {loads[0]} at the start and {loads[1]} at the end), against issues "
        "13, 18 and 21's targets, each ratio taken within that one interleaved run:",
        "",
        *targets.rows(figures),
        "",
        *parse_table(figures),
        *(["Missed, and the benchmark says so rather than failing the build:", "", *missed] if missed else []),
    ]


def splice(text: str, block: Sequence[str]) -> str:
    """Return ``text`` with the lines between the README's bench markers replaced by ``block``."""
    head, found, rest = text.partition(README_START + "\n")
    _, ended, tail = rest.partition(README_END)
    if not found or not ended:
        raise ValueError(f"the README has no {README_START!r} ... {README_END!r} block")
    return head + found + "\n".join([*block, ""]) + README_END + tail


def markdown(figures: Sequence[Figure], notes: Sequence[str], *, loads: tuple[str, str], seconds: float) -> str:
    """Return docs/benchmarks.md."""
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    skipped = [f"- {note}" for note in notes]
    return "\n".join(
        [
            "# Benchmarks",
            "",
            f"Measured by `nox -s bench` (`python -m benchmarks`) on {today}, in {seconds:.0f} s. The benchmark "
            "reports; it never fails the build. A loopback HTTP server runs in a process of its own "
            "(`benchmarks/server.py`: a bare asyncio protocol, so that the server is never what limits a client), "
            "answering at once or, for the rows that say so, 50 ms late like a vendor a real network away; the "
            "incident rows run against a fake Browser-Use account (`benchmarks/fake_account.py`). The candidates "
            "of each group run in interleaved rounds, so that noise on the machine hits them alike, and each "
            "figure is the median of its rounds. Ratios compare with the group's reference row.",
            "",
            "## Machine",
            "",
            *[f"- {line}" for line in machine()],
            f"- load average (1 min) at the start {loads[0]}, at the end {loads[1]}: on a 2-core machine anything "
            "above ~1 means other work shared the CPU with the benchmark, which compresses every ratio",
            "",
            "## Targets (issues 13, 18 and 21)",
            "",
            "Each ratio is taken within one interleaved run (see *Every figure* for the rows it is read from).",
            "",
            *targets.rows(figures),
            "",
            *(
                ["### Missed targets: by how much, and why", "", *targets.missed(figures), ""]
                if targets.missed(figures)
                else []
            ),
            *parse_table(figures),
            *transport_choice(figures),
            "## Every figure",
            "",
            *table(figures),
            "",
            *(["## Not measured", "", *skipped, ""] if skipped else []),
            "## Reading the rows",
            "",
            "- *raw httpx.AsyncClient, sniffio absent* is httpx as `pip install httpx` gives it: httpcore tries "
            "`import sniffio` several times per async request (never on the sync path: see the counted rows) and, "
            "without it, each try searches all of sys.path (emulated here by hiding the installed sniffio behind a "
            "finder that does that search). browser-clients depends on sniffio, so beside it raw httpx, and the "
            "generated packages used alone, run as the row without that suffix.",
            "- *raw aiohttp* has no httpx interface: it is the ceiling for any transport built on it, the facade's "
            "included.",
            "- The bulk rows run in worker processes (`benchmarks/bulk.py`); the rows of *the code before issue "
            "18* only when the run is given that code (`--bulk-baseline PATH`), with its own bare loop beside it.",
            "- The incident rows run against a fake Browser-Use account in a process of its own "
            "(`benchmarks/fake_account.py`), reset before every round; the first stop is timed by the fake, on the "
            "machine's monotonic clock.",
            "",
        ]
    )
