"""Helper package for the course *Advanced Generative AI: Models and Architecture*.

Only code that several notebooks share lives here (data loading, plotting style, quizzes,
small metrics). Code that *teaches* -- a model, a loss, a training step -- stays in the
notebook where the learner reads it.
"""

from genai_course.data import (
    DataFileError,
    load_fashion_mnist,
    load_mnist,
    load_names,
    load_shakespeare,
)
from genai_course.notebook import record, setup_notebook
from genai_course.plotting import PALETTE, plot_history, show_images
from genai_course.quiz import QuizBankError, load_quiz, show_quiz

__all__ = [
    "PALETTE",
    "DataFileError",
    "QuizBankError",
    "load_fashion_mnist",
    "load_mnist",
    "load_names",
    "load_quiz",
    "load_shakespeare",
    "plot_history",
    "record",
    "setup_notebook",
    "show_images",
    "show_quiz",
]
