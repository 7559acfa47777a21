"""The `eventpipe` command line: extract contract, export filters, show."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from eventpipe.cli import main

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "seed_article.txt"


def test_extract_writes_the_scorer_contract(tmp_path: Path) -> None:
    raw = SEED.read_text(encoding="utf-8")
    marker, text = raw.split(None, 2)[1], raw.split(None, 2)[2]
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text(json.dumps({"id": "seed", "text": text, "published": marker, "title": None,
                               "source": None, "url": None}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(inp), "-o", str(out)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events and all(e["article_id"] == "seed" for e in events)
    assert all(e["event_type"] for e in events), "verbal events only with --include-verbal"
    for e in events:
        assert text[e["char_start"]:e["char_end"]] == e["evidence_text"]
        assert e["modality"] in ("asserted", "alleged", "denied", "negated", "hypothetical",
                                 "planned", "historical")
    verbal = tmp_path / "verbal.jsonl"
    CliRunner().invoke(main, ["extract", str(inp), "-o", str(verbal), "--include-verbal"])
    assert len(verbal.read_text(encoding="utf-8").splitlines()) >= len(events)
    # the summary on stderr: counts, and the resource build timed apart from the coding
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert (summary["articles"], summary["events"], summary["skipped"]) == (1, len(events), 0)
    assert summary["resources_seconds"] + summary["coding_seconds"] <= summary["seconds"] + 0.02
    assert summary["articles_per_second"] > 0


def _export(db: Path, out: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), *args])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_filters(sample_run: dict[str, Any], tmp_path: Path) -> None:
    db = sample_run["wd"]["db"]
    everything = tmp_path / "all.csv"
    assert _export(db, everything).exit_code == 0
    rows = _rows(everything)
    assert rows and (tmp_path / "all.codebook.md").exists()
    arm = tmp_path / "arm.csv"
    assert _export(db, arm, "--country", "ARM").exit_code == 0
    assert _rows(arm) and all(r["iso3"] == "ARM" for r in _rows(arm))
    by_name = tmp_path / "arm_name.csv"
    _export(db, by_name, "--country", "Armenia")
    assert len(_rows(by_name)) == len(_rows(arm))
    window = tmp_path / "nov.csv"
    _export(db, window, "--since", "2023-11-01", "--until", "2023-11-30",
            "--event-type", "Explosions/Remote violence")
    got = _rows(window)
    assert got and all(r["event_date"].startswith("2023-11") for r in got)
    assert all(r["event_type"] == "Explosions/Remote violence" for r in got)


@pytest.mark.parametrize("option", ["--country", "--event-type"])
def test_export_filters_are_bound_parameters(sample_run: dict[str, Any], tmp_path: Path,
                                             option: str) -> None:
    db = sample_run["wd"]["db"]
    out = tmp_path / "inj.csv"
    result = _export(db, out, option, "x' OR '1'='1")
    assert result.exit_code == 0, result.output
    assert _rows(out) == []
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    con.close()


def test_export_parquet(sample_run: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert _export(sample_run["wd"]["db"], out, "--format", "parquet").exit_code == 0
    n = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [str(out)]).fetchone()[0]
    con = duckdb.connect(str(sample_run["wd"]["db"]), read_only=True)
    assert n == con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()


def test_export_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = _export(tmp_path / "nope.duckdb", tmp_path / "x.csv")
    assert result.exit_code != 0 and "does not exist" in result.output


def test_show_prints_claims_with_evidence(sample_run: dict[str, Any]) -> None:
    db = sample_run["wd"]["db"]
    con = duckdb.connect(str(db), read_only=True)
    event_id, evidence = con.execute(
        "SELECT e.event_id, m.evidence_text FROM events e JOIN event_mentions m USING (event_id) "
        "WHERE e.killed_best IS NOT NULL LIMIT 1").fetchone()
    con.close()
    result = CliRunner().invoke(main, ["show", event_id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert event_id in result.output and "claim" in result.output
    assert " ".join(evidence.split())[:40] in result.output
    missing = CliRunner().invoke(main, ["show", "nope", "--db", str(db)])
    assert missing.exit_code != 0


def test_run_gives_prefects_temporary_server_more_time_unless_set() -> None:
    from eventpipe import cli

    env: dict[str, str] = {}
    cli.prefect_defaults(env)
    assert int(env[cli.EPHEMERAL_TIMEOUT_ENV]) > 20  # Prefect's own default
    env = {cli.EPHEMERAL_TIMEOUT_ENV: "7"}
    cli.prefect_defaults(env)
    assert env[cli.EPHEMERAL_TIMEOUT_ENV] == "7"
