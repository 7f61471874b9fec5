"""The benchmark's report, on made-up figures: the target rows, met or missed, by how much, and the baselines.

No timing here, ever: the figures are given, and only the arithmetic and the wording around them are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import async_throughput as rates
from benchmarks import baseline, bulk, drift, imports, incident, parsing, regeneration, report, shares, targets
from benchmarks import sync_latency as sync
from benchmarks.measure import Figure


def fig(group: str, name: str, value: float, unit: str = "µs", reference: str | None = None) -> Figure:
    """Return a figure of one round."""
    return Figure(group, name, value, unit, (value,), reference)


def made_up(
    *, parse: float, bulk_ratio: float, incident_ratio: float, first_stop: float, drift_s: float, old: bool = True
) -> list[Figure]:
    """Return one run's figures, with the given ratios to their references (the old code's bulk ratio 0.75x)."""
    found = [
        fig(parsing.GROUP, parsing.REFERENCE, 10.0),
        fig(parsing.GROUP, parsing.FULL, 10.0 * parse, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.STATUS_ID, 12.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PLAIN, 20.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PLAIN_STATUS_ID, 19.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PYDANTIC, 15.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.FIELDS_SET, 26, "fields"),
        fig(parsing.GROUP, parsing.FIELDS, 26, "fields"),
        fig(sync.GROUP, sync.FLOOR, 200.0),
        fig(sync.GROUP, sync.FACADE, 300.0, reference=sync.FLOOR),
        fig(sync.GROUP, sync.RAW_HTTPX, 260.0, reference=sync.FLOOR),
        fig(sync.FAR_GROUP, sync.FLOOR, 50_000.0),
        fig(sync.FAR_GROUP, sync.FACADE, 50_500.0, reference=sync.FLOOR),
        fig(sync.FAR_GROUP, sync.RAW_HTTPX, 50_200.0, reference=sync.FLOOR),
        fig(rates.GROUP, rates.REFERENCE, 400.0, "req/s"),
        fig(rates.GROUP, rates.NO_SNIFFIO, 300.0, "req/s", rates.REFERENCE),
        fig(rates.GROUP, rates.FACADE, 3000.0, "req/s", rates.REFERENCE),
        fig(rates.GROUP, rates.AIOHTTP_RAW, 4000.0, "req/s", rates.REFERENCE),
        fig(bulk.GROUP, bulk.REFERENCE, 5000.0, "ids/s"),
        fig(bulk.GROUP, bulk.MANY, 5000.0 * bulk_ratio, "ids/s", bulk.REFERENCE),
        fig(bulk.GROUP, bulk.TRUSTING, 2000.0, "ids/s", bulk.REFERENCE),
        fig(bulk.SLOW_GROUP, bulk.REFERENCE, 1800.0, "ids/s"),
        fig(bulk.SLOW_GROUP, bulk.MANY, 1800.0 * bulk_ratio, "ids/s", bulk.REFERENCE),
        fig(bulk.GROUP, bulk.IDS, 10_000, "ids"),
        fig(bulk.MEMORY_GROUP, bulk.TRACED, 43.0, "MiB"),
        fig(bulk.MEMORY_GROUP, bulk.RESIDENT, 44.0, "MiB"),
        fig(incident.GROUP, incident.BARE, 2.5, "s"),
        fig(incident.GROUP, incident.STOP_ALL, 2.5 * incident_ratio, "s", incident.BARE),
        fig(incident.GROUP, incident.STOP_ALL_SYNC, 2.5 * incident_ratio, "s", incident.BARE),
        fig(incident.GROUP, incident.SESSIONS, 3000, "sessions"),
        fig(incident.PARTS, incident.FIRST_STOP, first_stop, "s"),
        fig(incident.PARTS, incident.LISTING, 1.05, "s"),
        fig(incident.PARTS, incident.STOPPING, 2.4, "s"),
        fig(incident.PARTS, incident.FIRST_STOP_SYNC, first_stop, "s"),
        fig(shares.ASYNC_GROUP, shares.OURS[0], 20.0, "%"),
        fig(shares.ASYNC_GROUP, "built-ins in C (sockets, json, uuid, ...)", 80.0, "%"),
        fig(imports.GROUP, imports.REFERENCE, 100.0, "ms"),
        fig(imports.GROUP, "import browser_clients", 13.0, "ms", imports.REFERENCE),
        fig(imports.GROUP, "from browser_clients import BrowserClients, AsyncBrowserClients", 115.0, "ms"),
        fig(regeneration.GROUP, "generate, nothing changed", 0.25, "s"),
        fig(drift.GROUP, "drift OLD NEW, two 251 KB documents", drift_s, "s"),
        fig(drift.PARTS, "compare them (in process)", 0.07, "s"),
    ]
    if old:
        for group, rate in ((bulk.GROUP, 5000.0), (bulk.SLOW_GROUP, 1800.0)):
            found.append(fig(group, bulk.OLD_REFERENCE, rate, "ids/s"))
            found.append(fig(group, bulk.OLD_MANY, rate * 0.75, "ids/s", bulk.OLD_REFERENCE))
    return found


MET = {"parse": 1.1, "bulk_ratio": 0.7, "incident_ratio": 1.1, "first_stop": 0.2, "drift_s": 0.23}
MISSED = {"parse": 2.4, "bulk_ratio": 0.28, "incident_ratio": 1.8, "first_stop": 0.45, "drift_s": 0.5}
BULK = "stop_many of 10,000 ids at 256 in flight on loopback, ids/s vs raw aiohttp"
SLOW_BULK = "stop_many of 10,000 ids at 256 in flight, the server 50 ms away, ids/s vs raw aiohttp"
INCIDENT = (
    "incident: stop_all of 3,000 running sessions at 64 in flight, 50 ms away, vs a bare aiohttp loop given every id"
)
FIRST_STOP = "incident: stop_all's first stop at the server, after the call"


@pytest.fixture(autouse=True)
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the baseline at a file of known figures."""
    path = tmp_path / "baseline.json"
    entry = {"measured": "2026-11-23", "load": "0.87"}
    path.write_text(
        json.dumps(
            {
                "figures": {
                    "cold import browser_clients": {"value": 13.4, "unit": "ms", **entry},
                    "cold import of the clients": {"value": 116.9, "unit": "ms", **entry},
                    "no-op generate": {"value": 0.25, "unit": "s", **entry},
                    "drift of one pair of documents": {"value": 0.22, "unit": "s", **entry},
                }
            }
        )
    )
    monkeypatch.setattr(baseline, "PATH", path)
    return path


def met(rows: list[str]) -> dict[str, str]:
    """Return each target row's figure and its met column."""
    return {row.split(" | ")[0].removeprefix("| "): row.rsplit(" | ", 1)[1].removesuffix(" |") for row in rows[2:]}


def test_every_target_has_a_row() -> None:
    rows = targets.rows(made_up(**MET))
    assert rows[0] == "| figure | target | result | met |"
    assert list(met(rows)) == [t.figure for t in targets.TARGETS]
    assert len(rows) == 2 + 12


def test_a_run_that_meets_every_target_misses_none() -> None:
    figures = made_up(**MET)
    assert set(met(targets.rows(figures)).values()) == {"yes", "reported"}, targets.rows(figures)
    assert targets.missed(figures) == []


def test_missed_targets_say_by_how_much_and_why() -> None:
    figures = made_up(**MISSED)
    found = met(targets.rows(figures))
    assert found["parse a fully populated session and read every field, vs plain openapi-python-client models"] == "no"
    assert found["parse a session and read status and id, vs json.loads"] == "reported"
    assert found["sync stop, the server 50 ms away, vs bare http.client"] == "reported"
    assert found["async stop at 64 in flight on loopback, vs raw aiohttp"] == "reported"
    assert found[SLOW_BULK] == found[INCIDENT] == found[FIRST_STOP] == "no"
    assert found[BULK] == "reported"  # on loopback: the facade's CPU per id, beside the old code's, not targeted
    assert found["drift of one pair of documents"] == "no"
    assert found["cold import browser_clients"] == "yes"
    paragraphs = "\n".join(targets.missed(figures))
    assert "20% over 1x: meeting it takes 17% less time" in paragraphs  # parse 24 µs against the plain models' 20
    assert "63% below the old code's 0.75x, where 10% is allowed" in paragraphs  # bulk 0.28x against 0.75x
    assert "stop_many took 1984 µs per id against the bare loop's 556 µs" in paragraphs  # 504 and 1,800 ids/s
    assert "per id against the bare loop's 200 µs" not in paragraphs  # the loopback figure is reported, not missed
    assert "made with trust_env=True ran at 0.40x of it" in paragraphs
    assert "our code (facade, generated clients, attrs, dateutil) had 20%" in paragraphs
    assert "50% over 1.2x: meeting it takes 33% less time" in paragraphs  # incident 1.8x
    assert "it lists v3's 30 pages of sessions (the first, then the other 29 at once" in paragraphs
    assert (
        "listing (until the last page arrived) 1.05 s, stopping 2.40 s (0.96x the bare loop's whole 2.50 s)"
        in paragraphs
    )
    assert "0.15 s late" in paragraphs  # the first stop at 0.45 s
    assert "+0.28 s (+127%) on 0.22 s of 2026-11-23" in paragraphs


def test_a_target_without_figures_is_not_measured_and_not_met() -> None:
    rows = targets.rows([])
    assert all(row.endswith("| not measured | no |") for row in rows[2:])
    assert targets.missed([]) == []


def test_the_baseline_is_recorded_from_a_run(recorded: Path) -> None:
    written = baseline.record(made_up(**{**MET, "drift_s": 0.3}), "0.50")
    assert written == [w.label for w in baseline.WATCHED] + list(baseline.BULK.values())
    assert baseline.load()["drift of one pair of documents"].value == 0.3
    assert baseline.load(recorded)["no-op generate"].load == "0.50"
    assert baseline.load()[baseline.BULK[bulk.GROUP]].value == 0.75


def test_the_old_codes_bulk_ratio_is_recorded_only_from_the_old_codes_rows(recorded: Path) -> None:
    baseline.record(made_up(**MET), "0.50")
    baseline.record(made_up(**{**MET, "bulk_ratio": 0.1}, old=False), "0.60")
    kept = baseline.load()[baseline.BULK[bulk.GROUP]]
    assert (kept.value, kept.unit, kept.load) == (0.75, "x", "0.50")


def test_without_the_old_code_in_the_run_the_bulk_target_reads_the_recorded_ratio(recorded: Path) -> None:
    without = made_up(**{**MET, "bulk_ratio": 0.66}, old=False)
    assert met(targets.rows(without))[SLOW_BULK] == "no"  # no baseline recorded yet
    assert met(targets.rows(without))[BULK] == "reported"
    baseline.record(made_up(**MET), "0.50")
    found = next(row for row in targets.rows(without) if row.startswith(f"| {SLOW_BULK} |"))
    assert "0.66x (1,188 ids/s against 1,800); recorded 0.75x on" in found
    assert found.endswith("| no |")  # 12% below 0.75x
    assert met(targets.rows(made_up(**{**MET, "bulk_ratio": 0.68}, old=False)))[SLOW_BULK] == "yes"
    loopback = next(row for row in targets.rows(without) if row.startswith(f"| {BULK} |"))
    assert "recorded 0.75x on" in loopback
    assert loopback.endswith("12% below the old code's | reported |")


def test_the_report_carries_the_targets_and_every_figure() -> None:
    text = report.markdown(made_up(**MISSED), ["drift: boom"], loads=("0.40", "0.60"), seconds=12.0)
    assert "## Targets (issues 13, 18 and 21)" in text
    assert "| browser-clients (ours) | 24.0 µs (2.40x) | 12.0 µs (1.20x) |" in text
    assert "| pydantic, model_validate_json(...) | not measured | not measured |" in text
    assert "at the start 0.40, at the end 0.60" in text
    assert "### Missed targets: by how much, and why" in text
    assert "| parse one session object | SessionView fields in all | 26 fields |  | 1.00x |" in text
    assert f"| {bulk.GROUP} | {bulk.MANY} | 1,400 ids/s | 0.28x | 1.00x |" in text
    assert "a stop took 50.5 ms against raw httpx.Client's 50.2 ms and bare http.client's 50.0 ms" in text
    assert "- drift: boom" in text


def test_the_readme_block_is_replaced_between_its_markers() -> None:
    before = f"intro\n{report.README_START}\nold table\n{report.README_END}\n\nafter\n"
    after = report.splice(before, report.readme_block(made_up(**MET), loads=("0.3", "0.4")))
    assert "old table" not in after
    assert after.startswith(f"intro\n{report.README_START}\nThe latest run (")
    assert (
        "| sync stop, the server 50 ms away, vs bare http.client | reported, not targeted | 1.01x (50.5 ms against "
        "50.0 ms; raw httpx.Client 50.2 ms; on loopback 300 µs against 200 µs) | reported |"
    ) in after
    assert f"| {FIRST_STOP} | within 0.3 s | 0.20 s (the sync client 0.20 s) | yes |" in after
    assert after.endswith(f"{report.README_END}\n\nafter\n")
    with pytest.raises(ValueError, match="bench:targets"):
        report.splice("no markers here", ["x"])


def test_the_projects_readme_has_the_markers() -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert report.README_START in text
    assert report.README_END in text
