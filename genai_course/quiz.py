"""Quiz banks: one JSON file per lesson in ``quizzes/``, shown with jupyterquiz.

A bank looks like this (every answer carries feedback, so a learner who clicks a wrong
option learns *why* it is wrong)::

    {
      "lesson": "01",
      "title": "What generative AI is",
      "questions": [
        {
          "id": "01-healthcare",
          "source": "slides",            # "slides" = a Quick Check quoted verbatim
          "objective": "LO2",            # which course learning objective it assesses
          "question": "In which industry ...?",
          "type": "multiple_choice",
          "answers": [
            {"answer": "A. Healthcare", "correct": true, "feedback": "Right: ..."},
            ...
          ]
        }
      ]
    }

The ``question``/``type``/``answers`` part is exactly jupyterquiz's own format, so the same
file renders in JupyterLab and on the static website (no server needed).

:func:`show_quiz` displays jupyterquiz's two outputs (an HTML container, then the JavaScript
that fills it) with two changes, both for JupyterLab:

* The script runs with a guarded ``MathJax`` (:data:`MATHJAX_GUARD`). jupyterquiz typesets with
  the page's global ``MathJax`` and assumes that a MathJax 3 without ``typeset()`` is a bare
  configuration: it then replaces ``window.MathJax`` and asks a CDN for MathJax. JupyterLab's
  global ``MathJax`` is exactly that kind of object (``version``, ``config``, ``loader``, no
  ``typeset``; JupyterLab typesets through its own MathJax document), so jupyterquiz threw
  ``MathJax.typeset is not a function`` on every click, fetched MathJax from the internet when
  the quiz rendered after the page's maths, and afterwards threw ``Cannot read properties of
  undefined (reading '0')`` (``MathJax.version`` of its own configuration object). The guard
  passes the page's MathJax through only when it can typeset (the website's MathJax 3, or a
  MathJax 2 ``Hub``) and otherwise offers one that does nothing.
* The script's plain-text fallback lists the questions and says how to answer them: JupyterLab
  shows that text instead of running the JavaScript of a notebook it does not trust.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from genai_course.paths import quiz_dir

OBJECTIVES = {
    "LO1": "Define the key principles of generative AI and its significance.",
    "LO2": "Differentiate generative AI from traditional AI and highlight their applications.",
    "LO3": "Explain how prominent generative models (VAEs, GANs, transformers) work.",
}

_ANSWER = {
    "type": "object",
    "required": ["answer", "correct", "feedback"],
    "additionalProperties": False,
    "properties": {
        "answer": {"type": "string", "minLength": 1},
        "correct": {"type": "boolean"},
        "feedback": {"type": "string", "minLength": 10},
    },
}

#: JSON schema of one quiz bank file.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lesson", "title", "questions"],
    "additionalProperties": False,
    "properties": {
        "lesson": {"type": "string", "pattern": r"^\d\d$"},
        "title": {"type": "string", "minLength": 1},
        "questions": {
            "type": "array",
            "minItems": 3,
            "items": {
                "type": "object",
                "required": ["id", "source", "objective", "question", "type", "answers"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": r"^\d\d-[a-z0-9-]+$"},
                    "source": {"enum": ["slides", "course"]},
                    "objective": {"enum": sorted(OBJECTIVES)},
                    "question": {"type": "string", "minLength": 10},
                    "type": {"enum": ["multiple_choice", "many_choice"]},
                    "answers": {"type": "array", "minItems": 2, "items": _ANSWER},
                },
            },
        },
    },
}


class QuizBankError(ValueError):
    """A quiz bank file is missing or does not follow :data:`SCHEMA`."""


def validate_bank(bank: Any, where: str = "quiz bank") -> None:
    """Check a parsed bank against the schema and the rules the schema cannot express.

    Raises:
        QuizBankError: naming the file and the JSON path of the first problem.
    """
    try:
        jsonschema.validate(bank, SCHEMA)
    except jsonschema.ValidationError as err:
        path = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise QuizBankError(f"{where}: at {path}: {err.message}") from None
    seen: set[str] = set()
    for i, q in enumerate(bank["questions"]):
        label = f"{where}: question {i} ({q['id']})"
        if q["id"] in seen:
            raise QuizBankError(f"{label}: duplicate id")
        seen.add(q["id"])
        if not q["id"].startswith(bank["lesson"] + "-"):
            raise QuizBankError(f"{label}: id must start with the lesson number {bank['lesson']}-")
        n_correct = sum(a["correct"] for a in q["answers"])
        if q["type"] == "multiple_choice" and n_correct != 1:
            raise QuizBankError(
                f"{label}: multiple_choice needs exactly 1 correct answer, has {n_correct}"
            )
        if q["type"] == "many_choice" and n_correct < 1:
            raise QuizBankError(f"{label}: many_choice needs at least 1 correct answer")
        texts = [a["answer"] for a in q["answers"]]
        if len(set(texts)) != len(texts):
            raise QuizBankError(f"{label}: two answers have the same text")


def bank_path(lesson: str) -> Path:
    """The file of the bank for ``lesson`` (e.g. ``"01"``)."""
    matches = sorted(quiz_dir().glob(f"{lesson}_*.json"))
    if len(matches) != 1:
        raise QuizBankError(
            f"expected exactly one quiz bank quizzes/{lesson}_*.json, found {len(matches)} "
            f"in {quiz_dir()}"
        )
    return matches[0]


def load_bank(lesson: str) -> dict[str, Any]:
    """Load and validate the whole bank (with ids, sources and objectives)."""
    path = bank_path(lesson)
    try:
        bank = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise QuizBankError(f"{path.name}: not valid JSON: {err}") from None
    validate_bank(bank, where=path.name)
    if bank["lesson"] != lesson:
        raise QuizBankError(f"{path.name}: says lesson {bank['lesson']!r}, file is for {lesson!r}")
    return bank


def load_quiz(lesson: str) -> list[dict[str, Any]]:
    """The bank's questions in jupyterquiz's format (only the keys jupyterquiz reads)."""
    return [
        {"question": q["question"], "type": q["type"], "answers": q["answers"]}
        for q in load_bank(lesson)["questions"]
    ]


#: Marks a quiz script made by :func:`show_quiz` (tests tell it from older committed outputs).
QUIZ_SCRIPT_MARK = "genai_course.quiz: MathJax guard"

#: Wraps jupyterquiz's script (``%s``) in a function whose local ``MathJax`` is looked up on
#: each use: the page's MathJax when it can typeset, else a stand-in whose version matches
#: none of jupyterquiz's branches (so it neither typesets nor loads MathJax from a CDN).
MATHJAX_GUARD = (
    "// " + QUIZ_SCRIPT_MARK + " (see genai_course/quiz.py)\n"
    "(function () {\n"
    "  function usable() {\n"
    "    var m = window.MathJax;\n"
    "    return m && (typeof m.typeset === 'function' || (m.Hub && m.Hub.Queue)) ? m : null;\n"
    "  }\n"
    "  var MathJax = {\n"
    "    get version() { var m = usable(); return m ? String(m.version) : 'none'; },\n"
    "    get Hub() { var m = usable(); return m ? m.Hub : undefined; },\n"
    "    typeset: function (elements) {\n"
    "      var m = usable();\n"
    "      if (m && typeof m.typeset === 'function') { m.typeset(elements); }\n"
    "    }\n"
    "  };\n"
    "%s\n"
    "})();\n"
)


def _plain_text(lesson: str, questions: list[dict[str, Any]]) -> str:
    """What a viewer that does not run the quiz's JavaScript shows (the answers stay hidden)."""
    lines = [f"Quick check {lesson}: {len(questions)} questions."]
    for i, q in enumerate(questions, 1):
        lines.append(f"{i}. {q['question']}")
        lines.extend(f"   - {a['answer']}" for a in q["answers"])
    lines.append(
        "To answer them with feedback, run this cell, or open the notebook from `make lab` "
        "(it trusts the course's notebooks, so JupyterLab runs their quizzes)."
    )
    return "\n".join(lines)


def quiz_outputs(lesson: str) -> list[dict[str, str]]:
    """The display data :func:`show_quiz` shows: jupyterquiz's HTML, then the guarded script.

    Needs a running IPython (as in a notebook): jupyterquiz's own outputs are captured from
    ``display_quiz`` and re-issued.

    Raises:
        RuntimeError: without IPython, or if jupyterquiz's outputs are not the two expected.
    """
    from IPython.utils.capture import capture_output  # noqa: PLC0415
    from jupyterquiz import display_quiz  # noqa: PLC0415

    questions = load_quiz(lesson)
    with capture_output(stdout=False, stderr=False) as captured:
        display_quiz(questions, shuffle_answers=False, max_width=760)
    kinds = [sorted(o.data) for o in captured.outputs]
    if len(kinds) != 2 or "text/html" not in kinds[0] or "application/javascript" not in kinds[1]:
        raise RuntimeError(
            "show_quiz needs IPython (run it in a notebook), and jupyterquiz must display "
            f"an HTML container then a script; got outputs with {kinds}"
        )
    html = captured.outputs[0].data["text/html"]
    script = captured.outputs[1].data["application/javascript"]
    return [
        {"text/html": html, "text/plain": f"Quick check {lesson} ({len(questions)} questions)"},
        {
            "application/javascript": MATHJAX_GUARD % script,
            "text/plain": _plain_text(lesson, questions),
        },
    ]


def show_quiz(lesson: str) -> None:
    """Display the lesson's quick check as clickable questions with feedback."""
    from IPython.display import display  # noqa: PLC0415

    for bundle in quiz_outputs(lesson):
        display(bundle, raw=True)
