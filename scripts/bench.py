"""Benchmark the real nightly flow on generated corpora and write the table in docs/benchmarks.md.

For each N: generate N articles (scripts/gen_corpus.py), run ``eventpipe``'s nightly flow in a
child process on them, and record wall time per stage, articles per second, peak resident
memory (the flow process, and the sum over it and its coder workers) and the database size.
Also: ``eventpipe extract`` speed on the development files (read by path, if present), a bulk
load of 1M synthetic events, the monthly mart over 10M synthetic events, and
scripts/bench_merge.py when it exists.

The corpus models one night of news by default (``--spread night``, see gen_corpus.py);
``--spread year`` generates the older corpus whose dates span a whole year. The table's last
column names the spread of each row.

    python scripts/bench.py [--sizes 1000 10000 100000] [--spread night|year] [--no-extras]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "benchmarks.md"
DEV_DATA = Path("/work/shared/eval/data")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
log = logging.getLogger("bench")


def child(raw: str, curated: str, out: str) -> None:
    """Run the flow in this process; time the in-memory merge; dump the summary as JSON."""
    from eventpipe import store_mentions
    from eventpipe.cli import load_nightly_flow

    merge_seconds = [0.0]
    real_merge = store_mentions.merge_mentions

    def timed_merge(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return real_merge(*args, **kwargs)
        finally:
            merge_seconds[0] += time.perf_counter() - t

    store_mentions.merge_mentions = timed_merge  # type: ignore[assignment]
    summary = load_nightly_flow()(raw_dir=raw, db=str(Path(curated) / "events.duckdb"),
                                  curated_dir=curated)
    summary["merge_seconds"] = round(merge_seconds[0], 3)
    Path(out).write_text(json.dumps(summary, default=str), encoding="utf-8")


def run_flow(raw: Path, curated: Path) -> dict[str, Any]:
    out = curated.parent / "summary.json"
    env = dict(os.environ, PREFECT_LOGGING_LEVEL="WARNING",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(raw), str(curated),
                             str(out)], env=env)
    ps = psutil.Process(proc.pid)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        try:
            procs = [ps, *ps.children(recursive=True)]
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                except psutil.Error:
                    rss.append(0)
            peak_main = max(peak_main, rss[0])
            peak_tree = max(peak_tree, sum(rss))
        except psutil.Error:
            pass
        LOADS.append(os.getloadavg()[0])
        time.sleep(0.25)
    if proc.returncode != 0:
        raise RuntimeError(f"flow failed with exit code {proc.returncode}")
    summary = json.loads(out.read_text(encoding="utf-8"))
    summary["peak_main_mb"] = round(peak_main / 2**20)
    summary["peak_tree_mb"] = round(peak_tree / 2**20)
    summary["db_mb"] = round((curated / "events.duckdb").stat().st_size / 2**20, 1)
    return summary


def bench_size(n: int, work: Path, spread: str = "night") -> dict[str, Any]:
    sys.path.insert(0, str(REPO / "scripts"))
    from gen_corpus import generate

    raw, curated = work / f"n{n}" / "raw", work / f"n{n}" / "curated"
    generate(n, raw, spread=spread)
    t = time.perf_counter()
    s = run_flow(raw, curated)
    wall = time.perf_counter() - t
    st = s["stage_seconds"]
    return {"n": n, "ingest": st.get("ingest", 0), "code": st.get("code", 0),
            "validate": st.get("validate", 0), "load": st.get("load", 0) - s["merge_seconds"],
            "merge": s["merge_seconds"], "export": st.get("export", 0),
            "flow_s": s["wall_seconds"], "process_s": round(wall, 1),
            "art_per_s": round(n / s["wall_seconds"], 1), "peak_main_mb": s["peak_main_mb"],
            "peak_tree_mb": s["peak_tree_mb"], "db_mb": s["db_mb"], "events": s["events_coded"],
            "batches": s["batches"], "workers": s["workers"], "spread": spread}


def _extract_one(path: Path, label: str) -> dict[str, Any]:
    """``eventpipe extract`` on one JSON Lines file, under ``/usr/bin/time -v`` when present
    (peak resident memory of the whole process, resource loading included)."""
    cmd = [str(REPO / ".venv" / "bin" / "eventpipe"), "extract", str(path), "-o", "",
           "--no-progress"]
    timer = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile(suffix=".jsonl", dir="/tmp") as out:
        cmd[4] = out.name
        t = time.perf_counter()
        proc = subprocess.run(([str(timer), "-v"] if timer.exists() else []) + cmd,
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t
    lines = proc.stderr.strip().splitlines()
    stats = next(json.loads(x) for x in reversed(lines) if x.startswith("{"))
    peak = next((int(x.split(":")[1]) for x in lines if "Maximum resident set size" in x), 0)
    n = max(stats["articles"], 1)
    return {"file": label, "articles": stats["articles"],
            "avg_kb": round(path.stat().st_size / n / 1024, 1),
            "resources_s": stats["resources_seconds"], "coding_s": stats["coding_seconds"],
            "art_per_s": stats["articles_per_second"], "process_s": round(wall, 1),
            "process_art_per_s": round(stats["articles"] / wall, 1),
            "peak_mb": round(peak / 1024)}


def bench_extract(work: Path) -> list[dict[str, Any]]:
    """``eventpipe extract`` on each development file (read by path; nothing copied) and on a
    generated corpus of ~3 KB articles."""
    rows = [_extract_one(path, path.name)
            for path in (sorted(DEV_DATA.glob("*_dev.jsonl")) if DEV_DATA.is_dir() else [])]
    sys.path.insert(0, str(REPO / "scripts"))
    from gen_corpus import generate

    gen = work / "extract3k"
    paths = generate(1000, gen, per_file=1000, seed=11, min_bytes=2500, max_bytes=3500)
    rows.append(_extract_one(paths[0], "generated 3 KB (1,000)"))
    return rows


def _synthetic_events(con: Any, n: int) -> None:
    con.execute(f"""
        INSERT INTO events (event_id, event_date, time_precision, disorder_type, event_type,
            sub_event_type, iso3, country, fatalities, modality, verified, actor1_inferred,
            num_mentions, num_articles, num_sources, fatalities_disputed, coder_version,
            confidence, article_id, char_start, char_end, evidence_text)
        SELECT printf('%032x', i), DATE '2015-01-01' + CAST(i % 3650 AS INTEGER),
               1, 'Political violence', 'Battles', 'Armed clash',
               ['NGA','SOM','AFG','UKR','SDN','MLI'][1 + i % 6], 'X', i % 7, 'asserted',
               true, false, 1, 1, 1, false, 'bench', 0.5, printf('a%09d', i // 2), 0, 44,
               'Gunmen attacked a village, killing 3 people.'
        FROM range({n}) t(i)""")


def bench_db(work: Path) -> dict[str, float]:
    """Bulk load of 1M events from a registered dataframe; monthly mart over 10M events."""
    import duckdb

    from eventpipe import store

    out: dict[str, float] = {}
    db = work / "scale.duckdb"
    con = duckdb.connect(str(db))
    store.ensure_schema(con)
    src = duckdb.connect()
    frame = src.execute("""SELECT printf('%032x', i) AS event_id,
        DATE '2015-01-01' + CAST(i % 3650 AS INTEGER) AS event_date, 'Battles' AS event_type,
        'NGA' AS iso3, i % 7 AS fatalities, printf('a%09d', i // 2) AS article_id,
        'Gunmen attacked a village, killing 3 people.' AS evidence_text
        FROM range(1000000) t(i)""").to_arrow_table()
    t = time.perf_counter()
    con.register("_bench_events", frame)
    con.execute("""INSERT INTO events (event_id, event_date, time_precision, disorder_type,
        event_type, sub_event_type, iso3, country, fatalities, modality, verified,
        actor1_inferred, num_mentions, num_articles, num_sources, fatalities_disputed,
        coder_version, confidence, article_id, char_start, char_end, evidence_text)
        SELECT event_id, event_date, 1, 'Political violence', event_type, 'Armed clash', iso3,
               'Nigeria', fatalities, 'asserted', true, false, 1, 1, 1, false, 'bench', 0.5,
               article_id, 0, 44, evidence_text
        FROM _bench_events ON CONFLICT DO NOTHING""")
    out["load_1m_events_s"] = round(time.perf_counter() - t, 2)
    con.execute("DELETE FROM events")
    _synthetic_events(con, 10_000_000)
    t = time.perf_counter()
    rows = con.execute("SELECT * FROM mart_events_country_month").fetchall()
    out["mart_10m_events_s"] = round(time.perf_counter() - t, 2)
    out["mart_rows"] = len(rows)
    con.close()
    return out


def bench_merge() -> str | None:
    script = REPO / "scripts" / "bench_merge.py"
    if not script.exists():
        return None
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    return (proc.stdout + proc.stderr).strip("\n")[-1500:]


LOADS: list[float] = []


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    during = (f"; 1-min load average during the flow runs {min(LOADS):.1f}-{max(LOADS):.1f} "
              f"(mean {sum(LOADS) / len(LOADS):.1f})") if LOADS else ""
    return (f"{os.cpu_count()} CPUs ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
            f"load average at the end {load}{during} (the machine is shared)")


def render(rows: list[dict[str, Any]], extract: list[dict[str, Any]], db: dict[str, float],
           merge: str | None) -> str:
    lines = [START, "", f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d %H:%M')}.", "",
             "| N | ingest s | code s | validate s | load s | merge s | export s | flow s | "
             "articles/s | peak RSS flow MB | peak RSS flow+workers MB | DB MB | events | "
             "batches | workers | corpus |",
             "|" + "---|" * 16]
    for r in sorted(rows, key=lambda r: r["n"]):
        if "raw" in r:
            lines.append(r["raw"])
            continue
        lines.append(
            f"| {r['n']:,} | {r['ingest']:.1f} | {r['code']:.1f} | {r['validate']:.1f} | "
            f"{r['load']:.1f} | {r['merge']:.1f} | {r['export']:.1f} | {r['flow_s']:.1f} | "
            f"{r['art_per_s']} | {r['peak_main_mb']} | {r['peak_tree_mb']} | {r['db_mb']} | "
            f"{r['events']:,} | {r['batches']} | {r['workers']} | {r.get('spread', '')} |")
    if extract:
        lines += ["", "`eventpipe extract` (one process) on the development files, read by path "
                  "(resources: building the dictionaries, gazetteer and matchers once; coding: "
                  "reading, coding and writing every article after that; process: the whole "
                  "command, interpreter start-up included):",
                  "", "| file | articles | avg KB | resources s | coding s | articles/s | "
                  "process s | articles/s of the process | peak RSS MB |",
                  "|---|---|---|---|---|---|---|---|---|"]
        lines += [f"| {e['file']} | {e['articles']} | {e['avg_kb']} | {e['resources_s']} | "
                  f"{e['coding_s']} | {e['art_per_s']} | {e['process_s']} | "
                  f"{e['process_art_per_s']} | {e['peak_mb']} |" for e in extract]
    if db:
        lines += ["", f"DuckDB: 1M events bulk-loaded in {db['load_1m_events_s']} s; "
                  f"`mart_events_country_month` over 10M events in {db['mart_10m_events_s']} s."]
    if merge:
        lines += ["", "scripts/bench_merge.py:", "", "```", merge, "```"]
    return "\n".join([*lines, "", END])


def write_doc(block: str, keep_extras: bool = False) -> None:
    """Replace the bench block; ``keep_extras`` keeps the old block's text from the extract
    table on (the extras of an earlier full run)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        old_block, tail = rest.split(END, 1)
        mark = "`eventpipe extract`"
        if keep_extras and mark in old_block:
            extras = mark + old_block.split(mark, 1)[1]
            block = block[:-len(END)].rstrip() + "\n\n" + extras.strip() + "\n\n" + END
        text = head + block + tail
    else:
        text += "\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def kept_extract() -> list[dict[str, Any]]:
    """The extract table of the current document (``--skip-extract``)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if "`eventpipe extract`" not in text:
        return []
    table = text.split("`eventpipe extract`", 1)[1].split("\n\n")[1]
    keys = ("file", "articles", "avg_kb", "resources_s", "coding_s", "art_per_s", "process_s",
            "process_art_per_s", "peak_mb")
    return [dict(zip(keys, [c.strip() for c in line.strip("|").split("|")], strict=True))
            for line in table.splitlines()[2:]]


def kept_rows(sizes: list[int]) -> list[dict[str, Any]]:
    """Table rows of the current document for sizes not measured now (``--merge``)."""
    if not DOC.exists():
        return []
    text = DOC.read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0] if START in text else ""
    out = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0].replace(",", "").isdigit():
            n = int(cells[0].replace(",", ""))
            if n not in sizes:
                out.append({"n": n, "raw": line})
    return out


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--spread", choices=["night", "year"], default="night",
                        help="Publication dates of the corpus: one night, or spread over a year.")
    parser.add_argument("--no-extras", action="store_true")
    parser.add_argument("--merge", action="store_true",
                        help="Keep the document's rows of other sizes and its extras.")
    parser.add_argument("--skip-extract", action="store_true",
                        help="Keep the document's extract table instead of measuring it.")
    parser.add_argument("--keep", type=Path, default=None, help="Work directory to keep.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    work = args.keep or Path(tempfile.mkdtemp(prefix="eventpipe-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    old = kept_rows(args.sizes) if args.merge else []
    try:
        rows: list[dict[str, Any]] = []
        for n in args.sizes:
            log.info("flow on %d articles", n)
            rows.append(bench_size(n, work, args.spread))
            log.info("%s", rows[-1])
            if args.no_extras:  # a row per finished size, in case a later one does not finish
                write_doc(render([*old, *rows], [], {}, None), keep_extras=args.merge)
        extract: list[dict[str, Any]] = []
        db: dict[str, float] = {}
        merge = None
        if not args.no_extras:  # the document is rewritten after each step
            extract = kept_extract() if args.skip_extract else bench_extract(work)
            write_doc(render([*old, *rows], extract, db, merge))
            db = bench_db(work)
            write_doc(render([*old, *rows], extract, db, merge))
            merge = bench_merge()
        write_doc(render([*old, *rows], extract, db, merge),
                  keep_extras=args.merge and args.no_extras)
        print(json.dumps({"flow": rows, "extract": extract, "db": db}, indent=1))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
