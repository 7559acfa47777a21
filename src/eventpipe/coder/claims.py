"""Who says so, how sure, and the status of the claim (modality) from explicit cues."""

from __future__ import annotations

import re
from typing import Any

from .actors import Actor, actor_name, find_actors
from .lexicon import Lexicon
from .regex_ascii import ascii_twin, plain_ascii

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


_TRAILING_WORDS = re.compile(r"(?:\s+(?:have|has|had|was|were|is|are|also|further|later|earlier|"
                             r"then|previously|had also|has also|who))+$", re.IGNORECASE)
_VICTIM_SUBJECT = re.compile(r"\b(?:were|was|killed|wounded|attacked)\b", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z\w][\w.'’-]*){0,4})")
# The subject patterns, and their ASCII twins (regex_ascii) for a sentence of plain ASCII:
# case-insensitive matching of ASCII text without a Unicode look-up per character.
_SUBJECT_RES = (_SUBJECT_SPLIT, _TRAILING_WORDS, _BAD_SUBJECT, _VICTIM_SUBJECT, _NAME_AFTER)
_SUBJECT_RES_ASCII = tuple(ascii_twin(rx) or rx for rx in _SUBJECT_RES)


def find_claimant(sentence: str, lex: Lexicon) -> str | None:
    """Claimant of a sentence: "according to X" first, then "X said/stated/claimed"."""
    m = _ACCORDING.search(sentence)
    if m:
        return _normalise_claimant(m.group("who"))[:120] or None
    assert lex.claim_verbs_re is not None
    split_re, trailing_re, bad_re, victim_re, name_re = (
        _SUBJECT_RES_ASCII if plain_ascii(sentence) else _SUBJECT_RES)
    for vm in lex.claim_verbs_re.finditer(sentence):
        head = sentence[:vm.start()]
        parts = split_re.split(head)
        subj = parts[-1].strip() if parts else ""
        subj = trailing_re.sub("", subj)
        words = subj.split()
        if 0 < len(words) <= 7 and not bad_re.match(subj):
            if victim_re.search(subj):
                continue
            return _normalise_claimant(subj)[:120]
        # inverted: ", police said" handled above; "said police spokesman X"
        tail = sentence[vm.end():vm.end() + 60]
        tm = name_re.match(tail)
        if tm and vm.group(0).lower() == "said" and head.rstrip().endswith(","):
            return _normalise_claimant(tm.group(1))[:120]
    return None


_MINISTRY_ANY = re.compile(
    r"\b(?:(?P<c1>[A-Z][\w]+(?: [A-Z][\w]+)?)(?:'s|’s)\s+)?(?:the\s+)?"
    r"(?:(?P<k1>defen[cs]e|foreign|interior|health|information|home)\s+ministry|"
    r"ministry\s+of\s+(?P<k2>defen[cs]e|foreign affairs|the interior|interior|health|"
    r"information|home affairs))(?:\s+of\s+(?P<c2>[A-Z][\w]+(?: [A-Z][\w]+)?))?",
    re.IGNORECASE)
_GOVERNMENT = re.compile(r"^(?:the\s+)?(?:(?P<c>[A-Z][\w]+)(?:'s|’s)\s+)?(?:federal\s+|"
                         r"central\s+|national\s+)?government(?:\s+officials?)?$",
                         re.IGNORECASE)
_GROUP_REF = re.compile(r"^(?:the\s+)?(?:militant\s+|armed\s+|rebel\s+|jihadist\s+)?"
                        r"(?:group|militants|rebels|insurgents|jihadists|movement|organi[sz]ation)"
                        r"(?:'s\s+\w+)?$", re.IGNORECASE)


def _portfolio(kind: str) -> str:
    kind = kind.lower().replace("the ", "")
    if kind.startswith("defen"):
        return "Defence"
    if kind.startswith("foreign"):
        return "Foreign Affairs"
    if kind.startswith("home"):
        return "Home Affairs"
    return kind.capitalize()


def canonical_claimant(raw: str | None, country: str | None, res: Any,
                       actors: tuple[Any, ...] = ()) -> str | None:
    """ACLED-style claimant: "police said" -> "Police Forces of Nigeria", "the defence
    ministry" -> "Ministry of Defence of Colombia", "the group" -> the named group of the
    event; other sources are returned as written."""
    if not raw:
        return raw
    def country_of(phrase: str | None) -> str | None:
        if phrase:
            iso = res.demonym(phrase.lower())
            if iso:
                return res.country_name(iso) or country
        return country

    m = _MINISTRY_ANY.search(raw)
    if m:
        kind = _portfolio(m.group("k1") or m.group("k2"))
        where = country_of(m.group("c1") or m.group("c2"))
        return f"Ministry of {kind} of {where}" if where else raw
    g = _GOVERNMENT.match(raw.strip())
    if g:
        where = country_of(g.group("c"))
        return f"Government of {where}" if where else raw
    if _GROUP_REF.match(raw.strip()):
        named = [a for a in actors if a is not None and a.named and not a.state]
        return named[0].name if named else raw
    for a in _phrase_actors(raw.lower(), res):
        if a.state or a.named:
            where = res.country_name(a.iso3) if a.iso3 else country
            if "{country}" in a.name and where is None:
                continue
            return actor_name(a, where)
    return raw


# claimant phrase -> (resources, its actors): outlets repeat a few phrases ("police said")
_PHRASE_ACTORS: dict[str, tuple[Any, list[Actor]]] = {}
_MAX_PHRASES = 20_000


def _phrase_actors(low: str, res: Any) -> list[Actor]:
    """``find_actors(low, res.lex, res.demonym)`` (a function of the phrase and the
    resources), remembered for the resources last used."""
    got = _PHRASE_ACTORS.get(low)
    if got is not None and got[0] is res:
        return got[1]
    found = find_actors(low, res.lex, res.demonym)
    if got is not None or len(_PHRASE_ACTORS) < _MAX_PHRASES:
        _PHRASE_ACTORS[low] = (res, found)
    return found


# "residents stoned police vehicles, accusing the security forces of failing to respond": the
# grievance of the ones who acted, said after the act, does not make the act an allegation
_ACCUSING_AFTER = re.compile(r",\s+(?:\w+ly\s+)?accusing\b")


# "was shot dead ... as he was preparing to travel to testify": a plan of the victim's, told in
# a clause of its own after the act, does not make the act a plan
_SUBCLAUSE = re.compile(r"\b(?:as|when|while) (?:he|she|they|the \w+) (?:was|were)\b")


def _governs(low: str, at: int, act_end: int | None) -> bool:
    return act_end is None or at < act_end or _SUBCLAUSE.search(low, act_end, at) is None


def find_modality(low: str, lex: Lexicon, act_end: int | None = None) -> str:
    """Modality from explicit cues in the (lower-cased) evidence sentence; ``act_end``: where
    the act's words end in ``low``, when known."""
    res = lex.modality_res
    for name in ("negated", "denied", "hypothetical", "planned"):
        if res[name].search(low):
            if name == "denied" and res["denied_part"].search(low):
                continue  # only who did it is denied
            if name == "planned" and not any(
                    _governs(low, h.start(), act_end) for h in res[name].finditer(low)):
                continue
            return name
    for m in res["alleged"].finditer(low):
        if act_end is None or not m.group().startswith("accusing") or m.start() < act_end \
                or not _ACCUSING_AFTER.search(low, max(0, m.start() - 12), m.end()):
            return "alleged"
    return "asserted"


# "Rebel radio claimed its fighters had overrun an army post. A defence spokesman said no such
# attack had taken place": the claim, denied by the next sentence
_CLAIM_VERB = re.compile(r"\b(?:claim\w*|said|says|reported|announced|stated|asserted|boasted|"
                         r"broadcast|according to which)\b")
_DENIAL_NEXT = re.compile(
    r"\bno such (?:attack|incident|clash|ambush|raid|battle|assault|bombing|operation|fighting)\b|"
    r"\bno (?:attack|incident|clash|ambush|raid|battle|assault|bombing|fighting) of any kind\b|"
    r"\bdenied that (?:any|an?|the) (?:[\w-]+ ){0,2}?(?:attack|operation|raid|bombing|strike|"
    r"clash|ambush|incident)s? (?:had )?(?:taken place|occurred|happened|been carried out)|"
    r"\bdescribed (?:the|this|that) (?:claim|report|version)s? as ['\"‘“]?(?:an? |completely |"
    r"totally )?(?:false|untrue|fabrication|lie|invention|propaganda|baseless)|"
    r"\b(?:denie[sd]|deny|dismiss(?:ed|es)|reject(?:ed|s)|refute[sd]|dispute[sd]) "
    r"(?:the |this |that |these |those |such )?"
    r"(?:rebel |group's |guerrilla |army's |military's )?"
    r"(?:claims?|reports?|allegations?|version)\b|"
    r"\b(?:claims?|reports?|allegations?|version)\b[^.;]{0,80}?\b(?:was|were|is|are) "
    r"(?:\w+ly )?"
    r"(?:false|untrue|baseless|unfounded|fabricated|fake|incorrect|not true|propaganda|"
    r"an? (?:lie|fabrication|figment|invention))")


def denied_by_next(low: str, sents: list[Any], sent: Any) -> bool:
    """A claim ("X said/claimed ...") that the next sentence with words (not a point's
    number, "2.") denies as a whole."""
    if _CLAIM_VERB.search(low, sent.start, sent.end) is None:
        return False
    nxt = next((sents[i] for i in range(sent.index + 1, len(sents))
                if any(ch.isalpha() for ch in low[sents[i].start:sents[i].end])), None)
    return nxt is not None and _DENIAL_NEXT.search(low, nxt.start, nxt.end) is not None


# "I need only recall the two agents who were wounded by a parcel bomb last October": a
# speaker calls up a past attack, whatever day the sentence gives it
_SPEAKER_RECALL = re.compile(r"\b(?:i|we) (?:need only|only need to|must|should|would like to|"
                             r"want to|can) (?:recall|remember|mention)\b")


def speaker_recalls(low: str) -> bool:
    return _SPEAKER_RECALL.search(low) is not None


def has_historical_cue(low: str, lex: Lexicon) -> bool:
    return bool(lex.modality_res["historical"].search(low))


# "it is the second car bomb in the capital in three weeks; on 12 November ...": the earlier one
_SERIES = re.compile(r"\b(?:second|third|fourth|fifth|latest) (?:such )?(?:[\w-]+ ){0,6}?"
                     r"(?:in|within) (?:the (?:past|last) )?(?:\w+ )?(?:weeks|months|a month|"
                     r"a fortnight|a year)\b")


def earlier_of_series(low: str, day: Any, published: Any) -> bool:
    """An incident dated a week or more back in a sentence that counts the new one as the second
    (third, ...) in weeks or months: the earlier one, background."""
    return day is not None and day.value is not None and published is not None and \
        (published - day.value).days >= 7 and _SERIES.search(low) is not None


def verification(low: str, lex: Lexicon) -> bool | None:
    assert lex.unverified_re is not None and lex.verified_re is not None
    if lex.unverified_re.search(low):
        return False
    if lex.verified_re.search(low):
        return True
    return None


# "court" as a place or an office, not a court step: "outside the provincial court", "a judge
# of the supreme court", "the court building"
_COURT_PLACE_BEFORE = re.compile(r"\b(?:outside|near|at|into|inside|front of|attacked|stormed|"
                                 r"bombed|of|from)\s+(?:the\s+|a\s+)?(?:[\w'-]+\s+){0,2}$")
_COURT_PLACE_AFTER = re.compile(r"(?:room)?\s+(?:judges?|justices?|buildings?|house|complex|"
                                r"premises|compound|gates?|officials?|employees?|staff|"
                                r"clerks?)\b")


_ARREST_CUE = re.compile(r"custody|booked|warrant|turned (?:himself|herself) in|surrendered")


_MORE_BODIES = re.compile(r"(?:more|additional|further) bodies")


def followup_cue(low: str, followup_re: re.Pattern[str], act_at: int | None = None) -> bool:
    """The sentence tells an aftermath step (court, charges, funerals, appeals for tips); one
    that first reports the harm (at ``act_at``) and then an arrest ("gunfire killed a man ...,
    and a suspect is in custody") tells the act."""
    for m in followup_re.finditer(low):
        if act_at is not None and m.start() > act_at and (
                _ARREST_CUE.match(low, m.start()) or _MORE_BODIES.match(low, m.start())):
            continue  # ("... killed 26 villagers ..., raising a toll after more bodies were found")
        if low.startswith("court", m.start()) and (
                _COURT_PLACE_BEFORE.search(low, max(0, m.start() - 40), m.start()) or
                _COURT_PLACE_AFTER.match(low, m.start() + 5)):
            continue
        return True
    return False
