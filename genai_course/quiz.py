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


def show_quiz(lesson: str) -> None:
    """Display the lesson's quick check as clickable questions with feedback."""
    from jupyterquiz import display_quiz  # noqa: PLC0415

    display_quiz(load_quiz(lesson), shuffle_answers=False, max_width=760)
