"""CODER_VERSION hashes every data file and every module of the coder, so any dictionary or
rule change shows."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from eventpipe.coder.lexicon import coder_version, data_digest


def _copy_data(tmp_path: Path) -> Path:
    src = Path(str(resources.files("eventpipe.coder") / "data"))
    dst = tmp_path / "data"
    shutil.copytree(src, dst)
    return dst


def test_digest_is_stable_for_the_same_files(tmp_path: Path) -> None:
    folder = _copy_data(tmp_path)
    assert data_digest(folder) == data_digest(folder)


def test_every_data_file_changes_the_digest(tmp_path: Path) -> None:
    folder = _copy_data(tmp_path)
    before = data_digest(folder)
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert len(names) > 4
    for name in names:
        path = folder / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert data_digest(folder) != before, name
        path.write_bytes(original)
    assert data_digest(folder) == before


def test_a_new_data_file_changes_the_digest(tmp_path: Path) -> None:
    folder = _copy_data(tmp_path)
    before = data_digest(folder)
    (folder / "extra_aliases.tsv").write_text("x\ty\n", encoding="utf-8")
    assert data_digest(folder) != before


def test_a_changed_rule_module_changes_the_code_part(tmp_path: Path) -> None:
    src = Path(str(resources.files("eventpipe.coder")))
    folder = tmp_path / "coder"
    folder.mkdir()
    for module in src.glob("*.py"):
        shutil.copy(module, folder / module.name)
    before = data_digest(folder, ".py")
    (folder / "notes.txt").write_text("not code", encoding="utf-8")
    assert data_digest(folder, ".py") == before  # only modules count
    story = folder / "story.py"
    story.write_text(story.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert data_digest(folder, ".py") != before


def test_the_version_names_package_data_and_code() -> None:
    package, digests = coder_version().split("+")
    data, code = digests.split(".")
    coder = resources.files("eventpipe.coder")
    assert data == data_digest(coder / "data")[:8]
    assert code == data_digest(coder, ".py")[:8]
    assert package


def test_dictionaries_read_alike_with_either_yaml_parser() -> None:
    import yaml

    from eventpipe.coder import lexicon

    for name in ("actions.yaml", "actors.yaml", "cues.yaml", "quantities.yaml"):
        text = lexicon._read(name)
        assert lexicon._load_yaml(name) == yaml.load(text, Loader=yaml.SafeLoader), name
