"""Small, framework-free image metrics shared by several lessons.

Only *measurement* code lives here; the models and losses that a lesson teaches stay in
the notebook.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from statistics import NormalDist
from typing import NamedTuple

import numpy as np


def psnr(
    reference: np.ndarray,
    estimate: np.ndarray,
    data_range: float = 1.0,
    per_image: bool = False,
) -> float | np.ndarray:
    """Peak signal-to-noise ratio in decibels, computed image by image.

    For one image, ``PSNR = 10 * log10(data_range**2 / MSE)``, where ``MSE`` is the mean
    squared difference of its pixels. Higher is better; every halving of the error adds
    about 3 dB.

    Args:
        reference: the clean images, shape ``(n, ...)`` (one image per row of the first
            axis, any number of pixel axes).
        estimate: images to compare with ``reference``, same shape.
        data_range: the largest possible pixel value minus the smallest (1.0 for [0, 1]
            pixels, 255 for uint8 pixels).
        per_image: return the PSNR of every image instead of their mean.

    Returns:
        The mean PSNR over the images (a float), or an array of shape ``(n,)``. An image
        identical to its reference has an infinite PSNR.

    Raises:
        ValueError: if the shapes differ, an input has no image axis, or ``data_range``
            is not positive.
    """
    reference = np.asarray(reference, dtype=np.float64)
    estimate = np.asarray(estimate, dtype=np.float64)
    if reference.shape != estimate.shape:
        raise ValueError(
            f"psnr needs two arrays of the same shape; got {reference.shape} and {estimate.shape}."
        )
    if reference.ndim < 2:
        raise ValueError(
            f"psnr expects a batch of images of shape (n, ...) with at least 2 axes; got "
            f"shape {reference.shape}. Wrap a single image as x[None]."
        )
    if data_range <= 0:
        raise ValueError(f"data_range must be positive, got {data_range}.")
    axes = tuple(range(1, reference.ndim))
    mse = np.mean((reference - estimate) ** 2, axis=axes)
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range**2 / mse)
    return values if per_image else float(np.mean(values))


# --- Distances between sets of features (FID, KID) and class statistics of samples ----------
#
# The functions below compare two *sets* of feature vectors, one vector per image, e.g. the
# 128-d penultimate-layer features of the course's digit classifier
# (``genai_course.models.classifier_features``). With Inception-v3 features they are the FID
# of Heusel et al. (2017) and the KID of Binkowski et al. (2018); with the course classifier
# they are "classifier-FID" and "classifier-KID", which are *not* comparable with numbers in
# papers. Always report the real-vs-real value (two real samples of the same size) beside them:
# it is the floor a perfect generator would reach with that many samples.


def _check_feature_sets(feats_a: np.ndarray, feats_b: np.ndarray, min_samples: int) -> tuple:
    a = np.asarray(feats_a, dtype=np.float64)
    b = np.asarray(feats_b, dtype=np.float64)
    for name, x in (("feats_a", a), ("feats_b", b)):
        if x.ndim != 2:
            raise ValueError(
                f"{name} must be a 2-D array (n_samples, n_features); got shape {x.shape}."
            )
        if len(x) < min_samples:
            raise ValueError(
                f"{name} has {len(x)} samples; at least {min_samples} are needed (more than "
                "the feature size for a full-rank covariance, ideally thousands)."
            )
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{name} contains NaN or infinite values.")
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"the two feature sets have different feature sizes: {a.shape[1]} and {b.shape[1]}; "
            "compute both with the same feature extractor."
        )
    return a, b


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    """Symmetric square root of a symmetric positive semi-definite matrix (via ``eigh``)."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(feats_a: np.ndarray, feats_b: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (the formula of FID).

    Each set is summarised by its mean ``mu`` and covariance ``S`` (unbiased, ``ddof=1``);
    the squared 2-Wasserstein distance between the two Gaussians is::

        ||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a^{1/2} S_b S_a^{1/2})^{1/2})

    The trace of the matrix square root is computed from the eigenvalues of the symmetric
    matrix ``S_a^{1/2} S_b S_a^{1/2}``, which is numerically stable and needs only NumPy.

    Lower is better; 0 means equal means and covariances. The value is biased upwards for
    small samples, so compare only numbers computed with the same sample sizes, and report
    the real-vs-real value beside it.

    Args:
        feats_a: features of the first set, shape ``(n_a, d)``.
        feats_b: features of the second set, shape ``(n_b, d)``.

    Returns:
        The distance (a non-negative float, in squared feature units).

    Raises:
        ValueError: if the arrays are not 2-D, have different feature sizes ``d``, hold
            fewer than 2 samples, or contain NaN/inf.
    """
    a, b = _check_feature_sets(feats_a, feats_b, min_samples=2)
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False, ddof=1), np.cov(b, rowvar=False, ddof=1)
    cov_a, cov_b = np.atleast_2d(cov_a), np.atleast_2d(cov_b)
    root_a = _sqrt_psd(cov_a)
    cross = np.linalg.eigvalsh(root_a @ cov_b @ root_a)
    trace_sqrt = float(np.sum(np.sqrt(np.clip(cross, 0.0, None))))
    value = float(np.sum((mu_a - mu_b) ** 2) + np.trace(cov_a) + np.trace(cov_b) - 2 * trace_sqrt)
    return max(value, 0.0)


def kernel_distance(
    feats_a: np.ndarray,
    feats_b: np.ndarray,
    n_subsets: int = 10,
    subset_size: int = 1000,
    seed: int = 0,
) -> tuple[float, float]:
    """Unbiased squared MMD with a cubic polynomial kernel: the KID estimator.

    The kernel is ``k(x, y) = (x . y / d + 1) ** 3`` (``d`` = feature size), as in
    Binkowski et al. (2018). On each of ``n_subsets`` random subsets (``subset_size`` rows
    drawn without replacement from each set) the unbiased estimator::

        mean_{i != j} k(a_i, a_j) + mean_{i != j} k(b_i, b_j) - 2 mean_{i, j} k(a_i, b_j)

    is computed; the function returns the mean and standard deviation over the subsets.
    Unlike the Fréchet distance it is unbiased: for two samples of the *same* distribution
    it averages to 0 (single values can be slightly negative), whatever the sample size.

    Args:
        feats_a, feats_b: feature sets of shapes ``(n_a, d)`` and ``(n_b, d)``.
        n_subsets: number of random subsets to average over (at least 1).
        subset_size: rows per subset; reduced to ``min(n_a, n_b)`` if the sets are smaller.
        seed: seed of the subset draws, so the value repeats.

    Returns:
        ``(mean, std)`` of the estimate over the subsets (squared-MMD units; often quoted
        multiplied by 1000).

    Raises:
        ValueError: if the arrays are not 2-D, have different feature sizes, hold fewer
            than 2 samples, contain NaN/inf, or if ``n_subsets``/``subset_size`` < 1/2.
    """
    a, b = _check_feature_sets(feats_a, feats_b, min_samples=2)
    if n_subsets < 1:
        raise ValueError(f"n_subsets must be at least 1, got {n_subsets}.")
    if subset_size < 2:
        raise ValueError(f"subset_size must be at least 2, got {subset_size}.")
    m = min(subset_size, len(a), len(b))
    d = a.shape[1]
    rng = np.random.default_rng(seed)
    estimates = []
    for _ in range(n_subsets):
        x = a[rng.choice(len(a), m, replace=False)]
        y = b[rng.choice(len(b), m, replace=False)]
        k_xx = (x @ x.T / d + 1) ** 3
        k_yy = (y @ y.T / d + 1) ** 3
        k_xy = (x @ y.T / d + 1) ** 3
        off_diag = m * (m - 1)
        estimates.append(
            (k_xx.sum() - np.trace(k_xx)) / off_diag
            + (k_yy.sum() - np.trace(k_yy)) / off_diag
            - 2 * k_xy.mean()
        )
    return float(np.mean(estimates)), float(np.std(estimates))


def _check_labels(labels: np.ndarray, n_classes: int) -> np.ndarray:
    y = np.asarray(labels)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"labels must be a non-empty 1-D array of class ids; got shape {y.shape}.")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be integers (class ids), got dtype {y.dtype}.")
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}], got the range [{y.min()}, {y.max()}]."
        )
    return y


def class_shares(labels: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Fraction of the samples in each class, shape ``(n_classes,)``, summing to 1.

    ``labels`` are the classes a classifier assigned to generated samples (e.g.
    ``predict_digits(clf, samples)[0]``).
    """
    y = _check_labels(labels, n_classes)
    return np.bincount(y, minlength=n_classes) / len(y)


def class_coverage(labels: np.ndarray, n_classes: int = 10, min_share: float = 0.01) -> int:
    """How many classes hold at least ``min_share`` of the samples (0 to ``n_classes``).

    A class that appears a handful of times in 10,000 samples is not really "generated";
    the default threshold of 1 % (a tenth of a balanced 10 % share) counts a class only if
    the generator produces it at a meaningful rate. A collapsed generator covers 1-2 classes.

    Raises:
        ValueError: for labels that are not a 1-D integer array in ``[0, n_classes)``, or
            ``min_share`` outside ``[0, 1]``.
    """
    if not 0.0 <= min_share <= 1.0:
        raise ValueError(f"min_share must lie in [0, 1], got {min_share}.")
    shares = class_shares(labels, n_classes)
    return int(np.sum((shares >= min_share) & (shares > 0)))


def largest_class_share(labels: np.ndarray, n_classes: int = 10) -> float:
    """The share of the samples in the most frequent class (``1 / n_classes`` if balanced).

    A value near 1 means mode collapse: almost every sample is the same class. MNIST's own
    test split has 11.35 % in its largest class (the 1s).
    """
    return float(class_shares(labels, n_classes).max())


# --- Lesson 08's measurement toolbox: fidelity/coverage, diversity, units, speed, uncertainty --


def _check_point_set(name: str, x: np.ndarray) -> np.ndarray:
    # float32 input stays float32 (half the memory, about twice as fast on large image sets;
    # distances then carry float32 round-off, ~1e-3 for MNIST pixels); anything else -> float64
    x = np.asarray(x)
    arr = x if x.dtype == np.float32 else x.astype(np.float64)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_samples, n_features); got {arr.shape}.")
    if len(arr) == 0:
        raise ValueError(f"{name} is empty; it needs at least one sample.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return arr


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances between the rows of ``a`` and ``b``, shape (len(a), len(b))."""
    sq = (a**2).sum(1)[:, None] - 2.0 * a @ b.T + (b**2).sum(1)[None, :]
    return np.maximum(sq, 0.0)


def nearest_neighbour_distances(
    queries: np.ndarray, reference: np.ndarray, chunk: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """For each query row, the index of its nearest reference row and the Euclidean distance.

    This is the copy check of a generator: a sample much closer to a *training* image than
    real test images are is probably a copy of it.

    Args:
        queries: shape ``(n_q, d)`` (flatten images first, e.g. ``x.reshape(len(x), -1)``).
        reference: shape ``(n_r, d)``.
        chunk: query rows processed at a time (bounds the memory to ``chunk * n_r`` floats).

    Returns:
        ``(index, distance)``, both of shape ``(n_q,)``.

    Raises:
        ValueError: for empty or non-2-D inputs, different feature sizes, or NaN/inf.
    """
    q = _check_point_set("queries", queries)
    r = _check_point_set("reference", reference)
    if q.shape[1] != r.shape[1]:
        raise ValueError(
            f"queries and reference have different feature sizes: {q.shape[1]} and {r.shape[1]}."
        )
    index = np.empty(len(q), dtype=np.int64)
    dist = np.empty(len(q), dtype=q.dtype)
    for start in range(0, len(q), chunk):
        sq = _squared_distances(q[start : start + chunk], r)
        idx = sq.argmin(axis=1)
        index[start : start + chunk] = idx
        dist[start : start + chunk] = np.sqrt(sq[np.arange(len(idx)), idx])
    return index, dist


def _knn_radii(x: np.ndarray, k: int, chunk: int) -> np.ndarray:
    """Distance from each row of ``x`` to its k-th nearest *other* row of ``x``."""
    radii = np.empty(len(x))
    for start in range(0, len(x), chunk):
        sq = _squared_distances(x[start : start + chunk], x)
        # column 0 of the sorted row is the point itself (distance 0), so the k-th other
        # point sits at position k
        radii[start : start + chunk] = np.sqrt(np.partition(sq, k, axis=1)[:, k])
    return radii


def _inside_manifold(points: np.ndarray, centres: np.ndarray, radii: np.ndarray, chunk: int):
    inside = np.empty(len(points), dtype=bool)
    for start in range(0, len(points), chunk):
        sq = _squared_distances(points[start : start + chunk], centres)
        inside[start : start + chunk] = np.any(sq <= radii[None, :] ** 2, axis=1)
    return inside


def precision_recall(
    real_feats: np.ndarray, fake_feats: np.ndarray, k: int = 3, chunk: int = 1024
) -> tuple[float, float]:
    """Improved precision and recall of a generative model (Kynkäänniemi et al., 2019).

    Each set of feature vectors defines a "manifold": the union of balls centred on its
    points, each ball's radius the distance to the point's k-th nearest neighbour in the
    same set. Then

    * **precision** = share of generated samples inside the real manifold (fidelity: are the
      samples realistic?);
    * **recall** = share of real samples inside the generated manifold (coverage: does the
      generator produce the whole variety of the data?).

    A generator that reproduces half of the data's modes well has precision near 1 and
    recall near 0.5; pure noise far from the data has precision near 0. Compare sets of
    the same size: both numbers depend on ``k`` and on the sample sizes.

    Args:
        real_feats: real features, shape ``(n_real, d)``.
        fake_feats: generated features, shape ``(n_fake, d)``.
        k: which neighbour sets the ball radius (the paper uses 3); ``1 <= k < n`` for both
            sets.
        chunk: rows processed at a time (memory ``chunk * n`` floats).

    Returns:
        ``(precision, recall)``, each in ``[0, 1]``.

    Raises:
        ValueError: for empty or non-2-D sets, different feature sizes, NaN/inf, or a ``k``
            that is not smaller than both set sizes.
    """
    real = _check_point_set("real_feats", real_feats)
    fake = _check_point_set("fake_feats", fake_feats)
    if real.dtype != fake.dtype:  # mixed precision: compute both in float64
        real, fake = real.astype(np.float64), fake.astype(np.float64)
    if real.shape[1] != fake.shape[1]:
        raise ValueError(
            f"real_feats and fake_feats have different feature sizes: {real.shape[1]} and "
            f"{fake.shape[1]}; compute both with the same feature extractor."
        )
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}.")
    if k >= min(len(real), len(fake)):
        raise ValueError(
            f"k={k} needs more than k samples in each set (k-th neighbour other than the point "
            f"itself); got {len(real)} real and {len(fake)} generated samples."
        )
    real_radii = _knn_radii(real, k, chunk)
    fake_radii = _knn_radii(fake, k, chunk)
    precision = float(np.mean(_inside_manifold(fake, real, real_radii, chunk)))
    recall = float(np.mean(_inside_manifold(real, fake, fake_radii, chunk)))
    return precision, recall


def class_entropy(labels: np.ndarray, n_classes: int = 10) -> float:
    """Entropy of the class shares of generated samples, in bits (0 to ``log2(n_classes)``).

    ``log2(10) = 3.32`` bits for ten equally frequent classes; 0 for a fully collapsed
    generator. Unlike :func:`class_coverage` it also sees *uneven* shares.
    """
    shares = class_shares(labels, n_classes)
    nonzero = shares[shares > 0]
    return float(-(nonzero * np.log2(nonzero)).sum())


def mean_pairwise_distance(feats: np.ndarray, max_samples: int = 2000, seed: int = 0) -> float:
    """Mean Euclidean distance between two different rows of ``feats`` (a diversity score).

    Computed on at most ``max_samples`` rows drawn without replacement (seeded), so the
    cost stays ``max_samples ** 2``. Identical samples give 0; compare with the value of
    real data in the same feature space.

    Raises:
        ValueError: for a non-2-D array, NaN/inf, fewer than 2 rows, or ``max_samples`` < 2.
    """
    x = _check_point_set("feats", feats)
    if len(x) < 2:
        raise ValueError(f"mean_pairwise_distance needs at least 2 samples, got {len(x)}.")
    if max_samples < 2:
        raise ValueError(f"max_samples must be at least 2, got {max_samples}.")
    if len(x) > max_samples:
        x = x[np.random.default_rng(seed).choice(len(x), max_samples, replace=False)]
    dist = np.sqrt(_squared_distances(x, x))
    n = len(x)
    return float((dist.sum() - np.trace(dist)) / (n * (n - 1)))


def distinct_n(texts: str | list[str], n: int, unit: str = "word") -> float:
    """Distinct-n (Li et al., 2016): unique n-grams divided by all n-grams, in ``[0, 1]``.

    1.0 means no n-gram repeats; a generator stuck in a loop scores near 0. n-grams never
    span two texts of a list. ``unit="word"`` splits on whitespace, ``unit="char"`` uses
    characters. The value falls as texts get longer, so compare texts of equal length.

    Raises:
        ValueError: for ``n < 1``, an unknown ``unit``, or texts with no n-gram at all
            (empty, or shorter than ``n`` units).
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}.")
    if unit not in ("word", "char"):
        raise ValueError(f"unit must be 'word' or 'char', got {unit!r}.")
    items = [texts] if isinstance(texts, str) else list(texts)
    grams: list[tuple[str, ...]] = []
    for text in items:
        tokens = text.split() if unit == "word" else list(text)
        grams.extend(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    if not grams:
        raise ValueError(
            f"no {n}-gram of {unit}s found: the text(s) are empty or shorter than {n} {unit}s."
        )
    return len(set(grams)) / len(grams)


LN2 = float(np.log(2.0))


def nats_to_bits(nats: float | np.ndarray) -> float | np.ndarray:
    """Convert a log-loss from nats (natural log) to bits (log base 2): divide by ln 2."""
    return np.asarray(nats, dtype=np.float64) / LN2 if np.ndim(nats) else float(nats) / LN2


def bits_to_nats(bits: float | np.ndarray) -> float | np.ndarray:
    """Convert a log-loss from bits to nats: multiply by ln 2 (= 0.693)."""
    return np.asarray(bits, dtype=np.float64) * LN2 if np.ndim(bits) else float(bits) * LN2


class Latency(NamedTuple):
    """Result of :func:`measure_latency`; times in seconds per call."""

    median: float
    p95: float
    times: np.ndarray  # every timed call, warm-up excluded

    @property
    def per_second(self) -> float:
        """Calls per second at the median latency."""
        return 1.0 / self.median if self.median > 0 else float("inf")


def measure_latency(
    fn: Callable[[], object],
    n_calls: int = 30,
    warmup: int = 3,
    clock: Callable[[], float] = time.perf_counter,
) -> Latency:
    """Time ``fn()`` ``n_calls`` times after ``warmup`` untimed calls; median and 95th percentile.

    The warm-up calls absorb one-off costs (tracing a ``tf.function``, XLA compilation,
    memory allocation) that a user of a deployed model pays once, not per request. The
    median is robust to a few slow calls caused by other programs; the 95th percentile is
    the latency that 1 request in 20 exceeds, what an interactive user notices. Times are
    reported, never asserted: they depend on the machine and its load.

    Args:
        fn: the call to time, without arguments (wrap it: ``lambda: model(x)``). Make it
            return only when the work is done (e.g. convert a tensor to NumPy).
        n_calls: timed calls (at least 1).
        warmup: untimed calls before them (0 or more).
        clock: a function returning seconds (``time.perf_counter``; replaceable in tests).

    Returns:
        A :class:`Latency` with ``median``, ``p95`` (linear-interpolated percentile) and
        ``times``.

    Raises:
        ValueError: if ``fn`` is not callable, ``n_calls < 1`` or ``warmup < 0``.
    """
    if not callable(fn):
        raise ValueError(f"fn must be callable without arguments, got {type(fn).__name__}.")
    if n_calls < 1:
        raise ValueError(f"n_calls must be at least 1, got {n_calls}.")
    if warmup < 0:
        raise ValueError(f"warmup must be 0 or more, got {warmup}.")
    for _ in range(warmup):
        fn()
    times = np.empty(n_calls)
    for i in range(n_calls):
        start = clock()
        fn()
        times[i] = clock() - start
    return Latency(float(np.median(times)), float(np.percentile(times, 95)), times)


def bootstrap_ci(
    statistic: Callable[..., float],
    *samples: np.ndarray,
    n_resamples: int = 200,
    level: float = 0.95,
    seed: int = 0,
    method: str = "percentile",
) -> tuple[float, float, float]:
    """Bootstrap confidence interval of a statistic of one or more samples.

    Each resample draws, independently for every sample, as many rows as it has *with
    replacement*, and recomputes ``statistic(*resampled)``. With ``method="percentile"``
    the interval is the central ``level`` share of those values ``[q_lo, q_hi]``. With
    ``method="basic"`` (the reverse-percentile interval) it is ``[2 t - q_hi, 2 t - q_lo]``
    around the estimate ``t``, which corrects a bias of the statistic to first order. With
    ``method="normal"`` it is ``t +- z * s``, with ``s`` the standard deviation of the
    resampled values and ``z`` the normal quantile (1.96 for 95 %): it keeps only their
    *spread*. Use ``"normal"`` for FID: its resampled values sit systematically above the
    estimate (a resample repeats rows, which changes the covariance), often by more than
    their spread, so that both other intervals may not even contain the estimate.
    For FID, ``statistic = frechet_distance`` and the two samples are the real and the
    generated features: the interval shows how much the number would move if *both* sets
    were drawn again at the same size. Resampling also repeats rows of the fixed reference
    set, so it is wider than the spread over new draws of the generated set alone.

    Args:
        statistic: a function of the samples returning a float.
        *samples: one or more arrays, resampled along their first axis.
        n_resamples: bootstrap repetitions (at least 10; 1,000+ for tight percentiles).
        level: the coverage of the interval, in (0, 1).
        seed: seed of the resampling, so the interval repeats.
        method: ``"percentile"``, ``"basic"`` or ``"normal"`` (see above).

    Returns:
        ``(estimate, low, high)``: the statistic on the original samples and the interval.

    Raises:
        ValueError: for no samples, an empty sample, ``n_resamples < 10``, ``level``
            outside (0, 1) or an unknown ``method``.
    """
    if method not in ("percentile", "basic", "normal"):
        raise ValueError(f"method must be 'percentile', 'basic' or 'normal', got {method!r}.")
    if not samples:
        raise ValueError("bootstrap_ci needs at least one sample to resample.")
    arrays = [np.asarray(s) for s in samples]
    for i, arr in enumerate(arrays):
        if arr.ndim == 0 or len(arr) == 0:
            raise ValueError(f"sample {i} is empty or a scalar; bootstrap needs rows to resample.")
    if n_resamples < 10:
        raise ValueError(f"n_resamples must be at least 10, got {n_resamples}.")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}.")
    rng = np.random.default_rng(seed)
    values = np.empty(n_resamples)
    for b in range(n_resamples):
        values[b] = statistic(*(arr[rng.integers(0, len(arr), len(arr))] for arr in arrays))
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    estimate = float(statistic(*arrays))
    if method == "basic":
        low, high = 2 * estimate - high, 2 * estimate - low
    elif method == "normal":
        half = NormalDist().inv_cdf(1.0 - alpha) * float(np.std(values, ddof=1))
        low, high = estimate - half, estimate + half
    return estimate, float(low), float(high)
