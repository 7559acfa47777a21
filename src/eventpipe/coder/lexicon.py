"""Load the coder's dictionaries (package data) and compile them into matchers, once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as _res
from typing import Any

import yaml


def _read(name: str) -> bytes:
    return (_res.files("eventpipe.coder") / "data" / name).read_bytes()


@cache
def coder_version() -> str:
    """Package version + short hashes of the dictionaries' bytes and of the rules' code
    ("0.1.0+1a2b3c4d.5e6f7a8b"): records coded by different rules never share a version."""
    from eventpipe import __version__

    coder = _res.files("eventpipe.coder")
    return f"{__version__}+{data_digest(coder / 'data')[:8]}.{data_digest(coder, '.py')[:8]}"


def data_digest(folder: Any, suffix: str = "") -> str:
    """SHA-256 over every file of ``folder`` whose name ends with ``suffix`` (name and bytes,
    sorted by name).

    Every data file counts: a changed gazetteer supplement or alias list is a changed coder.
    """
    digest = hashlib.sha256()
    for item in sorted((i for i in folder.iterdir() if i.is_file() and i.name.endswith(suffix)),
                       key=lambda i: i.name):
        digest.update(item.name.encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()


def word_re(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """Compile ``pattern`` as a whole-word alternation (matched on lower-cased text)."""
    return re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])",
                      re.IGNORECASE if ignore_case else 0)


@dataclass(frozen=True)
class Trigger:
    id: str
    kind: str
    rank: int
    event_type: str | None
    sub_event_type: str | None
    cameo: str
    target_typed: bool
    regex: re.Pattern[str]


@dataclass(frozen=True)
class ActorEntry:
    name: str
    inter: int
    cameo: str
    iso3: str | None
    role: str
    armed: bool
    weak: bool
    named: bool


@dataclass
class Lexicon:
    triggers: list[Trigger]
    goldstein: dict[str, float]
    actor_entries: list[tuple[ActorEntry, re.Pattern[str]]]
    military_re: re.Pattern[str]
    police_re: re.Pattern[str]
    platform_re: re.Pattern[str]
    numbers: dict[str, int]
    vague: dict[str, int]
    qualifiers: dict[str, list[str]]
    cues: dict[str, Any]
    modality_res: dict[str, re.Pattern[str]] = field(default_factory=dict)
    claim_verbs_re: re.Pattern[str] | None = None
    unverified_re: re.Pattern[str] | None = None
    verified_re: re.Pattern[str] | None = None
    story_res: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def trigger(self, trigger_id: str) -> Trigger | None:
        return next((t for t in self.triggers if t.id == trigger_id), None)


# libyaml's parser when PyYAML was built with it (the same documents, ~10x faster to read)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(name: str) -> dict[str, Any]:
    data = yaml.load(_read(name), Loader=_YAML_LOADER)  # a safe loader: plain data only
    if not isinstance(data, dict):
        raise ValueError(f"dictionary {name} is not a mapping")
    return data


def load_lexicon() -> Lexicon:
    actions = _load_yaml("actions.yaml")
    actors = _load_yaml("actors.yaml")
    quant = _load_yaml("quantities.yaml")
    cues = _load_yaml("cues.yaml")
    triggers = [
        Trigger(
            id=t["id"], kind=t["kind"], rank=int(t["rank"]), event_type=t.get("event_type"),
            sub_event_type=t.get("sub_event_type"), cameo=str(t["cameo"]),
            target_typed=bool(t.get("target_typed", False)), regex=word_re(t["pattern"]),
        )
        for t in actions["triggers"]
    ]
    entries: list[tuple[ActorEntry, re.Pattern[str]]] = []
    for g in actors.get("named_groups", []):
        entries.append((ActorEntry(g["name"], int(g["inter"]), g["cameo"], g.get("iso3"), "INS",
                                   True, False, True), word_re(g["pattern"])))
    for g in actors.get("international", []):
        entries.append((ActorEntry(g["name"], 8, g["cameo"], g.get("iso3"), "IGO", True, False,
                                   True), word_re(g["pattern"])))
    for g in actors.get("unnamed", []):
        entries.append((ActorEntry(g["label"], int(g["inter"]), g["role"], None, g["role"],
                                   bool(g.get("armed", False)), bool(g.get("weak", False)), False),
                        word_re(g["pattern"])))
    sf = actors["state_forces"]
    lex = Lexicon(
        triggers=triggers,
        goldstein={str(k): float(v) for k, v in actions.get("goldstein", {}).items()},
        actor_entries=entries,
        military_re=word_re(sf["military"]),
        police_re=word_re(sf["police"]),
        platform_re=word_re(actors["platforms"]),
        numbers={str(k): int(v) for k, v in quant["numbers"].items()},
        vague={str(k): int(v) for k, v in quant["vague"].items()},
        qualifiers={str(k): list(v) for k, v in quant["qualifiers"].items()},
        cues=cues,
    )
    lex.modality_res = {k: word_re(v) for k, v in cues["modality"].items()}
    lex.claim_verbs_re = word_re(cues["claim_verbs"], ignore_case=True)
    lex.unverified_re = word_re(cues["unverified"])
    lex.verified_re = word_re(cues["verified"])
    lex.story_res = {k: word_re(cues[k]) for k in ("followup", "statistic", "new_incident",
                                                   "another_victim", "weapons_inventory",
                                                   "weapon_use") if k in cues}
    return lex


def quad_class(cameo: str) -> int:
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4
