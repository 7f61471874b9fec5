"""The targets of issues 13, 18 and 21: read each off the figures, say whether it is met, by how much and why not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks import async_throughput, baseline, bulk, drift, imports, incident, parsing, shares, sync_latency
from benchmarks.measure import Figure


@dataclass(frozen=True)
class Reading:
    """What one target's figures say: the result as text, whether it is met, and by how much it is missed."""

    result: str
    met: bool | None
    """None for a figure that is reported, not targeted."""
    gap: str = ""


Read = Callable[[Sequence[Figure]], Reading | None]


@dataclass(frozen=True)
class Target:
    """A target: what it measures, its goal, how to read it off the figures, and why it is missed when it is."""

    figure: str
    goal: str
    read: Read
    why: Callable[[Sequence[Figure]], str]


def find(figures: Sequence[Figure], group: str, name: str) -> Figure | None:
    """Return the figure called ``name`` in ``group`` (or whose name starts so), or None."""
    exact = next((f for f in figures if f.group == group and f.name == name), None)
    return exact or next((f for f in figures if f.group == group and f.name.startswith(name)), None)


def ratio(figures: Sequence[Figure], group: str, name: str, reference: str) -> float | None:
    """Return figure ``name`` over figure ``reference`` of ``group``, or None when either is missing."""
    figure, base = find(figures, group, name), find(figures, group, reference)
    return None if figure is None or base is None or base.value == 0 else figure.value / base.value


def at_most(value: float, limit: float) -> str:
    """Say by how much a ratio of times is over its limit."""
    return f"{value / limit - 1:.0%} over {limit:g}x: meeting it takes {1 - limit / value:.0%} less time"


def _fields(figures: Sequence[Figure]) -> str:
    done, total = find(figures, parsing.GROUP, parsing.FIELDS_SET), find(figures, parsing.GROUP, parsing.FIELDS)
    return "" if done is None or total is None else f" ({done.value:.0f} of {total.value:.0f} fields set)"


def _others(figures: Sequence[Figure], plain: str, pydantic: str, from_bytes: str) -> str:
    """Say what the compared models cost in json.loads, as far as they were measured."""
    found = {
        "plain openapi-python-client": ratio(figures, parsing.GROUP, plain, parsing.REFERENCE),
        "pydantic": ratio(figures, parsing.GROUP, pydantic, parsing.REFERENCE),
        "pydantic from bytes": ratio(figures, parsing.GROUP, from_bytes, parsing.REFERENCE),
    }
    return ", ".join(f"{name} {value:.2f}x" for name, value in found.items() if value is not None)


def _parse(figures: Sequence[Figure]) -> Reading | None:
    ours = ratio(figures, parsing.GROUP, parsing.FULL, parsing.REFERENCE)
    against = ratio(figures, parsing.GROUP, parsing.FULL, parsing.PLAIN)
    if ours is None or against is None:
        return None
    others = _others(figures, parsing.PLAIN, parsing.PYDANTIC, parsing.PYDANTIC_JSON)
    text = f"{against:.2f}x plain ({ours:.2f}x json.loads{_fields(figures)}; {others})"
    return Reading(text, against <= 1.0, at_most(against, 1.0))


def _status_id(figures: Sequence[Figure]) -> Reading | None:
    ours = ratio(figures, parsing.GROUP, parsing.STATUS_ID, parsing.REFERENCE)
    if ours is None:
        return None
    others = _others(figures, parsing.PLAIN_STATUS_ID, parsing.PYDANTIC_STATUS_ID, parsing.PYDANTIC_JSON_STATUS_ID)
    return Reading(f"{ours:.2f}x ({others})", None)


def _sync(figures: Sequence[Figure]) -> Reading | None:
    group = sync_latency.FAR_GROUP
    facade, floor = find(figures, group, sync_latency.FACADE), find(figures, group, sync_latency.FLOOR)
    raw = find(figures, group, sync_latency.RAW_HTTPX)
    if facade is None or floor is None or not floor.value:
        return None
    text = f"{facade.value / floor.value:.2f}x ({facade.value / 1e3:.1f} ms against {floor.value / 1e3:.1f} ms"
    if raw is not None:
        text += f"; raw httpx.Client {raw.value / 1e3:.1f} ms"
    close = find(figures, sync_latency.GROUP, sync_latency.FACADE)
    near = find(figures, sync_latency.GROUP, sync_latency.FLOOR)
    if close is not None and near is not None:
        text += f"; on loopback {close.value:.0f} µs against {near.value:.0f} µs"
    return Reading(text + ")", None)


def _async(figures: Sequence[Figure]) -> Reading | None:
    group = async_throughput.GROUP
    found = ratio(figures, group, async_throughput.FACADE, async_throughput.AIOHTTP_RAW)
    if found is None:
        return None
    text = f"{found:.2f}x"
    alone = ratio(figures, group, async_throughput.FACADE, async_throughput.NO_SNIFFIO)
    beside = ratio(figures, group, async_throughput.FACADE, async_throughput.REFERENCE)
    if beside is not None:
        text += f"; {beside:.1f}x raw httpx with sniffio"
    if alone is not None:
        text += f", {alone:.1f}x without (httpx alone)"
    return Reading(text, None)


def _memory(figures: Sequence[Figure]) -> str:
    traced, resident = find(figures, bulk.MEMORY_GROUP, bulk.TRACED), find(figures, bulk.MEMORY_GROUP, bulk.RESIDENT)
    ids = find(figures, bulk.GROUP, bulk.IDS)
    if traced is None or resident is None:
        return ""
    per = f" ({traced.value * 1024 / ids.value:.1f} KiB per id)" if ids is not None and ids.value else ""
    return f"; peak memory {traced.value:.1f} MiB traced{per}, {resident.value:.1f} MiB resident"


def _bulk_at(group: str, *, targeted: bool) -> Read:
    """Read stop_many's ratio to the bare loop in ``group`` against the old code's (this run's, else recorded); a
    figure not ``targeted`` is reported beside the old code's, met or not."""

    def read(figures: Sequence[Figure]) -> Reading | None:
        ours = ratio(figures, group, bulk.MANY, bulk.REFERENCE)
        many, raw = find(figures, group, bulk.MANY), find(figures, group, bulk.REFERENCE)
        if ours is None or many is None or raw is None:
            return None
        text = f"{ours:.2f}x ({many.value:,.0f} ids/s against {raw.value:,.0f}"
        ids = find(figures, bulk.GROUP, bulk.IDS)
        if ids is not None and ids.value != bulk.FULL:
            text += f", {ids.value:,.0f} ids"
        text += ")"
        now, recorded = baseline.old_bulk_ratio(figures, group), baseline.load().get(baseline.BULK[group])
        if now is not None:
            text += f"; the old code {now:.2f}x in this run"
        if recorded is not None:
            text += f"; recorded {recorded.value:.2f}x on {recorded.measured} (load {recorded.load})"
        if group == bulk.GROUP:
            text += _memory(figures)
        before = now if now is not None else (recorded.value if recorded is not None else None)
        if before is None:
            return Reading(text + "; no baseline", False if targeted else None, "no baseline to compare")
        below = 1 - ours / before
        gap = f"{below:.0%} below the old code's {before:.2f}x, where {baseline.BULK_BELOW:.0%} is allowed"
        if not targeted:
            return Reading(f"{text}; {below:.0%} below the old code's" if below > 0 else text, None)
        return Reading(text, ours >= before * (1 - baseline.BULK_BELOW), gap)

    return read


def _incident(figures: Sequence[Figure]) -> Reading | None:
    found = ratio(figures, incident.GROUP, incident.STOP_ALL, incident.BARE)
    ours, bare = find(figures, incident.GROUP, incident.STOP_ALL), find(figures, incident.GROUP, incident.BARE)
    if found is None or ours is None or bare is None:
        return None
    sessions = find(figures, incident.GROUP, incident.SESSIONS)
    text = f"{found:.2f}x ({ours.value:.2f} s against {bare.value:.2f} s"
    if sessions is not None and sessions.value != incident.COUNT:
        text += f", {sessions.value:,.0f} sessions"
    listing, stopping = (
        find(figures, incident.PARTS, incident.LISTING),
        find(figures, incident.PARTS, incident.STOPPING),
    )
    if listing is not None and stopping is not None:
        text += f"; listing {listing.value:.2f} s, stopping {stopping.value:.2f} s"
    other = ratio(figures, incident.GROUP, incident.STOP_ALL_SYNC, incident.BARE)
    if other is not None:
        text += f"; the sync client {other:.2f}x"
    return Reading(text + ")", found <= 1.2, at_most(found, 1.2))


def _first_stop(figures: Sequence[Figure]) -> Reading | None:
    first = find(figures, incident.PARTS, incident.FIRST_STOP)
    if first is None:
        return None
    text = f"{first.value:.2f} s"
    other = find(figures, incident.PARTS, incident.FIRST_STOP_SYNC)
    if other is not None:
        text += f" (the sync client {other.value:.2f} s)"
    gap = f"{first.value - 0.3:.2f} s late"
    return Reading(text, first.value <= 0.3, gap)


def _no_regression(watched: baseline.Watched) -> Read:
    def read(figures: Sequence[Figure]) -> Reading | None:
        figure = baseline.find(figures, watched)
        if figure is None:
            return None
        recorded = baseline.load().get(watched.label)
        if recorded is None:
            return Reading(f"{figure.value:.2f} {figure.unit}; no baseline recorded", False, "no baseline to compare")
        text, met = baseline.compare(figure, recorded)
        gap = f"{figure.value - baseline.allowed(recorded):+.2f} {figure.unit} beyond the tolerance"
        return Reading(text, met, gap)

    return read


def _shares(figures: Sequence[Figure], group: str) -> str:
    rows = [f for f in figures if f.group == group]
    if not rows:
        return ""
    top = ", ".join(f"{f.name} {f.value:.0f}%" for f in rows[:5])
    mine = shares.ours(list(figures), group)
    return (
        f" Under cProfile our code (facade, generated clients, attrs, dateutil) had {mine:.0f}% of the own time: {top}."
    )


def _why_parse(figures: Sequence[Figure]) -> str:
    full, loads = find(figures, parsing.GROUP, parsing.FULL), find(figures, parsing.GROUP, parsing.REFERENCE)
    plain, total = find(figures, parsing.GROUP, parsing.PLAIN), find(figures, parsing.GROUP, parsing.FIELDS)
    if full is None or loads is None or plain is None:
        return "not measured"
    extra = full.value - loads.value
    per_field = f", about {extra / total.value:.2f} µs per field" if total is not None and total.value else ""
    return (
        f"from_dict and the reads take {extra:.1f} µs of Python on top of json.loads' {loads.value:.1f} µs{per_field}, "
        f"against {plain.value - loads.value:.1f} µs for the plain models: the conversions (UUIDs, date-times that "
        "keep their text, enums), the type check of every value, and the deviations and unknown properties found."
    )


def _trusting(figures: Sequence[Figure]) -> str:
    """Say what trust_env=True costs a bare aiohttp loop, as this run measured it (or nothing)."""
    slower = ratio(figures, bulk.GROUP, bulk.TRUSTING, bulk.REFERENCE)
    if slower is None:
        return ""
    return (
        f" The same bare loop over a session made with trust_env=True ran at {slower:.2f}x of it: aiohttp then looks "
        "up the environment's proxies and ~/.netrc on a worker thread, twice per request, so a session that trusts "
        "the environment pays two thread hops on every stop."
    )


def _why_bulk(group: str) -> Callable[[Sequence[Figure]], str]:
    def why(figures: Sequence[Figure]) -> str:
        many, raw = find(figures, group, bulk.MANY), find(figures, group, bulk.REFERENCE)
        if many is None or raw is None or not many.value or not raw.value:
            return "not measured"
        ours, theirs = 1e6 / many.value, 1e6 / raw.value
        text = (
            f"stop_many took {ours:.0f} µs per id against the bare loop's {theirs:.0f} µs: {ours - theirs:.0f} µs "
            "per id is the facade's own (the stop's program carried out by the engine, the attempt bounded, the "
            "answer read into a full model and a StopOutcome)."
        )
        if group == bulk.SLOW_GROUP:
            text += (
                f" 50 ms away the bare loop is bound by its {bulk.CONNECTIONS} connections "
                f"({bulk.CONNECTIONS / bulk.DELAY:,.0f} ids/s at most); stop_many falls short of that bound where "
                "its own time per id keeps the event loop from refilling the connections."
            )
        return text + _trusting(figures) + _shares(figures, shares.ASYNC_GROUP)

    return why


def _why_incident(figures: Sequence[Figure]) -> str:
    bare, listing = find(figures, incident.GROUP, incident.BARE), find(figures, incident.PARTS, incident.LISTING)
    stopping, first = (
        find(figures, incident.PARTS, incident.STOPPING),
        find(figures, incident.PARTS, incident.FIRST_STOP),
    )
    sessions = find(figures, incident.GROUP, incident.SESSIONS)
    if bare is None or listing is None or stopping is None or first is None or sessions is None:
        return "not measured"
    count, pages = int(sessions.value), -(-int(sessions.value) // incident.PAGE)
    return (
        f"The bare loop knows every id and sends the {count:,} stops alone. stop_all first finds them: it lists "
        f"v3's {pages} pages of sessions (the first, then the other {pages - 1} at once, each page read into full "
        "models on the event loop when its ids are needed), v3's browsers and v4's runs and sessions, stopping "
        "the sessions of each page as it is read; once the last stop is back, a confirming pass lists every page "
        "again. Its report: listing (until the last page arrived) "
        f"{listing.value:.2f} s, stopping {stopping.value:.2f} s ({stopping.value / bare.value:.2f}x the bare "
        f"loop's whole {bare.value:.2f} s), the first stop at the server {first.value:.2f} s after the call."
        + _trusting(figures)
    )


def _httpx_import(figures: Sequence[Figure]) -> str:
    """Say what ``import httpx`` alone took in this run, and what moves it besides the load."""
    found = find(figures, imports.GROUP, imports.REFERENCE)
    if found is None:
        return ""
    return (
        f" In this run `import httpx` alone took {found.value:.1f} ms: httpx also imports its command line when click, "
        "rich and pygments are installed (the bench's environment has all three, for its other tools), so every "
        "import figure here moves with what else is installed as well as with the load; a ratio to `import httpx` "
        "in one run is the figure to compare."
    )


def _why_regression(watched: baseline.Watched) -> Callable[[Sequence[Figure]], str]:
    def why(figures: Sequence[Figure]) -> str:
        figure, recorded = baseline.find(figures, watched), baseline.load().get(watched.label)
        noise = (
            f"its rounds spread {figure.spread:.2f}x and the baseline was measured at load {recorded.load}, "
            "against this run's load average above: the figure moves with the load on a shared machine."
            if figure is not None and recorded is not None
            else "not measured."
        )
        if watched.group == imports.GROUP:
            return noise[0].upper() + noise[1:] + _httpx_import(figures)
        if watched.group != drift.GROUP:
            return noise[0].upper() + noise[1:]
        parts = [f for f in figures if f.group == drift.PARTS]
        return "Its parts: " + "; ".join(f"{f.name} {f.value:.2f} s" for f in parts) + "; " + noise

    return why


TARGETS = (
    Target(
        "parse a fully populated session and read every field, vs plain openapi-python-client models",
        "at most 1.0x, deviations tracked",
        _parse,
        _why_parse,
    ),
    Target("parse a session and read status and id, vs json.loads", "reported, not targeted", _status_id, _why_parse),
    Target("sync stop, the server 50 ms away, vs bare http.client", "reported, not targeted", _sync, lambda _f: ""),
    Target("async stop at 64 in flight on loopback, vs raw aiohttp", "reported, not targeted", _async, lambda _f: ""),
    Target(
        "stop_many of 10,000 ids at 256 in flight, the server 50 ms away, ids/s vs raw aiohttp",
        "at most 10% below the code before issue 18",
        _bulk_at(bulk.SLOW_GROUP, targeted=True),
        _why_bulk(bulk.SLOW_GROUP),
    ),
    Target(
        "stop_many of 10,000 ids at 256 in flight on loopback, ids/s vs raw aiohttp",
        "reported, not targeted: the facade's own CPU per id, with no network to hide it",
        _bulk_at(bulk.GROUP, targeted=False),
        _why_bulk(bulk.GROUP),
    ),
    Target(
        "incident: stop_all of 3,000 running sessions at 64 in flight, 50 ms away, vs a bare aiohttp loop given "
        "every id",
        "at most 1.2x",
        _incident,
        _why_incident,
    ),
    Target("incident: stop_all's first stop at the server, after the call", "within 0.3 s", _first_stop, _why_incident),
    *(
        Target(w.label, "no regression (within 10% and a little)", _no_regression(w), _why_regression(w))
        for w in baseline.WATCHED
    ),
)


_MET = {True: "yes", False: "no", None: "reported"}


def rows(figures: Sequence[Figure]) -> list[str]:
    """Return the targets table: each target, what was measured, and whether it was met."""
    lines = ["| figure | target | result | met |", "| --- | --- | --- | --- |"]
    for target in TARGETS:
        reading = target.read(figures)
        result, met = (reading.result, _MET[reading.met]) if reading else ("not measured", "no")
        lines.append(f"| {target.figure} | {target.goal} | {result} | {met} |")
    return lines


def missed(figures: Sequence[Figure]) -> list[str]:
    """Return one paragraph per missed target: by how much, and why."""
    lines = []
    for target in TARGETS:
        reading = target.read(figures)
        if reading is not None and reading.met is False:
            lines.append(
                f"- **{target.figure}** ({target.goal}; measured {reading.result}): {reading.gap}. "
                f"Why: {target.why(figures)}"
            )
    return lines
