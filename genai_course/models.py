"""The course's pretrained digit classifier, shared by the lessons that judge generated digits.

The model is trained by ``scripts/train_classifier.py`` on the full MNIST training split
(test accuracy and provenance in ``data/digit_classifier.json``) and shipped as
``data/digit_classifier.keras``; its sha256 is checked like every other data file.

Typical use::

    from genai_course.models import load_digit_classifier, predict_digits, classifier_features

    clf = load_digit_classifier()
    labels, confidence = predict_digits(clf, generated_images)   # class coverage, confidence
    feats = classifier_features(clf, generated_images)            # (n, 128) for FID / KID
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import numpy as np

from genai_course.data import DataFileError, data_path

if TYPE_CHECKING:  # keras is imported lazily so that setup_notebook() can run first
    import keras

MODEL_FILE = "digit_classifier.keras"
FEATURES_LAYER = "features"


def load_digit_classifier() -> keras.Model:
    """Load the course's MNIST classifier (input (n, 28, 28, 1) in [0, 1], softmax output).

    The file is verified against ``data/SHA256SUMS`` first.

    Raises:
        DataFileError: if ``data/digit_classifier.keras`` is missing or corrupted (the
            message says how to restore it or retrain it with ``scripts/train_classifier.py``).
    """
    import keras  # noqa: PLC0415

    try:
        path = data_path(MODEL_FILE)
    except DataFileError as err:
        raise DataFileError(
            f"{err} You can also retrain it (about 10 minutes on a laptop CPU) with "
            "`python scripts/train_classifier.py`."
        ) from err
    return keras.saving.load_model(path, compile=False)


def as_image_batch(images: np.ndarray) -> np.ndarray:
    """Reshape digits to the classifier's input: float32, shape (n, 28, 28, 1), in [0, 1].

    Accepts (n, 28, 28), (n, 28, 28, 1) or (n, 784) arrays with pixel values in [0, 1].

    Raises:
        ValueError: for any other shape, or for values outside [0, 1] (e.g. uint8 pixels
            in [0, 255] or generator output in [-1, 1] that was not rescaled).
    """
    x = np.asarray(images)
    if x.ndim == 2 and x.shape[1] == 784:
        x = x.reshape(-1, 28, 28)
    if x.ndim == 3 and x.shape[1:] == (28, 28):
        x = x[..., None]
    if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
        raise ValueError(
            "expected digits of shape (n, 28, 28), (n, 28, 28, 1) or (n, 784), "
            f"got {np.shape(images)}."
        )
    if len(x) == 0:
        raise ValueError("expected at least one image, got an empty batch.")
    x = x.astype("float32", copy=False)
    lo, hi = float(x.min()), float(x.max())
    if lo < -1e-3 or hi > 1 + 1e-3:
        raise ValueError(
            f"pixel values must lie in [0, 1], got the range [{lo:.3g}, {hi:.3g}]; divide "
            "uint8 images by 255, or map tanh output with (x + 1) / 2."
        )
    return np.clip(x, 0.0, 1.0)


def predict_digits(
    model: keras.Model, images: np.ndarray, batch_size: int = 1000
) -> tuple[np.ndarray, np.ndarray]:
    """Classify digits: return ``(labels, confidence)``, both of length n.

    ``labels`` is the most probable class (int64) and ``confidence`` its softmax
    probability (float32). ``images`` as in :func:`as_image_batch`.
    """
    probs = predict_proba(model, images, batch_size=batch_size)
    labels = probs.argmax(axis=1).astype("int64")
    return labels, probs[np.arange(len(probs)), labels]


def predict_proba(model: keras.Model, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities, shape (n, 10). ``images`` as in :func:`as_image_batch`."""
    x = as_image_batch(images)
    return np.asarray(model.predict(x, batch_size=batch_size, verbose=0), dtype="float32")


_FEATURE_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _feature_model(model: keras.Model) -> keras.Model:
    """The sub-model from the input to the features layer, built once per model."""
    import keras  # noqa: PLC0415

    if model in _FEATURE_MODELS:
        return _FEATURE_MODELS[model]
    try:
        layer = model.get_layer(FEATURES_LAYER)
    except ValueError as err:
        raise ValueError(
            f"the model has no layer named {FEATURES_LAYER!r}; pass the course classifier "
            "from load_digit_classifier()."
        ) from err
    sub = keras.Model(model.inputs, layer.output)
    _FEATURE_MODELS[model] = sub
    return sub


def classifier_features(
    model: keras.Model, images: np.ndarray, batch_size: int = 1000
) -> np.ndarray:
    """Penultimate-layer activations, shape (n, 128), float32: the features for FID/KID.

    ``images`` as in :func:`as_image_batch`.
    """
    x = as_image_batch(images)
    feats = _feature_model(model).predict(x, batch_size=batch_size, verbose=0)
    return np.asarray(feats, dtype="float32")
