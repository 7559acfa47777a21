"""The Great Expectations suite generated from the schema declaration.

Per declared column: ``expect_column_values_to_not_be_null`` (nullable: false),
``..._to_be_in_set`` (allowed), ``..._to_be_between`` (min/max), ``..._to_match_regex``
(pattern, anchored: the declaration means a full match); per table a uniqueness expectation
on the primary key. Tables holding the event fields get the cross-field rules too:

- ``killed_low <= killed_best <= killed_high`` and the same for ``wounded_*`` (checked only
  where both values are present), ``char_start < char_end``;
- rules GX cannot express over one row's columns and the article text are computed by
  :func:`eventpipe.validate.add_check_columns` into boolean ``check_*`` columns, and the suite
  expects each to be True. See :data:`CHECK_COLUMNS`.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite
    from great_expectations.expectations import Expectation

    from eventpipe.schema import Schema

#: Derived boolean columns (name -> what True means). Computed before validation.
CHECK_COLUMNS: dict[str, str] = {
    "check_evidence_slices_text": (
        "text[char_start:char_end] == evidence_text for the article the row names"
    ),
    "check_event_date_plausible": (
        "event_date is NULL or lies in 1900-01-01 .. publication date + 1 day "
        "(planned events: + 1 year); without a publication date the validation day is used"
    ),
    "check_sub_event_type_matches_event_type": (
        "sub_event_type is NULL or belongs to event_type in ACLED's hierarchy"
    ),
}

#: (larger, smaller, strict) column pairs: larger >= smaller (> when strict), both present.
ORDERED_PAIRS: tuple[tuple[str, str, bool], ...] = (
    ("killed_best", "killed_low", False),
    ("killed_high", "killed_best", False),
    ("killed_high", "killed_low", False),
    ("wounded_best", "wounded_low", False),
    ("wounded_high", "wounded_best", False),
    ("wounded_high", "wounded_low", False),
    ("char_end", "char_start", True),
)


def quiet_gx() -> None:
    """Usage statistics off and GX's chatty INFO logging down to warnings; call before import."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def expectation_label(type_: str, kwargs: dict[str, Any]) -> str:
    """``expect_column_values_to_be_in_set(event_type)``-style name of one expectation."""
    if "column" in kwargs:
        target = str(kwargs["column"])
    elif "column_A" in kwargs:
        target = f"{kwargs['column_A']},{kwargs['column_B']}"
    elif "column_list" in kwargs:
        target = ",".join(kwargs["column_list"])
    else:
        target = ""
    return f"{type_}({target})"


def build_expectations(schema: Schema, table: str) -> list[Expectation]:
    quiet_gx()
    import great_expectations.expectations as gxe

    tbl = schema.table(table)
    out: list[Expectation] = []
    for col in tbl.columns:
        if not col.nullable or col.name in tbl.primary_key:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=col.name))
        if col.allowed is not None:
            out.append(
                gxe.ExpectColumnValuesToBeInSet(column=col.name, value_set=list(col.allowed))
            )
        if col.min is not None or col.max is not None:
            out.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=col.name, min_value=col.min, max_value=col.max
                )
            )
        if col.pattern is not None:
            out.append(
                gxe.ExpectColumnValuesToMatchRegex(column=col.name, regex=f"^(?:{col.pattern})$")
            )
    if len(tbl.primary_key) == 1:
        out.append(gxe.ExpectColumnValuesToBeUnique(column=tbl.primary_key[0]))
    elif tbl.primary_key:
        out.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(tbl.primary_key)))
    if any(c.event_field for c in tbl.columns):
        names = set(tbl.names)
        for big, small, strict in ORDERED_PAIRS:
            if big in names and small in names:
                out.append(
                    gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                        column_A=big,
                        column_B=small,
                        or_equal=not strict,
                        ignore_row_if="either_value_is_missing",
                    )
                )
        for check in CHECK_COLUMNS:
            out.append(gxe.ExpectColumnValuesToBeInSet(column=check, value_set=[True]))
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=check))
    return out


def build_suite(schema: Schema, table: str) -> ExpectationSuite:
    """A fresh (unsaved) suite named ``eventpipe_<table>``."""
    quiet_gx()
    import great_expectations as gx

    return gx.ExpectationSuite(
        name=f"eventpipe_{table}", expectations=build_expectations(schema, table)
    )
