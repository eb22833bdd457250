"""``scripts/lab.py`` (what `make lab` runs): which notebooks it trusts, and how it serves."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary

from genai_course.paths import ROOT

_spec = importlib.util.spec_from_file_location("course_lab", ROOT / "scripts" / "lab.py")
lab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab)


def test_course_notebooks_are_the_lessons_and_solutions() -> None:
    found = lab.course_notebooks(ROOT)
    expected = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "solutions").glob("*.ipynb")
    )
    assert found == expected and found


def test_trust_signs_only_what_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    for folder in ("notebooks", "solutions", "elsewhere"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "notebooks" / "01_what_is_generative_ai.ipynb", tmp_path / folder)
    (tmp_path / "elsewhere" / "01_what_is_generative_ai.ipynb").write_text(
        (ROOT / "notebooks" / "01_what_is_generative_ai.ipynb")
        .read_text(encoding="utf-8")
        .replace("show_quiz", "show_quiz ")  # a different notebook, never signed
    )
    paths = lab.course_notebooks(tmp_path)
    assert [p.parent.name for p in paths] == ["notebooks", "solutions"]

    def trusted(path: Path) -> bool:
        return NotebookNotary().check_signature(nbformat.read(path, as_version=4))

    assert not any(trusted(p) for p in paths), "signed before trust() ran"
    lab.trust(paths)
    assert all(trusted(p) for p in paths)
    assert not trusted(tmp_path / "elsewhere" / "01_what_is_generative_ai.ipynb")


def test_unreadable_notebook_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{not json")
    with pytest.raises(SystemExit, match="broken.ipynb: not a readable notebook"):
        lab.trust([bad])


def test_lab_serves_on_loopback_without_network_features() -> None:
    options = lab.lab_options(ROOT)
    assert "--ServerApp.ip=127.0.0.1" in options
    assert f"--ServerApp.root_dir={ROOT}" in options
    assert "--LabApp.extension_manager=readonly" in options
    assert "--LabApp.news_url=None" in options
    assert not any("0.0.0.0" in o for o in options)
