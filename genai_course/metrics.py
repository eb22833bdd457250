"""Small, framework-free image metrics shared by several lessons.

Only *measurement* code lives here; the models and losses that a lesson teaches stay in
the notebook.
"""

from __future__ import annotations

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
