"""The targets of issues 13 and 18: read each off the figures, say whether it is met, and if not by how much and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks import async_throughput, baseline, bulk, drift, parsing, shares, sync_latency
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


def at_least(value: float, limit: float) -> str:
    """Say by how much a ratio of rates is short of its limit."""
    return (
        f"{1 - value / limit:.0%} short of {limit:g}x: meeting it takes {limit / value - 1:.0%} more requests a second"
    )


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
    group = sync_latency.GROUP
    found = {
        "Browser-Use": ratio(figures, group, sync_latency.FACADE, sync_latency.FLOOR),
        "BrowserAI": ratio(figures, group, sync_latency.FACADE_BROWSERAI, sync_latency.FLOOR_BROWSERAI),
    }
    known = {vendor: value for vendor, value in found.items() if value is not None}
    if not known:
        return None
    worst = max(known.values())
    text = ", ".join(f"{vendor} {value:.2f}x" for vendor, value in known.items())
    return Reading(text, worst <= 1.3, at_most(worst, 1.3))


def _async_rate(figures: Sequence[Figure], reference: str) -> float | None:
    return ratio(figures, async_throughput.GROUP, async_throughput.FACADE, reference)


def _aiohttp(figures: Sequence[Figure]) -> Reading | None:
    found = _async_rate(figures, async_throughput.AIOHTTP_RAW)
    return None if found is None else Reading(f"{found:.2f}x", found >= 0.7, at_least(found, 0.7))


def _httpx(figures: Sequence[Figure]) -> Reading | None:
    alone = _async_rate(figures, async_throughput.NO_SNIFFIO)
    beside = _async_rate(figures, async_throughput.REFERENCE)
    decisive = alone if alone is not None else beside
    if decisive is None:
        return None
    text = f"{decisive:.1f}x raw httpx alone (no sniffio)" if alone is not None else f"{decisive:.1f}x"
    if alone is not None and beside is not None:
        text += f"; {beside:.1f}x raw httpx with sniffio (as installed beside browser-clients)"
    return Reading(text, decisive >= 10, at_least(decisive, 10))


def _bulk(figures: Sequence[Figure]) -> Reading | None:
    per_id = ratio(figures, bulk.GROUP, bulk.MANY, bulk.REFERENCE)
    many, one = find(figures, bulk.GROUP, bulk.MANY), find(figures, bulk.GROUP, bulk.REFERENCE)
    ids = find(figures, bulk.GROUP, bulk.IDS)
    traced, resident = find(figures, bulk.MEMORY_GROUP, bulk.TRACED), find(figures, bulk.MEMORY_GROUP, bulk.RESIDENT)
    if per_id is None or many is None or one is None:
        return None
    count = ids.value if ids is not None else 0.0
    text = f"{per_id:.2f}x per id ({many.value:.0f} µs against {one.value:.0f} µs, {count:,.0f} ids)"
    if traced is not None and resident is not None:
        per = traced.value * 1024 * 1024 / count / 1024 if count else 0.0
        text += f"; peak memory {traced.value:.1f} MiB traced ({per:.1f} KiB per id), {resident.value:.1f} MiB resident"
    else:
        text += "; peak memory not measured"
    return Reading(text, per_id <= 1.2 and traced is not None, at_most(per_id, 1.2))


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


OWN_WORK = (
    " That work, per call: the typed Call (the id checked, the generated request builder), the request prepared "
    "for the transport (headers merged once per kind of request), the Answer (status and body; its httpx.Response "
    "is made only when an error, a retry, the log or a raw response asks), the model read in full (every field "
    "converted: UUIDs, date-times and enums made, deviations found), and the StopResult. Without any I/O it costs "
    "a few json.loads of the answer; between real round trips it costs "
    "two to three times its own time alone (each Python call more than alone), as the transport's code runs in "
    "between."
)


def _why_sync(figures: Sequence[Figure]) -> str:
    facade = find(figures, sync_latency.GROUP, sync_latency.FACADE)
    floor = find(figures, sync_latency.GROUP, sync_latency.FLOOR)
    if facade is None or floor is None or facade.value == 0:
        return "not measured"
    own = facade.value - floor.value
    return (
        f"A Browser-Use stop took {facade.value:.0f} µs against the floor's {floor.value:.0f} µs: {own:.0f} µs a call "
        f"({own / facade.value:.0%} of it) is our own work, the rest is the round trip."
        + OWN_WORK
        + _shares(figures, shares.SYNC_GROUP)
    )


def _why_async(figures: Sequence[Figure]) -> str:
    group = async_throughput.GROUP
    facade, ceiling = find(figures, group, async_throughput.FACADE), find(figures, group, async_throughput.AIOHTTP_RAW)
    if facade is None or ceiling is None or not facade.value or not ceiling.value:
        return "not measured"
    ours, theirs = 1e6 / facade.value, 1e6 / ceiling.value
    return (
        f"A request costs the facade {ours:.0f} µs of the event loop's time against raw aiohttp's {theirs:.0f} µs: "
        f"{ours - theirs:.0f} µs ({(ours - theirs) / ours:.0%}) is our own work per request."
        + OWN_WORK
        + _shares(figures, shares.ASYNC_GROUP)
    )


def _why_bulk(figures: Sequence[Figure]) -> str:
    many, one = find(figures, bulk.GROUP, bulk.MANY), find(figures, bulk.GROUP, bulk.REFERENCE)
    if many is None or one is None:
        return "not measured"
    return (
        f"stop_many adds {many.value - one.value:.0f} µs per id to the plain stops at the same concurrency: "
        "its outcome objects, keeping their order, and its scheduling of the ids."
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
    Target("sync stop, vs raw http.client", "at most 1.3x", _sync, _why_sync),
    Target("async stop at 64 in flight, vs raw aiohttp", "at least 0.7x", _aiohttp, _why_async),
    Target("async stop at 64 in flight, vs raw httpx", "at least 10x", _httpx, _why_async),
    Target(
        "stop_many at 256 in flight, per id, vs one async stop",
        "within 1.2x per id; peak memory reported",
        _bulk,
        _why_bulk,
    ),
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
