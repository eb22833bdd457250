"""Where the course's files live, independent of the current working directory."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the folder holding ``data/``, ``notebooks/`` and ``quizzes/``).
ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """The data folder; ``GENAI_COURSE_DATA`` overrides it (used by the tests)."""
    return Path(os.environ.get("GENAI_COURSE_DATA", ROOT / "data"))


def quiz_dir() -> Path:
    """The folder of quiz banks; ``GENAI_COURSE_QUIZZES`` overrides it."""
    return Path(os.environ.get("GENAI_COURSE_QUIZZES", ROOT / "quizzes"))
