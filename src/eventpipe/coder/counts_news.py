"""Wounded counts in the phrasing of local crime news, beside ``counts``.

Reporters often give the injured through their treatment rather than a harm verb: "three
people were taken to the hospital with gunshot wounds", "two were hospitalized in critical
condition", "four victims suffered non-life-threatening injuries", "three others were hit by
gunfire". Each such clause is a wounded count when the sentence has none.
"""

from __future__ import annotations

import re

from .counts import _PERSON, Count, _group
from .counts_rules import IN_CONDITION

_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "both": 2}
_N = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|both)"
_WHO = (r"(?:\s+(?:other|more|additional|young|teenage|adult|injured|wounded))*"
        r"(?:\s+(?:people|persons|men|women|victims|others|teens|teenagers|boys|girls|"
        r"children|adults|males|females|students|officers|deputies|of them|shooting victims|"
        r"[a-z]{3,}(?:ers|ents|ans|ists|ees|ors)))?")
# "six people with machete wounds were being treated"
_AUX = (r"(?:(?:\s+(?:escaped|survived))?\s+with\s+(?:[\w-]+\s+){0,2}?(?:wounds|injuries|burns)"
        r"(?:\s+and)?)?"
        r"\s+(?:were|are|was|is|had been|have been|remain|remained|remains)?\s*"
        r"(?:being\s+)?(?:all\s+|also\s+|later\s+|still\s+)?")
_TREATED = (r"(?:(?:taken|rushed|transported|airlifted|flown|driven|evacuated|admitted)"
            r"(?:\s+by\s+(?:helicopter|ambulance|air|road|boat|car))?\s+to\s+"
            r"(?:[\w'’-]+\s+){0,3}?(?:hospitals?(?:\s+(?:with|for|in)\b|\s*(?:[.,;]|$))|"
            r"for\s+treatment\b)|"
            rf"hospitali[sz]ed\b|treated\s+(?:for|at|in)\b|{IN_CONDITION}\b|"
            r"(?<=are\s)(?:stable|critical)\b|"
            r"(?:hit|struck)\s+by\s+(?:gunfire|bullets|"
            r"stray bullets|shots)\b|recovering\b|in\s+(?:the\s+)?hospital\b)")
_SUFFERED = (r"\s+(?:suffered|sustained|had|received)\s+(?:what\s+(?:are|were)\s+"
             r"(?:described\s+as\s+)?)?(?:[\w-]+\s+){0,3}?(?:gunshot\s+wounds|injuries|"
             r"wounds)\b")
# "a man was killed and three others injured": the auxiliary left out after "and"
_ELLIPSIS = (r"(?<=and\s)" + _N.replace("?P<n>", "?P<n2>")
             + r"\s+(?:others?|other\s+people)\s+"
             r"(?:(?:were|are)\s+)?(?:injured|wounded|hurt)\b")
# "the hospital said it treated 11 people for injuries": the count is the verb's object
_TREATED_OBJECT = (r"\b(?:treated|admitted|received)\s+" + _N.replace("?P<n>", "?P<n3>") + _WHO
                   + r"\s+(?:for|with)\s+(?:[\w-]+\s+){0,2}?(?:injuries|wounds|burns)\b")
# "two guards suffered minor injuries", "two passers-by suffered minor cuts"
_SUFFERED_GROUP = (r"(?<![\w-])(?<!of the )(?<!of )" + _N.replace("?P<n>", "?P<n4>")
                   + r"(?:\s+(?!(?:of|were|was|and|who)\b)[a-z'’-]+){1,3}?\s+"
                   r"(?:suffered|sustained)\s+(?:[\w-]+\s+){0,2}?"
                   r"(?:injuries|wounds|cuts|burns|bruises|fractures)\b")
# "two other people in the car were hospitalized": where they were, between
_WHERE = r"(?:\s+(?:in|inside|at|on)\s+(?:the|a|that)\s+[a-z'’-]+)?"
_NEWS_WOUNDED = re.compile(rf"(?<![\w-]){_N}{_WHO}{_WHERE}(?:{_AUX}{_TREATED}|{_SUFFERED})|"
                           rf"{_ELLIPSIS}|{_TREATED_OBJECT}|{_SUFFERED_GROUP}")


# One person shot, told through the wound or the bullet: "a woman suffering from a gunshot
# wound", "the boy, who sustained a bullet wound", "a man was found with gunshot wounds", "a
# stray round hit a toddler".
# Counted as shot (not wounded): if the same person dies, the death takes the count over.
_ONE = r"(?:a|an|another|one)\s+(?:[\w'’-]+\s+){0,3}?"
_SINGLE_SHOT = re.compile(
    rf"(?<![\w-]){_ONE}(?P<who>{_PERSON})(?:\s*,)?(?:\s+who)?\s+(?:(?:was|is|had)\s+)?"
    r"(?:(?:found|discovered)\s+)?(?:suffering\s+from|suffered|sustained|received|with)\s+"
    r"(?:an?\s+|multiple\s+|several\s+)?(?:[\w-]+\s+){0,2}?(?:gunshot|bullet)\s+wounds?\b"
    rf"|(?<![\w-])(?:a\s+|the\s+)?(?:stray\s+)?(?:bullets?|rounds?|gunfire)\s+(?:struck|hit|"
    rf"grazed)\s+{_ONE}(?P<who2>{_PERSON})\b"
    # "she was driven to a trauma centre hospital": one victim told through the treatment
    rf"|(?<![\w-])(?:he|she|(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}?(?P<who3>{_PERSON}))\s+"
    r"(?:was|is)\s+(?:later\s+|also\s+)?(?:taken|rushed|transported|airlifted|flown)\s+to\s+"
    r"(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,4}?hospital\b(?![^.;]{0,80}\b(?:died|dead|"
    r"pronounced|succumbed))"
    # "a cyclist was hit in the knee", "struck a woman in the back", "shot him in the thigh"
    rf"|(?<![\w-])(?:(?:he|she|(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_PERSON}))\s+"
    r"(?:was|is)\s+(?:also\s+)?(?:shot|hit|struck|wounded|grazed)|(?:shot|hit|struck|hitting|"
    rf"striking|shooting|grazing)\s+(?:him|her|(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_PERSON})))\s+(?:once\s+|twice\s+)?in\s+(?:the|his|her)\s+(?:[\w-]+\s+)?"
    r"(?:legs?|arms?|back|chest|head|neck|face|shoulders?|hips?|thighs?|foot|feet|hands?|"
    r"abdomen|stomach|side|elbow|knee|buttocks|groin|torso|wrist|ankle|jaw|cheek|calf|eye)\b")
# one person alive beside the dead: "... died; his cousin remains in serious condition",
# "leaving a wounded driver" (looked for only in sentences with "condition" or "wounded")
_ALIVE = re.compile(
    rf"(?<![\w-])(?:he|she|another|(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?P<who4>{_PERSON}))"
    r"(?:\s*,\s*who\s+[^,.;]{1,40},)?"  # "her son, who was also struck, is in stable condition"
    rf"\s+(?:(?:is|was|remains|remained)\s+{IN_CONDITION}|"
    r"(?:is|was)\s+expected\s+to\s+(?:recover|survive)|"
    r"(?:is|was)\s+(?:still\s+)?in\s+(?:the\s+|a\s+)?hospital)\b"
    rf"|(?<![\w-])(?:a|the)\s+(?:badly\s+|critically\s+|seriously\s+)?wounded\s+"
    rf"(?:[\w-]+\s+){{0,2}}?(?P<who5>{_PERSON})\b")


_SURVIVES = re.compile(r"\b(?:expected\s+to\s+(?:recover|survive)|survived|will\s+recover|"
                       r"non-life-threatening)\b")


# "a bullet hit one officer in the leg", "a stray round struck two bystanders"
_BULLET_HIT = re.compile(r"\b(?:a|one|another)\s+(?:stray\s+)?(?:bullet|round)\s+(?:hit|struck|"
                         r"grazed)\s+" + _N + r"\s+(?:[\w-]+\s+)?(?:officers?|deputy|deputies|"
                         r"policem[ae]n|soldiers?|bystanders?|m[ae]n|wom[ae]n|boys?|girls?|"
                         r"children|child|residents?|passers?-?by|people|persons?)\b")


def news_wounded(low: str, counts: list[Count], offset: int) -> list[Count]:
    """Wounded counts of treatment clauses when the sentence has no wounded or shot count."""
    if any(c.kind in ("wounded", "shot") for c in counts):
        return []
    hit = _BULLET_HIT.search(low)
    if hit is not None and not any(c.kind == "killed" for c in counts):
        word = hit.group("n")
        n = int(word) if word.isdigit() else _NUM[word]
        return [Count("wounded", n, n, n, _group(hit.group(0)), offset + hit.start(),
                      offset + hit.end(), False)]
    alive = _ALIVE.search(low) if "condition" in low or "wounded " in low or \
        "expected to" in low or "hospital" in low else None
    if alive is not None:
        return [Count("wounded", 1, 1, 1, _group(alive.group(0)), offset + alive.start(),
                      offset + alive.end(), False)]
    if not any(c.kind == "killed" for c in counts):
        one = _SINGLE_SHOT.search(low)
        if one is not None:  # "... he is expected to recover": hurt, not one of the dead
            kind = "wounded" if _SURVIVES.search(low) else "shot"
            return [Count(kind, 1, 1, 1, _group(one.group(0)), offset + one.start(),
                          offset + one.end(), False)]
    total, first, last = 0, -1, -1
    # ("two other villagers, one of them a child, were admitted to hospital": two)
    low = _PART_BETWEEN.sub(lambda b: " " * len(b.group()), low)
    for m in _NEWS_WOUNDED.finditer(low):
        key = next(k for k in ("n", "n2", "n3", "n4") if m.group(k))
        word = m.group(key)
        n = int(word) if word.isdigit() else _NUM[word]
        after = low[m.end(key):]
        if n == 0 or re.match(r"\s*(?:-|\s)(?:years?|months?)(?:-|\s)old", after):
            continue
        if total and not _MORE.match(low, m.start()):
            break  # the same people told twice; "one is critical and three more are stable": 4
        total, last = total + n, m.end()
        first = m.start() if first < 0 else first
    if not total:
        return []
    return [Count("wounded", total, total, total, _group(low[first:last]), offset + first,
                  offset + last, False)]


_PART_BETWEEN = re.compile(r",\s+\w+\s+of\s+(?:them|whom)\b[^,.;]{0,50},")
_MORE = re.compile(_N.replace("?P<n>", "?:") + r"\s+(?:more|others?|other)\b")


# "the shooting of five people", "a quadruple shooting": how many were shot, in one noun phrase
_SMALL = r"\d{1,2}|" + "|".join(w for w in _NUM if w not in ("one", "both"))
_SIZE = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_SHOOTING_SIZE = re.compile(
    r"(?<![\w-])(?P<size>double|triple|quadruple|quintuple)\s+shooting\b|"
    r"\bshooting\s+of\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:people|persons|men|women|teens|teenagers|children|victims)\b|"
    # "five shooting victims were found", and a headline's "Four shot at a party in Tulsa"
    r"(?<![\w-])(?<!of )(?<!of the )(?P<v>" + _SMALL + r")\s+"
    r"(?:shooting|gunshot)\s+victims\b|"
    r"^\W*(?P<h>" + _SMALL + r")\s+(?:people\s+|men\s+|"
    r"teens\s+)?shot(?:\s*,|\s+(?:at|in|on|near|outside|during|after|overnight)\b)")


def shooting_size(low: str, counts: list[Count], offset: int) -> list[Count]:
    """A shot count from the size of the shooting when the sentence has no shot or wounded
    count ("three men killed in the shooting of five people": two more were hit)."""
    if any(c.kind in ("wounded", "shot") for c in counts):
        return []
    m = _SHOOTING_SIZE.search(low)
    if m is None:
        return []
    word = m.group("size") or m.group("n") or m.group("v") or m.group("h")
    n = _SIZE.get(word) or (int(word) if word.isdigit() else _NUM[word])
    return [Count("shot", n, n, n, "civilian", offset + m.start(), offset + m.end(), False)]


# "Four spectators at a street race on the west side were injured", "three men standing outside
# a store were shot": a counted subject with a phrase after it, longer than the counter's reach
_COUNTED = {w: n for w, n in {**_NUM, "eleven": 11, "twelve": 12}.items()
            if w != "one"}  # "both men inside the car were killed": two
_NUMS = r"\d{1,2}|" + "|".join(_COUNTED)
_LONG_SUBJECT = re.compile(
    rf"(?<![\w-])(?P<n>{_NUMS})\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]*(?:men|people)|[a-z]+s)\s+"
    r"(?P<phrase>(?:at|on|in|near|outside|inside|from|of|standing|sitting|walking|gathered|"
    r"attending|leaving|riding|[a-z]{3,}ing)\b[^.;:!?\"]{3,90}?),?\s+(?:were|have been|"
    r"had been)\s+(?:(?:all|also|seriously|critically|slightly|badly|fatally)\s+)?"
    r"(?P<kind>killed|wounded|injured|hurt|shot(?:\s+dead|\s+to\s+death)?)\b(?!\s+at\b)")
_NOT_PEOPLE = re.compile(r"(?:houses|homes|cars|vehicles|buildings|shots|rounds|bullets|times|"
                         r"years|months|days|hours|minutes|weeks|blocks|miles|feet)$")
_PHRASE_STOP = re.compile(rf"\b(?:{_NUMS}|and|who|which|killed|wounded|injured|shot|dead)\b")
_KIND = {"killed": "killed", "wounded": "wounded", "injured": "wounded", "hurt": "wounded",
         "shot": "shot", "shot dead": "killed", "shot to death": "killed"}


def long_subject(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with a count for a counted subject followed by a phrase ("two teenagers from
    a nearby school were wounded") when the sentence has no count of that kind outside it."""
    for m in _LONG_SUBJECT.finditer(low):
        kind = _KIND[" ".join(m.group("kind").split())]
        start, end = offset + m.start(), offset + m.end()
        same = [c for c in counts if c.kind == kind or (kind == "shot" and c.kind == "wounded")]
        if _NOT_PEOPLE.search(m.group("noun")) or _PHRASE_STOP.search(m.group("phrase")) or \
                any(c.start < start or c.start >= end for c in same):
            continue
        word = m.group("n")
        n = int(word) if word.isdigit() else _COUNTED[word]
        return [c for c in counts if c not in same] + [
            Count(kind, n, n, n, "civilian", start, end, False)]
    return counts



# "the army said it had killed 45 fighters and lost six of its own soldiers": a side's own dead
_LOST_OWN = re.compile(
    r"\b(?:lost|losing|loses)\s+(?:at\s+least\s+|some\s+|about\s+)?(?P<n>\d{1,3}|" + _SMALL +
    r")\s+(?:of\s+(?:its|their|his|our)\s+)?(?:own\s+)?(?P<noun>soldiers|men|troops|fighters|"
    r"policemen|police officers|officers|personnel|members|comrades|guards|militiamen|"
    r"servicemen)\b")


def lost_own(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` with a side's own dead given as men it "lost"."""
    for m in _LOST_OWN.finditer(low) if "los" in low else ():
        if any(c.start <= offset + m.start() < c.end for c in counts):
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else _NUM[m.group("n")]
        counts = counts + [Count("killed", n, n, n, _group(m.group("noun")), offset + m.start(),
                                 offset + m.end(), False)]
    return counts


# "one of the 41 wounded died ..., leaving 40 wounded": the group told before, not a count
_TOLD_GROUP = re.compile(r"\b(?:one|two|three|four|five|\d+|some|several|most|each|another)\s+of\s+"
                         r"(?:the|those|these)\s+$")


def told_group(low: str, counts: list[Count], offset: int) -> list[Count]:
    """``counts`` without a group named by reference ("one of the 41 wounded") when the sentence
    gives another figure of that kind; alone it is the only figure there is ("after two of the
    30 wounded died")."""
    refs = [c for c in counts if _TOLD_GROUP.search(low, max(0, c.start - offset - 30),
                                                    c.start - offset)]
    return [c for c in counts if c not in refs or not any(
        o.kind == c.kind and o not in refs for o in counts)]
