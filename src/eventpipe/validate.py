"""The Great Expectations gate: coded rows in, rows to load and rows to quarantine out.

``validate_mentions(df, texts)`` conforms the coded rows to the ``event_mentions``
declaration, adds the ``check_*`` columns (see :data:`eventpipe.schema_gx.CHECK_COLUMNS`),
runs the suite generated from the schema on one whole-dataframe batch of an ephemeral GX
context (built once per process; nothing written to disk, usage statistics off) and splits the
rows: any row named in the unexpected-index list of a failed expectation goes to quarantine,
with the failed expectations as ``expect_…(column)`` names joined by "; ".
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eventpipe import ids
from eventpipe.codebook import SUB_EVENT_TO_EVENT
from eventpipe.merge import frame_to_rows
from eventpipe.schema import Schema, coerce_series, conform_frame, date_or_none, get_schema
from eventpipe.schema_gx import CHECK_COLUMNS, expectation_label, quiet_gx

log = logging.getLogger(__name__)

TABLE = "event_mentions"
EARLIEST_DATE = dt.date(1900, 1, 1)
PLANNED_HORIZON = dt.timedelta(days=366)


class ValidationError(RuntimeError):
    """The validation itself failed (an expectation raised instead of evaluating)."""


@dataclass
class ValidationResult:
    valid: pd.DataFrame
    quarantine: pd.DataFrame
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Gate:
    schema: Schema  # held so the cache key (its id) cannot be reused
    batch_definition: Any
    suite: Any
    lock: threading.Lock = field(default_factory=threading.Lock)  # GX is not thread-safe


_GATES: dict[tuple[int, str], _Gate] = {}
_LOCK = threading.Lock()


def _gate(schema: Schema, table: str) -> _Gate:
    key = (id(schema), table)
    with _LOCK:
        if key not in _GATES:
            quiet_gx()
            import great_expectations as gx
            from great_expectations.data_context.types.base import (
                DataContextConfig,
                InMemoryStoreBackendDefaults,
                ProgressBarsConfig,
            )

            config = DataContextConfig(
                analytics_enabled=False,
                progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
                store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            )
            context = gx.get_context(mode="ephemeral", project_config=config)
            source = context.data_sources.add_pandas(f"eventpipe_{table}")
            asset = source.add_dataframe_asset(table)
            batch_def = asset.add_batch_definition_whole_dataframe("whole")
            suite = context.suites.add(schema.gx_suite(table))
            _GATES[key] = _Gate(schema, batch_def, suite)
        return _GATES[key]


def _values(df: pd.DataFrame, column: str) -> list[Any]:
    """The column as a list with ``None`` for every missing value (or all ``None``)."""
    if column not in df.columns:
        return [None] * len(df)
    col = df[column]
    return col.astype(object).where(col.notna(), None).tolist()


def _evidence_ok(aid: Any, start: Any, end: Any, evidence: Any, texts: Mapping[str, str]
                 ) -> bool:
    text = texts.get(str(aid))
    if text is None or start is None or end is None or evidence is None:
        return False
    return 0 <= int(start) <= int(end) <= len(text) and text[int(start) : int(end)] == evidence


def _date_ok(when_value: Any, aid: Any, modality: Any, published: Mapping[str, Any],
             today: dt.date) -> bool:
    when = date_or_none(when_value)
    if when is None:
        return True
    pub = date_or_none(published.get(str(aid))) or today
    upper = pub + (PLANNED_HORIZON if modality == "planned" else dt.timedelta(days=1))
    return EARLIEST_DATE <= when <= upper


def _sub_event_ok(sub: Any, event_type: Any) -> bool:
    if sub is None:
        return True
    return SUB_EVENT_TO_EVENT.get(str(sub)) == event_type


def add_check_columns(
    df: pd.DataFrame,
    texts: Mapping[str, str],
    published: Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """A copy of ``df`` with the boolean ``check_*`` columns the suite expects to be True."""
    pub = published or {}
    day = today or dt.datetime.now(dt.UTC).date()
    aids = _values(df, "article_id")
    out = df.copy()
    checks = {
        "check_evidence_slices_text": [
            _evidence_ok(a, s, e, ev, texts) for a, s, e, ev in zip(
                aids, _values(df, "char_start"), _values(df, "char_end"),
                _values(df, "evidence_text"), strict=True)],
        "check_event_date_plausible": [
            _date_ok(w, a, m, pub, day) for w, a, m in zip(
                _values(df, "event_date"), aids, _values(df, "modality"), strict=True)],
        "check_sub_event_type_matches_event_type": [
            _sub_event_ok(sub, et) for sub, et in zip(
                _values(df, "sub_event_type"), _values(df, "event_type"), strict=True)],
    }
    assert set(checks) == set(CHECK_COLUMNS)
    for name, values in checks.items():
        out[name] = pd.array(values, dtype="boolean")
    return out


def add_mention_ids(
    df: pd.DataFrame, texts: Mapping[str, str], content_hashes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Fill missing ``mention_id`` values (needs ``content_hashes`` or the article text)."""
    out = df.copy()
    if "mention_id" not in out.columns:
        out["mention_id"] = pd.Series([None] * len(out), index=out.index, dtype="string")
    hashes = content_hashes or {}
    values = _values(out, "mention_id")
    todo = [pos for pos, value in enumerate(values) if value is None]
    for pos, row in zip(todo, frame_to_rows(df.iloc[todo]), strict=True):
        aid = str(row.get("article_id"))
        chash = hashes.get(aid) or (ids.content_hash(texts[aid]) if aid in texts else aid)
        try:
            values[pos] = ids.mention_id(chash, row)
        except (KeyError, TypeError, ValueError):
            values[pos] = None  # missing span: the not-null expectations will catch it
    out["mention_id"] = pd.array(values, dtype="string")
    return out


def _conform_collecting(
    df: pd.DataFrame, sch: Schema
) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """``conform_frame`` that turns values of the wrong type into NULL and reports their rows
    as failing ``expect_column_values_to_be_of_type(column)`` instead of raising."""
    failures: dict[int, list[str]] = defaultdict(list)
    fixed = df.copy()
    for col in sch.table(TABLE).columns:
        if col.name not in fixed.columns:
            continue
        try:
            coerce_series(fixed[col.name], col.type)
            continue
        except (TypeError, ValueError, OverflowError):
            pass
        values = fixed[col.name].astype(object).tolist()
        for pos, value in enumerate(values):
            try:
                coerce_series(pd.Series([value], dtype=object), col.type)
            except (TypeError, ValueError, OverflowError):
                failures[pos].append(
                    expectation_label("expect_column_values_to_be_of_type", {"column": col.name})
                )
                values[pos] = None
        fixed[col.name] = pd.Series(values, index=fixed.index, dtype=object)
    return conform_frame(fixed, TABLE, schema=sch), failures


def _too_many(frame: pd.DataFrame, limit: int | None) -> dict[int, list[str]]:
    failures: dict[int, list[str]] = defaultdict(list)
    if limit is None or frame.empty:
        return failures
    sizes = frame.groupby("article_id", dropna=False)["article_id"].transform("size")
    label = f"expect_article_events_to_be_at_most({limit})"
    for pos in sizes.index[sizes > limit]:
        failures[int(pos)].append(label)
    return failures


def _record_json(row: Mapping[str, Any]) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
            return value.isoformat()
        return str(value)

    clean = {k: v for k, v in row.items() if k not in CHECK_COLUMNS}
    return json.dumps(clean, default=default, ensure_ascii=False, sort_keys=True)


def validate_mentions(
    df: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    published: Mapping[str, Any] | None = None,
    content_hashes: Mapping[str, str] | None = None,
    schema: Schema | None = None,
    today: dt.date | None = None,
    max_events_per_article: int | None = None,
) -> ValidationResult:
    """Split coded mention rows into rows to load and quarantine rows.

    ``texts``: article_id -> article text (evidence offsets are checked against it);
    ``published``: article_id -> publication date (the event-date bound); ``content_hashes``:
    article_id -> content hash, used to fill missing ``mention_id`` values (else the hash of
    the text). ``max_events_per_article``: when set, every row of an article with more rows is
    quarantined (``expect_article_events_to_be_at_most(N)``), never truncated. Values of the
    wrong type fail ``expect_column_values_to_be_of_type(column)``. ``valid`` has the
    ``event_mentions`` columns and dtypes; ``quarantine`` has the ``quarantine`` columns
    (per-run columns NULL: the loader fills them).
    """
    sch = schema or get_schema()
    if df.empty:
        return ValidationResult(
            conform_frame(df, TABLE, schema=sch),
            conform_frame(pd.DataFrame(), "quarantine", schema=sch),
            {"rows": 0, "valid": 0, "quarantined": 0, "failed": {}},
        )
    frame, type_failures = _conform_collecting(df.reset_index(drop=True), sch)
    frame = add_mention_ids(frame, texts, content_hashes)
    before = len(frame)
    frame = frame.drop_duplicates()  # identical rows: one claim, coded twice
    kept = [int(pos) for pos in frame.index]
    frame = frame.reset_index(drop=True)
    failures: dict[int, list[str]] = defaultdict(list)
    for i, pos in enumerate(kept):
        failures[i].extend(type_failures.get(pos, []))
    for pos, labels in _too_many(frame, max_events_per_article).items():
        failures[pos].extend(labels)
    checked = add_check_columns(frame, texts, published, today=today)
    gate = _gate(sch, TABLE)
    with gate.lock:
        batch = gate.batch_definition.get_batch(batch_parameters={"dataframe": checked})
        result = batch.validate(gate.suite, result_format="COMPLETE")
    failed_counts: dict[str, int] = {}
    for labels in list(failures.values()):
        for label in labels:
            failed_counts[label] = failed_counts.get(label, 0) + 1
    for res in result.results:
        cfg = res.expectation_config
        label = expectation_label(cfg.type, dict(cfg.kwargs))
        if res.exception_info and res.exception_info.get("raised_exception"):
            raise ValidationError(f"{label} raised: {res.exception_info.get('exception_message')}")
        if res.success:
            continue
        idx = res.result.get("unexpected_index_list") or []
        rows = [int(i) if not isinstance(i, Mapping) else int(i["index"]) for i in idx]
        failed_counts[label] = len(rows)
        for i in rows:
            failures[i].append(label)
    bad = sorted(i for i, labels in failures.items() if labels)
    valid = frame.drop(index=bad).reset_index(drop=True)
    records = frame_to_rows(frame.loc[bad]) if bad else []
    q_rows = []
    for i, rec in zip(bad, records, strict=True):
        failed = "; ".join(failures[i])
        q_rows.append(
            {
                "quarantine_id": ids.quarantine_id(rec.get("mention_id"), failed),
                "mention_id": rec.get("mention_id"),
                "article_id": rec.get("article_id"),
                "failed_expectations": failed,
                "record": _record_json(rec),
            }
        )
    quarantine = conform_frame(pd.DataFrame(q_rows), "quarantine", schema=sch)
    quarantine = quarantine.drop_duplicates("quarantine_id", ignore_index=True)
    stats = {
        "rows": before,
        "duplicates_dropped": before - len(frame),
        "valid": len(valid),
        "quarantined": len(quarantine),
        "failed": failed_counts,
    }
    if bad:
        log.info("validation: %d of %d rows quarantined: %s", len(bad), len(frame), failed_counts)
    return ValidationResult(valid, quarantine, stats)
