"""What ``show_quiz`` displays: jupyterquiz's HTML, then its script inside the MathJax guard,
with a plain-text fallback that lists the questions but not the answers' feedback.

The guard's behaviour in a browser (no error, no CDN request, typesetting kept where the page
can typeset) is tested in ``tests/browser/test_lab.py``.
"""

from __future__ import annotations

import json

import pytest
from IPython.core.interactiveshell import InteractiveShell

from genai_course.quiz import MATHJAX_GUARD, QUIZ_SCRIPT_MARK, load_bank, quiz_outputs, show_quiz


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
    js = script["application/javascript"]
    start = js.index("var questions")
    questions = json.loads(js[js.index("=", start) + 1 : js.index(";\n", start)])
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
