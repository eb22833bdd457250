"""Unit tests for the Kneser–Ney character n-grams (genai_course.ngrams)."""

from __future__ import annotations

import numpy as np
import pytest

from genai_course.ngrams import kneser_ney_nll, kneser_ney_probs


@pytest.mark.parametrize("max_order", [1, 2, 3, 4])
def test_probabilities_sum_to_one_for_every_context(max_order: int) -> None:
    rng = np.random.default_rng(0)
    vocab = 5
    train = rng.integers(0, vocab, size=400)
    train[::7] = 2  # some structure, so the counts are uneven
    contexts = [rng.integers(0, vocab, size=max_order - 1) for _ in range(6)]
    contexts.append(train[10 : 10 + max_order - 1])  # a context seen in training
    for context in contexts:
        total = sum(
            kneser_ney_probs(train, np.array([c]), context, vocab, max_order)[max_order][0]
            for c in range(vocab)
        )
        assert total == pytest.approx(1.0, abs=1e-9)


def test_learns_a_deterministic_pattern() -> None:
    # "0 1 2 0 1 2 ...": after two characters the next one is certain
    train = np.tile([0, 1, 2], 200)
    test = np.tile([0, 1, 2], 10)
    nll = kneser_ney_nll(train, test, train, vocab_size=3, max_order=3)
    assert nll[1] == pytest.approx(np.log(3), abs=0.01)  # no context: uniform over 3
    assert nll[3] < 0.05  # full context: almost no surprise


def test_rejects_bad_input() -> None:
    train = np.array([0, 1, 2, 1])
    with pytest.raises(ValueError, match="outside range"):
        kneser_ney_probs(train, np.array([5]), train, 3, 2)
    with pytest.raises(ValueError, match="history needs at least 2"):
        kneser_ney_probs(train, np.array([1]), np.array([0]), 3, 3)
    with pytest.raises(ValueError, match="out of range"):
        kneser_ney_probs(train, np.array([1]), train, 3, 0)
