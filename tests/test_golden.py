"""Golden extraction cases for the event coder (tests/golden/coder_cases.yaml).

Each case is a short text written for this project, read against its publication date. Its
`expect` items are partial event records: each must match a distinct coded record on every key
it gives. `n_real` is the exact number of real events (an ACLED event_type and modality asserted
or alleged); `none_with` items must match no record. Cases listed under `known_failures` are
strict xfails, so a fixed case fails until it is taken off the list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CASES_FILE = REPO / "tests" / "golden" / "coder_cases.yaml"
FIELDS_FILE = REPO / "schemas" / "event_fields.yaml"
MIN_CASES = 150
REAL_MODALITIES = frozenset({"asserted", "alleged"})
CAMEO_ROOT_LEN = 2
FULL_DATE_LEN = 10


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


GOLDEN: dict[str, Any] = _load_yaml(CASES_FILE)
CASES: list[dict[str, Any]] = list(GOLDEN.get("cases") or [])
KNOWN_FAILURES: dict[str, str] = {
    str(item["id"]): str(item.get("reason", "known failure"))
    for item in (GOLDEN.get("known_failures") or [])
}


def _declared_fields() -> set[str]:
    return {str(field["name"]) for field in _load_yaml(FIELDS_FILE)["fields"]}


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------
def _as_mapping(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return dataclasses.asdict(record)
    return dict(vars(record))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:FULL_DATE_LEN]


def _value_matches(key: str, expected: Any, actual: Any) -> bool:
    if expected is None:
        return actual is None
    if actual is None:
        return False
    if key == "event_date":
        got = _iso(actual)
        if isinstance(expected, dt.date):
            return got == expected.isoformat()
        # "2022-09" or "2022": month or year precision, a prefix of the ISO date.
        return got is not None and got.startswith(str(expected))
    if key == "cameo_code":
        code = str(actual)
        want = str(expected)
        return code.startswith(want) if len(want) == CAMEO_ROOT_LEN else code == want
    if isinstance(expected, bool):
        return isinstance(actual, bool) and actual is expected
    if isinstance(expected, int | float):
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return actual == expected
    return actual == expected


def record_matches(partial: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """True when `record` agrees with `partial` on every key `partial` gives."""
    return all(_value_matches(key, want, record.get(key)) for key, want in partial.items())


def match_distinct(expects: Sequence[Mapping[str, Any]],
                   records: Sequence[Mapping[str, Any]]) -> list[int]:
    """Indices of `expects` left unmatched by a maximum one-to-one matching onto `records`."""
    candidates = [[j for j, rec in enumerate(records) if record_matches(exp, rec)]
                  for exp in expects]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return [i for i in range(len(expects)) if not assign(i, set())]


def count_real(records: Sequence[Mapping[str, Any]]) -> int:
    return sum(1 for rec in records
               if rec.get("event_type") and rec.get("modality") in REAL_MODALITIES)


def _closest_miss(partial: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> str:
    """The keys on which the closest record disagrees with `partial` (for failure messages)."""
    best: list[str] | None = None
    for rec in records:
        misses = [f"{k}: want {v!r} got {rec.get(k)!r}" for k, v in partial.items()
                  if not _value_matches(k, v, rec.get(k))]
        if best is None or len(misses) < len(best):
            best = misses
    return "" if not best else "\n    closest record differs on " + "; ".join(best)


def _describe(records: Sequence[Mapping[str, Any]], keys: set[str]) -> str:
    shown = sorted(keys | {"event_type", "sub_event_type", "modality", "event_date",
                           "killed_best", "location"})
    lines = [f"  [{n}] " + ", ".join(f"{k}={rec.get(k)!r}" for k in shown if k in rec)
             for n, rec in enumerate(records)]
    return "\n".join(lines) or "  (no records)"


# --------------------------------------------------------------------------------------------
# Fixtures and parametrisation
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def resources(request: pytest.FixtureRequest) -> Any:
    """The coder's resources, built once per session (shared with other tests when available)."""
    try:
        return request.getfixturevalue("coder_resources")
    except pytest.FixtureLookupError:
        from eventpipe.coder import load_resources

        return load_resources()


def _params() -> Iterator[Any]:
    for case in CASES:
        case_id = str(case["id"])
        marks = []
        if case_id in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case_id], strict=True))
        yield pytest.param(case, id=case_id, marks=marks)


def _published(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@pytest.mark.parametrize("case", list(_params()))
def test_golden_case(case: dict[str, Any], resources: Any) -> None:
    from eventpipe.coder import Article, code_article

    article = Article(article_id=str(case["id"]), text=str(case["text"]),
                      published=_published(case.get("published")), source=case.get("source"),
                      url=case.get("url"))
    records = [_as_mapping(rec) for rec in code_article(article, resources)]
    expects = list(case.get("expect") or [])
    none_with = list(case.get("none_with") or [])
    keys = {k for item in expects + none_with for k in item}
    problems: list[str] = []

    for i in match_distinct(expects, records):
        problems.append(f"no distinct record matches expect[{i}] = {expects[i]}"
                        + _closest_miss(expects[i], records))
    if case.get("n_real") is not None and count_real(records) != case["n_real"]:
        problems.append(f"n_real: expected {case['n_real']}, got {count_real(records)}")
    for item in none_with:
        hits = [n for n, rec in enumerate(records) if record_matches(item, rec)]
        if hits:
            problems.append(f"records {hits} match none_with item {item}")

    assert not problems, "\n".join(problems) + "\nrecords:\n" + _describe(records, keys)


# --------------------------------------------------------------------------------------------
# The file itself
# --------------------------------------------------------------------------------------------
def test_golden_file_is_well_formed() -> None:
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} golden cases"
    ids = [str(case.get("id")) for case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate case ids: {duplicates}"
    declared = _declared_fields()
    for case in CASES:
        cid = case.get("id")
        assert cid and case.get("text"), f"case without id or text: {case}"
        assert isinstance(case.get("tags"), list) and case["tags"], f"{cid}: no tags"
        assert _published(case.get("published")) is not None, f"{cid}: no published date"
        n_real = case.get("n_real")
        assert n_real is None or (isinstance(n_real, int) and n_real >= 0), f"{cid}: n_real"
        for section in ("expect", "none_with"):
            items = case.get(section) or []
            assert isinstance(items, list), f"{cid}: {section} must be a list"
            for item in items:
                assert isinstance(item, dict) and item, f"{cid}: empty {section} item"
                unknown = sorted(set(item) - declared)
                assert not unknown, f"{cid}: {section} uses undeclared fields {unknown}"
    unknown_failures = sorted(set(KNOWN_FAILURES) - set(ids))
    assert not unknown_failures, f"known_failures name unknown cases: {unknown_failures}"


def test_matcher_semantics() -> None:
    records = [
        {"event_type": "Battles", "killed_best": 4, "event_date": dt.date(2022, 9, 13),
         "cameo_code": "194", "verified": False, "modality": "asserted"},
        {"event_type": "Battles", "killed_best": 4, "event_date": "2022-09-14",
         "cameo_code": "190", "verified": None, "modality": "historical"},
    ]
    assert record_matches({"event_date": "2022-09", "cameo_code": "19"}, records[0])
    assert record_matches({"event_date": dt.date(2022, 9, 14)}, records[1])
    assert not record_matches({"cameo_code": "19"}, {"cameo_code": None})
    assert not record_matches({"verified": False}, records[1])
    assert not record_matches({"killed_best": 1}, {"killed_best": True})
    assert record_matches({"actor2": None}, records[0])
    # two expectations may not share one record
    assert match_distinct([{"killed_best": 4}, {"killed_best": 4}], records[:1]) == [1]
    assert match_distinct([{"killed_best": 4}, {"modality": "asserted"}], records) == []
    assert count_real(records) == 1
