"""ACLED reference tables and the Markdown codebook rendered from the schema declaration.

``scripts/gen_codebook.py`` writes ``docs/codebook.md``; a drift test keeps it equal to
:func:`render_codebook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventpipe.schema import Column, Schema

#: ACLED's hierarchy: event type -> its sub-event types.
ACLED_SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TO_EVENT: dict[str, str] = {
    sub: et for et, subs in ACLED_SUB_EVENT_TYPES.items() for sub in subs
}

#: ACLED inter codes and their current text labels (the acled_events view uses these).
INTER_LABELS: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

MODALITIES: dict[str, str] = {
    "asserted": "Reported as fact by the article or the claimant.",
    "alleged": "Attributed to a claimant with an explicit cue (alleged, accused, said to).",
    "denied": "A party denies that the event happened (denying only its own part in it leaves the "
              "event asserted).",
    "negated": "The text says the event did not happen.",
    "hypothetical": "Conditional or speculative (could, might, would).",
    "planned": "Announced for the future (plans to, will); event_date may lie up to a year ahead.",
    "historical": "Background reference to an earlier event, dated to its own time: recalled by "
                  "its year, month or week, told with its own day more than 60 days before the "
                  "article's main incident, or (in news) told in one sentence and dated more than "
                  "60 days before publication; later sentences that retell it are historical too.",
}

_NOTES_IDS = """\
## Ids

- `article_id`: the input's own id (JSON `id`, RSS guid) when it gives one, else the
  SHA-256 of the normalised text (`content_hash`). The input id is always kept in `input_id`.
- `mention_id`: 32 hex characters of SHA-256 over the article's `content_hash`, the evidence
  span (`char_start`, `char_end`), `coder_version`, and the event type, sub-event type, CAMEO
  code, actors, location, event date, modality and claimant (so two events or claims coded
  from one sentence differ). Rerunning the same
  input with the same coder version yields the same ids and inserts nothing new.
- `event_id`: the `mention_id` of the event's earliest mention (by article publication date,
  then `article_id`, then `char_start`), frozen once issued: later mentions attach to the
  event without changing its id.
- `quarantine_id`: hash of the mention id and the failed expectations.

## NULL is not 0

`killed_*` and `wounded_*` are NULL when the text reports no figure; `killed_high` is NULL
when the text gives no upper bound ("at least 12"). `fatalities` follows ACLED: the lowest
reported death toll, vague words mapped (few/several 3, tens 10, dozens 12, hundreds 100), and
0 when no death is reported. A researcher who needs "unknown" uses `killed_best IS NULL`.

## A toll shared by related incidents

When an article reports one incident among several ("one of three coordinated raids") and gives
only the toll of them all ("nine officers died across the three raids"), the record carries this
incident's share, as ACLED and GTD code it: the total over the number of incidents
(`killed_best` to the nearest person, `killed_low` rounded down, `killed_high` up; the same for
`wounded_*`), and its `notes` end with "[casualties: this incident's share of a toll over N
related incidents]". A toll the text gives for the incident itself is kept as told.

## Fatalities of merged events

For an event merged from several claims: `killed_low` = the lowest `killed_low`,
`killed_high` = the highest `killed_high` (NULL when no claim gives an upper bound),
`killed_best` = the median of the claims' `killed_best` (the lower middle value for an even
count, so it is always a reported figure), the same for `wounded_*`; `fatalities` = the lowest
`fatalities` among claims that report deaths (0 if none does); `fatalities_disputed` is true
when the claims give different figures or one of them is a denial.
"""


def _fmt_num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_row(col: Column) -> str:
    rng = ""
    if col.min is not None or col.max is not None:
        lo = _fmt_num(col.min) if col.min is not None else ""
        hi = _fmt_num(col.max) if col.max is not None else ""
        rng = f"{lo} .. {hi}"
    allowed = ""
    if col.allowed is not None:
        allowed = ", ".join(f"`{v}`" for v in col.allowed)
    elif col.pattern is not None:
        allowed = f"pattern `{col.pattern}`"
    flags = "" if col.nullable else "NOT NULL"
    if col.per_run:
        flags = (flags + ", per run").lstrip(", ")
    return "| " + " | ".join(
        _cell(x)
        for x in (
            f"`{col.name}`", col.type, flags, allowed, rng, col.unit or "", col.description
        )
    ) + " |"


def render_table(schema: Schema, name: str) -> str:
    tbl = schema.table(name)
    lines = [
        f"### `{tbl.name}`",
        "",
        tbl.description,
        "",
        f"Primary key: {', '.join(f'`{k}`' for k in tbl.primary_key)}.",
        "",
        "| column | type | null | allowed | range | unit | description |",
        "|---|---|---|---|---|---|---|",
    ]
    lines.extend(column_row(c) for c in tbl.columns)
    return "\n".join(lines) + "\n"


def render_notes() -> str:
    from eventpipe import merge

    lines = [_NOTES_IDS, "## Modality", ""]
    lines.extend(f"- `{k}`: {v}" for k, v in MODALITIES.items())
    lines += ["", "## ACLED event and sub-event types", ""]
    lines.extend(f"- {et}: {', '.join(subs)}" for et, subs in ACLED_SUB_EVENT_TYPES.items())
    lines += ["", "## ACLED actor types (inter1, inter2)", "", "0 = no actor."]
    lines.extend(f"- {k} = {v}" for k, v in INTER_LABELS.items())
    lines += ["", "## Merge rule", "", (merge.__doc__ or "").strip(), ""]
    return "\n".join(lines)


def render_codebook(schema: Schema, tables: Sequence[str] | None = None) -> str:
    """Markdown codebook of ``tables`` (default: every table) plus the notes."""
    names = list(tables) if tables is not None else list(schema.tables)
    parts = [
        "# eventpipe codebook",
        "",
        "Generated from `schemas/` by `python scripts/gen_codebook.py`; do not edit by hand.",
        "Columns marked *per run* differ between two runs over the same input.",
        "",
        "## Tables",
        "",
    ]
    body = "\n".join(render_table(schema, n) for n in names)
    return "\n".join(parts) + "\n" + body + "\n" + render_notes()


def render_ref_countries_sql() -> str:
    """``sql/05_ref_countries.sql``: ISO 3166-1 alpha-3, numeric code and name (pycountry)."""
    import pycountry

    rows = sorted((c.alpha_3, int(c.numeric), c.name) for c in pycountry.countries)
    values = ",\n".join(
        "    ('{}', {}, '{}')".format(a3, num, name.replace("'", "''")) for a3, num, name in rows
    )
    return (
        "-- Generated by scripts/gen_codebook.py from pycountry; do not edit by hand.\n"
        "-- ISO 3166-1 countries: alpha-3 code, numeric code (ACLED's `iso`), English name.\n"
        "CREATE OR REPLACE VIEW ref_countries AS\n"
        "SELECT * FROM (VALUES\n" + values + "\n) AS t(iso3, iso_numeric, name);\n"
    )
