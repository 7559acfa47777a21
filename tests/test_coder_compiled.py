"""The compiled coder (mypyc, `make install`) gives the records of the pure Python sources, and
is used only while it was built from the current sources."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import FunctionType
from typing import Any

import pytest

import eventpipe.coder as coder
from eventpipe.coder import Article, code_article

TEXTS = [
    "MOGADISHU, March 8 - Gunmen attacked a police station on the outskirts of the capital "
    "late on Monday, killing three officers and wounding at least five civilians, a police "
    "spokesman said. Al-Shabaab, in a message posted online, said its fighters had carried out "
    "the raid.",
    "Thousands of teachers marched through the centre of Nairobi on Tuesday to demand higher "
    "pay. Police fired tear gas to disperse the protesters near parliament; witnesses said "
    "about 20 people were arrested and two were taken to hospital.",
    "A roadside bomb struck an army convoy near the town of Kunduz on Sunday, killing four "
    "soldiers, the defence ministry said. Two more soldiers were injured. No group has said it "
    "carried out the attack, which officials blamed on the Taliban.",
    "SPRINGFIELD, Ill. (AP) - Two men were shot and one of them died early Saturday outside a "
    "bar on the city's east side, police said. The second man, 24, was in stable condition. "
    "No arrests have been made.",
    "The foreign minister met his counterpart in Geneva on Wednesday and both sides agreed to "
    "resume talks next month, according to a joint statement. Opposition leaders accused the "
    "government of delaying the release of detained activists.",
    "Rebels seized the village of Kalemie in the east of the country overnight after two days "
    "of fighting with government forces, residents said. At least 12 fighters and six "
    "villagers were killed, a local official told reporters by telephone.",
]
PUB = date(2016, 3, 9)

# codes TEXTS (read as JSON on stdin) and prints the records and the coder's version
_CODE = """
import json, sys
from datetime import date
import eventpipe.coder as coder
from eventpipe.coder import Article, code_article, load_resources
texts, pub = json.load(sys.stdin)
res = load_resources()
records = [code_article(Article(f"a{i}", t, date.fromisoformat(pub), "Test Daily"), res)
           for i, t in enumerate(texts)]
print(json.dumps({"compiled": coder.COMPILED, "version": coder.CODER_VERSION,
                  "records": records}, default=str, sort_keys=True))
"""


def _pure_run() -> dict[str, Any]:
    env = {**os.environ, "EVENTPIPE_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", _CODE], input=json.dumps([TEXTS, str(PUB)]),
                         env=env, capture_output=True, text=True, check=True, timeout=300)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


@pytest.mark.skipif(not coder.COMPILED, reason="the compiled coder is not built or not current "
                                               "(`make install` builds it)")
def test_compiled_and_pure_code_the_same_records(res: Any) -> None:
    from eventpipe.coder import actions

    # really compiled here: loaded from the build, functions native
    assert actions.__spec__ is not None and actions.__spec__.origin is not None
    assert Path(actions.__spec__.origin).is_relative_to(coder.COMPILED_DIR)
    assert not isinstance(actions.find_hits, FunctionType)
    records = [code_article(Article(f"a{i}", t, PUB, "Test Daily"), res)
               for i, t in enumerate(TEXTS)]
    pure = _pure_run()
    assert pure["compiled"] is False
    assert sum(map(len, records)) >= len(TEXTS) - 1  # the texts code events to compare
    assert json.loads(json.dumps(records, default=str, sort_keys=True)) == pure["records"]
    assert pure["version"] == coder.CODER_VERSION == res.version  # same version both ways


def _manifest(tmp_path: Path, **fields: str) -> Path:
    folder = tmp_path / "_compiled"
    folder.mkdir()
    (folder / coder.MANIFEST).write_text(json.dumps(fields), encoding="utf-8")
    return folder


def _activate(monkeypatch: pytest.MonkeyPatch, folder: Path) -> tuple[bool, list[str]]:
    """Whether ``folder`` would be used (and the package's path then)."""
    monkeypatch.setattr(coder, "COMPILED_DIR", folder)
    path = list(coder.__path__)
    monkeypatch.setattr(coder, "__path__", path)
    got = coder._activate()
    return got == "compiled", path


def test_stale_build_is_not_used_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("EVENTPIPE_PURE", raising=False)
    folder = _manifest(tmp_path, sources="0" * 64, tag=coder.build_tag(), shared="x__mypyc")
    with caplog.at_level(logging.WARNING, logger="eventpipe.coder"):
        used, path = _activate(monkeypatch, folder)
    assert not used and str(folder) not in path
    assert any("stale" in r.getMessage() for r in caplog.records)


def test_build_for_another_python_is_not_used(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTPIPE_PURE", raising=False)
    folder = _manifest(tmp_path, sources=coder.sources_digest(), tag=".cpython-29-x.so",
                       shared="x__mypyc")
    used, path = _activate(monkeypatch, folder)
    assert not used and str(folder) not in path


def test_no_build_runs_pure_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("EVENTPIPE_PURE", raising=False)
    with caplog.at_level(logging.WARNING, logger="eventpipe.coder"):
        used, _path = _activate(monkeypatch, tmp_path / "absent")
    assert not used and not caplog.records


def test_pure_wins_over_a_current_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTPIPE_PURE", "1")
    folder = _manifest(tmp_path, sources=coder.sources_digest(), tag=coder.build_tag(),
                       shared="")
    used, path = _activate(monkeypatch, folder)
    assert not used and str(folder) not in path
    monkeypatch.setenv("EVENTPIPE_PURE", "0")  # "0" asks for the build: used when current
    used, path = _activate(monkeypatch, folder)
    assert used and path[0] == str(folder)


def test_digest_follows_every_compiled_source(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    names = coder.compiled_modules()
    assert "__init__" not in names and {"pipeline", "mentions", "resources"} <= set(names)
    copy = tmp_path / "coder"
    copy.mkdir()
    for path in coder.SOURCE_DIR.glob("*.py"):
        (copy / path.name).write_bytes(path.read_bytes())
    before = coder.sources_digest()
    monkeypatch.setattr(coder, "SOURCE_DIR", copy)
    assert coder.sources_digest() == before
    for name in ("mentions", "types"):  # an edited module is a stale build
        source = copy / f"{name}.py"
        original = source.read_bytes()
        source.write_bytes(original + b"\n")
        assert coder.sources_digest() != before, name
        source.write_bytes(original)
    (copy / "extra.py").write_text("X = 1\n")  # so is a new one
    assert coder.sources_digest() != before


def test_modules_compiled_beside_the_sources_are_found(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coder, "SOURCE_DIR", tmp_path)
    (tmp_path / "mentions.py").write_text("X = 1\n")
    assert coder.shadowing() == []
    (tmp_path / f"mentions{coder.build_tag()}").write_bytes(b"")
    assert coder.shadowing() == [f"mentions{coder.build_tag()}"]
