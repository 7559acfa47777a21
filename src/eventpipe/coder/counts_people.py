"""Victims the grammar counts one by one, put together for a sentence's counts: a pair ("the
mayor and his bodyguard"), a single victim, a person with a group ("the governor and two of
his guards"), one more person "also killed", a single wounded."""

from __future__ import annotations

import re

from .counts import TOTAL, Count, _group
from .counts_news import lost_own, told_group
from .counts_partitive import more_deaths
from .counts_rules import _PERSON, _TITLES, _WORDS, number
from .counts_single import (
    _N,
    _NOT_ONE,
    _PERSON_WORD,
    _counted_people,
    _victim_group,
    first_kill,
    pair_of_victims,
    person_and_group,
    single_victim,
    single_wounded,
)

# "the minister was assassinated in an attack in which two of his guards were also killed"
_ALSO_DIED = re.compile(r"\b(?:were|have\s+been|had\s+been)\s+also\s+(?:killed|murdered|"
                        r"shot\s+dead|slain)\b|\balso\s+(?:died|perished|lost\s+their\s+lives)\b")


def also_killed(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with one person killed earlier in the sentence added to a counted group
    that was "also killed"."""
    killed = [c for c in counts if c.kind == "killed" and not c.explicit_zero]
    if len(killed) != 1 or "also" not in low:
        return counts
    c = killed[0]
    if not _ALSO_DIED.search(low, c.start - offset, c.end - offset + 20):
        return counts
    first = first_kill(low[:c.start - offset])
    if first is None:
        return counts
    n = c.best + 1
    return [x for x in counts if x is not c] + [
        Count("killed", n, n, n, c.group, offset + first[0], c.end, False)]


# "blew herself up, killing herself and 17 guests": the bomber dies with the victims
_SELF_AND_N = re.compile(r"\b(?:killing|killed|kills)\s+(?:him|her|them)sel(?:f|ves)\s+and\s+"
                         r"(?:at\s+least\s+)?" + _N +
                         r"\s+(?:other\s+)?(?:[a-z'’-]+\s+){0,2}?(?P<noun>[a-z]+)\b")


def self_and_others(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with "killing himself and N others" read as N + 1 killed (the perpetrator's
    own death counted once)."""
    m = _SELF_AND_N.search(low) if "sel" in low else None
    if m is None or not (m.group("noun") == "others" or _counted_people(m.group("noun"))):
        return counts
    word = m.group("n")
    n = number(word) + 1
    start, end = offset + m.start(), offset + m.end()
    # the count of the same victims, and the bomber counted alone ("blew herself up")
    same = [c for c in counts if c.kind == "killed" and not c.explicit_zero and
            ((c.start < end and start < c.end) or (c.best == 1 and c.group == "armed"))]
    return [c for c in counts if c not in same] + [
        Count("killed", n, n, n, _victim_group(m.group("noun")), start, end, False)]


# "a seventh victim succumbed two days later", "a fourth victim later died": the toll so far
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
_NTH_VICTIM = re.compile(r"\b(?:a|the)\s+(?P<ord>" + "|".join(_ORDINALS) + r")\s+(?:victim|person|"
                         r"man|woman|child|boy|girl|soldier|officer|policeman|civilian|passenger|"
                         r"worker|student|villager|resident)\s+(?:[a-z]+\s+){0,2}?(?:died|"
                         r"succumbed|has\s+died|was\s+(?:killed|found\s+dead|pronounced\s+dead))"
                         r"\b")


def nth_victim(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with "a seventh victim died" read as a toll of seven."""
    m = _NTH_VICTIM.search(low) if any(f" {o} " in low for o in _ORDINALS) else None
    if m is None:
        return counts
    n = _ORDINALS[m.group("ord")]
    start, end = offset + m.start(), offset + m.end()
    same = [c for c in counts if c.kind == "killed" and c.start < end and start < c.end]
    return [c for c in counts if c not in same] + [
        Count("killed", n, n, n, TOTAL, start, end, False)]


# "hacked him to death", "shot her dead", "doctors pronounced him dead": one victim named by a
# pronoun
_PRONOUN_KILLED = re.compile(r"\b(?:(?:beat|beaten|beating|hacked|hacking|stabbed|stabbing|stoned|"
                             r"stoning|clubbed|tortured|kicked|burned|burnt|shot|shooting|"
                             r"pronounced|declared)\s+"
                             r"(?:him|her)\s+(?:to\s+death|dead)|(?:beheaded|beheading|executed|"
                             r"executing|strangled|lynched|lynching)\s+(?:him|her)|(?:showing|"
                             r"filmed|recording)\s+(?:his|her)\s+(?:execution|beheading|killing))\b")


def pronoun_killed(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with one death when the sentence counts none and kills "him" or "her"."""
    if not any(w in low for w in (" dead", " death", " him", " her", " his ")) or \
            any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    m = _PRONOUN_KILLED.search(low)
    if m is None:
        return counts
    return counts + [Count("killed", 1, 1, 1, "civilian", offset + m.start(), offset + m.end(),
                           False)]


# "one of the laborers succumbed to his wounds", "a woman, one of four people struck by bullets,
# had died": one death among victims counted elsewhere (or here: the people struck)
_TENS = tuple(w for w, n in _WORDS.items() if 2 <= n <= 10)
_ONE_OF_DIED = re.compile(
    r"\b(?P<k>one|two|three|four|five)\s+of\s+(?:(?:the|those|these|his|her|their)\s+)?"
    r"(?:(?P<n>\d{1,2}|" + "|".join(_TENS) + r")\s+)?"
    r"(?P<mod>(?:[a-z-]+\s+){0,2}?)(?:" + _PERSON + r"s?|men|women|"
    r"children|people|persons|injured|wounded)\b(?P<hit>\s+(?:who\s+were\s+)?(?:shot|hit|struck|"
    r"wounded|injured)\b)?(?P<gap>[^.;]{0,80}?)\b(?:later\s+|also\s+|subsequently\s+)?(?:died|succumbed|"
    r"has\s+died|had\s+died|was\s+pronounced\s+dead)\b")


# "of the five teenagers hit, one was pronounced dead": the dead among those hit
_OF_THE_N_ONE_DIED = re.compile(
    r"\bof\s+the\s+(?P<n>\d{1,2}|" + "|".join(_TENS) + r")\s+"
    r"(?P<mod>(?:[a-z-]+\s+){0,2}?)(?:people|"
    r"persons|men|women|victims|teens|teenagers|" + _PERSON + r"s)(?P<hit>\s+(?:who\s+were\s+)?"
    r"(?:shot|hit|struck|wounded))?\s*,\s*(?P<k>one|two|three|four|five)\s+(?:was|were|had|has|"
    r"have)?\s*(?:been\s+)?(?:later\s+)?(?:pronounced\s+dead|died|killed)\b")
_NOT_THEIR_DEATH = re.compile(r"\b(?:were|are|including|one|who|whom)\b")


def one_of_died(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the deaths when the sentence counts none and says one (two, ...) of the
    victims died; with "one of three people struck" or "two of 5 shooting victims", the
    three (five) are counted as shot."""
    if "of " not in low or any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    m = _ONE_OF_DIED.search(low) or _OF_THE_N_ONE_DIED.search(low)
    if m is None:
        return counts
    start, end = offset + m.start(), offset + m.end()
    group = _group(low[m.start():m.end()])  # "one of the attacking guerrillas": armed
    k = 1 if m.group("k") == "one" else number(m.group("k"))
    if k > 1 and _NOT_THEIR_DEATH.search(m.groupdict().get("gap") or ""):
        return counts  # "three of the victims were under 18, among them the man who died"
    word = m.group("n")
    if word and number(word) <= k:
        return counts  # "two of two": not a part of a group
    out = counts + [Count("killed", k, k, k, group, start, end, False)]
    shot = m.group("hit") or re.search(r"\b(?:shooting|gunshot)\b", m.group("mod"))
    if word and shot:  # the people hit, the dead among them: shot, not wounded
        n = number(word)
        out = [c for c in out if c.kind not in ("shot", "wounded") or c.best != n]
        if not any(c.kind in ("shot", "wounded") for c in out):
            out.append(Count("shot", n, n, n, group, start, end, False))
    return out


# "forced nine passengers off the bus and shot them dead", "abducted five road workers and
# later executed them": the dead are the people taken before, named again by "them"
_TAKEN_N = re.compile(
    r"\b(?:forced|abducted|kidnapped|seized|took|dragged|pulled|lined\s+up|rounded\s+up|"
    r"captured|separated|singled\s+out|tied\s+up|blindfolded|grabbed|marched|ordered)\s+"
    r"(?:at\s+least\s+|some\s+|about\s+)?" + _N + r"\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>" + _PERSON + r"s|men|women|children|people|persons)\b")
_KILLED_THEM = re.compile(r"\b(?:shot|killed|executed|beheaded|murdered|hacked|stabbed|"
                          r"slaughtered|massacred|gunned)\s+(?:all\s+(?:of\s+)?)?them"
                          r"(?:\s+(?:all|dead|down|to\s+death))?\b")


def killed_them(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the people taken earlier in the sentence killed when it kills "them"
    and counts no dead of its own."""
    if " them" not in low or any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    kill = _KILLED_THEM.search(low)
    if kill is None:
        return counts
    taken = list(_TAKEN_N.finditer(low, 0, kill.start()))
    if not taken:
        return counts
    m = taken[-1]
    word = m.group("n")
    n = number(word)
    return counts + [Count("killed", n, n, n, _group(m.group("noun")), offset + m.start(),
                           offset + kill.end(), False)]


# "the engineer died in the blast", "journalist Ana Rios died instantly" (names in capitals
# too): one person who died
_DIED = r"(?:later\s+|also\s+|instantly\s+|immediately\s+)?(?:died|passed\s+away)\b"
_PERSON_DIED = re.compile(
    r"(?:^|[,;:\]]\s*|--\s*|\b(?:the|a|an|his|her|their|that)\s+)(?:[a-z'’-]+\s+){0,3}?"
    r"(?P<who>" + _PERSON + "|" + _TITLES + r")(?:\s+of\s+[\w-]+)?"  # "a man of 19 died"
    r"(?:\s*\([^()]{1,40}\))?"  # "the victim (John Doe, 31) died"
    r"(?P<name>(?:\s+[a-z'’.-]+){0,3}?)\s+" + _DIED)
_NOT_A_NAME = frozenset({"and", "or", "who", "said", "says", "that", "were", "was", "had", "has",
                         "have", "of", "in", "on", "at", "after", "when", "people", "men",
                         "two", "three", "four", "five", "others", "both", "all", "also"})


# "Juan Ossa, the 40-year-old candidate, has died": a name, its title in an apposition
_NAME_TITLE_DIED = re.compile(
    r"(?:^|[.;:\]]\s*|--\s*|\bthat\s+)(?P<name>(?:[a-z'’.-]+\s+){1,3}?[a-z'’.-]+),\s+"
    r"(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}?(?P<who>" + _PERSON + "|" + _TITLES + r"),\s+"
    r"(?:has\s+|had\s+)?" + _DIED)
# "the victim was taken to hospital, where he died": one person who died
_WHERE_HE_DIED = re.compile(r"\b(?:where|and)\s+(?P<name>)(?P<who>he|she)\s+(?:later\s+|"
                            r"unfortunately\s+|subsequently\s+)?(?:died|passed\s+away)\b")
# "a woman hurt in a drive-by shooting on Friday died on Sunday": the one hurt died later
# ("his driver was seriously wounded in the attack and died later": one more dead)
_HURT_THEN_DIED = re.compile(
    r"\b(?:a|an|the|(?P<own>his|her|their))\s+(?:[\w'’-]+\s+){0,3}?(?P<who>" + _PERSON +
    r")(?P<name>)\s+(?:who\s+)?(?:was\s+)?(?:[a-z]+ly\s+)?(?:wounded|hurt|injured|shot)\s+"
    r"(?:in|inside|outside|at|near|while|during|when|by)\b[^.;]{0,100}?\b"
    r"(?:has\s+|later\s+)?(?:died|succumbed)\b")
# "the double murder of ...": two killed in one act
_MULTIPLE = {"double": 2, "triple": 3, "quadruple": 4}
_MULTIPLE_MURDER = re.compile(r"\b(?P<size>double|triple|quadruple)\s+(?:murder|killing|"
                              r"homicide|assassination|slaying)\b")


def person_died(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with the dead of a sentence that counts none: one person who "died", or a
    "double murder"."""
    if any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    if ("ble " in low or "ple " in low) and (mm := _MULTIPLE_MURDER.search(low)) is not None:
        n = _MULTIPLE[mm.group("size")]
        return counts + [Count("killed", n, n, n, "civilian", offset + mm.start(),
                               offset + mm.end(), False)]
    if " died" not in low and " passed away" not in low:
        return counts
    for rx in (_PERSON_DIED, _NAME_TITLE_DIED, _WHERE_HE_DIED, _HURT_THEN_DIED):
        for m in rx.finditer(low):
            if _NOT_A_NAME.isdisjoint(m.group("name").split()):
                start, end = offset + m.start("name" if rx is _NAME_TITLE_DIED else "who"), \
                    offset + m.end()
                if rx is _HURT_THEN_DIED:  # the hurt person who died is no longer wounded
                    counts = [c for c in counts if c.kind == "killed" or c.best != 1
                              or not offset + m.start() <= c.start < end]
                return counts + [Count("killed", 1, 1, 1, _group(m.group("who")), start, end,
                                       False, rx is _HURT_THEN_DIED and bool(m.group("own")))]
    return counts


# "his mother, 40, was also shot": one more person hurt, not one of the dead told before
_ALSO_SHOT = re.compile(r"\balso\s+(?:been\s+)?shot\b(?!\s+(?:dead|and\s+killed|to\s+death))")
_ALSO_SHOT_ONE = re.compile(
    r"\b(?:his|her|their|a|an|the)\s+(?:[a-z'’-]+\s+){0,2}?(?P<who>" + _PERSON + "|" + _TITLES +
    r")(?:\s*,\s*(?:\d{1,3}|[a-z'’-]+(?:\s+[a-z'’-]+){0,2})\s*,)?\s+(?:was|had\s+been)\s+also\s+"
    r"shot\b(?!\s+(?:dead|and\s+killed|to\s+death))")
# "a sound technician was also killed": one more victim besides those told before
_ALSO_KILLED = re.compile(r"\balso\s+(?:been\s+)?(?:killed|murdered|shot\s+dead|died)\b")


def _near(low: str, rx: re.Pattern[str], c: Count, offset: int) -> bool:
    """A short count (a long one holds the first victims too) whose span ``rx`` matches."""
    return c.end - c.start <= 60 and \
        rx.search(low, max(0, c.start - offset), c.end - offset) is not None


def also_told(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with victims told "also" killed or shot: besides the dead told before."""
    out = []
    for c in counts:
        if c.kind == "killed" and not c.also and _near(low, _ALSO_KILLED, c, offset):
            c = Count(c.kind, c.low, c.best, c.high, c.group, c.start, c.end, c.explicit_zero,
                      True)
        elif c.kind == "shot" and _near(low, _ALSO_SHOT, c, offset):
            c = Count("wounded", c.low, c.best, c.high, c.group, c.start, c.end, False)
        out.append(c)
    one = _ALSO_SHOT_ONE.search(low) if " also shot" in low else None
    if one is not None and not any(c.kind in ("wounded", "shot") and c.start - offset < one.end()
                                   and one.start() < c.end - offset for c in out):
        out.append(Count("wounded", 1, 1, 1, _group(one.group("who")), offset + one.start(),
                         offset + one.end(), False))
    return out


# "... abducted three farmers ... The hostages were later beheaded": the dead are the
# people taken, told in an earlier sentence
_THE_TAKEN_KILLED = re.compile(
    r"\bthe\s+(?:victims|hostages|captives|abductees)\s+(?:were|had\s+been)\s+(?:all\s+|later\s+|"
    r"then\s+)*(?:shot\s+and\s+killed|shot\s+dead|killed|executed|murdered|beheaded)\b")


_BEFORE_CHARS = 600  # how far back a later sentence's "the hostages" or "the bombers" look


def taken_before_killed(low: str, counts: list[Count], offset: int, before: str) -> list[Count]:
    """``counts`` with the people taken in ``before`` (the article's text before the sentence)
    killed when the sentence kills "the hostages" and counts no dead of its own."""
    if not before or any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    kill = _THE_TAKEN_KILLED.search(low)
    taken = list(_TAKEN_N.finditer(before)) if kill else []
    if kill is None or not taken:
        return counts
    n = number(taken[-1].group("n"))
    return counts + [Count("killed", n, n, n, _group(taken[-1].group("noun")),
                           offset + kill.start(), offset + kill.end(), False)]


# "the bomber was the only fatality", "the two gunmen were the only deaths": the attackers
# died, as many as told before ("two suicide bombers blew themselves up ...")
_ONLY_CASUALTIES = re.compile(
    r"\bthe\s+(?:two\s+|three\s+)?(?P<who>assailants?|attackers?|bombers?|gunm[ae]n)\s+"
    r"(?:was|were)\s+the\s+only\s+(?:reported\s+)?(?:casualt(?:y|ies)|fatalit(?:y|ies)|deaths?)\b")
_PERPS_N = re.compile(r"\b" + _N + r"\s+(?:[a-z-]+\s+){0,2}?(?:assailants|attackers|bombers|"
                      r"gunmen)\b")


def only_attackers_died(low: str, counts: list[Count], offset: int, before: str) -> list[Count]:
    if "only" not in low or any(c.kind == "killed" and not c.explicit_zero for c in counts):
        return counts
    m = _ONLY_CASUALTIES.search(low)
    if m is None:
        return counts
    told = list(_PERPS_N.finditer(before, max(0, len(before) - 400)))
    n = 1 if not m.group("who").endswith(("s", "men")) else \
        number(told[-1].group("n")) if told else 0
    if not n:
        return counts
    return counts + [Count("killed", n, n, n, "armed", offset + m.start(), offset + m.end(),
                           False)]


def single_people(low: str, counts: list[Count], offset: int, text_low: str = "") -> list[Count]:
    """``counts`` with the people the grammar counts one by one: pairs, single victims, a
    person with a group, one more "also killed", a single wounded."""
    counts = pair_of_victims(low, told_group(low, counts, offset), offset)
    counts = person_and_group(low, counts + single_victim(low, counts, offset), offset)
    counts = also_killed(low, counts, offset)
    counts = self_and_others(low, counts, offset)
    counts = nth_victim(low, counts, offset)
    counts = pronoun_killed(low, counts, offset)
    counts = more_deaths(low, one_of_died(low, counts, offset), offset)
    counts = killed_them(low, counts, offset)
    before = text_low[max(0, offset - _BEFORE_CHARS):offset]  # the sentences just before
    counts = taken_before_killed(low, counts, offset, before)
    counts = only_attackers_died(low, counts, offset, before)
    counts = person_died(low, counts, offset)
    counts = also_told(low, counts, offset)
    counts = person_and_wounded(low, counts, offset)
    counts = lost_own(low, counts, offset)
    died = [(offset + m.start(), offset + m.end()) for m in _HURT_THEN_DIED.finditer(low)] \
        if "died" in low or "succumbed" in low else []  # "a girl hurt in ... died": not hurt
    return counts + [w for w in single_wounded(low, counts, offset) if not any(  # died later
        c.kind == "killed" and c.also and c.start < w.end and w.start < c.end for c in counts)
        and not any(s < w.end and w.start < e for s, e in died)]


# "a woman and her two children were wounded", "a baby and four others were taken to hospital",
# "three students and a teacher were injured": one person with a counted group, all hurt
_HURT = (r"\s+(?:were\s+(?:all\s+|both\s+)?(?:[a-z]+ly\s+)?(?:wounded|injured|hurt|"
         r"hospitali[sz]ed)|(?:were\s+)?(?:taken|rushed|sent)\s+to\s+(?:a\s+|the\s+)?hospitals?)\b")
_PERSON_AND_N = re.compile(
    r"\b(?:a|an|the|one)\s+(?P<first>[a-z][a-z'’.-]*(?:\s+[a-z][a-z'’.-]*){0,3}?)\s+and\s+"
    r"(?:(?:his|her|their)\s+)?" + _N + r"\s+(?P<noun>[a-z]+)" + _HURT)
# "wounding the driver and four passengers": the active voice
_ACTIVE_PERSON_AND_N = re.compile(
    r"\b(?:wounding|wounded|injuring|injured)\s+(?:a|an|the|one)\s+(?P<first>[a-z][a-z'’.-]*"
    r"(?:\s+[a-z][a-z'’.-]*){0,2}?)\s+and\s+(?:(?:his|her|their)\s+)?" + _N +
    r"\s+(?:other\s+)?(?P<noun>[a-z]+)\b")
_N_AND_PERSON = re.compile(
    r"\b" + _N + r"\s+(?:[a-z]+\s+){0,2}?(?P<noun>[a-z]+)\s+and\s+(?:a|an|one|the|his|her|their)"
    r"\s+(?P<first>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*)?)" + _HURT)


# "a guard died and two others were hurt": a clause, not one noun phrase
_NOT_A_NOUN_PHRASE = re.compile(r"\b(?:was|were|is|are|has|had|been|killed|dead|died|shot|"
                                r"wounded|injured|hurt|in|on|at|who|when|after)\b")


def person_and_wounded(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with one person and a counted group hurt together read as N + 1 wounded when
    the sentence's wounded counts lie inside that phrase."""
    if " and " not in low:
        return counts
    for m in (*_PERSON_AND_N.finditer(low), *_N_AND_PERSON.finditer(low),
              *_ACTIVE_PERSON_AND_N.finditer(low)):
        first, noun = m.group("first"), m.group("noun")
        if not any(_PERSON_WORD.fullmatch(w) for w in first.split()) or \
                _NOT_ONE.search(first) or _NOT_A_NOUN_PHRASE.search(first) or \
                not (noun == "others" or _counted_people(noun)):
            continue
        word = m.group("n")
        n = number(word)
        start, end = offset + m.start(), offset + m.end()
        hurt = [c for c in counts if c.kind in ("wounded", "shot") and not c.explicit_zero]
        if any(c.best not in (1, n) or c.end <= start or c.start >= end for c in hurt):
            continue  # the sentence counts its wounded otherwise
        return [c for c in counts if c not in hurt] + [
            Count("wounded", n + 1, n + 1, n + 1, _victim_group(noun), start, end, False)]
    return counts
