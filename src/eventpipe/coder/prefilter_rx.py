"""Compiled patterns that skip strings they cannot match (``Prefiltered``).

A pattern with needles (regex_literals.derive_needles) first looks for them in the string it
is given; for a string that is part of the article being coded (prefilter_scope) only the
needles that occur in the article are looked for. A pattern whose matches all begin with one
of a few literals (regex_literals.derive_leads) is then tried only where one of them occurs,
instead of at every character: the regular expression engine runs a pattern that begins
with a look-behind or a group at each position of the string, which costs far more than
finding a few literals. Same answers as the pattern in every case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from .prefilter_scope import _CURRENT, Scope, holds_any, lead_starts, matches_from, needle_set
from .regex_literals import derive_leads, derive_needles, lower_is_safe, lowercase_variant


class Prefiltered:
    """A compiled pattern that first looks for its needles in the whole string it is given:
    the same answers as the pattern, without scanning strings it cannot match. A pattern that
    ignores case is checked this way on strings whose letters are all ASCII
    (regex_literals.lower_is_safe). For a string that is part of the
    current article (prefilter_scope), only the needles that occur in the article are looked
    for (none: no match); those are remembered for the latest article (by its serial)."""

    __slots__ = ("rx", "_needles", "_fold", "_plain", "_items", "_at", "_here", "_leads",
                 "_lead_set", "_lead_at", "_leads_here", "match", "fullmatch", "subn", "split",
                 "scanner", "pattern", "flags", "groups", "groupindex")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.match = rx.match  # anchored: nothing to skip
        self.fullmatch = rx.fullmatch
        # the rest of re.Pattern's attributes as they are (no __getattr__: it would slow down
        # every attribute look-up of this class)
        self.subn, self.split = rx.subn, rx.split
        self.scanner = getattr(rx, "scanner")  # noqa: B009  (not in the type stubs)
        self.pattern, self.flags, self.groups, self.groupindex = (rx.pattern, rx.flags,
                                                                  rx.groups, rx.groupindex)
        self._fold = bool(rx.flags & re.IGNORECASE)
        self._needles = derive_needles(rx, fold=self._fold)
        self._plain = not self._fold and self._needles is not None
        self._items = None if self._needles is None else needle_set(self._needles)
        self._at = -1  # serial of the scope ``_here`` was found for
        self._here: tuple[str, ...] = ()
        # literals every match begins with (none told for a pattern that ignores case)
        # literals every match begins with; for a pattern that ignores case, those of its
        # lower-case form (regex_literals.lowercase_variant), looked for in the string
        # lower-cased, where that form finds the same spans
        if self._fold:
            lower = lowercase_variant(rx)
            self._leads = None if lower is None else derive_leads(lower)
        else:
            self._leads = derive_leads(rx)
        self._lead_set = None if self._leads is None else needle_set(self._leads)
        self._lead_at = -1  # serial of the scope ``_leads_here`` was found for
        self._leads_here: tuple[str, ...] = ()

    def _in_scope(self, scope: Scope) -> tuple[str, ...]:
        """The needles of this pattern that occur in the scope's text."""
        if self._at != scope.serial:
            self._here = scope.needles_in(self, self._items)  # type: ignore[arg-type]
            self._at = scope.serial
        return self._here

    def _starts(self, string: str, part: bool) -> list[int]:
        """Where a match may begin in ``string`` (a part of the current article: only the
        leads that occur in the article are looked for)."""
        leads = self._leads
        if part:
            scope = _CURRENT[0]
            if self._lead_at != scope.serial:
                self._leads_here = scope.needles_in((self, "leads"),
                                                    self._lead_set)  # type: ignore[arg-type]
                self._lead_at = scope.serial
            leads = self._leads_here
        return lead_starts(string, leads)  # type: ignore[arg-type]

    def _skip(self, string: str) -> bool:
        """No match in the whole of ``string`` (a pattern with needles, case as written)."""
        scope = _CURRENT[0]
        if string is scope.part or (string is not scope.outside and scope.holds(string)):
            ns = self._here if self._at == scope.serial else self._in_scope(scope)
        else:
            ns = self._needles  # type: ignore[assignment]
        return not holds_any(string, ns)

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        ns = self._needles
        if ns is None or pos != 0 or endpos < len(string):
            return False
        if not self._fold:
            return self._skip(string)
        scope = _CURRENT[0]
        if string is scope.fold_src:  # the same string as the last time (many patterns)
            low, part = scope.fold_low, scope.fold_part
            if low is None:
                return False
        else:
            scope.fold_src, scope.fold_low = string, None
            if not string.isascii() and not lower_is_safe(string):
                return False  # a letter beyond ASCII: case-insensitive matching may go further
            # a part of the (lower-cased) article is lower-case
            low = string if scope.holds(string) else string.lower()
            part = scope.holds(low)
            scope.fold_low, scope.fold_part = low, part
        if part:
            ns = self._in_scope(scope)
        return not holds_any(low, ns)

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._plain and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # the common case of _absent, inline (_skip)
            part = string is scope.part or (string is not scope.outside and scope.holds(string))
            # a loop, not any(map(...)): fewer objects for the few needles of a pattern
            for n in (self._here if part and self._at == scope.serial else
                      self._in_scope(scope) if part else self._needles):  # type: ignore[union-attr]
                if n in string:
                    break
            else:
                return iter(())
            if self._leads is not None:
                return matches_from(self.rx, string, self._starts(string, part))
        elif self._fold and self._absent(string, pos, endpos):
            return iter(())
        elif self._fold and self._leads is not None and string is _CURRENT[0].fold_src \
                and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # _absent found the string's lower-case form
            if scope.fold_low is not None:
                return matches_from(self.rx, string,
                                    self._starts(scope.fold_low, scope.fold_part))
        return self.rx.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._absent(string, pos, endpos):
            return []
        return self.rx.findall(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._plain and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # the common case of _absent, inline (_skip)
            part = string is scope.part or (string is not scope.outside and scope.holds(string))
            for n in (self._here if part and self._at == scope.serial else
                      self._in_scope(scope) if part else self._needles):  # type: ignore[union-attr]
                if n in string:
                    break
            else:
                return None
            if self._leads is not None:  # the leftmost match: the first start that matches
                match = self.rx.match
                for s in self._starts(string, part):
                    m = match(string, s)
                    if m is not None:
                        return m
                return None
        elif self._fold and self._absent(string, pos, endpos):
            return None
        elif self._fold and self._leads is not None and string is _CURRENT[0].fold_src \
                and pos == 0 and endpos >= len(string):
            scope = _CURRENT[0]  # _absent found the string's lower-case form
            if scope.fold_low is not None:
                match = self.rx.match
                for s in self._starts(scope.fold_low, scope.fold_part):
                    m = match(string, s)
                    if m is not None:
                        return m
                return None
        return self.rx.search(string, pos, endpos)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        if self._absent(string, 0, len(string)):
            return string  # no match: re.sub gives the string back unchanged
        return self.rx.sub(repl, string, count)


def prefiltered(rx: Any) -> Any:
    """``Prefiltered(rx)`` for a compiled pattern with needles; anything else unchanged."""
    if isinstance(rx, re.Pattern) and derive_needles(
            rx, fold=bool(rx.flags & re.IGNORECASE)) is not None:
        return Prefiltered(rx)
    return rx


def prefilter_module(module: ModuleType) -> None:
    """``prefilter_attributes`` of a module: the compiled patterns its functions look up by
    name (its own and those it imported) are replaced in its namespace. Idempotent."""
    prefilter_attributes(module, [name for name, value in vars(module).items()
                                  if isinstance(value, re.Pattern)])


def prefilter_attributes(obj: object, names: Iterable[str] | None = None) -> None:
    """Replace every compiled pattern among ``obj``'s attributes (or those ``names``), and in
    its dictionaries of patterns, by its ``Prefiltered`` form (patterns without needles stay
    as they are)."""
    for name in _attribute_names(obj) if names is None else list(names):
        value = getattr(obj, name, None)
        if isinstance(value, re.Pattern):
            setattr(obj, name, prefiltered(value))
        elif isinstance(value, dict) and value and all(
                isinstance(v, re.Pattern) for v in value.values()):
            setattr(obj, name, {k: prefiltered(v) for k, v in value.items()})


def _attribute_names(obj: object) -> list[str]:
    """The names of ``obj``'s attributes: those of its ``__dict__``, or for an instance of a
    compiled class (no ``__dict__``; its attributes are descriptors of its class) those
    ``dir`` lists."""
    attrs = getattr(obj, "__dict__", None)
    if attrs is not None:
        return list(attrs)
    return [name for name in dir(obj) if not name.startswith("__")]
