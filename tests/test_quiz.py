"""Quiz banks: every bank is valid; a malformed bank is rejected with a clear message; the
slides' six Quick Checks are present verbatim with the answers of the course guide."""

from __future__ import annotations

import copy
import difflib
import json
import math
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


# The six Quick Checks, vendored verbatim so the comparison runs even where the slides are
# absent (a fresh clone, the publish workflow); test_vendored_quick_checks_match_the_slides
# keeps this copy honest wherever the slides are present.
VENDORED = json.loads((ROOT / "tests" / "quick_checks.json").read_text(encoding="utf-8"))
VENDORED_CHECKS = VENDORED["quick_checks"]


def test_vendored_quick_checks_agree_with_the_guide() -> None:
    got = [
        (c["lesson"], c["question"][: len(start)], c["answer"])
        for c, (_, start, _) in zip(VENDORED_CHECKS, QUICK_CHECKS, strict=True)
    ]
    assert got == QUICK_CHECKS


@pytest.mark.parametrize(("lesson", "start", "letter"), QUICK_CHECKS)
def test_slide_quick_checks_verbatim(lesson: str, start: str, letter: str) -> None:
    if lesson not in LESSONS:
        pytest.skip(f"lesson {lesson} has no quiz bank yet")
    vendored = next(c for c in VENDORED_CHECKS if c["question"].startswith(start))
    matches = [q for q in load_bank(lesson)["questions"] if q["question"].startswith(start)]
    assert len(matches) == 1, f"Quick Check '{start}...' must be in quizzes/{lesson}_*.json once"
    q = matches[0]
    assert q["source"] == "slides" and len(q["answers"]) == 4
    assert q["question"] == vendored["question"], "question text must be verbatim from the slides"
    assert [a["answer"] for a in q["answers"]] == vendored["options"], "options must be verbatim"
    correct = [a["answer"][0] for a in q["answers"] if a["correct"]]
    assert correct == [letter]


def test_vendored_quick_checks_match_the_slides() -> None:
    if not SLIDES.exists():
        pytest.skip(
            f"{SLIDES} is absent: the banks were compared with tests/quick_checks.json only"
        )
    flat = re.sub(r"\s+", " ", SLIDES.read_text(encoding="utf-8"))
    for check in VENDORED_CHECKS:
        assert check["question"] in flat, f"not verbatim in the slides: {check['question']}"
        for option in check["options"]:
            assert f"- {option}" in flat, f"option not verbatim in the slides: {option}"


# --- Quizzes that measure understanding -------------------------------------------------
# Course-written questions must not give their answer away by its position or its length.
# Bounds (measured on the banks, 2026-11-24): at most ceil(40 %) of a bank's course-written
# correct answers in one position; in each course question the longest option is at most
# MAX_LENGTH_RATIO x the shortest; the correct option is the single longest in at most
# ceil(40 %) of a bank's course questions. Slide questions keep the slides' own order.
MAX_POSITION_SHARE = 0.4
MAX_LENGTH_RATIO = 3.0


def _course_questions(lesson: str) -> list[dict]:
    return [q for q in load_bank(lesson)["questions"] if q["source"] == "course"]


def _correct_index(q: dict) -> int:
    return next(i for i, a in enumerate(q["answers"]) if a["correct"])


# Banks being rebalanced by the lessons' authors (issue 12): stated, not hidden; once a bank
# passes, its test shows as XPASS and the lesson can be removed from this set.
PENDING_BALANCE: set[str] = set()
BALANCE_CASES = [
    pytest.param(
        lesson,
        marks=[pytest.mark.xfail(reason="bank not rebalanced yet")]
        if lesson in PENDING_BALANCE
        else [],
    )
    for lesson in LESSONS
]


@pytest.mark.parametrize("lesson", BALANCE_CASES)
def test_correct_answers_are_not_in_one_position(lesson: str) -> None:
    own = _course_questions(lesson)
    positions = [_correct_index(q) for q in own]
    limit = math.ceil(MAX_POSITION_SHARE * len(own))
    for pos in set(positions):
        assert positions.count(pos) <= limit, (
            f"quizzes/{lesson}: {positions.count(pos)} of {len(own)} course-written answers "
            f"are option {'ABCD'[pos]} (at most {limit}); reorder the options"
        )


@pytest.mark.parametrize("lesson", BALANCE_CASES)
def test_options_have_similar_lengths(lesson: str) -> None:
    own = _course_questions(lesson)
    longest_correct = 0
    for q in own:
        lengths = [len(a["answer"]) for a in q["answers"]]
        assert max(lengths) <= MAX_LENGTH_RATIO * min(lengths), (
            f"{q['id']}: option lengths {lengths} differ by more than {MAX_LENGTH_RATIO}x"
        )
        correct = lengths[_correct_index(q)]
        longest_correct += correct == max(lengths) and lengths.count(correct) == 1
    limit = math.ceil(MAX_POSITION_SHARE * len(own))
    assert longest_correct <= limit, (
        f"quizzes/{lesson}: the correct option is the longest in {longest_correct} of "
        f"{len(own)} course questions (at most {limit})"
    )


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_no_question_is_repeated_across_banks() -> None:
    seen: dict[str, str] = {}
    for lesson in LESSONS:
        for q in load_bank(lesson)["questions"]:
            key = _normalised(q["question"])
            for other_key, other_id in seen.items():
                similarity = difflib.SequenceMatcher(None, key, other_key).ratio()
                assert similarity < 0.8, (
                    f"{q['id']} repeats {other_id} ({similarity:.0%} the same wording)"
                )
            seen[key] = q["id"]


def test_position_check_can_fail() -> None:
    # The balance test must reject a bank whose answers all sit first.
    own = [copy.deepcopy(q) for q in _course_questions(LESSONS[0])]
    for q in own:
        q["answers"].sort(key=lambda a: not a["correct"])
    positions = [_correct_index(q) for q in own]
    assert positions.count(0) > math.ceil(MAX_POSITION_SHARE * len(own))


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
