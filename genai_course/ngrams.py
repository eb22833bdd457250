"""Interpolated Kneser–Ney character n-grams: the strongest count baseline the course uses.

Lessons 01 and 03 teach add-α smoothing, which gives every unseen continuation the same small
count. Kneser–Ney (Chen and Goodman 1999) is the standard stronger recipe: it subtracts a
fixed discount from every seen count and gives the freed probability to a lower-order model,
whose counts are *continuation* counts (in how many different contexts a string appears),
not raw counts. Lesson 03 compares its LSTM with it, so the comparison is against the best
count model, not only the one the course builds by hand.

Characters are integer ids in ``range(vocab_size)``; a k-gram is coded as one integer with
base-``vocab_size`` digits, so the whole model is a few sorted arrays and ``np.unique``.
"""

from __future__ import annotations

import numpy as np


def _codes(ids: np.ndarray, k: int, vocab_size: int) -> np.ndarray:
    """One integer per k-gram: element t codes ids[t], ..., ids[t + k - 1]."""
    code = np.zeros(len(ids) - k + 1, dtype="int64")
    for j in range(k):
        code = code * vocab_size + ids[j : len(ids) - k + 1 + j]
    return code


def _lookup(keys: np.ndarray, values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """values where keys == query (keys sorted), 0 where the query is absent."""
    pos = np.clip(np.searchsorted(keys, queries), 0, len(keys) - 1)
    return np.where(keys[pos] == queries, values[pos], 0)


def _interpolate(
    grams: np.ndarray,
    counts: np.ndarray,
    queries: np.ndarray,
    lower: np.ndarray,
    *,
    vocab_size: int,
    order: int,
) -> np.ndarray:
    """One Kneser–Ney level: (count - d)/N(h) + d * T(h)/N(h) * lower, or lower if h unseen."""
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    d = n1 / max(n1 + 2 * n2, 1)  # the discount estimate of Ney, Essen and Kneser
    ctx, start = np.unique(grams // vocab_size, return_index=True)
    total = np.add.reduceat(counts, start)  # N(h): how often context h was followed by anything
    types = np.diff(np.r_[start, len(grams)])  # T(h): how many different characters follow h
    if order == 1:  # the context is empty: every query shares it
        n_h = np.full(len(queries), total[0])
        t_h = np.full(len(queries), types[0])
    else:
        q_ctx = queries // vocab_size
        n_h, t_h = _lookup(ctx, total, q_ctx), _lookup(ctx, types, q_ctx)
    safe = np.maximum(n_h, 1)
    p = np.maximum(_lookup(grams, counts, queries) - d, 0) / safe + d * t_h / safe * lower
    return np.where(n_h > 0, p, lower)


def kneser_ney_probs(
    train: np.ndarray,
    test: np.ndarray,
    history: np.ndarray,
    vocab_size: int,
    max_order: int,
) -> dict[int, np.ndarray]:
    """p(test[t] | the preceding characters) under interpolated Kneser–Ney of each order.

    Args:
        train: character ids the counts come from.
        test: character ids to score.
        history: the characters just before ``test`` (at least ``max_order - 1`` of them),
            so the first test characters have full contexts.
        vocab_size: number of distinct ids; ids must lie in ``range(vocab_size)``.
        max_order: the largest n (6 means five characters of context).

    Returns:
        ``{n: probabilities}`` for n = 1 .. max_order, one probability per test character.
    """
    train, test, history = (np.asarray(a, dtype="int64") for a in (train, test, history))
    if max_order < 1 or vocab_size**max_order >= 2**62:
        raise ValueError(f"max_order={max_order} is out of range for {vocab_size} characters")
    if len(history) < max_order - 1:
        raise ValueError(f"history needs at least {max_order - 1} characters")
    for name, a in (("train", train), ("test", test), ("history", history)):
        if len(a) and (a.min() < 0 or a.max() >= vocab_size):
            raise ValueError(f"{name} has ids outside range({vocab_size})")
    padded = np.concatenate([history[len(history) - (max_order - 1) :], test])
    raw = [
        np.unique(_codes(train, k, vocab_size), return_counts=True) for k in range(1, max_order + 1)
    ]
    lower = np.full(len(test), 1.0 / vocab_size)  # order 0: uniform
    probs = {}
    for k in range(1, max_order + 1):
        queries = _codes(padded, k, vocab_size)[-len(test) :]  # the k-gram ending at each char
        grams, counts = raw[k - 1]
        probs[k] = _interpolate(grams, counts, queries, lower, vocab_size=vocab_size, order=k)
        if k < max_order:  # the next order's lower model uses continuation counts
            cont, cont_counts = np.unique(raw[k][0] % vocab_size**k, return_counts=True)
            lower = _interpolate(cont, cont_counts, queries, lower, vocab_size=vocab_size, order=k)
    return probs


def kneser_ney_nll(
    train: np.ndarray,
    test: np.ndarray,
    history: np.ndarray,
    vocab_size: int,
    max_order: int,
) -> dict[int, float]:
    """Mean negative log-likelihood (nats per character) of ``test`` for each order."""
    probs = kneser_ney_probs(train, test, history, vocab_size, max_order)
    return {k: float(-np.mean(np.log(p))) for k, p in probs.items()}
