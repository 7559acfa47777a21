"""US datelines: the event happened in the dateline's state unless the text says otherwise.

Local outlets name streets, parks, hospitals and neighbourhoods that share their names with
towns all over the country ("Mount Washington", "Raleigh", "Flora"); a bare name that resolves
to a town of another state is almost always such a namesake. It stays only when the text ties
it to that state ("Raleigh, N.C.", a state named in the same sentence). Otherwise the same name
in the dateline's state is taken, and failing that the dateline's city, at the precision of a
place near it. Without a dateline, a local outlet named after a US city ("abc7chicago.com",
"The Toledo Blade") stands for one: local news reports its own area. (Otherwise the article's
state is less sure: taking the one state an article names instead cost more places than it
fixed.)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from eventpipe.coder.locate_cues import _region_code
from eventpipe.coder.news_region import us_news_cues
from eventpipe.coder.places_rules import FULL_STATE_RE, STATE_RE

_US = "USA"


def state_written(text: str, m: Any) -> bool:
    """The name is followed by its US state ("Jackson, Miss.", "Macon, Georgia"): the
    candidate the state picked is the place, whatever the dateline's state."""
    return bool(STATE_RE.match(text, m.end) or FULL_STATE_RE.match(text, m.end))


def in_dateline_state(chooser: Any, best: Any, region_codes: set[Any]) -> Any:
    """``best``, or its namesake in the dateline's state (else the dateline's place) when
    ``best`` is a bare town of another US state."""
    dl = chooser.dateline_loc
    if dl is None or dl.iso3 != _US or best.iso3 != _US or best.kind_rank < 2 or best.start < 0:
        return best
    home = chooser.dateline_code
    code = best.admin1_code or best.admin1
    if home is None or code == home or code in region_codes:
        return best
    m = next((m for m in chooser.mentions if m.start == best.start), None)
    if m is None or state_written(chooser.text, m):
        return best  # "Raleigh, N.C.": the text names the state
    from eventpipe.coder.locate import loc_from_place

    for cand in m.candidates:
        if cand.iso3 == _US and _region_code(cand) == home:
            return loc_from_place(cand, getattr(m, "qualifier", None),
                                  getattr(m, "kind_hint", None), m.start)
    return replace(dl, start=best.start, geo_precision=max(dl.geo_precision or 1, 2))


def article_home(dateline: Any, outlet: Any) -> tuple[Any, str | None, Any]:
    """(dateline key, region code, place) of where the report is filed from: the dateline,
    else the home city of a US local outlet ("abc7chicago.com", "the Toledo Blade"), which
    local news treats as its dateline."""
    from eventpipe.coder.locate import loc_from_place

    if dateline is not None and dateline.candidates:
        c0 = dateline.candidates[0]
        return ((dateline.text.lower(), c0.name, c0.iso3, c0.admin1), _region_code(c0),
                loc_from_place(c0, None, None, dateline.start))
    if outlet is not None:
        return None, _region_code(outlet), loc_from_place(outlet, None, None, -1)
    return None, None, None


def home_state(chooser: Any, ms: list[Any], heads: dict[int, Any]) -> str | None:
    """The dateline's state, else that of a police force the sentence names ("in Kensington
    ..., Philadelphia police said": Pennsylvania)."""
    if chooser.dateline_code:
        return str(chooser.dateline_code)
    return next((_region_code(heads[id(m)]) for m in ms if id(m) in chooser.agency
                 and heads[id(m)].iso3 == _US and heads[id(m)].kind == "city"), None)


def us_local_cues(text: str, index: Any, dateline: Any) -> int:
    """How many US local-news conventions the text follows; none in a report filed from
    abroad with fewer than two ("KABUL (AP) - ... shortly after 8 a.m.": foreign wire copy)."""
    cues = us_news_cues(text, index)
    if dateline is not None and dateline.candidates and \
            dateline.candidates[0].iso3 != _US and cues < 2:
        return 0
    return cues


def us_state_first(mentions: list[Any]) -> list[Any]:
    """The mentions, a name that is a country and a US state read first as the state ("a
    northeast Georgia man" in US local news)."""
    out = []
    for m in mentions:
        c0 = m.candidates[0]
        if getattr(c0, "kind", "") == "country" and c0.iso3 != _US:
            state = [c for c in m.candidates
                     if c.iso3 == _US and getattr(c, "kind", "") == "admin1"]
            if state:
                m = replace(m, candidates=(state[0], *(c for c in m.candidates
                                                       if c is not state[0])))
        out.append(m)
    return out
