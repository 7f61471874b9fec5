"""The benchmark's report, on made-up figures: issue 13's target rows, met or missed, by how much, and the baseline.

No timing here, ever: the figures are given, and only the arithmetic and the wording around them are checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import async_throughput, baseline, bulk, drift, imports, parsing, regeneration, report, shares, targets
from benchmarks import sync_latency as sync
from benchmarks.measure import Figure


def fig(group: str, name: str, value: float, unit: str = "µs", reference: str | None = None) -> Figure:
    """Return a figure of one round."""
    return Figure(group, name, value, unit, (value,), reference)


def made_up(*, parse: float, sync_ratio: float, async_rate: float, bulk_ratio: float, drift_s: float) -> list[Figure]:
    """Return one run's figures, with the given ratios to their references."""
    rates = async_throughput
    return [
        fig(parsing.GROUP, parsing.REFERENCE, 10.0),
        fig(parsing.GROUP, parsing.FULL, 10.0 * parse, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.STATUS_ID, 12.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PLAIN, 20.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PLAIN_STATUS_ID, 19.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.PYDANTIC, 15.0, reference=parsing.REFERENCE),
        fig(parsing.GROUP, parsing.FIELDS_SET, 26, "fields"),
        fig(parsing.GROUP, parsing.FIELDS, 26, "fields"),
        fig(sync.GROUP, sync.FLOOR, 200.0),
        fig(sync.GROUP, sync.FACADE, 200.0 * sync_ratio, reference=sync.FLOOR),
        fig(sync.GROUP, sync.FLOOR_BROWSERAI, 180.0, reference=sync.FLOOR),
        fig(sync.GROUP, sync.FACADE_BROWSERAI, 180.0 * sync_ratio, reference=sync.FLOOR),
        fig(rates.GROUP, rates.REFERENCE, 400.0, "req/s"),
        fig(rates.GROUP, rates.NO_SNIFFIO, 300.0, "req/s", rates.REFERENCE),
        fig(rates.GROUP, rates.FACADE, async_rate, "req/s", rates.REFERENCE),
        fig(rates.GROUP, rates.AIOHTTP_RAW, 4000.0, "req/s", rates.REFERENCE),
        fig(bulk.GROUP, bulk.REFERENCE, 300.0),
        fig(bulk.GROUP, bulk.MANY, 300.0 * bulk_ratio, reference=bulk.REFERENCE),
        fig(bulk.GROUP, bulk.IDS, 10_000, "ids"),
        fig(bulk.MEMORY_GROUP, bulk.TRACED, 43.0, "MiB"),
        fig(bulk.MEMORY_GROUP, bulk.RESIDENT, 44.0, "MiB"),
        fig(shares.SYNC_GROUP, shares.OURS[0], 20.0, "%"),
        fig(shares.SYNC_GROUP, "built-ins in C (sockets, json, uuid, ...)", 80.0, "%"),
        fig(imports.GROUP, imports.REFERENCE, 100.0, "ms"),
        fig(imports.GROUP, "import browser_clients", 13.0, "ms", imports.REFERENCE),
        fig(imports.GROUP, "from browser_clients import BrowserClients, AsyncBrowserClients", 115.0, "ms"),
        fig(regeneration.GROUP, "generate, nothing changed", 0.25, "s"),
        fig(drift.GROUP, "drift OLD NEW, two 251 KB documents", drift_s, "s"),
        fig(drift.PARTS, "compare them (in process)", 0.07, "s"),
    ]


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


def test_every_target_of_issue_13_has_a_row() -> None:
    rows = targets.rows(made_up(parse=1.1, sync_ratio=1.2, async_rate=3000, bulk_ratio=1.1, drift_s=0.22))
    assert rows[0] == "| figure | target | result | met |"
    assert list(met(rows)) == [t.figure for t in targets.TARGETS]
    assert len(rows) == 2 + 10


def test_a_run_that_meets_every_target_misses_none() -> None:
    figures = made_up(parse=1.1, sync_ratio=1.2, async_rate=3500, bulk_ratio=1.1, drift_s=0.23)
    assert set(met(targets.rows(figures)).values()) == {"yes", "reported"}, targets.rows(figures)
    assert targets.missed(figures) == []


def test_missed_targets_say_by_how_much_and_why() -> None:
    figures = made_up(parse=2.4, sync_ratio=1.56, async_rate=2000, bulk_ratio=1.5, drift_s=0.5)
    found = met(targets.rows(figures))
    assert found["parse a fully populated session and read every field, vs plain openapi-python-client models"] == "no"
    assert found["parse a session and read status and id, vs json.loads"] == "reported"
    assert found["sync stop, vs raw http.client"] == "no"
    assert found["async stop at 64 in flight, vs raw aiohttp"] == "no"  # 0.5x
    assert found["async stop at 64 in flight, vs raw httpx"] == "no"  # 2000 / 300 = 6.7x
    assert found["drift of one pair of documents"] == "no"
    assert found["cold import browser_clients"] == "yes"
    paragraphs = "\n".join(targets.missed(figures))
    assert "20% over 1x: meeting it takes 17% less time" in paragraphs  # parse 24 µs against the plain models' 20
    assert "20% over 1.3x" in paragraphs  # sync 1.56x
    assert "29% short of 0.7x" in paragraphs  # async 0.5x of aiohttp
    assert "112 µs a call (36% of it) is our own work" in paragraphs  # 312 - 200 µs
    assert "our code (facade, generated clients, attrs, dateutil) had 20%" in paragraphs
    assert "stop_many adds 150 µs per id" in paragraphs
    assert "+0.28 s (+127%) on 0.22 s of 2026-11-23" in paragraphs


def test_a_target_without_figures_is_not_measured_and_not_met() -> None:
    rows = targets.rows([])
    assert all(row.endswith("| not measured | no |") for row in rows[2:])
    assert targets.missed([]) == []


def test_the_baseline_is_recorded_from_a_run(recorded: Path) -> None:
    figures = made_up(parse=1.1, sync_ratio=1.2, async_rate=3000, bulk_ratio=1.1, drift_s=0.3)
    written = baseline.record(figures, "0.50")
    assert written == [w.label for w in baseline.WATCHED]
    assert baseline.load()["drift of one pair of documents"].value == 0.3
    assert baseline.load(recorded)["no-op generate"].load == "0.50"


def test_the_report_carries_the_targets_and_every_figure() -> None:
    figures = made_up(parse=2.4, sync_ratio=1.2, async_rate=3000, bulk_ratio=1.1, drift_s=0.22)
    text = report.markdown(figures, ["drift: boom"], loads=("0.40", "0.60"), seconds=12.0)
    assert "## Targets (issues 13 and 18)" in text
    assert "| browser-clients (ours) | 24.0 µs (2.40x) | 12.0 µs (1.20x) |" in text
    assert "| pydantic, model_validate_json(...) | not measured | not measured |" in text
    assert "at the start 0.40, at the end 0.60" in text
    assert "### Missed targets: by how much, and why" in text
    assert "| parse one session object | SessionView fields in all | 26 fields |  | 1.00x |" in text
    assert "- drift: boom" in text


def test_the_readme_block_is_replaced_between_its_markers() -> None:
    figures = made_up(parse=1.1, sync_ratio=1.5, async_rate=3000, bulk_ratio=1.1, drift_s=0.22)
    before = f"intro\n{report.README_START}\nold table\n{report.README_END}\n\nafter\n"
    after = report.splice(before, report.readme_block(figures, loads=("0.3", "0.4")))
    assert "old table" not in after
    assert after.startswith(f"intro\n{report.README_START}\nThe latest run (")
    assert "| sync stop, vs raw http.client | at most 1.3x | Browser-Use 1.50x, BrowserAI 1.50x | no |" in after
    assert after.endswith(f"{report.README_END}\n\nafter\n")
    with pytest.raises(ValueError, match="bench:targets"):
        report.splice("no markers here", ["x"])


def test_the_projects_readme_has_the_markers() -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert report.README_START in text
    assert report.README_END in text
