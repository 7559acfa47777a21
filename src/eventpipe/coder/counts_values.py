"""Numbers of casualty counts: digits, number words, ranges, qualifiers and vague words, read
into (low, best, high) as the module ``counts`` describes."""

from __future__ import annotations

import re

from .counts_rules import _DEGREE_BEFORE
from .lexicon import Lexicon


class NumberReader:
    """The quantity dictionary's numbers, vague words and qualifiers, and their reading."""

    def __init__(self, lex: Lexicon) -> None:
        self.numbers = dict(lex.numbers)
        self.vague = dict(lex.vague)
        self.qual_kind = {w: kind for kind, ws in lex.qualifiers.items() for w in ws}

    def parse_int(self, text: str) -> int | None:
        text = text.strip().replace(",", "").replace("half a dozen", "6")
        if text.isdigit():
            return int(text)
        total, current, seen = 0, 0, False
        for tok in re.split(r"[\s-]+", text):
            if tok in {"and", ""}:
                continue
            if tok in {"a", "several"}:
                current = max(current, 1) if tok == "a" else 3
                seen = True
                continue
            val = self.numbers.get(tok)
            if val is None:
                return None
            seen = True
            if val in (100, 1000):
                current = max(current, 1) * val
                if val == 1000:
                    total, current = total + current, 0
            elif val == 12 and tok == "dozen":
                current = max(current, 1) * 12
            else:
                current += val
        return total + current if seen else None

    def value(self, m: re.Match[str]) -> tuple[int | None, int, int | None] | None:
        gd = m.groupdict()
        if gd.get("unk"):
            return (0, 0, None)  # "an unknown number of": none known, more may be
        if gd.get("single"):
            return (2, 2, 2) if gd["single"] == "both" else (1, 1, 1)
        if gd.get("vague"):
            if _DEGREE_BEFORE.search(m.string, max(0, m.start("vague") - 6), m.start("vague")):
                return None  # "so many killed", "too many deaths": rhetoric, not a figure
            v = self.vague[gd["vague"]]
            return (v, v, None)
        n1 = gd.get("n1")
        if not n1:
            return None
        if not gd.get("n2") and " and " in n1 and not re.search(r"(?:hundred|thousand) and ", n1):
            # "between eight and ten": a range, not one compound number
            lo_t, hi_t = n1.split(" and ", 1)
            lo, hi = self.parse_int(lo_t), self.parse_int(hi_t)
            if lo is not None and hi is not None and hi > lo:
                return (lo, (lo + hi) // 2, hi)
        a = self.parse_int(n1)
        if a is None:
            return None
        if gd.get("n2"):
            b = self.parse_int(gd["n2"])
            if b is not None and b > a:
                return (a, (a + b) // 2, b)
        qual = gd.get("qual")
        kind = self.qual_kind.get(qual or "")
        if kind in ("min", "over"):
            return (a, a, None)
        if kind == "max":
            return (None, a, a)
        if kind == "approx" and a >= 10:
            return (round(a * 0.9), a, round(a * 1.1))
        return (a, a, a)
