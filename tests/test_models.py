"""Unit tests for genai_course.models (the shipped digit classifier)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from genai_course.data import DataFileError, load_mnist
from genai_course.models import (
    as_image_batch,
    classifier_features,
    load_digit_classifier,
    predict_digits,
    predict_proba,
)
from genai_course.paths import ROOT


@pytest.fixture(scope="module")
def clf():
    return load_digit_classifier()


@pytest.fixture(scope="module")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    _, (x_test, y_test) = load_mnist()
    return x_test, y_test


@pytest.fixture(scope="module")
def test_predictions(clf, mnist_test) -> np.ndarray:
    labels, _ = predict_digits(clf, mnist_test[0])  # one batched pass over all 10,000 images
    return labels


def test_full_test_split_accuracy_at_least_99(test_predictions, mnist_test) -> None:
    y_test = mnist_test[1]
    assert len(y_test) == 10_000, "the accuracy check must use the full MNIST test split"
    acc = float(np.mean(test_predictions == y_test))
    assert acc >= 0.990, f"digit classifier test accuracy {acc:.4f} < 0.990"


def test_sidecar_matches_model(clf, test_predictions, mnist_test) -> None:
    meta = json.loads((ROOT / "data" / "digit_classifier.json").read_text())
    acc = float(np.mean(test_predictions == mnist_test[1]))
    assert meta["test_accuracy"] == pytest.approx(acc, abs=2e-4)
    assert meta["parameters"] == clf.count_params()
    assert (ROOT / "data" / "digit_classifier.keras").stat().st_size < 2_000_000


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 28, 28, 1), (5, 784)])
def test_accepted_shapes_give_same_predictions(clf, mnist_test, shape) -> None:
    x = mnist_test[0][:5].reshape(shape)
    labels, conf = predict_digits(clf, x)
    ref, _ = predict_digits(clf, mnist_test[0][:5])
    assert labels.shape == (5,) and conf.shape == (5,)
    np.testing.assert_array_equal(labels, ref)
    assert np.all((conf > 0) & (conf <= 1))


def test_confidence_is_max_probability(clf, mnist_test) -> None:
    x = mnist_test[0][:20]
    probs = predict_proba(clf, x)
    assert probs.shape == (20, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    labels, conf = predict_digits(clf, x)
    np.testing.assert_allclose(conf, probs.max(axis=1))


def test_features_shape_and_discriminate(clf, mnist_test) -> None:
    x, y = mnist_test
    feats = classifier_features(clf, x[:500])
    assert feats.shape == (500, 128) and feats.dtype == np.float32
    # Same-class images are closer in feature space than images of different classes.
    zeros, ones = feats[y[:500] == 0], feats[y[:500] == 1]
    within = np.linalg.norm(zeros[:10, None] - zeros[None, 10:20], axis=-1).mean()
    between = np.linalg.norm(zeros[:10, None] - ones[None, :10], axis=-1).mean()
    assert within < between


@pytest.mark.parametrize("shape", [(5, 28), (5, 27, 27), (5, 28, 28, 3), (784,), (5, 785)])
def test_wrong_shape_raises(shape) -> None:
    with pytest.raises(ValueError, match="expected digits of shape"):
        as_image_batch(np.zeros(shape))


def test_wrong_range_raises() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        as_image_batch(np.full((2, 28, 28), 255.0))
    with pytest.raises(ValueError, match=r"\(x \+ 1\) / 2"):
        as_image_batch(np.full((2, 28, 28), -1.0))


def test_empty_batch_raises() -> None:
    with pytest.raises(ValueError, match="at least one image"):
        as_image_batch(np.zeros((0, 28, 28)))


def test_missing_or_corrupted_file_raises(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GENAI_COURSE_DATA", str(tmp_path))
    shutil.copy(ROOT / "data" / "SHA256SUMS", tmp_path / "SHA256SUMS")
    with pytest.raises(DataFileError, match="digit_classifier.keras is missing"):
        load_digit_classifier()
    (tmp_path / "digit_classifier.keras").write_bytes(b"not a model")
    with pytest.raises(DataFileError, match="corrupted"):
        load_digit_classifier()
