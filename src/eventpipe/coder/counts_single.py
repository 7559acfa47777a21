"""One victim named without a number, beside ``counts``: a singular passive ("the headman was
hacked to death"), a death noun with one victim ("the assassination of a lecturer", "the murder
of Jane Doe"), a possessive ("the senator's assassination") or an active verb with one person as
its object ("gunmen shot dead Jane Doe, a prosecutor"; "killed him"). In capitals names are read
by their form: no number, no plural, no quantifier. Each rule gives one killed when the sentence
has no killed count (the killer's own death aside).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .counts import _PERSON, Count, _group
from .counts_deaths import DEATH_OF, SHOOTING_DEATH, body_found
from .counts_rules import _AGE_WORD, _ONE_HURT, _ORDINAL_ONE, _TITLES, _WORDS, number

_ADV = (r"(?:(?:brutally|reportedly|allegedly|later|also|then|apparently|cowardly|publicly)\s+|"
        r"(?:identified|spotted|captured|stopped|seized|surrounded|tortured)\s+and\s+)?")
_KILL_PP = (r"(?:killed|murdered|assassinated|slain|executed|shot (?:to death|dead)|gunned down|"
            r"stabbed to death|beaten to death|hacked to death|machine-?gunned to death)")
_PASSIVE_KILL = re.compile(rf"\b(?:was|has been|had been)\s+{_ADV}"
                           rf"(?:{_KILL_PP}|found (?:dead|murdered|slain))\b")
# ("the murder committed by the rebels against Dr Jane Doe": the victim after "against")
_NOUN_KILL = re.compile(r"\b(?P<noun>murder|assassination|killing|slaying)"
                        r"(?:\s+on\s+\d{1,2}\s+[a-z]+)?(?:\s+of|\s+(?:committed|perpetrated|"
                        r"carried out)(?:\s+by\s+[^,.;:()\"]{1,60}?)?\s+against)\s+"
                        r"(?:the\s+|a\s+|an\s+)?(?P<obj>[a-z0-9][^,.;:()\"]{0,70})")
# "the senator's assassination": a singular possessor ("the monks'" is plural)
_POSSESSIVE_KILL = re.compile(
    r"(?P<obj>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4}?)(?:'s|’s|(?<=[a-rt-z])'|(?<=[a-rt-z])’)\s+"
    r"(?:murder|assassination|killing|slaying)\b(?!\s+(?:rates?|fields?|spree|toll|squads?))")
_NOT_POSSESSOR = re.compile(r"\b(?:country|city|nation|government|army|people|today|yesterday|"
                            r"week|year|month|weekend|night|state|party|group|region|world)$")
_AGE = re.compile(r"^\d{1,3}[- ]years?[- ]old\s+")
_AGES = re.compile(r"\b\d{1,3}-years?-old\b")
_ACTIVE_KILL = re.compile(r"\b(?:killed|killing|murdered|murdering|assassinated|executed|"
                          r"shot dead|gunned down|lynched|(?:beat|beaten|hacked|stoned|stabbed|"
                          r"burned|burnt|clubbed) to death)"
                          r"\s+(?:the\s+|a\s+|an\s+)?(?P<obj>[a-z][^,.;:()\"]{0,60})")
# where the object phrase ends: a preposition, a conjunction, a time word or a clause
_OBJ_END = re.compile(r"(?:^|\s+)(?:in|on|at|near|by|and|or|last|yesterday|today|tonight|this|who|"
                      r"which|whom|during|while|after|before|when|as|with|from|for|outside|"
                      r"inside|because|but|early|late|between)\b|\s+that\b|"
                      r"\s+(?:\d+|a|one|two|three|few|several)\s+(?:days?|weeks?|hours?)\s+ago\b")
_NOT_ONE = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozens?|"
                      r"several|many|some|few|all|both|every|everyone|people|persons|others|"
                      r"them|themselves|civilians|no|nobody|anyone|any|more|most|those|these|"
                      r"their|each|scores|family|families|group|crew|members)\b")
_SINGLE_PRONOUN = re.compile(r"^(?:him|her)$")
# a person: a person noun or title in the phrase, or an apposition after it ("KILLED JANE
# DOE, A PROSECUTOR,"; "killed John Doe, 45,"): "killed the bill" names no one
_PERSON_WORD = re.compile(rf"\b(?:{_PERSON}|{_TITLES})\b")
# used with .match(text, pos): no "^" anchor
_APPOSITION = re.compile(rf"\s*,\s*(?:(?:a|an|the|his|her)\s+)?(?:[a-z'’-]+\s+){{0,4}}?"
                         rf"(?:{_PERSON}|{_TITLES})\b|\s*,\s*\d{{1,3}}\s*(?:,|\.?$)")
# "the priests, their cook, and her daughter": a list, not a name with its apposition
_LIST_GOES_ON = re.compile(r"\s*,?\s+and\b")
# "no one else was killed", "the whole crew was killed", "a horse was killed": no one person
_NO_SUBJECT = re.compile(r"\b(?:no one|nobody|none|no)\b[^,.;]{0,40}$|\b(?:family|families|"
                         r"group|crew|team|dog|cat|horse|animal|pet|cattle|livestock|"
                         r"everyone|all)\s+$")
# used with .match(text, pos): the phrase is the first of alternatives ("a judge, police head,
# or politician"; "a mayor or a journalist")
_EITHER_OR = re.compile(r"(?:\s*,\s*(?:(?:a|an|the)\s+)?[a-z'’-]+(?:\s+[a-z'’-]+)?){0,3}"
                        r"\s*,?\s+or\s+(?:a|an|the)?\s*[a-z]")
# "a police officer escorting the team was killed": the person is the head, the group is in
# its modifier
_PERSON_MODIFIED = re.compile(rf"\b(?:a|an|the|one)\s+(?:[a-z'’-]+\s+)?(?:{_PERSON}|{_TITLES})\s+"
                              rf"[a-z]+ing\b")
_OF_TAIL = re.compile(r"\s+of\s+(?:the|a|an|his|her|their)\s+[^,.;]*$")
_SOFTENED = re.compile(r"\b(?:nearly|almost|not|never|narrowly|allegedly|nearly been)\s+$")
_ARMED = re.compile(r"\b(?:soldier|policeman|police officer|officer|guard|sergeant|"
                    r"lieutenant(?! governor)|(?<!barangay )(?<!village )(?<!team )captain|"
                    r"colonel|major(?! general)|(?<!attorney )(?<!secretary )(?<!solicitor )"
                    r"(?<!surgeon )(?<!governor )general|corporal|private|trooper|agent)\b")
# "a former army officer", "a retired general": no longer armed
_FORMER = re.compile(r"\b(?:former|retired|ex-|off-duty|demobili[sz]ed)")


def _victim_group(who: str) -> str:
    return "military" if _ARMED.search(who) and not _FORMER.search(who) else "civilian"


def _singular(obj: str, low: str = "", at: int = 0) -> str | None:
    """The object phrase if it names one person, else None (``low[at:]`` is the phrase)."""
    end = _OBJ_END.search(obj)
    phrase = (obj[:end.start()] if end else obj).strip()
    if not phrase or len(phrase.split(" of ")[0].split()) > 8:
        return None
    if _SINGLE_PRONOUN.match(phrase):
        return phrase
    age = _AGE.match(phrase)
    head = phrase[age.end():] if age else phrase  # "35-year-old John Doe"
    head = head.split(" of ")[0]  # "the wife of the deputy editor": the wife
    if not head or _NOT_ONE.search(_AGES.sub(" ", head)):  # (not the 15 of "a 15-year-old")
        return None
    if low and _EITHER_OR.match(low, at + len(phrase)):
        return None  # "a judge, a mayor or a journalist": any one of a kind
    appos = _APPOSITION.match(low, at + len(phrase)) if low else None
    if appos is not None and not _LIST_GOES_ON.match(low, appos.end()):
        return phrase  # "John Mathias, a clerk": a name, whatever its last letter
    words = head.split()
    last = words[-1]
    if any(_PERSON_WORD.fullmatch(w) for w in words[:-1]) and not (
            last.endswith("s") and _PERSON_WORD.fullmatch(last[:-1])):
        return phrase  # "plantation worker John Mathias": a title before a name
    if last.endswith("s") and not last.endswith(("ss", "us", "is", "os")):
        return None  # "monks", "judges", "activists" (a name ending in -s is missed)
    if _AGE_WORD.fullmatch(last):
        return phrase  # "an unarmed 15-year-old": the age names the person
    if re.fullmatch(r"[a-z][a-z'’-]*", last) is None:
        return None
    return phrase


# "the murders of the four aid workers": a death noun with its victims counted
_NOUN_COUNT = re.compile(r"\b(?:murders?|assassinations?|slayings?|massacre)\s+of\s+(?:the\s+)?"
                         r"(?P<n>\d{1,3}|" + "|".join(_WORDS) + r")\s+(?![\d-])")
# "... of four aid workers and two drivers": a second counted group of the same death noun
_NOUN_COUNT_MORE = re.compile(r"(?:[a-z'’-]+\s+){1,3}?(?:and|as\s+well\s+as)\s+(?:the\s+)?"
                              r"(?P<n>\d{1,3}|a|an|one|" + "|".join(_WORDS) + r")\s+(?![\d-])"
                              r"(?P<noun>[a-z]+)(?:\s+(?P<noun2>[a-z]+))?\b")

# "three policemen escorting a prison van on the outskirts of the city were killed": a counted
# subject whose modifier is too long for the plain subject pattern
_MODIFIED_COUNT = re.compile(
    r"\b(?P<n>\d{1,3}|" + "|".join(_WORDS) + r")\s+(?P<noun>[a-z]+)\b(?P<mod>[^.;:\d]{5,80}?)\b"
    r"(?:were|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:killed|murdered|assassinated|slain|"
    r"executed|shot\s+dead|shot\s+to\s+death)\b")


def _names_people(word: str, single: bool) -> bool:
    """One person ("a driver") or a counted group of people ("two drivers")."""
    return _PERSON_WORD.fullmatch(word) is not None if single else _counted_people(word)


def _counted_people(noun: str) -> bool:
    return noun.endswith("men") or noun in ("children", "people", "personnel", "troops") or (
        noun.endswith("s") and _PERSON_WORD.fullmatch(noun[:-1]) is not None)


# "her aide and one of her guards were killed": two people, each named in the singular
_ONE_PERSON = (r"(?:(?:the|a|an|his|her|their|its|one\s+of\s+(?:the|his|her|their))\s+)?"
               r"(?:[a-z'’-]+\s+){0,4}?[a-z'’-]+"
               # "a judge of the supreme court", "the mayor of the town"
               r"(?:\s+of\s+the\s+(?:[a-z'’-]+\s+){0,2}?[a-z'’-]+)?")
_OF_PHRASE = re.compile(r"\s+of\s+the\s+.*$")
_PAIR_KILLED = re.compile(rf"(?P<a>{_ONE_PERSON}),?\s+and\s+(?P<b>{_ONE_PERSON})\s+"
                          rf"(?:were|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+|also\s+)?"
                          rf"{_KILL_PP}\b")
# "gunmen wounded a watchman": an active verb with one person as its object
# ("killing one officer and wounding another", "wounding his wife")
_ACTIVE_WOUND = re.compile(r"\b(?:wounded|injured|wounding|injuring)\s+"
                           r"(?P<obj>another\b|(?:a|an|the|one|his|her)(?:\s+[a-z'’-]+){1,3})")
_SELF = ("himself", "herself", "own life")  # the killer's own death: not one victim's
# "the minister was seriously wounded", "his son, who was beside him, was hurt": one person
_ARTICLES = frozenset({"the", "a", "an", "his", "her"})
_PASSIVE_WOUND = re.compile(r"(?P<subj>(?:[a-z'’-]+\s+){0,3}?[a-z'’-]+)(?:\s+of\s+\d{1,2})?"
                            r"(?:\s+|,\s+who\s+[^,.;]{3,60},\s+|\s+who\s+[^,.;]{3,40}?\s+)"
                            r"(?:was|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:wounded|injured|hurt)\b")


def _one_person(phrase: str) -> bool:
    """A singular person: a person word or title as its head, or "one of his <persons>"."""
    if not (words := phrase.split()):
        return False
    if phrase.startswith("one of "):
        return words[-1].endswith("s") and _PERSON_WORD.fullmatch(words[-1][:-1]) is not None
    words = _OF_PHRASE.sub("", phrase).split()  # its head is before "of the ..."
    if _NOT_ONE.search(phrase) is not None:
        return False
    # the head, or a title or kin word before a name of at most three words ("his
    # brother-in-law luis gomez", "mayor pedro rojas" in capitals)
    return any(_PERSON_WORD.fullmatch(w) for w in words[-4:])


_LIST_ITEM_BEFORE = re.compile(r"(?:^|(?<=[\s,]))(?P<p>(?:the|a|an)\s+(?:[a-z'’-]+\s+){0,2}?"
                               r"[a-z'’-]+)\s*,\s*$")


def _pair_killed(low: str) -> re.Match[str] | None:
    for m in _PAIR_KILLED.finditer(low):
        if _one_person(m.group("a").strip()) and _one_person(m.group("b").strip()):
            return m
    return None


def pair_of_victims(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with "the mayor and his bodyguard were shot dead" read as two killed (a
    "one of his bodyguards" count of 1 inside the pair is part of it)."""
    pair = _pair_killed(low)
    if pair is None:
        return counts
    n, first = 2, pair.start()
    while n < 6:  # "an army major, a prosecutor and a candidate were murdered": a longer list
        item = _LIST_ITEM_BEFORE.search(low, max(0, first - 60), first)
        if item is None or not _one_person(item.group("p")):
            break
        n, first = n + 1, item.start("p")
    start, end = offset + first, offset + pair.end()
    killed = [c for c in counts if c.kind == "killed" and not c.explicit_zero]
    if any(c.best > n - 1 or not (start <= c.start and c.end <= end) for c in killed):
        return counts  # the sentence counts its dead otherwise
    group = _victim_group(pair.group())  # the last two name the kind of victims
    return [c for c in counts if c not in killed] + [Count("killed", n, n, n, group, start, end,
                                                           False)]


def single_wounded(low: str, counts: list[Count], offset: int) -> list[Count]:
    """One hurt, told in the singular ("the minister was wounded", "wounding a third")."""
    if any(c.kind == "wounded" and (c.best > 0 or c.explicit_zero) for c in counts):
        return []
    for m in _ACTIVE_WOUND.finditer(low):
        words = m.group("obj").split()
        if m.group("obj") == "another" or words[:2] in (["a", w] for w in _ORDINAL_ONE):
            return [Count("wounded", 1, 1, 1, "civilian", offset + m.start(), offset + m.end(),
                          False)]
        for k in range(2, len(words) + 1):  # "a watchman", "a night watchman"
            obj = " ".join(words[1:k] if words[0] == "one" else words[:k])
            if _one_person(obj):
                group = _victim_group(obj)
                return [Count("wounded", 1, 1, 1, group, offset + m.start(), offset + m.end(),
                              False)]
    hurt = _ONE_HURT.search(low) if any(w in low for w in (
        "grazed", "suffered", ", was ", ", had been ", " by a ", " by stray")) else None
    if hurt is not None:  # "his wife suffered shrapnel wounds", "a woman was grazed in the arm"
        kind = "shot" if " by " in hurt.group() else "wounded"  # "struck by a bullet": shot
        return [Count(kind, 1, 1, 1, _victim_group(hurt.group("who")),
                      offset + hurt.start(), offset + hurt.end(), False)]
    for m in _PASSIVE_WOUND.finditer(low):
        subj = m.group("subj").split()  # from its last article: "[died and] a girl of 16 was"
        k = max((i for i, w in enumerate(subj) if w in _ARTICLES), default=0)
        subj = subj if any(_PERSON_WORD.fullmatch(w) for w in subj[:k]) else subj[k:]
        if not subj or _NOT_ONE.search(" ".join(subj)) or \
                _SOFTENED.search(low[max(0, m.start("subj") - 20):m.start("subj")]):
            continue
        person = subj[0] in ("the", "a", "an", "his", "her") and len(subj) >= 2 and \
            _PERSON_WORD.fullmatch(subj[-1]) is not None
        # "lawyer Ana Ruiz was wounded": a title, then the name
        titled = next((w for w in subj[:-1] if _PERSON_WORD.fullmatch(w)), None)
        # "one officer was killed and the other was wounded", "... and a third was wounded"
        other = subj[-1] == "another" or subj[-2:] == ["the", "other"] or (
            len(subj) >= 2 and subj[-2] in ("a", "the") and subj[-1] in _ORDINAL_ONE)
        if person or other or (titled is not None and not subj[-1].endswith("s")):
            group = _victim_group(" ".join(subj))
            return [Count("wounded", 1, 1, 1, group, offset + m.start(), offset + m.end(), False)]
    return []


def single_victim(low: str, counts: list[Count], offset: int) -> list[Count]:
    """A killed count of 1 from singular grammar when the sentence has none (and the count of
    a death noun: "the murders of the four aid workers")."""
    out: list[Count] = []
    kinds = {c.kind for c in counts if (c.best > 0 or c.explicit_zero) and not any(
        w in low[max(0, c.start - offset):max(0, c.end - offset)] for w in _SELF)}
    if "killed" not in kinds:
        mc = _MODIFIED_COUNT.search(low)
        if mc is not None and _counted_people(mc.group("noun")) and \
                not re.search(r"\b(?:and|or|but|who|which|while)\b", mc.group("mod")):
            word = mc.group("n")
            n = number(word)
            return [Count("killed", n, n, n, _group(mc.group("noun")), offset + mc.start(),
                          offset + mc.end(), False)]
        m = _NOUN_COUNT.search(low)
        if m is not None:
            word = m.group("n")
            n = number(word)
            end = m.end()
            more = _NOUN_COUNT_MORE.match(low, m.end())
            if more is not None:  # "... and two drivers", "... and a driver"
                word = more.group("n")
                single = word in ("a", "an", "one")
                first = _names_people(more.group("noun"), single)
                if first or _names_people(more.group("noun2") or "", single):
                    n += 1 if single else number(word)
                    end = more.end("noun" if first else "noun2")
            return [Count("killed", n, n, n, "civilian", offset + m.start(), offset + end,
                          False)]
        hit = first_kill(low)
        if hit is not None:
            start, end, who = hit
            group = _victim_group(who)
            out.append(Count("killed", 1, 1, 1, group, offset + start, offset + end, False))
    return out


_KILL_NOUNS = ("murder", "assassination", "killing", "slaying")
# every character a ``_POSSESSIVE_KILL`` match can hold before its noun
_POSSESSOR_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz-'’")


def _possessive_kills(low: str) -> Iterator[re.Match[str]]:
    """``_POSSESSIVE_KILL.finditer(low)``, searched only from where a match can start.

    A match ends with one of ``_KILL_NOUNS`` and everything before that noun is a letter, a
    hyphen, an apostrophe or a space, so no match starts before the run of such characters
    that leads up to the first occurrence of a noun (scanning the pattern from every position
    of a long sentence is slow: it tries up to five words at each one)."""
    found = [i for i in map(low.find, _KILL_NOUNS) if i >= 0]
    if not found:
        return iter(())
    pos = min(found)
    while pos > 0 and (low[pos - 1] in _POSSESSOR_CHARS or low[pos - 1].isspace()):
        pos -= 1
    return _POSSESSIVE_KILL.finditer(low, pos)


def first_kill(low: str) -> tuple[int, int, str] | None:
    body = body_found(low)
    if body is not None and not _NOT_ONE.search(body.group("obj")):
        return body.start(), body.end(), body.group("obj")
    m = _PASSIVE_KILL.search(low)
    if m is not None and not _SOFTENED.search(low[max(0, m.start() - 20):m.start()]):
        subj = low[max(0, m.start() - 50):m.start()]
        subj = _OF_TAIL.sub(" ", subj)  # "a technician of the same crew": the technician
        if not _NO_SUBJECT.search(subj) or _PERSON_MODIFIED.search(subj):
            return m.start(), m.end(), subj
    for m in _possessive_kills(low):
        who = m.group("obj")
        if not _NOT_POSSESSOR.search(who) and not _NOT_ONE.search(who):
            return m.start(), m.end(), who
    for rx in (_NOUN_KILL, _ACTIVE_KILL, DEATH_OF):
        for m in rx.finditer(low):
            who = _singular(m.group("obj"), low, m.start("obj"))
            if who is None:
                continue
            needs_person = rx is not _NOUN_KILL or m.group("noun") == "killing"
            if needs_person and not (_SINGLE_PRONOUN.match(who) or _PERSON_WORD.search(who)
                                     or _AGES.search(who) or _AGE_WORD.fullmatch(who.split()[-1])
                                     or _APPOSITION.match(low, m.start("obj") + len(who))):
                continue
            return m.start(), m.end(), who
    m = SHOOTING_DEATH.search(low)
    return None if m is None else (m.start(), m.end(), "person")


# a counted group ("two" .. "twelve" or digits) and the verbs that say its members died
_N = r"(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DIED = r"(?:were\s+(?:all\s+)?(?:killed|shot dead|murdered)|died)\b"
# "killed the governor and two of his bodyguards", "the murder of the minister and three of his
# guards": one person, then a counted group of the same victims (the count misses the first)
_PERSON_AND_GROUP = re.compile(
    r"\b(?:killed|killing|murdered|assassinated|executed|shot dead|gunned down|"
    r"(?:murder|assassination|killing|slaying)s?\s+of)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<first>[a-z][a-z'’.-]*(?:\s+[a-z][a-z'’.-]*){0,7}?),?\s+(?:and|as\s+well\s+as)\s+"
    r"(?:(?:his|her|their)\s+)?" + _N + r"(?:\s+of\s+(?:his|her|their|the))?\s+(?P<noun>[a-z]+)")
# "killed five children and a teacher", "three soldiers and an interpreter were killed"
_N_AND_ONE = (_N + r"\s+(?:[a-z]+\s+){0,2}?(?P<noun>[a-z]+)\s+and\s+(?:a|an|one|the|his|their)\s+"
              r"(?P<first>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*)?)")
_GROUP_AND_PERSON = (
    re.compile(r"\b(?:killed|killing)\s+(?:at\s+least\s+)?" + _N_AND_ONE +
               r"(?=\s*(?:[,.;]|$|\s+(?:in|on|at|near|when|as|during|and)\b))"),
    re.compile(r"\b" + _N_AND_ONE + r"\s+" + _DIED))
# "a woman and her three children died", "a farmer and his two sons were killed"
_PERSON_AND_KIN = re.compile(
    r"\b(?:a|an|the|one)\s+(?P<first>[a-z][a-z'’.-]*(?:\s+[a-z][a-z'’.-]*){0,3}?)\s+and\s+"
    r"(?:his|her|their)\s+" + _N + r"\s+(?P<noun>[a-z]+)\s+(?:were\s+among\s+the\s+dead\b|"
    + _DIED + ")")


def person_and_group(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with "killed <one person> and <N> <people>" read as N + 1 killed when the
    sentence's killed counts lie inside that phrase (each the person's 1 or the group's N)."""
    if " and " not in low and " as well as " not in low:
        return counts
    found = [*_PERSON_AND_GROUP.finditer(low)]
    if " his " in low or " her " in low or " their " in low:
        found += _PERSON_AND_KIN.finditer(low)
    if any(w in low for w in (" and a", " and one ", " and the ", " and his ", " and their ")):
        found += [*_GROUP_AND_PERSON[0].finditer(low), *_GROUP_AND_PERSON[1].finditer(low)]
    for m in found:
        first = _OF_PHRASE.sub("", m.group("first")).split()  # "the mayor of the town of X"
        heads = [i for i, w in enumerate(first) if _PERSON_WORD.fullmatch(w) or
                 _SINGLE_PRONOUN.match(w)]  # ("killing him and three of his bodyguards")
        if not heads or len(first) - heads[-1] > 4 or _NOT_ONE.search(m.group("first")) or \
                _OBJ_END.search(" " + m.group("first")) or not _counted_people(m.group("noun")):
            continue
        word = m.group("n")
        n = number(word)
        start, end = offset + m.start(), offset + m.end()
        killed = [c for c in counts if c.kind == "killed" and not c.explicit_zero]
        inside = [c for c in killed if start < c.end and c.start < end]
        # the sentence counts its dead otherwise (the attackers' own dead stay apart)
        if any(c.best not in (1, n) for c in inside) or any(
                c not in inside and c.group != "armed" for c in killed):
            continue
        group = _victim_group(m.group("noun"))
        return [c for c in counts if c not in inside] + [
            Count("killed", n + 1, n + 1, n + 1, group, start, end, False)]
    return counts

