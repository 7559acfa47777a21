"""The probe sets (tests/probes/*.json) stay well-formed: scripts/probe_score.py reads them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

PROBES = sorted((Path(__file__).parent / "probes").glob("*.json"))
FIELDS = {f["name"] for f in yaml.safe_load(
    (Path(__file__).parents[1] / "schemas" / "event_fields.yaml").read_text())["fields"]}


def test_probe_sets_exist():
    assert len(PROBES) >= 2


@pytest.mark.parametrize("path", PROBES, ids=lambda p: p.stem)
def test_probe_cases_are_well_formed(path):
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for case in cases:
        dt.date.fromisoformat(case["published"])
        assert case["text"].strip()
        if "events" in case:  # a whole article: every event it reports, and how many
            assert isinstance(case["n_real"], int) and case["n_real"] >= 0, case["id"]
            assert len(case["events"]) <= case["n_real"], case["id"]
            for expect in case["events"]:
                assert expect and set(expect) <= FIELDS, case["id"]
        else:
            assert case["expect"] and set(case["expect"]) <= FIELDS, case["id"]
