"""The Colab bootstrap (scripts/colab_setup.py): written idempotently into the setup cell only,
a no-op inside the repository, and -- in a notebook copied alone to an empty folder, with
`genai_course` not importable -- it clones the course and the rest of the setup cell runs."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import colab_setup  # noqa: E402

LESSON = ROOT / "notebooks" / "01_what_is_generative_ai.ipynb"
URL = "https://example.org/course.git"
PIN = "jupyterquiz==2.9.6.4"

# Runs before the cell in a fresh interpreter: hide the course's own editable install (a
# meta-path finder or a path entry pointing at this checkout), as in a Colab runtime.
HIDE_COURSE = textwrap.dedent(
    f"""
    import importlib.util, sys
    from pathlib import Path
    sys.meta_path[:] = [f for f in sys.meta_path if "genai_course" not in repr(f)]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path({str(ROOT)!r})]
    assert importlib.util.find_spec("genai_course") is None, "could not hide genai_course"
    """
)


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def first_source(path: Path) -> str:
    return "".join(code_cells(json.loads(path.read_text(encoding="utf-8")))[0]["source"])


def test_url_and_pin_come_from_the_config_and_the_requirements() -> None:
    assert colab_setup.repository_url().startswith("https://")
    assert colab_setup.repository_url() in colab_setup.bootstrap("notebooks", *_current())
    assert colab_setup.quiz_pin().lower().startswith("jupyterquiz==")


def _current() -> tuple[str, str]:
    return colab_setup.repository_url(), colab_setup.quiz_pin()


def test_only_the_first_code_cell_source_changes_and_twice_is_once(tmp_path: Path) -> None:
    path = tmp_path / "notebooks" / LESSON.name
    path.parent.mkdir()
    shutil.copy(LESSON, path)
    before = json.loads(path.read_text(encoding="utf-8"))
    assert colab_setup.apply(path, URL, PIN, root=tmp_path) is True
    once = path.read_text(encoding="utf-8")
    after = json.loads(once)
    # Everything but the first code cell's source is identical, outputs and counts included.
    first = next(i for i, c in enumerate(before["cells"]) if c["cell_type"] == "code")
    stripped_before, stripped_after = copy.deepcopy(before), copy.deepcopy(after)
    stripped_before["cells"][first]["source"] = stripped_after["cells"][first]["source"] = ""
    assert stripped_before == stripped_after
    old, new = "".join(before["cells"][first]["source"]), first_source(path)
    if colab_setup.BEGIN in old:  # the committed lesson already carries a bootstrap
        old = colab_setup.with_bootstrap(old, "")
    assert new.startswith(colab_setup.bootstrap("notebooks", URL, PIN))
    assert new.endswith(old), "the setup code after the bootstrap must be unchanged"
    # Idempotent: a second run changes nothing, byte for byte.
    assert colab_setup.apply(path, URL, PIN, root=tmp_path) is False
    assert path.read_text(encoding="utf-8") == once
    # A new URL replaces the block instead of adding a second one.
    assert colab_setup.apply(path, "https://example.org/moved.git", PIN, root=tmp_path) is True
    moved = first_source(path)
    assert moved.count(colab_setup.BEGIN) == 1 and "moved.git" in moved and URL not in moved
    assert moved.endswith(old)


def test_the_file_keeps_its_json_style(tmp_path: Path) -> None:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    path = tmp_path / "notebooks" / "x.ipynb"
    path.parent.mkdir()
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=True), encoding="utf-8")  # no "\n"
    colab_setup.apply(path, URL, PIN, root=tmp_path)
    text = path.read_text(encoding="utf-8")
    assert not text.endswith("\n") and text.isascii()


def test_a_notebook_whose_first_code_cell_is_not_the_setup_cell_is_refused(
    tmp_path: Path,
) -> None:
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    code_cells(nb)[0]["source"] = ["import keras\n"]
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(colab_setup.BootstrapError, match="not the setup cell"):
        colab_setup.apply(path, URL, PIN, root=tmp_path)


def test_half_a_block_is_refused() -> None:
    with pytest.raises(colab_setup.BootstrapError, match="half"):
        colab_setup.with_bootstrap(colab_setup.BEGIN + "\nx = 1\n", "block\n")


def test_a_lesson_with_the_bootstrap_is_lint_clean(tmp_path: Path) -> None:
    path = tmp_path / "notebooks" / LESSON.name
    path.parent.mkdir()
    shutil.copy(LESSON, path)
    colab_setup.apply(path, *_current(), root=tmp_path)
    ruff = Path(sys.executable).with_name("ruff")
    for args in (["check", "--quiet"], ["format", "--check", "--quiet"]):
        proc = subprocess.run(
            [str(ruff), *args, "--config", str(ROOT / "pyproject.toml"), str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def _run(code: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_in_the_repository_it_does_nothing() -> None:
    block = colab_setup.bootstrap("notebooks", *_current())
    code = block + "import os\nprint(repr(os.getcwd()))\n"
    proc = _run(code, ROOT / "notebooks", dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == repr(str(ROOT / "notebooks")) + "\n", "it printed or moved"
    assert not (ROOT / "notebooks" / colab_setup.CLONE_DIR).exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_alone_in_an_empty_folder_it_fetches_the_course_and_the_setup_cell_runs(
    tmp_path: Path,
) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone from")
    # The "repository": a bare clone of this checkout's HEAD, reached by a file:// URL.
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(origin)], check=True)
    # The learner's folder: the lesson alone, with the bootstrap written in.
    alone = tmp_path / "colab"
    alone.mkdir()
    lesson = alone / LESSON.name
    shutil.copy(LESSON, lesson)
    colab_setup.apply(lesson, *_current(), folder="notebooks")
    cell = first_source(lesson)
    assert "notebooks" in cell
    check = textwrap.dedent(
        """
        import json, os
        import genai_course
        from genai_course import load_mnist
        (x, y), _ = load_mnist(n_train=100, n_test=10)
        print(json.dumps({"cwd": os.getcwd(), "package": genai_course.__file__,
                          "images": list(x.shape)}))
        """
    )
    env = {**os.environ, colab_setup.ENV_VAR: origin.as_uri()}
    env.pop("GENAI_COURSE_DATA", None)
    proc = _run(HIDE_COURSE + cell + check, alone, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    course = alone / colab_setup.CLONE_DIR
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["cwd"] == str(course / "notebooks")
    assert Path(report["package"]).is_relative_to(course), "genai_course came from elsewhere"
    assert report["images"][0] == 100
    assert "Course files in" in proc.stdout
    # A second run (a restarted kernel) reuses the clone instead of cloning again.
    block = colab_setup.bootstrap("notebooks", *_current())
    again = _run(HIDE_COURSE + block + "import os; print(os.getcwd())", alone, env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith(str(course / "notebooks"))
