"""Quiz banks: every bank is valid; a malformed bank is rejected with a clear message; the
slides' six Quick Checks are present verbatim with the answers of the course guide."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from genai_course.paths import ROOT
from genai_course.quiz import QuizBankError, load_bank, load_quiz, validate_bank

BANKS = sorted((ROOT / "quizzes").glob("*.json"))
LESSONS = [p.name[:2] for p in BANKS]
SLIDES = ROOT.parent / "shared" / "seeds" / "course_slides.txt"

# (lesson, start of the question, correct option letter) from the course guide.
QUICK_CHECKS = [
    ("01", "In which industry does Generative AI assist", "A"),
    ("01", "What is the primary difference between Generative AI and Traditional AI", "A"),
    ("02", "What type of Generative AI model excels in image generation", "A"),
    ("07", "Which type of Generative AI model is often utilized for generating", "A"),
    ("03", "What neural network type is well-suited for processing sequential data", "C"),
    ("08", "In real-time image editing applications, what is a crucial factor", "C"),
]


@pytest.mark.parametrize("path", BANKS, ids=[p.name for p in BANKS])
def test_bank_is_valid(path: Path) -> None:
    bank = load_bank(path.name[:2])
    assert path.name.startswith(bank["lesson"] + "_")
    own = [q for q in bank["questions"] if q["source"] == "course"]
    assert len(own) >= 3, f"{path.name}: needs at least three questions of the course's own"


@pytest.mark.parametrize("lesson", LESSONS)
def test_jupyterquiz_format(lesson: str) -> None:
    for q in load_quiz(lesson):
        assert set(q) == {"question", "type", "answers"}
        json.dumps(q)  # serialisable for the page


@pytest.mark.parametrize(("lesson", "start", "letter"), QUICK_CHECKS)
def test_slide_quick_checks_verbatim(lesson: str, start: str, letter: str) -> None:
    if lesson not in LESSONS:
        pytest.skip(f"lesson {lesson} has no quiz bank yet")
    slides = SLIDES.read_text(encoding="utf-8") if SLIDES.exists() else None
    matches = [q for q in load_bank(lesson)["questions"] if q["question"].startswith(start)]
    assert len(matches) == 1, f"Quick Check '{start}...' must be in quizzes/{lesson}_*.json once"
    q = matches[0]
    assert q["source"] == "slides" and len(q["answers"]) == 4
    assert [a["answer"][:3] for a in q["answers"]] == ["A. ", "B. ", "C. ", "D. "]
    correct = [a["answer"][0] for a in q["answers"] if a["correct"]]
    assert correct == [letter]
    if slides is not None:  # the seeds sit beside the repo in development and CI
        flat = re.sub(r"\s+", " ", slides)
        assert q["question"] in flat, "question text must be verbatim from the slides"
        for a in q["answers"]:
            assert f"- {a['answer']}" in flat, f"option not verbatim: {a['answer']}"


def _good_bank() -> dict:
    return copy.deepcopy(load_bank("01"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b.pop("title"), "'title' is a required property"),
        (lambda b: b["questions"][0]["answers"][0].pop("feedback"), "questions/0/answers/0"),
        (lambda b: b["questions"][0].update(type="essay"), "questions/0/type"),
        (
            lambda b: [a.update(correct=True) for a in b["questions"][1]["answers"]],
            "exactly 1 correct",
        ),
        (lambda b: b["questions"][2].update(id=b["questions"][1]["id"]), "duplicate id"),
        (lambda b: b["questions"][2].update(id="02-wrong-lesson"), "must start with the lesson"),
        (lambda b: b.update(questions=b["questions"][:2]), "too short"),
    ],
)
def test_malformed_bank_is_rejected(damage, message: str) -> None:
    bank = _good_bank()
    damage(bank)
    with pytest.raises(QuizBankError, match=re.escape(message)):
        validate_bank(bank, where="broken.json")


def test_unparseable_bank_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "99_broken.json").write_text("{ not json")
    monkeypatch.setenv("GENAI_COURSE_QUIZZES", str(tmp_path))
    with pytest.raises(QuizBankError, match="99_broken.json: not valid JSON"):
        load_bank("99")
    with pytest.raises(QuizBankError, match="found 0"):
        load_bank("98")
