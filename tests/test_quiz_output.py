"""What ``show_quiz`` displays: jupyterquiz's HTML, then its script inside the MathJax guard,
with a plain-text fallback that lists the questions but not the answers' feedback.

The guard's behaviour in a browser (no error, no CDN request, typesetting kept where the page
can typeset) is tested in ``tests/browser/test_lab.py``.

The quiz a reader sees on the site is the committed output of the lesson's ``show_quiz`` cell
(the book is built with ``execute_notebooks: 'off'``). If a quiz bank changes after the lesson was
executed, the page keeps asking the old questions, and nbval does not compare that cell. The last
tests compare, for every lesson that shows a quiz, the questions embedded in the committed script
with the ones ``show_quiz`` would embed now.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from genai_course.quiz import MATHJAX_GUARD, QUIZ_SCRIPT_MARK, load_bank, quiz_outputs, show_quiz

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHOW_QUIZ = re.compile(r"""show_quiz\(\s*["'](\d\d)["']\s*\)""")


def embedded_questions(script: str) -> list[dict]:
    """The question list jupyterquiz writes into its script (``var questions... = [...];``)."""
    start = script.index("var questions")
    return json.loads(script[script.index("=", start) + 1 : script.index(";\n", start)])


@pytest.fixture
def shell():
    """A bare IPython shell (show_quiz runs in one in a notebook), removed afterwards."""
    sh = InteractiveShell.instance()
    yield sh
    InteractiveShell.clear_instance()


def test_outputs_are_the_container_then_the_guarded_script(shell) -> None:
    html, script = quiz_outputs("01")
    assert set(html) == {"text/html", "text/plain"}
    assert set(script) == {"application/javascript", "text/plain"}
    js = script["application/javascript"]
    assert js.startswith("// " + QUIZ_SCRIPT_MARK)
    assert js.rstrip().endswith("})();")
    # The container's id is the one the script fills.
    div_id = html["text/html"].split('<div id="', 1)[1].split('"', 1)[0]
    assert f"show_questions(questions{div_id}, {div_id})" in js
    # jupyterquiz's own code is inside the guard, unchanged: the guard comes first, once.
    prefix, body = MATHJAX_GUARD.split("%s")
    assert js.startswith(prefix) and js.endswith(body)
    assert js.count("var MathJax = {") == 1


def test_script_carries_every_question_and_answer(shell) -> None:
    _, script = quiz_outputs("05")
    questions = embedded_questions(script["application/javascript"])
    bank = load_bank("05")["questions"]
    assert [q["question"] for q in questions] == [q["question"] for q in bank]
    assert [a["correct"] for q in questions for a in q["answers"]] == [
        a["correct"] for q in bank for a in q["answers"]
    ]


def test_plain_text_lists_questions_without_giving_answers_away(shell) -> None:
    _, script = quiz_outputs("05")
    text = script["text/plain"]
    bank = load_bank("05")["questions"]
    assert text.startswith(f"Quick check 05: {len(bank)} questions.")
    for q in bank:
        assert q["question"] in text
        for a in q["answers"]:
            assert f"- {a['answer']}" in text
            assert a["feedback"] not in text, "the fallback text gives the feedback away"
    assert "run this cell" in text and "make lab" in text


def test_show_quiz_displays_both_outputs(shell) -> None:
    shown = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append(data)
    show_quiz("01")
    assert [sorted(d) for d in shown] == [
        ["text/html", "text/plain"],
        ["application/javascript", "text/plain"],
    ]


def test_without_ipython_the_error_says_so() -> None:
    InteractiveShell.clear_instance()
    with pytest.raises(RuntimeError, match="needs IPython"):
        quiz_outputs("01")


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
