"""The on-disk copy of the gazetteer tables: reused, rebuilt when unreadable, optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventpipe.coder import places_cache
from eventpipe.coder.places_index import GazetteerData


def _tables(name: str = "Kismayo") -> GazetteerData:
    data = GazetteerData()
    data.add((name, "city", "SO", "06", -0.36, 42.54, 183300, 51, None), [name])
    data.index = dict(data.index)
    return data


def _never() -> GazetteerData:
    raise AssertionError("the cached copy should have been used")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVENTPIPE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("EVENTPIPE_GAZETTEER_CACHE", raising=False)
    return tmp_path / "c"


def test_second_process_loads_the_copy(cache: Path) -> None:
    built = places_cache.load_or_build(_tables)
    [copy] = list(cache.iterdir())
    assert copy.name.startswith("gazetteer-") and copy.suffix == ".pickle"
    again = places_cache.load_or_build(_never)
    assert again.rows == built.rows and again.index == built.index


def test_unreadable_copy_is_rebuilt_and_replaced(cache: Path) -> None:
    places_cache.load_or_build(_tables)
    [copy] = list(cache.iterdir())
    copy.write_bytes(b"not a pickle")
    rebuilt = places_cache.load_or_build(lambda: _tables("Baidoa"))
    assert rebuilt.rows[0][0] == "Baidoa"
    assert places_cache.load_or_build(_never).rows[0][0] == "Baidoa"


def test_another_format_gets_another_copy(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = places_cache.inputs_key()
    monkeypatch.setattr(places_cache, "FORMAT", places_cache.FORMAT + 1)
    assert places_cache.inputs_key() != first
    assert places_cache.load_or_build(lambda: _tables("Jowhar")).rows[0][0] == "Jowhar"
    assert len(list(cache.iterdir())) == 1


def test_old_copies_are_pruned_newest_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = places_cache.FORMAT
    for k in range(5):  # five data versions in turn, each written once
        monkeypatch.setattr(places_cache, "FORMAT", base + 100 + k)
        places_cache.load_or_build(lambda k=k: _tables(f"Town{k}"))  # type: ignore[misc]
    assert len(list(cache.glob("gazetteer-*.pickle"))) == places_cache.KEEP
    assert places_cache.load_or_build(_never).rows[0][0] == "Town4"  # the current one stays


def test_switched_off_builds_every_time(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTPIPE_GAZETTEER_CACHE", "0")
    calls = []

    def build() -> GazetteerData:
        calls.append(1)
        return _tables()

    places_cache.load_or_build(build)
    places_cache.load_or_build(build)
    assert len(calls) == 2 and not cache.exists()


def test_unwritable_cache_dir_only_costs_the_rebuild(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("EVENTPIPE_CACHE_DIR", str(blocker / "sub"))
    assert places_cache.load_or_build(_tables).rows[0][0] == "Kismayo"
