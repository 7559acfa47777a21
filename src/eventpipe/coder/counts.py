"""Casualty counts near harm words: (low, best, high), ``None`` where the text gives no bound.
Digits, number words: low = best = high; "at least N", "more than N" -> N, N, None (as ACLED
codes it); "up to N", "nearly N" -> None, N, N; "about N" -> round(0.9 N), N, round(1.1 N)
(exact below 10); "N to M" -> N, (N+M)//2, M; vague words -> their ACLED figure, N, None."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .counts_names import named_dead, named_hurt
from .counts_rules import (
    _AGE_WORD,
    _AND_WOUNDED,
    _MID_WORD,
    _PERSON,
    _PLURAL_PEOPLE,
    _STOP_MID,
    ACTIVE_KINDS,
    AND_DIED,
    AND_KIN,
    AUX_WORD,
    IN_CONDITION,
    INCLUDING_SELF,
    INFINITIVE,
    NAMED_OBJECT,
    NAMED_SUBJECT,
    NOT_NAME,
    OBJECT_OF_BEFORE,
    ONE_DEATH,
    PERP,
    SUBJECT_TAIL,
    THE_PERP,
    _group,
    add_values,
    counted_people_words,
    groups_before,
    named_before,
    not_all_dead,
    self_wound,
    single_object_person,
    subset_before,
    toll_group,
    without_part_of,
)
from .counts_values import NumberReader
from .lexicon import Lexicon
from .number_context import year_like

KILL_WORDS = (r"killed|dead|died|die|slain|perished|murdered|massacred|assassinated|executed|"
              r"beheaded|hanged|lynched|shot dead|gunned down|fatally (?:shot|wounded|injured|"
              r"stabbed)|lost (?:their|his|her) li(?:ves|fe)|shot (?:and killed|to death)|"
              r"stabbed to death|beaten to death|burned to death|tortured to death|"
              r"hacked to death|did not survive|didn't survive|did not make it|martyred|"
              r"fell as martyrs|neutrali[sz]ed|killed in action")
WOUND_WORDS = (r"wounded|injured|hurt|maimed|hospitali[sz]ed|being treated|receiving treatment|"
               r"fighting for (?:their|his|her) li(?:ves|fe)|"
               r"(?:seriously|critically|slightly|badly|severely) (?:wounded|injured|hurt)")
SHOT_WORDS = r"shot"
_AUX = (r"(?:(?:were|was|are|is|have been|has been|had been|being|been|got|get|reportedly|found|"
        r"reported|discovered|also|all|later|allegedly|initially|both|each|subsequently|seriously|critically|"
        r"still|severely|slightly|badly|mortally|lightly|instantly|immediately|had(?=\s+(?:\w+ly\s+|"
        r"also\s+)?died)|ha(?:ve|s)(?=\s+died\s+(?:(?:in|at|after|when|from)\b|and\s+\d)))\s+){0,3}")
TOTAL = "total"  # the group of a toll ("3 fatalities", "the death toll rose to 9"): everyone
# "a third victim was shot", "a girl shot in her hand is expected to survive"
_ORDINAL = re.compile(r"\s*(?:second|third|fourth|fifth|sixth|seventh|eighth)\b")
_SURVIVES = re.compile(r"[^.;]{0,60}?\b(?:(?:is|was|were|are)\s+expected\s+to\s+survive|survived|"
                       rf"(?:is|was|are|were|remains?|remained)\s+{IN_CONDITION}|"
                       r"non-life-threatening)")


@dataclass(frozen=True)
class Count:
    kind: str  # killed | wounded | shot
    low: int | None
    best: int
    high: int | None
    group: str  # victim class: military, police, armed, civilian
    start: int
    end: int
    explicit_zero: bool = False
    also: bool = False  # "two militants were also killed": victims besides those told before


class CountMatcher(NumberReader):
    """Regexes over lower-cased sentences, built once from the quantity dictionary."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__(lex)
        words = sorted((w for w in self.numbers if w not in {"a", "an", "no", "none",
                                                               "another", "both", "pair"}),
                       key=len, reverse=True)
        numw = "|".join(re.escape(w) for w in words)
        core = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|"
                rf"(?:(?:half a |a |one |two |three |several )(?=(?:hundred|thousand|million|"
                rf"dozen|score)))?(?:{numw})"
                rf"(?:[- ](?:and[- ])?(?:{numw}))*)")
        quals = "|".join(re.escape(q) for q in sorted(self.qual_kind, key=len, reverse=True))
        vague = "|".join(re.escape(v) for v in sorted(self.vague, key=len, reverse=True))
        # a range: "12 to 15", "12-15", "12 - 15" (not "May 14 - Nine soldiers": a dateline's dash)
        num = (rf"(?:(?P<qual>{quals})\s+)?(?:between\s+)?(?P<n1>{core})"
               rf"(?:(?:\s*(?:to|or|and)\s*|\s*[-–](?!\s)|\s+[-–]\s+(?=\d))(?P<n2>{core})(?![\w]))?")
        vague_num = rf"(?:(?P<vq>{quals})\s+)?(?:a\s+)?(?P<vague>{vague})(?:\s+of)?"
        # "an unknown number of insurgents": a group whose figure is not told
        single = (r"(?P<unk>an?\s+(?:unknown|undisclosed|unspecified|undetermined|unconfirmed|"
                  r"indeterminate)\s+number)(?=\s+of\b)|"
                  r"(?P<single>a|an|another|one|both)(?=\s|(?<=both)[,.;])")
        self.num_src = rf"(?:{num}|{vague_num}|{single})"
        # words between the number and the harm verb (an age counts as one: "a 17-year-old"; no
        # number: "13 News two people were shot" counts two)
        mid = (rf"(?P<mid>(?:\s+(?!(?:{_STOP_MID})\b)(?!(?:{numw})\b(?!-(?:year|month|week)))"
               rf"(?:\d{{1,3}}-)?[a-z][a-z'’.\-]*){{0,4}}?)")  # ("a six-year-old boy": an age)
        kinds = (rf"(?P<kill>{KILL_WORDS})|(?P<wound>{WOUND_WORDS})(?!\s+[a-z]+\s+had\s+died)|"
                 rf"(?P<shot>{SHOT_WORDS})(?!\s+(?:at(?:\s+(?:by|but|and|multiple|several|\w+ "
                 r"times)\b|\s*[,.;]|$)|dead|and killed|to death))")
        self.subject_re = re.compile(
            rf"(?<![\w-]){self.num_src}{mid}{SUBJECT_TAIL}\s+{_AUX}(?:{kinds})(?![\w])")
        obj_verbs = (r"(?P<okill>shooting dead|(?:shooting|shot|hacking|hacked|beating|beat|"
                     r"beaten|burning|burned|burnt|stabbing|stoning|stoned) to death|"
                     r"killing|killed|kills|kill|claimed the lives of|murdering|massacring|"
                     r"shot and killed|shot dead|gunned down|murdered|executed|massacred|"
                     r"beheaded|beheading|hanged|assassinated|stabbed to death|lynched|"
                     r"lynching)|"
                     r"(?P<owound>wounding|wounded|injuring|injured|injures|wounds)|"
                     r"(?P<oshot>shot|shooting|shoots|hitting)")
        self.object_re = re.compile(
            rf"(?<![\w-])(?:{obj_verbs})[\"”]?\s+(?:[\"“]\s*)?"
            rf"(?:(?:the|another|other|his|her|their|only|just)\s+)?{self.num_src}"
            rf"(?P<omid>(?:\s+{_MID_WORD}){{1,2}}\s+of(?:\s+(?:the|a|an))?(?:\s+{_MID_WORD}){{1,2}}"
            rf"|(?:\s+(?!(?:{_STOP_MID})\b)(?:\d{{1,3}}-)?[a-z][a-z'’\-]*){{0,3}})")
        # "killed three policemen and two civilians": a second counted object of the verb
        self.obj_and_re = re.compile(
            rf"\s*,?\s+(?:and|as\s+well\s+as)\s+(?:the\s+)?{self.num_src}"
            rf"(?P<amid>(?:\s+(?!(?:{_STOP_MID})\b)[a-z][a-z'’\-]*){{1,3}})"
            r"(?!\s+(?:were|was|have|has|had|are|is)\b)")
        # "detained three villagers ... and executed them": the captives told before are the dead
        self.them_re = re.compile(
            r"(?<![\w-])(?:abducted|kidnapped|detained|seized|captured|rounded\s+up|arrested|"
            rf"dragged|lined\s+up|took)\s+{self.num_src}(?P<mid>(?:\s+[a-z][a-z'’-]*){{1,2}})"
            r"[^.;]{0,80}?\band\s+(?:(?:later|then|subsequently|summarily)\s+)?"
            r"(?:executed|killed|shot\s+dead|beheaded|murdered|hanged)\s+them\b")
        self.left_re = re.compile(
            rf"(?<![\w-])(?:left|leaving|leave|leaves)\s+{self.num_src}{mid}\s+"
            rf"(?:(?P<lkill>dead|killed)|(?P<lwound>wounded|injured|hurt))(?![\w])")
        self.toll_re = re.compile(
            r"(?<![\w-])(?:death toll|toll|number of (?:dead|deaths|fatalities|(?:[\w-]+ ){1,2}?"
            r"killed)|(?:(?<=their )|(?<=its ))losses)\s+(?:(?:[\w'’-]+,?\s+){0,20}?"
            rf"(?:(?:rose|risen|climbed|jumped|increased|grew) to|to|of|reached|stands at|"
            rf"stood at|is|was)|at)\s+{self.num_src}")  # also "put the toll at 9"
        self.loss_re = re.compile(  # also a note's "Fatalities: 10"
            rf"(?<![\w-])(?:loss of|lives of|deaths? of|killing of|killings of|bodies of|"
            rf"fatalities\s*:|deaths\s*:)\s+"
            rf"(?:the\s+)?{self.num_src}")
        self.toll2_re = re.compile(
            rf"(?<![\w-]){self.num_src}\s+(?:\w+\s+)?(?P<tkind>deaths|death|fatalities|fatality|"
            rf"bodies|corpses|people dead|dead bodies|injuries)(?![\w])")
        self.zero_re = re.compile(
            r"(?<![\w-])(?:no(?: one| body|body)?|none)(?:\s+\w+){0,2}?\s+(?:was|were|has been|"
            r"have been|had been)?\s*(?:(?P<zk>killed|dead|died|hurt fatally)"
            r"(?P<zboth>\s+(?:or|nor|and)\s+(?:was\s+|were\s+)?(?:wounded|injured|hurt))?|"
            r"(?P<zw>wounded|injured|hurt|harmed|struck|hit))\b|"
            r"no (?:(?P<zk2>deaths|fatalities|casualties|one died|victims)|(?P<zw2>injuries))"
            r"(?:(?:\s+(?:were|was|have been))?\s+(?:reported|recorded)|(?=\s*[.;]))|"
            r"there (?:were|was|have been) no (?:reported |known |immediate )?"
            r"(?:(?P<zk3>deaths|fatalities|casualties|victims)|"
            r"(?P<zw3>injuries))\b|"
            # a note's "No fatalities." / "Fatalities: 0."
            r"^\s*(?:no (?P<zk4>fatalities|deaths|casualties)|(?:fatalities|deaths)\s*:\s*0)"
            r"\s*\.?\s*$")
        self.coord_re = re.compile(
            rf"(?<![\w-]){self.num_src}((?:\s+{_MID_WORD}){{0,4}}?|(?:\s+{_MID_WORD}){{1,2}}\s+of"
            rf"(?:\s+(?:the|a|an))?(?:\s+{_MID_WORD}){{1,3}}?)"
            r"\s*(?:,\s*and|,|and)(?:\s+the)?\s*$")  # "four civilians and the two bombers";
        # "three members of the same family and two neighbours"
        self.self_re = re.compile(
            r"(?<![\w-])(?:killed|shot) (?:himself|herself)|took (?:his|her) own life|"
            r"turn(?:ed|ing) the gun on (?:himself|herself)|blew (?:himself|herself) up|"
            r"(?<=killed )(?:his|her) [^.;,]{1,40}? and (?:then )?(?:himself|herself)\b")
        # "N people, including a guard and two soldiers, were killed": N, not the list; so too
        # with the list in apposition ("two journalists, A and B, were shot dead")
        self.incl_re = re.compile(
            rf"(?<![\w-]){self.num_src}{mid}\s*,?\s+(?:(?:including|among them|among whom)\s"
            rf"[^.;]{{0,160}}?|(?<=,\s)[^.;,]{{3,50}}?(?:,\s*\d{{1,3}})?(?:,?\s+and\s+[^.;,]{{1,50}}?"
            rf"(?:,\s*\d{{1,3}})?)?(?=,)),?\s+{_AUX}(?:{kinds})(?![\w])")
        # "beat a man to death", "stoned two women to death": a killing with its object inside
        self.to_death_re = re.compile(
            rf"(?<![\w-])(?:beat(?:en|ing)?|stabb(?:ed|ing)|hack(?:ed|ing)|ston(?:ed|ing)|burn(?:ed|t|"
            rf"ing)|tortured|clubbed|shot|shooting|kicked)\s+{self.num_src}(?P<dmid>(?:\s+[a-z0-9'’-]+)"
            rf"{{0,3}}?)\s+to death")
        # "In addition to the (two) assailant(s), ..." -- the perpetrators died too.
        self.besides_re = re.compile(
            rf"(?<![\w-])(?:in addition to|aside from|apart from|besides|other than)\s+"
            rf"(?:the\s+deaths?\s+of\s+)?(?:the\s+)?(?:(?P<n1>{core})\s+)?(?:(?:suicide|female|male|lone)\s+)?"
            rf"(?P<perp>{PERP})(?P<pl>s)?(?![\w])")
        # an active verb with an object: "three gunmen killed two civilians" is not 3 dead
        self.object_next_re = re.compile(
            rf"\s+(?:and\s+(?:killed|wounded|injured)\s+)?(?:(?:the|a|an|his|her|their|its|him|them|"
            rf"at least|more than|some|several|dozens|any|many|scores|hundreds|thousands)\b|\d|"
            rf"(?:{numw})\b)")
        # "the commander and two of his guards were killed": one more victim before the count
        self.person_and_re = re.compile(
            rf"\b(?:the|a|an|his|her|their)\s+(?:\w+\s+)?{_PERSON}\s+and\s+$")
        self.single_re = re.compile(
            rf"(?<![\w-])(?:he|she|the (?:\w+ )?{_PERSON}|{_PERSON}|\d{{1,2}}[- ]year[- ]old)"
            rf"\s*,?\s*(?:was|has been|had been|has|had|got|later|also|accidentally|critically|"
            rf"seriously|badly|\s)*\s*(?:(?P<sk>shot and killed|killed|"
            rf"shot dead|executed|beheaded|hanged|"
            rf"fatally (?:shot|wounded|stabbed)|pronounced dead|died|murdered|slain)|"
            rf"(?P<sw>wounded|injured|hurt|shot|hospitali[sz]ed|(?:suffered|sustained) "
            rf"(?:[\w-]+ ){{0,3}}?(?:injuries|injury|(?:gunshot )?wounds?)))(?![\w])")


def find_counts(low: str, cm: CountMatcher, text: str | None = None) -> list[Count]:
    """Casualty counts in one lower-cased sentence (``text``: the same sentence as written,
    for named victims)."""
    out: list[Count] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, val: tuple[int | None, int, int | None], group: str, s: int, e: int,
            zero: bool = False, also: bool = False) -> None:
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        if val[1] > 0 or val[2] is not None:  # not "an unknown number of insurgents" alone
            out.append(Count(kind, val[0], val[1], val[2], group, s, e, zero, also))

    for m in cm.zero_re.finditer(low):
        kind = "wounded" if any(m.group(g) for g in ("zw", "zw2", "zw3")) else "killed"
        before = len(out)  # "no casualties", "no one was killed or hurt": both figures zero
        add(kind, (0, 0, 0), "civilian", m.start(), m.end(), True)
        both = m.group("zboth") or {"casualties", "victims"} & set(m.group("zk2", "zk3", "zk4"))
        if len(out) > before and (both or kind == "wounded"):  # no one hurt: nor killed
            other = "killed" if kind == "wounded" else "wounded"
            out.append(Count(other, 0, 0, 0, "civilian", m.start(), m.end(), True))
    low = without_part_of(THE_PERP.sub("one", low))
    for m in cm.incl_re.finditer(low):
        val = cm.value(m)
        if val is None or year_like(m) or m.group("single") or subset_before(low, m.start()) or \
                OBJECT_OF_BEFORE.search(low, max(0, m.start() - 40), m.start()):
            continue
        kind = "killed" if m.group("kill") else "wounded" if m.group("wound") else "shot"
        val, start = groups_before(cm, low, m, val, taken)  # "nine rebels and three soldiers, ..."
        add(kind, val, _group(m.group("mid") or ""), start, m.end())
    for m in cm.to_death_re.finditer(low):
        val = cm.value(m)
        if val is not None and not year_like(m):
            add("killed", val, _group(m.group("dmid") or ""), m.start(), m.end())
    for m in cm.besides_re.finditer(low):
        n = cm.parse_int(m.group("n1")) if m.group("n1") else (None if m.group("pl") else 1)
        if n:
            add("killed", (n, n, n), "armed", m.start(), m.end())
    for m in cm.subject_re.finditer(low):
        if year_like(m) or subset_before(low, m.start()) or \
                OBJECT_OF_BEFORE.search(low, max(0, m.start() - 40), m.start()) or \
                not_all_dead(low, m.start(), m.end("mid"), m.end()):
            continue  # "two of the five victims had died": the five are not all dead
        val = cm.value(m)
        if val is None:
            continue
        verb = m.group("kill") or m.group("wound") or m.group("shot") or ""
        if (verb in ACTIVE_KINDS and not AUX_WORD.search(low, m.end("mid"), m.end())
                and cm.object_next_re.match(low, m.end())):
            continue  # "three gunmen killed two civilians": the gunmen are the killers
        mid = m.group("mid") or ""
        if m.group("single") and not re.search(_PERSON, mid) and not _AGE_WORD.search(mid) \
                and not (m.group("single") == "both" and _PLURAL_PEOPLE.search(mid)):
            if m.group("single") != "another":
                continue
        kind = "killed" if m.group("kill") else "wounded" if m.group("wound") else "shot"
        if kind == "shot" and _AND_WOUNDED.match(low, m.end()):
            kind = "wounded"  # "were shot and wounded": hurt, not killed
        elif kind == "shot" and AND_DIED.match(low, m.end()):
            kind = "killed"  # "a boy was shot and later died"
        if kind == "shot" and (m.group("single") == "another" or _ORDINAL.match(mid)
                               or _SURVIVES.match(low, m.end())):
            kind = "wounded"  # "another man / a third victim was shot", "... survived": alive
        group = _group(mid)
        if m.group("single") == "another" and not mid.strip() and out:
            group = out[-1].group
        val, start = groups_before(cm, low, m, val, taken)
        if start < m.start():  # "three policemen and two rebels": the classes of all groups
            group = _group(low[start:m.start()] + " " + mid)
        if text is not None and kind == "killed" and len(text) == len(low):
            named = named_before(text, low, start, cm.person_and_re)  # "Juan and two others"
            if named is not None:
                val, start = add_values(val, (1, 1, 1)), named
        add(kind, val, group, start, m.end(), also="also" in low[m.end("mid"):m.end()].split())
    for m in cm.object_re.finditer(low):
        # "killing four, two of them children, and wounding seven": the verb opens a clause
        verb_end = max(m.end(g) for g in ("okill", "owound", "oshot") if m.group(g))
        if year_like(m) or subset_before(low, m.start()) and subset_before(low, verb_end + 1):
            continue
        if INFINITIVE.search(low, max(0, m.start() - 4), verb_end):
            continue  # "a threat to kill 20 judges", "tried to kill two": no one died
        val = cm.value(m)
        if val is None:
            continue
        omid = m.group("omid") or ""
        kin = AND_KIN.match(low, m.end())  # "... and his wife": the one before is a person too
        if m.group("single") and kin is None and not single_object_person(low, m, omid):
            continue
        if re.match(r"\s+(?:years?|months?|days?|hours?|minutes?|times?|rounds?|shots?|"
                    r"bullets?|percent|miles?|km|kilometers?|meters?|feet|am|pm|a\.m|p\.m)\b",
                    omid):
            continue
        kind = "killed" if m.group("okill") else "wounded" if m.group("owound") else "shot"
        val = add_values(val, (1, 1, 1)) if kin else val  # "killed a chief and his son"
        more = None if kin else cm.obj_and_re.match(low, m.end())
        pv = cm.value(more) if more and not more.group("single") and \
            counted_people_words(more.group("amid"), _group(more.group("amid"))) else None
        if more and pv:
            val = add_values(val, pv)
        end = more.end() if more and pv else kin.end() if kin else m.end()
        add(kind, val, _group(omid), m.start(), end)
    for m in cm.them_re.finditer(low):
        val, words = cm.value(m), m.group("mid") or ""
        if val is not None and not year_like(m) and not m.group("single") and \
                counted_people_words(words, _group(words)):
            add("killed", val, _group(words), m.start(), m.end())
    for m in cm.left_re.finditer(low):
        val = cm.value(m)
        if val is None or year_like(m):
            continue
        add("killed" if m.group("lkill") else "wounded", val, _group(m.group("mid") or ""),
            m.start(), m.end())
    for m in [*cm.toll_re.finditer(low), *cm.loss_re.finditer(low), *cm.toll2_re.finditer(low)]:
        val, tkind = cm.value(m), m.groupdict().get("tkind") or ""
        if val is None or year_like(m):
            continue
        if tkind in ("fatality", "death") and m.group().split()[0] not in ("one", "1"):
            continue  # "it being a fatality", "a death in the family": no figure
        add("wounded" if tkind == "injuries" else "killed", val, toll_group(low, m) or TOTAL,
            m.start(), m.end())  # "3 fatalities": everyone; "the bodies of four rebels": rebels
    for m in cm.self_re.finditer(low):
        if not INCLUDING_SELF.search(low):  # "killing 12 people including herself"
            kind = "shot" if self_wound(low, m.start(), m.end()) else "killed"
            add(kind, (1, 1, 1), "armed", m.start(), m.end())
    kinds_found = {c.kind for c in out}
    if text is not None and "killed" not in kinds_found and len(text) == len(low):
        listed = named_dead(text)  # "X and his wife", "Ann Lee, 23, and Joe Park, 25,"
        if listed is not None:
            add("killed", (listed[0],) * 3, "civilian", listed[1], listed[2])
            kinds_found.add("killed")
    if text is not None and not kinds_found & {"wounded", "shot"} and len(text) == len(low):
        hurt = named_hurt(text)  # "Ann Lee, Joe Park and Sam Roe were also struck by bullets"
        if hurt is not None:  # (hit: with a death in the sentence, the dead may be of them)
            add("shot" if "killed" in kinds_found else "wounded", (hurt[0],) * 3, "civilian",
                hurt[1], hurt[2])
    if text is not None and "killed" not in kinds_found and len(text) == len(low):
        for m in [*NAMED_OBJECT.finditer(text), *NAMED_SUBJECT.finditer(text)]:
            if m.group(0).split()[0] in NOT_NAME:
                continue
            add("killed", (1, 1, 1), "civilian", m.start(), m.end())
            kinds_found.add("killed")
            break
    if text is not None and "killed" not in kinds_found and len(text) == len(low):
        m1 = ONE_DEATH.search(text)
        if m1 is not None:
            add("killed", (1, 1, 1), "civilian", m1.start(), m1.end())
            kinds_found.add("killed")
    for m in cm.single_re.finditer(low):
        kind = "killed" if m.group("sk") else "wounded" if m.group("sw") != "shot" else "shot"
        if kind in kinds_found:
            continue
        add(kind, (1, 1, 1), _group(m.group(0)), m.start(), m.end())
    return out
