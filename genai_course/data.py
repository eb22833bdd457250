"""Loaders for the small datasets shipped in ``data/``.

Every file is checked against ``data/SHA256SUMS`` before it is used, so a truncated or
edited file fails loudly with a message that says how to restore it, instead of training
a model on garbage. Nothing is ever downloaded.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from functools import cache
from pathlib import Path

import numpy as np

from genai_course.paths import data_dir

RESTORE_HINT = (
    "Restore it with `git checkout -- data/{name}` (or `git lfs pull` if you cloned "
    "without it), or rebuild every data file with `make data`."
)


class DataFileError(RuntimeError):
    """A course data file is missing, corrupted or malformed."""


def _expected_sums(folder: Path) -> dict[str, str]:
    sums = folder / "SHA256SUMS"
    if not sums.exists():
        raise DataFileError(
            f"{sums} is missing, so the data files cannot be verified. "
            "Restore it with `git checkout -- data/SHA256SUMS` or run `make data`."
        )
    table: dict[str, str] = {}
    for line in sums.read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            table[name] = digest
    return table


@cache
def _verified(path: Path, size: int, mtime: float) -> bool:
    """Hash a file once per (path, size, mtime); cached so notebooks pay it only once."""
    expected = _expected_sums(path.parent).get(path.name)
    if expected is None:
        raise DataFileError(f"{path.name} is not listed in {path.parent / 'SHA256SUMS'}.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise DataFileError(
            f"data/{path.name} is corrupted: its sha256 is {digest[:12]}..., "
            f"expected {expected[:12]}.... " + RESTORE_HINT.format(name=path.name)
        )
    return True


def data_path(name: str) -> Path:
    """Return the verified path of the data file ``name`` (e.g. ``"mnist.npz"``).

    Raises:
        DataFileError: if the file is missing or its sha256 does not match.
    """
    path = data_dir() / name
    if not path.exists():
        raise DataFileError(
            f"data/{name} is missing (looked in {path.parent}). " + RESTORE_HINT.format(name=name)
        )
    stat = path.stat()
    _verified(path.resolve(), stat.st_size, stat.st_mtime)
    return path


def _load_images(
    name: str, n_train: int | None, n_test: int | None, normalize: bool
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    with np.load(data_path(name)) as f:
        arrays = {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    for key, n in (("train", n_train), ("test", n_test)):
        available = len(arrays[f"y_{key}"])
        if n is not None:
            if not 0 < n <= available:
                raise ValueError(f"n_{key} must be between 1 and {available}, got {n}.")
            arrays[f"x_{key}"] = arrays[f"x_{key}"][:n]
            arrays[f"y_{key}"] = arrays[f"y_{key}"][:n]
    xs = {k: v for k, v in arrays.items() if k.startswith("x")}
    if normalize:
        xs = {k: (v.astype("float32") / 255.0) for k, v in xs.items()}
    ys = {k: v.astype("int64") for k, v in arrays.items() if k.startswith("y")}
    return (xs["x_train"], ys["y_train"]), (xs["x_test"], ys["y_test"])


def load_mnist(
    n_train: int | None = None, n_test: int | None = None, normalize: bool = True
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """MNIST digits: 60,000 training and 10,000 test images of shape (28, 28).

    Args:
        n_train: keep only the first ``n_train`` training images (``None`` keeps all).
        n_test: keep only the first ``n_test`` test images.
        normalize: return float32 pixels in [0, 1] (default) instead of uint8 in [0, 255].

    Returns:
        ``((x_train, y_train), (x_test, y_test))`` like ``keras.datasets.mnist.load_data()``,
        but read from the committed file, so it works offline.
    """
    return _load_images("mnist.npz", n_train, n_test, normalize)


FASHION_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


def load_fashion_mnist(
    n_train: int | None = None, n_test: int | None = None, normalize: bool = True
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """A class-balanced Fashion-MNIST subset: 12,000 training and 3,000 test images.

    Arguments and return value as in :func:`load_mnist`; class names are in
    ``FASHION_CLASSES``.
    """
    return _load_images("fashion_mnist_subset.npz", n_train, n_test, normalize)


def load_shakespeare(n_chars: int | None = None) -> str:
    """The text of Shakespeare's plays (about 4.8 million characters), as one string.

    Args:
        n_chars: return only the first ``n_chars`` characters (``None`` returns all).
    """
    with gzip.open(data_path("shakespeare.txt.gz"), "rt", encoding="utf-8") as f:
        text = f.read()
    if n_chars is not None:
        if n_chars <= 0:
            raise ValueError(f"n_chars must be positive, got {n_chars}.")
        text = text[:n_chars]
    return text


def load_names(with_frequency: bool = False) -> list[str] | dict[str, float]:
    """About 5,000 US first names (lower case, 1990 census lists).

    Args:
        with_frequency: return ``{name: percent of people}`` instead of a sorted list.
    """
    with open(data_path("first_names.csv"), newline="", encoding="ascii") as f:
        rows = list(csv.DictReader(f))
    if not rows or set(rows[0]) != {"name", "percent"}:
        raise DataFileError("data/first_names.csv has an unexpected header; run `make data`.")
    freq = {r["name"]: float(r["percent"]) for r in rows}
    return freq if with_frequency else sorted(freq)
