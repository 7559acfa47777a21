"""Article-level fallbacks of the lead incident: the story's own day when its sentences give none.

News reports often date the incident once ("late Friday", "Monday night's shooting") in a
sentence the coder does not read as an event mention; the publication date is right only for
about a third of local news reports. Timestamps of the page ("Posted: Tuesday, May 5, 2015",
"Updated: ...") are not event dates.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

BYLINE = re.compile(r"(?:posted|updated|published|last updated|created|modified|date)\s*:?\s*"
                     r"(?:on\s+)?(?:\w+,?\s+){0,2}$", re.IGNORECASE)
_STATEMENT = re.compile(r"\b(?:said|says|told|announced|reported|confirmed|identified|"
                        r"released|charged|arrested|arraigned|sentenced)\s+(?:\w+\s+)?"
                        r"(?:on\s+|early\s+|late\s+)?$", re.IGNORECASE)


def story_date(ctx: Any) -> Any:
    """The first day-precise, non-historical date of the article's event sentences (else of
    any sentence), skipping page timestamps and the days of statements and court steps."""
    pub: date | None = ctx.published
    text = ctx.text
    firsts: list[Any] = []
    for pass_hits in (True, False):
        for idx in sorted(ctx.dates_by_sent):
            if pass_hits and idx not in ctx.hits_by_sent:
                continue
            for d in ctx.dates_by_sent[idx]:
                if d.value is None or d.precision != 1 or d.historical or d.future:
                    continue
                if pub is not None and d.value > pub:
                    continue
                before = text[max(0, d.start - 30):d.start]
                if BYLINE.search(before) or _STATEMENT.search(before):
                    continue
                firsts.append(d)
                break
            if firsts:
                return firsts[0]
    return None
