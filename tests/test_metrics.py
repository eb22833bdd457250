"""Unit tests for genai_course.metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from genai_course.metrics import psnr


def test_psnr_known_value() -> None:
    clean = np.zeros((2, 4, 4))
    noisy = np.full((2, 4, 4), 0.1)  # MSE = 0.01 -> 10 * log10(1 / 0.01) = 20 dB
    assert psnr(clean, noisy) == pytest.approx(20.0)


def test_psnr_per_image_and_mean() -> None:
    clean = np.zeros((2, 3, 3))
    est = np.stack([np.full((3, 3), 0.1), np.full((3, 3), 0.01)])
    values = psnr(clean, est, per_image=True)
    assert values.shape == (2,)
    assert values == pytest.approx([20.0, 40.0])
    assert psnr(clean, est) == pytest.approx(30.0)


def test_psnr_data_range_scales() -> None:
    clean = np.zeros((1, 5))
    est = np.full((1, 5), 25.5)
    assert psnr(clean, est, data_range=255.0) == pytest.approx(20.0)


def test_psnr_halving_error_adds_about_6_db() -> None:
    rng = np.random.default_rng(0)
    clean = rng.random((3, 8, 8))
    noise = rng.normal(0, 0.1, clean.shape)
    assert psnr(clean, clean + noise / 2) - psnr(clean, clean + noise) == pytest.approx(
        20 * math.log10(2)
    )


def test_psnr_identical_is_infinite() -> None:
    x = np.ones((1, 2, 2))
    assert psnr(x, x) == math.inf


def test_psnr_shape_mismatch() -> None:
    with pytest.raises(ValueError, match="same shape"):
        psnr(np.zeros((2, 4)), np.zeros((2, 5)))


def test_psnr_needs_batch_axis() -> None:
    with pytest.raises(ValueError, match="at least 2 axes"):
        psnr(np.zeros(4), np.zeros(4))


def test_psnr_bad_data_range() -> None:
    with pytest.raises(ValueError, match="data_range"):
        psnr(np.zeros((1, 4)), np.ones((1, 4)), data_range=0)
