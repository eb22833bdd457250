"""The quiz a reader sees on the site is the committed output of the lesson's ``show_quiz`` cell
(the book is built with ``execute_notebooks: 'off'``). If a quiz bank changes after the lesson was
executed, the page keeps asking the old questions, and nbval does not compare that cell. These
tests compare, for every lesson that shows a quiz, the questions embedded in the committed script
with the ones ``show_quiz`` would embed now.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from genai_course.quiz import quiz_outputs

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHOW_QUIZ = re.compile(r"""show_quiz\(\s*["'](\d\d)["']\s*\)""")


def embedded_questions(script: str) -> list[dict]:
    """The question list jupyterquiz writes into its script (``var questions... = [...];``)."""
    start = script.index("var questions")
    return json.loads(script[script.index("=", start) + 1 : script.index(";\n", start)])


def committed_quiz_script(notebook: Path) -> tuple[str, str] | None:
    """(lesson id, committed script) of the notebook's ``show_quiz`` cell, or None without one."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        match = SHOW_QUIZ.search("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if match:
            scripts = [
                "".join(out["data"]["application/javascript"])
                for out in cell.get("outputs", [])
                if "application/javascript" in out.get("data", {})
            ]
            assert len(scripts) == 1, f"{notebook.name}: show_quiz cell has {len(scripts)} scripts"
            return match.group(1), scripts[0]
    return None


@pytest.fixture
def shell():
    """A bare IPython shell (quiz_outputs needs one), removed afterwards."""
    sh = InteractiveShell.instance()
    yield sh
    InteractiveShell.clear_instance()


@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_committed_quiz_matches_the_bank(shell, notebook: Path) -> None:
    found = committed_quiz_script(notebook)
    if found is None:
        pytest.skip(f"{notebook.name} shows no quiz")
    lesson, committed = found
    fresh = quiz_outputs(lesson)[1]["application/javascript"]
    assert embedded_questions(committed) == embedded_questions(fresh), (
        f"{notebook.name}: the committed quiz output differs from quizzes/{lesson}_*.json; "
        f're-execute the lesson (make execute NB="notebooks/{notebook.name}")'
    )


def test_the_check_sees_a_stale_question() -> None:
    # The parser must find a changed number in a committed script, or the test above is empty.
    script = 'var questionsX=[{"question": "1.482 nats"}];\nshow_questions(questionsX, X);'
    assert embedded_questions(script) == [{"question": "1.482 nats"}]
    assert embedded_questions(script.replace("1.482", "1.439")) != embedded_questions(script)
