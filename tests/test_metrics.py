"""Unit tests for genai_course.metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from genai_course.metrics import (
    class_coverage,
    class_shares,
    frechet_distance,
    kernel_distance,
    largest_class_share,
    psnr,
)


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


# --- Fréchet distance (FID formula) -----------------------------------------------------


def test_frechet_distance_of_a_set_with_itself_is_zero() -> None:
    feats = np.random.default_rng(0).normal(size=(500, 16))
    assert frechet_distance(feats, feats) == pytest.approx(0.0, abs=1e-8)


def test_frechet_distance_matches_closed_form_for_gaussians() -> None:
    # N(0, I) vs N(m, s^2 I) in d dimensions: |m|^2 + d (1 - s)^2.
    rng = np.random.default_rng(1)
    d, n, shift, scale = 4, 200_000, 0.5, 2.0
    a = rng.normal(size=(n, d))
    b = shift + scale * rng.normal(size=(n, d))
    expected = d * shift**2 + d * (1 - scale) ** 2  # 1.0 + 4.0
    assert frechet_distance(a, b) == pytest.approx(expected, rel=0.02)


def test_frechet_distance_matches_matrix_formula_for_non_commuting_covariances() -> None:
    # Exact check against the textbook formula with a general matrix square root.
    scipy_linalg = pytest.importorskip("scipy.linalg")
    rng = np.random.default_rng(2)
    a = rng.normal(size=(300, 5)) @ rng.normal(size=(5, 5))
    b = rng.normal(size=(300, 5)) @ rng.normal(size=(5, 5)) + 1.0
    mu_a, mu_b = a.mean(0), b.mean(0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = np.real(scipy_linalg.sqrtm(cov_a @ cov_b))
    expected = np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a + cov_b - 2 * root)
    assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)


def test_frechet_distance_is_symmetric_and_grows_with_a_shift() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(400, 8)), rng.normal(size=(400, 8))
    assert frechet_distance(a, b) == pytest.approx(frechet_distance(b, a), rel=1e-6)
    assert frechet_distance(a, b + 1.0) > frechet_distance(a, b) + 7.0  # |shift|^2 = 8


def test_frechet_distance_rejects_mismatched_feature_sizes() -> None:
    with pytest.raises(ValueError, match="different feature sizes: 3 and 4"):
        frechet_distance(np.zeros((10, 3)), np.zeros((10, 4)))


def test_frechet_distance_rejects_too_few_samples() -> None:
    with pytest.raises(ValueError, match="feats_b has 1 samples; at least 2"):
        frechet_distance(np.zeros((10, 3)), np.zeros((1, 3)))


def test_frechet_distance_rejects_non_2d_and_nan() -> None:
    with pytest.raises(ValueError, match="2-D array"):
        frechet_distance(np.zeros(10), np.zeros(10))
    bad = np.zeros((10, 3))
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        frechet_distance(bad, np.zeros((10, 3)))


# --- Kernel distance (KID estimator) ------------------------------------------------------


def test_kernel_distance_of_one_distribution_averages_to_zero() -> None:
    rng = np.random.default_rng(4)
    values = [
        kernel_distance(rng.normal(size=(300, 8)), rng.normal(size=(300, 8)), n_subsets=2)[0]
        for _ in range(40)
    ]
    mean, sem = np.mean(values), np.std(values) / np.sqrt(len(values))
    assert abs(mean) < 3 * sem + 1e-4, (mean, sem)  # unbiased: no positive offset
    assert min(values) < 0 < max(values)  # single estimates fall on both sides of 0


def test_kernel_distance_detects_a_different_distribution() -> None:
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=(300, 8)), rng.normal(size=(300, 8))
    same, _ = kernel_distance(a, b)
    shifted, spread = kernel_distance(a, b + 0.5)
    assert shifted > same + 10 * spread > 0


def test_kernel_distance_known_value_for_two_points() -> None:
    # One-dimensional sets {0, 0} and {1, 1}: k(0,0)=1, k(1,1)=8, k(0,1)=1 -> 1 + 8 - 2 = 7.
    value, spread = kernel_distance(np.zeros((2, 1)), np.ones((2, 1)), n_subsets=3)
    assert value == pytest.approx(7.0)
    assert spread == pytest.approx(0.0)


def test_kernel_distance_errors() -> None:
    with pytest.raises(ValueError, match="different feature sizes"):
        kernel_distance(np.zeros((10, 3)), np.zeros((10, 2)))
    with pytest.raises(ValueError, match="at least 2 are needed"):
        kernel_distance(np.zeros((1, 3)), np.zeros((10, 3)))
    with pytest.raises(ValueError, match="n_subsets"):
        kernel_distance(np.zeros((10, 3)), np.zeros((10, 3)), n_subsets=0)


# --- Class statistics of generated samples ---------------------------------------------------


def test_class_shares_coverage_and_largest_share() -> None:
    labels = np.array([0] * 50 + [1] * 30 + [2] * 19 + [3])  # class 3 has 1 %
    assert class_shares(labels) == pytest.approx([0.5, 0.3, 0.19, 0.01] + [0.0] * 6)
    assert class_coverage(labels) == 4
    assert class_coverage(labels, min_share=0.02) == 3
    assert largest_class_share(labels) == pytest.approx(0.5)


def test_balanced_and_collapsed_samples() -> None:
    balanced = np.repeat(np.arange(10), 100)
    assert class_coverage(balanced) == 10
    assert largest_class_share(balanced) == pytest.approx(0.1)
    collapsed = np.array([7] * 995 + [1] * 5)
    assert class_coverage(collapsed) == 1
    assert largest_class_share(collapsed) == pytest.approx(0.995)


def test_class_statistics_reject_bad_labels() -> None:
    with pytest.raises(ValueError, match=r"lie in \[0, 9\]"):
        class_coverage(np.array([0, 10]))
    with pytest.raises(ValueError, match="integers"):
        largest_class_share(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="non-empty"):
        class_shares(np.array([], dtype=int))
    with pytest.raises(ValueError, match="min_share"):
        class_coverage(np.array([0, 1]), min_share=2.0)
