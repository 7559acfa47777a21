"""The on-disk copy of the patterns' literals: read back as derived, optional, never trusted
blindly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventpipe.coder import literal_cache, regex_literals

_PATTERNS = [re.compile(r"(?<![\w-])(?:killed|shot dead|wounded)(?![\w])"),
             re.compile(r"\b(?:said|told)\s+reporters\b", re.IGNORECASE),
             re.compile(r"\d+ (?:people|civilians)")]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("EVENTPIPE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("EVENTPIPE_LITERAL_CACHE", raising=False)
    saved = dict(regex_literals._DERIVED)
    regex_literals._DERIVED.clear()
    yield tmp_path / "c"
    regex_literals._DERIVED.clear()
    regex_literals._DERIVED.update(saved)


def _derive_all() -> list[tuple[tuple[str, ...] | None, tuple[str, ...] | None]]:
    return [(regex_literals.derive_needles(rx, fold=bool(rx.flags & re.IGNORECASE)),
             regex_literals.derive_leads(rx)) for rx in _PATTERNS]


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_a: object) -> None:
        raise AssertionError("the stored literals should have been used")

    monkeypatch.setattr(regex_literals, "_derive_needles", never)
    monkeypatch.setattr(regex_literals, "_derive_leads", never)


def test_literals_are_read_back_as_derived(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = literal_cache.load()
    assert path is not None and not path.exists()
    known = literal_cache.known()
    expected = _derive_all()
    assert any(n is not None for n, _lead in expected)  # the patterns have literals to store
    literal_cache.save(path, known)
    assert path.exists()
    regex_literals._DERIVED.clear()
    _no_analysis(monkeypatch)
    assert literal_cache.load() == path
    # every pattern's literals are known without analysis (a compiled regex_literals calls its
    # own functions directly, past the patches of _no_analysis: this holds in both builds)
    for rx in _PATTERNS:
        for fold, which in ((bool(rx.flags & re.IGNORECASE), "needles"), (False, "leads")):
            assert (rx.pattern, rx.flags, fold, which) in regex_literals._DERIVED
    got = _derive_all()
    assert [(set(n or ()), lead) for n, lead in got] == \
        [(set(n or ()), lead) for n, lead in expected]


def test_nothing_new_writes_nothing(cache: Path) -> None:
    path = literal_cache.load()
    literal_cache.save(path, literal_cache.known())
    assert path is not None and not path.exists()


def test_unreadable_copy_is_ignored(cache: Path) -> None:
    path = literal_cache.load()
    assert path is not None
    expected = _derive_all()
    path.parent.mkdir(parents=True)
    path.write_text('[["x", 0, false, "needles", [1, 2]]]')  # not a list of strings
    regex_literals._DERIVED.clear()
    assert literal_cache.load() == path
    assert regex_literals.derived() == {}
    assert _derive_all() == expected


def test_cache_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTPIPE_LITERAL_CACHE", "0")
    assert literal_cache.load() is None
    _derive_all()
    literal_cache.save(None, 0)
    assert not cache.exists()


def test_key_follows_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    first = literal_cache.inputs_key()
    monkeypatch.setattr(literal_cache, "FORMAT", literal_cache.FORMAT + 1)
    assert literal_cache.inputs_key() != first


def test_old_copies_are_pruned(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = literal_cache.FORMAT
    for k in range(literal_cache.KEEP + 2):
        monkeypatch.setattr(literal_cache, "FORMAT", base + 100 + k)
        regex_literals._DERIVED.clear()
        path = literal_cache.load()
        known = literal_cache.known()
        _derive_all()
        literal_cache.save(path, known)
    assert len(list(cache.glob("literals-*.json"))) == literal_cache.KEEP
    assert path is not None and path.exists()  # the current one stays
