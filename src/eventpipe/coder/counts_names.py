"""Victims counted by their names: "Ann Lee and Joe Park were killed", "X, 40, his wife Y, 38,
and their son were shot dead", "gunmen killed A, B and C": one dead per name in the list; "Ann
Lee, Joe Park and Sam Roe were also struck by bullets": one hurt per name."""

from __future__ import annotations

import re

from .counts_rules import NOT_NAME

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|del|de la|van|von|bin|al-\w+)){0,3}"
_KIN = r"(?:his|her|their)\s+(?:[\w-]+\s+)?[a-z][\w-]+"  # "his wife", "his two-year-old son"
# (a name may follow a kin or job word: "his brother Sani", "a farmhand, Yusuf Bello")
_ITEM = (rf"(?:(?:(?:a|an|the)\s+(?:[\w-]+\s+)?[a-z][\w-]+,\s+)?{_NAME}|{_KIN}(?:,?\s+{_NAME})?)"
         rf"(?:,\s*\d{{1,3}},?)?")
_LIST = rf"(?P<items>{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+and\s+{_ITEM})"
_DEATH = (r"(?:killed|shot dead|shot and killed|shot to death|stabbed to death|beaten to death|"
          r"found dead|executed|murdered|slain|assassinated|beheaded|pronounced dead)")
_SUBJECT = re.compile(rf"\b{_LIST}\s+(?:were|have been|had been)\s+"
                      rf"(?:also\s+|both\s+|all\s+)?{_DEATH}\b")
_OBJECT = re.compile(rf"\b(?:killed|shot and killed|shot dead|murdered|assassinated|executed)\s+"
                     rf"{_LIST}(?=\s*(?:[,.;]|$|\s+(?:in|at|on|near|while|as|after|before)\b))")
_HURT_SUBJECT = re.compile(rf"\b{_LIST}\s+(?:were|have been|had been)\s+(?:also\s+|both\s+|all\s+)?"
                           r"(?:shot|wounded|injured|hurt|struck|hit|grazed)\b"
                           r"(?!\s+(?:dead|and\s+killed|to\s+death)\b)")
_ITEM_RE = re.compile(_ITEM)
# not a person's name at the head of a list
_NOT_NAME = NOT_NAME | {"Police", "Officials", "Authorities", "Both", "All", "Two", "Three"}


def _listed(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int, int, int] | None:
    """(how many, start, end) of the first list of two or more names a pattern finds."""
    for rx in patterns:
        for m in rx.finditer(text):
            items = [i for i in _ITEM_RE.finditer(m.group("items"))]
            if len(items) < 2 or items[0].group().split()[0] in _NOT_NAME:
                continue
            return len(items), m.start(), m.end()
    return None


def named_dead(text: str) -> tuple[int, int, int] | None:
    """(how many, start, end) of a list of two or more named dead, or None."""
    return _listed((_SUBJECT, _OBJECT), text)


def named_hurt(text: str) -> tuple[int, int, int] | None:
    """(how many, start, end) of a list of two or more named people hit or hurt, or None."""
    return _listed((_HURT_SUBJECT,), text)
