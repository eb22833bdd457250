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
