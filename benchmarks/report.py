"""Turn figures into the printed table and docs/benchmarks.md: the machine, targets met or missed, and why."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata

from benchmarks import async_throughput, imports, parsing, sync_latency
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
    return f"{figure.value:,.1f} {figure.unit}"


@dataclass(frozen=True)
class Target:
    """A target of issue 6: how to read it off the figures, and why it is missed when it is."""

    figure: str
    goal: str
    result: Callable[[Sequence[Figure]], tuple[str, bool] | None]
    why_missed: str | Callable[[Sequence[Figure]], str]

    def why(self, figures: Sequence[Figure]) -> str:
        """Return why the target is missed, with the figures that show it."""
        return self.why_missed if isinstance(self.why_missed, str) else self.why_missed(figures)


def _ratio_of(group: str, name: str, reference: str | None = None) -> Callable[[Sequence[Figure]], float | None]:
    def read(figures: Sequence[Figure]) -> float | None:
        figure = _find(figures, group, name)
        if figure is None:
            return None
        if reference is not None:
            base = _find(figures, group, reference)
            return None if base is None or base.value == 0 else figure.value / base.value
        return ratio(figure, figures)

    return read


def _async(figures: Sequence[Figure]) -> tuple[str, bool] | None:
    alone = _ratio_of(async_throughput.GROUP, "facade stop", async_throughput.NO_SNIFFIO)(figures)
    beside = _ratio_of(async_throughput.GROUP, "facade stop")(figures)
    if beside is None:
        return None
    text = f"{beside:.1f}x raw httpx with sniffio (as installed beside browser-clients)"
    if alone is not None:
        text = f"{alone:.1f}x raw httpx alone (no sniffio); " + text
    return text, (alone if alone is not None else beside) >= 10


def _sync(figures: Sequence[Figure]) -> tuple[str, bool] | None:
    found = {
        vendor: _ratio_of(sync_latency.GROUP, f"facade stop, {vendor}")(figures)
        for vendor in ("Browser-Use", "BrowserAI")
    }
    if None in found.values():
        return None
    worst = max(v for v in found.values() if v is not None)
    text = ", ".join(f"{vendor} {value:.2f}x" for vendor, value in found.items())
    stretch = " (stretch 0.6x met)" if worst <= 0.6 else ""
    return text + stretch, worst <= 1.0


def _import(figures: Sequence[Figure]) -> tuple[str, bool] | None:
    bare = _find(figures, imports.GROUP, "import browser_clients")
    clients = _find(figures, imports.GROUP, "from browser_clients import BrowserClients, AsyncBrowserClients")
    httpx = _find(figures, imports.GROUP, imports.REFERENCE)
    if bare is None or clients is None or httpx is None:
        return None
    return (
        f"import browser_clients {bare.value - httpx.value:+.0f} ms; with its clients (which import httpx) "
        f"{clients.value - httpx.value:+.0f} ms",
        clients.value - httpx.value <= 40,
    )


def _parse(figures: Sequence[Figure]) -> tuple[str, bool] | None:
    full = _ratio_of(parsing.GROUP, "SessionView.from_dict(json.loads(...)), every field")(figures)
    minimal = _ratio_of(parsing.GROUP, "SessionView.from_dict(json.loads(...)), required fields only")(figures)
    if full is None or minimal is None:
        return None
    return f"{full:.2f}x with every field set, {minimal:.2f}x with the required fields only", full <= 1.5


def _why_async(figures: Sequence[Figure]) -> str:
    group = async_throughput.GROUP
    facade = _find(figures, group, "facade stop")
    ceiling = _find(figures, group, async_throughput.AIOHTTP_RAW)
    raw = _find(figures, group, async_throughput.NO_SNIFFIO) or _find(figures, group, async_throughput.REFERENCE)
    shares = ""
    if facade is not None and ceiling is not None and raw is not None and raw.value and ceiling.value:
        shares = (
            f" In this run the facade reached {facade.value / ceiling.value:.0%} of bare aiohttp's rate, and bare "
            f"aiohttp itself {ceiling.value / raw.value:.1f}x raw httpx alone: the transport leaves little to gain, "
            "the facade's own work per request is the rest."
        )
    return (
        "The facade does work per request that the raw clients do not: it builds a typed Call from the generated "
        "request builder, parses every answer into the generated attrs model and a StopResult, and keeps the retry "
        "and rate-limit bookkeeping; with a fully populated session object the model alone costs about three "
        "json.loads (see the parse rows)." + shares + " The ratio also shrinks when other work shares the "
        "machine's two cores (see the load average)."
    )


def _why_drift(figures: Sequence[Figure]) -> str:
    def part(name: str) -> str:
        figure = _find(figures, "drift, part by part", name)
        return "?" if figure is None else f"{figure.value:.2f} s"

    return (
        f"Starting Python and importing the drift tool took {part('start Python and import the drift tool')} "
        f"(of which Python's own start {part('start Python (python -c pass)')}); loading both documents took "
        f"{part('load both documents (in process)')} and comparing them {part('compare them (in process)')}. The "
        "imports are most of it (the comparison modules and PyYAML; httpx is imported only for a URL). Python's "
        "start and the imports are paid once a run, so the figure moves with the machine's load by a few "
        "hundredths of a second either side of the target."
    )


def _seconds(group: str, name: str, limit: float) -> Callable[[Sequence[Figure]], tuple[str, bool] | None]:
    def read(figures: Sequence[Figure]) -> tuple[str, bool] | None:
        figure = next((f for f in figures if f.group == group and f.name.startswith(name)), None)
        return None if figure is None else (f"{figure.value:.2f} s", figure.value <= limit)

    return read


TARGETS = (
    Target(
        "async requests/s, facade at 64 in flight, vs raw httpx.AsyncClient",
        "at least 10x",
        _async,
        _why_async,
    ),
    Target(
        "sync per-call latency, facade vs raw httpx.Client",
        "at most 1.0x (stretch 0.6x)",
        _sync,
        "Most of a loopback call is the round trip through the kernel and the server's process; the facade's own "
        "CPU per call is a small part of it.",
    ),
    Target(
        "cold import browser_clients, on top of import httpx",
        "at most +40 ms",
        _import,
        "The clients import httpx and the facade's own modules; the vendors' generated packages load on first use.",
    ),
    Target(
        "parse one session object, vs json.loads",
        "at most 1.5x",
        _parse,
        "json.loads runs in C; the generated from_dict runs in Python, per field: two UUIDs, two datetimes, three "
        "enums and the nullable unions of a fully populated session cost several times what decoding the JSON "
        "does. Each of those conversions alone (uuid.UUID, a datetime, an enum lookup) costs about as much as a "
        "tenth of the whole json.loads, so 1.5x leaves room for almost none of them in pure Python. Reaching it "
        "would take converting lazily, on first attribute access, or a model compiled to C (msgspec, pydantic-core); "
        "both would change what the generated attrs models are, which the forward-compatibility guarantees (open "
        "enums, kept unknown properties, round-tripping date-times) are built on. Removing the per-call nested "
        "functions of nullable fields in from_dict would gain a little, not the factor of two that is missing.",
    ),
    Target(
        "python -m generator generate with nothing changed",
        "at most 1 s",
        _seconds("regeneration (whole command)", "generate, nothing changed", 1.0),
        "The no-op run still starts Python, imports the pipeline and hashes every input.",
    ),
    Target(
        "drift of two 250 KB documents, whole command",
        "at most 0.3 s",
        _seconds("drift (whole command)", "drift OLD NEW", 0.3),
        _why_drift,
    ),
)


def targets(figures: Sequence[Figure]) -> list[str]:
    """Return the targets table: each target, what was measured, and whether it was met."""
    rows = ["| figure | target | result | met |", "| --- | --- | --- | --- |"]
    for target in TARGETS:
        found = target.result(figures)
        result, met = found if found is not None else ("not measured", False)
        rows.append(f"| {target.figure} | {target.goal} | {result} | {'yes' if met else 'no'} |")
    return rows


def _sync_stretch(figures: Sequence[Figure]) -> str | None:
    """Return why the sync stretch target (0.6x) is missed, or None when it is met or not measured."""
    group = sync_latency.GROUP
    raw, floor = _find(figures, group, sync_latency.REFERENCE), _find(figures, group, sync_latency.FLOOR)
    facades = [f for f in figures if f.group == group and f.name.startswith("facade stop")]
    if raw is None or floor is None or not facades or raw.value == 0:
        return None
    worst = max(facades, key=lambda f: f.value)
    if worst.value / raw.value <= 0.6:
        return None
    return (
        f"- **sync stretch target, 0.6x** (measured {worst.value / raw.value:.2f}x for {worst.name}): bare "
        f"http.client with json.loads, no httpx and no model, takes {floor.value:.0f} µs a call here "
        f"({floor.value / raw.value:.2f}x raw httpx): most of a call is the round trip through the kernel and "
        f"the server's process, which no client code removes. The facade adds {worst.value - floor.value:.0f} µs "
        "on top of that floor: the typed Call, the request as httpx would send it (its four default headers and "
        "the key besides), an httpx.Response, the generated model's from_dict and the StopResult."
    )


def missed(figures: Sequence[Figure]) -> list[str]:
    """Return one paragraph per missed target: by how much (in the table) and why."""
    lines = []
    for target in TARGETS:
        found = target.result(figures)
        if found is not None and not found[1]:
            lines.append(f"- **{target.figure}** ({target.goal}; measured {found[0]}): {target.why(figures)}")
    stretch = _sync_stretch(figures)
    return [*lines, stretch] if stretch is not None else lines


def transport_choice(figures: Sequence[Figure]) -> list[str]:
    """Return the paragraph that explains the async facade's transport, with this run's numbers."""
    group = async_throughput.GROUP

    def rate(name: str) -> str:
        figure = _find(figures, group, name)
        return "not measured" if figure is None else f"{figure.value:,.0f} req/s"

    interface = (
        async_throughput.OURS,
        async_throughput.HTTPX_AIOHTTP,
        async_throughput.PYREQWEST_HTTPX,
        async_throughput.HTTPX2,
        async_throughput.REFERENCE,
    )
    found = sorted((f for f in figures if f.group == group and f.name in interface), key=lambda f: -f.value)
    ranking = "; ".join(f"{f.name} {f.value:,.0f} req/s" for f in found) or "nothing"
    verdict = (
        "The facade's transport was the fastest of them; it, httpx-aiohttp and pyreqwest's are close to each "
        "other and well ahead of httpx2 and of httpx's own."
        if found and found[0].name == async_throughput.OURS
        else "The facade's transport, httpx-aiohttp and pyreqwest's are within this machine's noise of each other "
        "(see the spread column) and well ahead of httpx2 and of httpx's own."
    )
    sync_raw = _find(figures, sync_latency.GROUP, sync_latency.REFERENCE)
    sync_floor = _find(figures, sync_latency.GROUP, sync_latency.FLOOR)
    sync_numbers = (
        f" (raw httpx.Client {sync_raw.value:.0f} µs a call, bare http.client {sync_floor.value:.0f} µs)"
        if sync_raw is not None and sync_floor is not None
        else ""
    )
    return [
        "## The async transport, and why",
        "",
        "The async facade sends through aiohttp under httpx's interface "
        "(`overrides/browser_clients/_transport_aiohttp.py`). Through httpx's interface (an `httpx.AsyncClient` "
        f"with the transport mounted) this run measured {ranking}. {verdict} "
        "The choice among them rests on correctness and risk. httpx-aiohttp "
        "maps aiohttp's ClientConnectionError (a server that closed the connection, a reset) to "
        "httpx.ConnectTimeout, so a reset surfaces as a timeout of a request that never reached the server, and "
        "even a create would be retried; the facade's transport maps each aiohttp failure to the exception "
        "httpx's own transport raises for it, and passes the whole test suite, fault tests included. pyreqwest "
        f"(raw: {rate(async_throughput.PYREQWEST_RAW)}, Rust, with I/O threads of its own, against bare aiohttp's "
        f"{rate(async_throughput.AIOHTTP_RAW)}) is a beta (0.x) Rust extension with binary wheels only, and its "
        "TLS trust is set on its own client rather than by the SSL context httpx builds from certifi or "
        "SSL_CERT_FILE; it stays a candidate to measure again. On its own client the facade also skips httpx's "
        "per-request Request and Response objects (the *facade stop* row): that is where its lead over every "
        "row through httpx's interface comes from.",
        "",
        "The sync facade sends through the standard library's http.client under httpx's interface "
        f"(`_transport_stdlib.py`): httpcore and h11 cost more per call than the loopback round trip{sync_numbers}. "
        "A client "
        "you pass in (`http_client=`) is always used as it is, through `client.request`.",
        "",
    ]


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
            "(`benchmarks/server.py`: a bare asyncio protocol, so that the server is never what limits a client); "
            "the candidates of each group run in interleaved rounds, so that noise on the machine hits them "
            "alike, and each figure is the median of its rounds. Ratios compare with the group's reference row.",
            "",
            "## Machine",
            "",
            *[f"- {line}" for line in machine()],
            f"- load average (1 min) at the start {loads[0]}, at the end {loads[1]}: on a 2-core machine anything "
            "above ~1 means other work shared the CPU with the benchmark, which compresses every ratio",
            "",
            "## Targets (issue 6)",
            "",
            *targets(figures),
            "",
            *(["### Missed targets: by how much, and why", "", *missed(figures), ""] if missed(figures) else []),
            *transport_choice(figures),
            "## Every figure",
            "",
            *table(figures),
            "",
            *(["## Not measured", "", *skipped, ""] if skipped else []),
            "## Reading the async rows",
            "",
            "- *raw httpx.AsyncClient, sniffio absent* is httpx as `pip install httpx` gives it: httpcore tries "
            "`import sniffio` several times per async request (never on the sync path: see the counted rows) and, "
            "without it, each try searches all of sys.path (emulated here by hiding the installed sniffio behind a "
            "finder that does that search). browser-clients depends on sniffio, so beside it raw httpx, and the "
            "generated packages used alone, run as the row without that suffix.",
            "- *httpx.AsyncClient over the facade's aiohttp transport* is what any httpx code gets from "
            "`browser_clients._transport.async_transport()`; *facade stop* skips httpx's per-request machinery as "
            "well (its own client only; a client you pass in is used through `client.request`).",
            "- *raw aiohttp* has no httpx interface: it is the ceiling for any transport built on it.",
            "",
        ]
    )
