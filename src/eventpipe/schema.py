"""The one declaration of every table (``schemas/*.yaml``) and its projections.

``load_schema()`` reads ``schemas/tables.yaml`` (with ``include: event_fields`` expanded from
``schemas/event_fields.yaml``) into a :class:`Schema`. Everything else is generated from it:

- ``metadata()``: SQLAlchemy Core ``MetaData`` (tables, primary keys, NOT NULL);
- ``ddl()``: ``CREATE TABLE IF NOT EXISTS`` statements compiled with the DuckDB dialect;
- ``dtypes(table)``: pandas dtypes for dataframes of a table (see ``PANDAS_DTYPES``);
- ``csv_columns(table)``: the column order of CSV/Parquet extracts;
- ``gx_suite(table)``: the Great Expectations suite (in :mod:`eventpipe.schema_gx`);
- ``render_codebook()``: the Markdown codebook (in :mod:`eventpipe.codebook`).

Dtypes (chosen so frames round-trip through DuckDB without surprises): varchar -> ``"string"``
(pandas' nullable string, ``pd.NA`` for NULL), integer -> ``"Int64"``, double -> ``"Float64"``,
boolean -> ``"boolean"``, timestamp -> ``"datetime64[us]"`` (naive UTC, DuckDB's TIMESTAMP
resolution) and date -> ``object`` holding ``datetime.date`` (DuckDB registers such a column as
DATE; ``None`` is NULL). :func:`conform_frame` coerces any frame to these dtypes.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa
import yaml

if TYPE_CHECKING:  # heavy import only when a suite is built
    from great_expectations import ExpectationSuite

SCHEMA_DIR_ENV = "EVENTPIPE_SCHEMA_DIR"
TYPES = ("varchar", "integer", "double", "boolean", "date", "timestamp")

SQLA_TYPES: dict[str, Any] = {
    "varchar": sa.String,
    "integer": sa.Integer,
    "double": sa.Double,
    "boolean": sa.Boolean,
    "date": sa.Date,
    "timestamp": sa.DateTime,
}
#: Type names DuckDB's DESCRIBE reports for each declared type.
DUCKDB_TYPES = {
    "varchar": "VARCHAR",
    "integer": "INTEGER",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}
PANDAS_DTYPES: dict[str, Any] = {
    "varchar": "string",
    "integer": "Int64",
    "double": "Float64",
    "boolean": "boolean",
    "date": "object",  # datetime.date values, None for NULL
    "timestamp": "datetime64[us]",
}


class SchemaError(ValueError):
    """The declaration in schemas/ is malformed."""


@dataclass(frozen=True)
class Column:
    """One declared column."""

    name: str
    type: str
    nullable: bool = True
    description: str = ""
    unit: str | None = None
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    csv: bool = True
    per_run: bool = False
    event_field: bool = False


@dataclass(frozen=True)
class Table:
    """One declared table."""

    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")


@dataclass(frozen=True)
class Schema:
    """Every table of the declaration, in declaration order."""

    tables: dict[str, Table]
    event_fields: tuple[Column, ...]
    source_dir: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no table {name!r} declared in schemas/") from None

    def event_field_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.event_fields)

    def metadata(self) -> sa.MetaData:
        if "metadata" not in self._cache:
            md = sa.MetaData()
            for tbl in self.tables.values():
                cols = [
                    sa.Column(
                        c.name,
                        SQLA_TYPES[c.type](),
                        nullable=c.nullable and c.name not in tbl.primary_key,
                        primary_key=c.name in tbl.primary_key,
                        comment=c.description or None,
                    )
                    for c in tbl.columns
                ]
                sa.Table(tbl.name, md, *cols, comment=tbl.description or None)
            self._cache["metadata"] = md
        md_out: sa.MetaData = self._cache["metadata"]
        return md_out

    def ddl(self) -> list[str]:
        from duckdb_engine import Dialect  # the dialect's import pulls in duckdb only
        from sqlalchemy.schema import CreateTable

        dialect = Dialect()
        md = self.metadata()
        return [
            str(CreateTable(md.tables[name], if_not_exists=True).compile(dialect=dialect)).strip()
            for name in self.tables
        ]

    def dtypes(self, table: str) -> dict[str, Any]:
        return {c.name: PANDAS_DTYPES[c.type] for c in self.table(table).columns}

    def csv_columns(self, table: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.table(table).columns if c.csv)

    def drift(
        self, table: str, described: Sequence[tuple[str, str, bool]]
    ) -> tuple[list[Column], list[str]]:
        """Compare a stored table, as ``(name, DuckDB type, nullable)`` rows, with the
        declaration: (declared columns missing from it, descriptions of other differences)."""
        tbl = self.table(table)
        have = {name: (typ, nullable) for name, typ, nullable in described}
        missing = [c for c in tbl.columns if c.name not in have]
        problems = [
            f"{table}.{c.name} is {have[c.name][0]}, declared {DUCKDB_TYPES[c.type]}"
            for c in tbl.columns
            if c.name in have and have[c.name][0] != DUCKDB_TYPES[c.type]
        ]
        problems += [f"{table}.{n} is not declared" for n in have if n not in tbl.names]
        return missing, problems

    def migration(self, table: str, described: Sequence[tuple[str, str, bool]]) -> list[str]:
        """``ALTER TABLE … ADD COLUMN`` statements for declared nullable columns a stored
        table lacks; raises :class:`SchemaError` for any other difference."""
        missing, problems = self.drift(table, described)
        problems += [f"{table}.{c.name} is NOT NULL" for c in missing if not c.nullable]
        if problems:
            raise SchemaError("database differs from schemas/: " + "; ".join(problems))
        return [
            f'ALTER TABLE {table} ADD COLUMN "{c.name}" {DUCKDB_TYPES[c.type]}' for c in missing
        ]

    def gx_suite(self, table: str) -> ExpectationSuite:
        from eventpipe.schema_gx import build_suite

        return build_suite(self, table)

    def render_codebook(self, tables: Sequence[str] | None = None) -> str:
        from eventpipe.codebook import render_codebook

        return render_codebook(self, tables)


def default_schema_dir() -> Path:
    """``$EVENTPIPE_SCHEMA_DIR`` when set, else ``<repo>/schemas`` next to ``src/``."""
    env = os.environ.get(SCHEMA_DIR_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "schemas"


def _parse_column(raw: dict[str, Any], *, event_field: bool, where: str) -> Column:
    unknown = set(raw) - {
        "name", "type", "nullable", "description", "unit", "allowed", "min", "max",
        "pattern", "csv", "per_run",
    }
    if unknown:
        raise SchemaError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        name, typ = str(raw["name"]), str(raw["type"])
    except KeyError as exc:
        raise SchemaError(f"{where}: column without {exc.args[0]!r}: {raw}") from None
    if typ not in TYPES:
        raise SchemaError(f"{where}.{name}: unknown type {typ!r} (one of {TYPES})")
    allowed = raw.get("allowed")
    return Column(
        name=name,
        type=typ,
        nullable=bool(raw.get("nullable", True)),
        description=str(raw.get("description", "")).strip(),
        unit=raw.get("unit"),
        allowed=tuple(str(v) for v in allowed) if allowed is not None else None,
        min=raw.get("min"),
        max=raw.get("max"),
        pattern=raw.get("pattern"),
        csv=bool(raw.get("csv", True)),
        per_run=bool(raw.get("per_run", False)),
        event_field=event_field,
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except FileNotFoundError:
        raise SchemaError(f"schema file not found: {path} (set {SCHEMA_DIR_ENV})") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: expected a mapping at the top level")
    return data


def load_schema(schema_dir: Path | None = None) -> Schema:
    """Read and check the declaration. ``schema_dir`` defaults to :func:`default_schema_dir`."""
    sdir = Path(schema_dir) if schema_dir is not None else default_schema_dir()
    fields_raw = _read_yaml(sdir / "event_fields.yaml").get("fields") or []
    event_fields = tuple(
        _parse_column(f, event_field=True, where="event_fields") for f in fields_raw
    )
    tables: dict[str, Table] = {}
    for traw in _read_yaml(sdir / "tables.yaml").get("tables") or []:
        tname = str(traw["name"])
        cols: list[Column] = []
        for craw in traw.get("columns") or []:
            if "include" in craw:
                if craw["include"] != "event_fields":
                    raise SchemaError(f"{tname}: unknown include {craw['include']!r}")
                cols.extend(event_fields)
            else:
                cols.append(_parse_column(craw, event_field=False, where=tname))
        names = [c.name for c in cols]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise SchemaError(f"{tname}: columns declared twice: {dupes}")
        pk = tuple(traw.get("primary_key") or ())
        missing = [k for k in pk if k not in names]
        if missing:
            raise SchemaError(f"{tname}: primary key columns not declared: {missing}")
        tables[tname] = Table(tname, str(traw.get("description", "")).strip(), pk, tuple(cols))
    return Schema(tables=tables, event_fields=event_fields, source_dir=sdir)


@functools.lru_cache(maxsize=4)
def _cached_schema(schema_dir: str) -> Schema:
    return load_schema(Path(schema_dir))


def get_schema(schema_dir: Path | None = None) -> Schema:
    """The schema, loaded once per process and directory."""
    return _cached_schema(str(Path(schema_dir) if schema_dir else default_schema_dir()))


# Module-level shortcuts over the default schema.
def metadata() -> sa.MetaData:
    return get_schema().metadata()


def ddl() -> list[str]:
    return get_schema().ddl()


def dtypes(table: str) -> dict[str, Any]:
    return get_schema().dtypes(table)


def event_field_names() -> tuple[str, ...]:
    return get_schema().event_field_names()


def csv_columns(table: str) -> tuple[str, ...]:
    return get_schema().csv_columns(table)


def gx_suite(table: str) -> ExpectationSuite:
    return get_schema().gx_suite(table)


def render_codebook() -> str:
    return get_schema().render_codebook()


def _to_date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def date_or_none(value: Any) -> dt.date | None:
    """A date from a date, datetime, Timestamp or ISO string; None for NULL or unparseable."""
    try:
        return _to_date(value)
    except ValueError:
        return None


def coerce_series(series: pd.Series, typ: str) -> pd.Series:
    """Coerce one column to the dtype of a declared type; values that do not parse raise."""
    if typ == "date":
        return pd.Series([_to_date(v) for v in series], index=series.index, dtype="object")
    if typ == "timestamp":
        ts = pd.to_datetime(series, utc=True, errors="raise")
        return ts.dt.tz_convert(None).astype("datetime64[us]")
    if typ in ("integer", "double") and series.dtype == object:
        series = pd.to_numeric(series, errors="raise")
    return series.astype(PANDAS_DTYPES[typ])


def conform_frame(
    df: pd.DataFrame, table: str, *, schema: Schema | None = None, keep_extra: bool = False
) -> pd.DataFrame:
    """Columns of ``table`` in declared order with declared dtypes; missing ones become NULL.

    Extra columns are dropped unless ``keep_extra`` (then they follow the declared ones).
    """
    sch = schema or get_schema()
    tbl = sch.table(table)
    out = pd.DataFrame(index=df.index)
    for col in tbl.columns:
        if col.name in df.columns:
            out[col.name] = coerce_series(df[col.name], col.type)
        else:
            out[col.name] = coerce_series(pd.Series([None] * len(df), index=df.index), col.type)
    if keep_extra:
        for name in df.columns:
            if name not in out.columns:
                out[name] = df[name]
    return out


def empty_frame(table: str, *, schema: Schema | None = None) -> pd.DataFrame:
    """A zero-row frame of ``table`` with its declared dtypes."""
    return conform_frame(pd.DataFrame(), table, schema=schema)


def iter_columns(
    schema: Schema, tables: Iterable[str] | None = None
) -> Iterable[tuple[str, Column]]:
    for name in tables or schema.tables:
        for col in schema.table(name).columns:
            yield name, col
