"""Unit tests for genai_course.metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from genai_course.metrics import (
    bits_to_nats,
    bootstrap_ci,
    class_coverage,
    class_entropy,
    class_shares,
    distinct_n,
    frechet_distance,
    kernel_distance,
    largest_class_share,
    mean_pairwise_distance,
    measure_latency,
    nats_to_bits,
    nearest_neighbour_distances,
    precision_recall,
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


# --- Precision and recall with k-NN manifolds (Kynkäänniemi et al. 2019) -------------------


def _modes(n_modes: int, n_per_mode: int, seed: int, dim: int = 2) -> np.ndarray:
    """Tight, well-separated clusters (sd 0.3): on a ring of radius 10 in 2-D, else at 10 e_m.

    k-NN balls describe a manifold well only with many samples per dimension, so the
    coverage tests use 2-D modes; the noise test uses 16-D, closer to real feature spaces.
    """
    rng = np.random.default_rng(seed)
    if dim == 2:
        angles = 2 * np.pi * np.arange(10) / 10
        centres = 10.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)[:n_modes]
    else:
        centres = 10.0 * np.eye(dim)[:n_modes]
    return np.concatenate([c + 0.3 * rng.normal(size=(n_per_mode, dim)) for c in centres])


def test_precision_recall_of_identical_sets_is_one_and_one() -> None:
    feats = _modes(10, 50, seed=0, dim=16)
    assert precision_recall(feats, feats, k=3) == (1.0, 1.0)


def test_precision_recall_of_a_generator_covering_half_the_modes() -> None:
    real = _modes(10, 100, seed=1)
    half = _modes(5, 200, seed=2)  # same number of samples, only modes 0-4
    precision, recall = precision_recall(real, half, k=3)
    assert precision > 0.9
    assert recall == pytest.approx(0.5, abs=0.05)


def test_precision_recall_of_noise_is_near_zero_precision() -> None:
    real = _modes(10, 100, seed=3, dim=16)
    noise = np.random.default_rng(4).uniform(-5, 15, size=(1000, 16))
    precision, recall = precision_recall(real, noise, k=3)
    assert precision < 0.02
    # the noise's own balls are large (its points are far apart), so recall is not ~0:
    # one reason to report both numbers and never recall alone
    assert 0.0 <= recall <= 1.0


def test_precision_recall_same_distribution_is_high_and_chunking_does_not_matter() -> None:
    a, b = _modes(10, 60, seed=5), _modes(10, 60, seed=6)
    p, r = precision_recall(a, b, k=5)
    assert p > 0.9 and r > 0.9
    assert precision_recall(a, b, k=5, chunk=7) == (p, r)


def test_precision_recall_errors() -> None:
    a = np.zeros((5, 3))
    with pytest.raises(ValueError, match="empty"):
        precision_recall(np.zeros((0, 3)), a)
    with pytest.raises(ValueError, match="different feature sizes: 3 and 4"):
        precision_recall(a, np.zeros((5, 4)))
    with pytest.raises(ValueError, match="k=5 needs more than k samples"):
        precision_recall(a, np.zeros((8, 3)), k=5)
    with pytest.raises(ValueError, match="positive integer"):
        precision_recall(a, a, k=0)
    with pytest.raises(ValueError, match="2-D"):
        precision_recall(np.zeros(5), a)


def test_nearest_neighbour_distances_known_values() -> None:
    reference = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 0.0]])
    queries = np.array([[3.0, 4.0], [1.0, 0.0], [9.0, 0.0], [6.0, 8.0]])
    idx, dist = nearest_neighbour_distances(queries, reference, chunk=3)
    assert idx.tolist() == [1, 0, 2, 1]
    assert dist == pytest.approx([0.0, 1.0, 1.0, 5.0])
    with pytest.raises(ValueError, match="different feature sizes"):
        nearest_neighbour_distances(queries, np.zeros((2, 3)))


# --- Diversity ---------------------------------------------------------------------------


def test_class_entropy_known_values() -> None:
    assert class_entropy(np.repeat(np.arange(10), 7)) == pytest.approx(math.log2(10))
    assert class_entropy(np.array([4] * 20)) == pytest.approx(0.0)
    assert class_entropy(np.array([0, 0, 1, 1])) == pytest.approx(1.0)
    assert class_entropy(np.array([0, 1, 2, 2]), n_classes=3) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="non-empty"):
        class_entropy(np.array([], dtype=int))


def test_mean_pairwise_distance_known_values() -> None:
    # Corners of a unit square: 4 sides of length 1 and 2 diagonals of sqrt(2).
    square = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert mean_pairwise_distance(square) == pytest.approx((4 + 2 * math.sqrt(2)) / 6)
    assert mean_pairwise_distance(np.ones((50, 3))) == pytest.approx(0.0, abs=1e-6)
    big = np.random.default_rng(0).normal(size=(3000, 8))  # E|x - y| = sqrt(2) * E|N(0, I_8)|
    assert mean_pairwise_distance(big, max_samples=800) == pytest.approx(3.87, rel=0.03)
    with pytest.raises(ValueError, match="at least 2 samples"):
        mean_pairwise_distance(np.zeros((1, 3)))


def test_distinct_n_on_hand_made_strings() -> None:
    assert distinct_n("the cat sat on the mat", 1) == pytest.approx(5 / 6)  # 'the' twice
    assert distinct_n("the cat sat on the mat", 2) == pytest.approx(1.0)
    assert distinct_n("la la la la", 1) == pytest.approx(1 / 4)
    assert distinct_n("la la la la", 2) == pytest.approx(1 / 3)
    assert distinct_n("abab", 2, unit="char") == pytest.approx(2 / 3)  # ab, ba, ab
    # n-grams never span two texts: "a b" + "b a" has bigrams (a,b), (b,a), both distinct
    assert distinct_n(["a b", "b a"], 2) == pytest.approx(1.0)
    assert distinct_n(["a b", "a b"], 2) == pytest.approx(0.5)


def test_distinct_n_errors() -> None:
    with pytest.raises(ValueError, match="no 3-gram of words"):
        distinct_n("two words", 3)
    with pytest.raises(ValueError, match="no 1-gram"):
        distinct_n("", 1)
    with pytest.raises(ValueError, match="positive integer"):
        distinct_n("a b c", 0)
    with pytest.raises(ValueError, match="unit"):
        distinct_n("a b c", 1, unit="token")


# --- Units -------------------------------------------------------------------------------


def test_nats_and_bits() -> None:
    assert nats_to_bits(math.log(2)) == pytest.approx(1.0)
    assert nats_to_bits(math.log(66)) == pytest.approx(math.log2(66))  # uniform over 66 chars
    assert bits_to_nats(1.0) == pytest.approx(0.6931, abs=1e-4)
    values = np.array([0.0, 1.5, 2.0])
    assert bits_to_nats(nats_to_bits(values)) == pytest.approx(values)
    assert isinstance(nats_to_bits(1.0), float)


# --- Latency -----------------------------------------------------------------------------


class FakeClock:
    """A clock that the timed function advances by a scripted amount per call."""

    def __init__(self, durations: list[float]) -> None:
        self.now, self.durations, self.calls = 0.0, list(durations), 0

    def __call__(self) -> float:
        return self.now

    def work(self) -> None:
        self.now += self.durations[self.calls]
        self.calls += 1


def test_measure_latency_discards_warmup_and_reports_median_and_p95() -> None:
    # 2 slow warm-up calls (e.g. tracing), then 1..20 ms: median 10.5 ms, p95 19.05 ms.
    clock = FakeClock([5.0, 5.0] + [i / 1000 for i in range(1, 21)])
    result = measure_latency(clock.work, n_calls=20, warmup=2, clock=clock)
    assert clock.calls == 22
    assert result.times.tolist() == pytest.approx([i / 1000 for i in range(1, 21)])
    assert result.median == pytest.approx(0.0105)
    assert result.p95 == pytest.approx(0.01905)
    assert result.per_second == pytest.approx(1 / 0.0105)


def test_measure_latency_without_warmup_sees_the_slow_first_call() -> None:
    clock = FakeClock([5.0] + [0.001] * 19)
    result = measure_latency(clock.work, n_calls=20, warmup=0, clock=clock)
    assert result.median == pytest.approx(0.001)
    assert result.times.max() == pytest.approx(5.0)
    assert result.p95 > 0.2  # the one slow call drags the 95th percentile


def test_measure_latency_real_clock_and_errors() -> None:
    result = measure_latency(lambda: sum(range(100)), n_calls=5, warmup=1)
    assert len(result.times) == 5 and result.median >= 0
    with pytest.raises(ValueError, match="callable"):
        measure_latency(3, n_calls=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_calls"):
        measure_latency(lambda: None, n_calls=0)
    with pytest.raises(ValueError, match="warmup"):
        measure_latency(lambda: None, warmup=-1)


# --- Bootstrap confidence intervals ------------------------------------------------------


def test_bootstrap_ci_of_a_mean_matches_the_normal_approximation() -> None:
    # 100 coin flips with 50 heads: the mean's standard error is 0.05, so the 95 % interval
    # is about 0.5 +- 1.96 * 0.05 = [0.402, 0.598].
    flips = np.array([0.0, 1.0] * 50)
    estimate, low, high = bootstrap_ci(np.mean, flips, n_resamples=4000, seed=1)
    assert estimate == pytest.approx(0.5)
    assert low == pytest.approx(0.402, abs=0.02)
    assert high == pytest.approx(0.598, abs=0.02)


def test_bootstrap_ci_of_a_constant_is_a_point_and_it_repeats() -> None:
    assert bootstrap_ci(np.mean, np.full(30, 2.5)) == pytest.approx((2.5, 2.5, 2.5))
    x = np.random.default_rng(0).normal(size=200)
    assert bootstrap_ci(np.median, x, seed=3) == bootstrap_ci(np.median, x, seed=3)


def test_bootstrap_ci_resamples_each_sample_independently() -> None:
    # Difference of two means, 400 draws each with sd 1: standard error sqrt(2 / 400) = 0.071.
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=400), rng.normal(size=400) + 1.0
    estimate, low, high = bootstrap_ci(
        lambda x, y: y.mean() - x.mean(), a, b, n_resamples=2000, seed=0
    )
    assert low < estimate < high
    assert high - low == pytest.approx(2 * 1.96 * math.sqrt(2 / 400), rel=0.15)


def test_bootstrap_ci_basic_interval_reflects_a_biased_statistic() -> None:
    # The maximum of a sample is biased low: every resample's maximum is <= the sample's.
    # The percentile interval then ends at the estimate; the basic interval starts there.
    x = np.arange(100.0)
    estimate, low, high = bootstrap_ci(np.max, x, n_resamples=500)
    assert estimate == high == 99.0 and low < 99.0
    b_estimate, b_low, b_high = bootstrap_ci(np.max, x, n_resamples=500, method="basic")
    assert b_estimate == b_low == 99.0
    assert b_high == pytest.approx(2 * 99.0 - low)
    # The normal interval is symmetric around the estimate: 99 +- 1.96 * spread.
    n_estimate, n_low, n_high = bootstrap_ci(np.max, x, n_resamples=500, method="normal")
    assert n_estimate == 99.0 and n_high - 99.0 == pytest.approx(99.0 - n_low) and n_low < 99
    # For a symmetric statistic such as the mean, the three intervals nearly agree.
    flips = np.array([0.0, 1.0] * 50)
    p = bootstrap_ci(np.mean, flips, n_resamples=2000)
    b = bootstrap_ci(np.mean, flips, n_resamples=2000, method="basic")
    assert b == pytest.approx(p, abs=0.015)
    normal = bootstrap_ci(np.mean, flips, n_resamples=2000, method="normal")
    assert normal == pytest.approx((0.5, 0.402, 0.598), abs=0.015)  # 0.5 +- 1.96 * 0.05


def test_float32_points_stay_float32_and_agree_with_float64() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.random((300, 50)), rng.random((300, 50))
    p64 = precision_recall(a, b)
    p32 = precision_recall(a.astype("float32"), b.astype("float32"))
    assert p32 == pytest.approx(p64, abs=0.01)
    _, d32 = nearest_neighbour_distances(a.astype("float32"), b.astype("float32"))
    _, d64 = nearest_neighbour_distances(a, b)
    assert d32.dtype == np.float32
    assert d32 == pytest.approx(d64, abs=1e-3)


def test_bootstrap_ci_errors() -> None:
    with pytest.raises(ValueError, match="at least one sample"):
        bootstrap_ci(np.mean)
    with pytest.raises(ValueError, match="empty"):
        bootstrap_ci(np.mean, np.array([]))
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_ci(np.mean, np.ones(5), n_resamples=5)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(np.mean, np.ones(5), level=1.0)
    with pytest.raises(ValueError, match="method"):
        bootstrap_ci(np.mean, np.ones(5), method="bca")
