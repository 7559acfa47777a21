"""Who says so, how sure, and the status of the claim (modality) from explicit cues."""

from __future__ import annotations

import re

from .lexicon import Lexicon

_ACCORDING = re.compile(
    r"\baccording to\s+(?:a |an |the )?(?P<who>[^,.;:()\"“”]{2,80}?)(?=\s*[,.;:()\"“”]|\s+(?:on|in|"
    r"who|which|that|as|after|the)\b|$)", re.IGNORECASE)
_MINISTRY = re.compile(
    r"^(?:the\s+)?(?P<c>[A-Za-z]+?)(?:'s|’s)?\s+(?P<m>defen[cs]e|foreign|interior|health|"
    r"information)\s+ministry$", re.IGNORECASE)
_SUBJECT_SPLIT = re.compile(r"[,;:\"“”()]|\b(?:and|but|that|while|as|when|which|who)\b",
                            re.IGNORECASE)
_BAD_SUBJECT = re.compile(r"^(?:it|this|that|which|there|he|she|they|we|i|you)$", re.IGNORECASE)


def _normalise_claimant(who: str) -> str:
    who = re.sub(r"\s+", " ", who).strip(" '\"“”’")
    m = _MINISTRY.match(who)
    if m:
        kind = m.group("m").lower()
        kind = "Defence" if kind.startswith("defen") else kind.capitalize()
        place = m.group("c")
        country = place if place[:1].isupper() else place.capitalize()
        return f"{'Ministry of ' + kind if kind != 'Foreign' else 'Ministry of Foreign Affairs'}" \
               f" of {country}"
    return who


def find_claimant(sentence: str, lex: Lexicon) -> str | None:
    """Claimant of a sentence: "according to X" first, then "X said/stated/claimed"."""
    m = _ACCORDING.search(sentence)
    if m:
        return _normalise_claimant(m.group("who"))[:120] or None
    assert lex.claim_verbs_re is not None
    for vm in lex.claim_verbs_re.finditer(sentence):
        head = sentence[:vm.start()]
        parts = _SUBJECT_SPLIT.split(head)
        subj = parts[-1].strip() if parts else ""
        subj = re.sub(r"(?:\s+(?:have|has|had|was|were|is|are|also|further|later|earlier|"
                      r"then|previously|had also|has also|who))+$", "", subj, flags=re.IGNORECASE)
        words = subj.split()
        if 0 < len(words) <= 7 and not _BAD_SUBJECT.match(subj):
            if re.search(r"\b(?:were|was|killed|wounded|attacked)\b", subj, re.IGNORECASE):
                continue
            return _normalise_claimant(subj)[:120]
        # inverted: ", police said" handled above; "said police spokesman X"
        tail = sentence[vm.end():vm.end() + 60]
        tm = re.match(r"\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z\w][\w.'’-]*){0,4})", tail)
        if tm and vm.group(0).lower() == "said" and head.rstrip().endswith(","):
            return _normalise_claimant(tm.group(1))[:120]
    return None


def find_modality(low: str, lex: Lexicon) -> str:
    """Modality from explicit cues in the (lower-cased) evidence sentence."""
    res = lex.modality_res
    for name in ("negated", "denied", "hypothetical", "planned"):
        if res[name].search(low):
            return name
    if res["alleged"].search(low):
        return "alleged"
    return "asserted"


def has_historical_cue(low: str, lex: Lexicon) -> bool:
    return bool(lex.modality_res["historical"].search(low))


def verification(low: str, lex: Lexicon) -> bool | None:
    assert lex.unverified_re is not None and lex.verified_re is not None
    if lex.unverified_re.search(low):
        return False
    if lex.verified_re.search(low):
        return True
    return None
