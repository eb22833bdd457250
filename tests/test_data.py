"""Data loaders: real files load with the documented shapes; missing or corrupted files fail
with a message that names the file and says how to restore it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from genai_course import data as data_mod
from genai_course.data import (
    DataFileError,
    data_path,
    load_fashion_mnist,
    load_mnist,
    load_names,
    load_shakespeare,
)
from genai_course.paths import ROOT

DATA = ROOT / "data"


def test_mnist_shapes_and_ranges() -> None:
    (x, y), (xt, yt) = load_mnist()
    assert x.shape == (60_000, 28, 28) and xt.shape == (10_000, 28, 28)
    assert x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0
    assert set(np.unique(y)) == set(range(10)) and len(yt) == 10_000


def test_mnist_uint8_matches_normalized() -> None:
    (x8, _), _ = load_mnist(n_train=50, normalize=False)
    (xf, _), _ = load_mnist(n_train=50)
    assert x8.dtype == np.uint8
    np.testing.assert_allclose(x8 / 255.0, xf, atol=1e-6)


def test_subset_sizes_and_bad_sizes() -> None:
    (x, y), (xt, _) = load_fashion_mnist(n_train=100, n_test=20)
    assert x.shape == (100, 28, 28) and y.shape == (100,) and xt.shape == (20, 28, 28)
    with pytest.raises(ValueError, match="n_train must be between 1 and 12000"):
        load_fashion_mnist(n_train=20_000)


def test_fashion_is_class_balanced() -> None:
    (_, y), (_, yt) = load_fashion_mnist()
    assert np.all(np.bincount(y) == 1_200) and np.all(np.bincount(yt) == 300)


def test_text_and_names() -> None:
    text = load_shakespeare()
    assert len(text) > 4_000_000 and "HAMLET:" in text
    assert load_shakespeare(n_chars=100) == text[:100]
    with pytest.raises(ValueError):
        load_shakespeare(n_chars=0)
    names = load_names()
    assert len(names) > 5_000 and names == sorted(names) and "mary" in names
    freq = load_names(with_frequency=True)
    assert isinstance(freq, dict) and freq["mary"] > freq["zola"]


def test_every_data_file_is_listed_and_verified() -> None:
    listed = {line.split()[1] for line in (DATA / "SHA256SUMS").read_text().splitlines() if line}
    shipped = {p.name for p in DATA.iterdir() if p.name not in {"README.md", "SHA256SUMS"}}
    assert listed == shipped
    for name in listed:
        assert data_path(name).exists()


def test_data_readme_documents_every_file() -> None:
    readme = (DATA / "README.md").read_text()
    for line in (DATA / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert name in readme and digest in readme, (
            f"data/README.md must list {name} and its sha256"
        )
    assert len(readme.split("License")) > 1


def test_data_folder_within_budget() -> None:
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert total < 30e6, f"data/ is {total / 1e6:.1f} MB; the budget is 30 MB"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that the test may damage."""
    for name in ("SHA256SUMS", "first_names.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.setenv("GENAI_COURSE_DATA", str(tmp_path))
    data_mod._verified.cache_clear()
    return tmp_path


def test_missing_file_names_it_and_the_fix(data_copy: Path) -> None:
    (data_copy / "first_names.csv").unlink()
    with pytest.raises(DataFileError, match=r"data/first_names.csv is missing.*git checkout"):
        load_names()


def test_corrupted_file_is_detected(data_copy: Path) -> None:
    path = data_copy / "first_names.csv"
    path.write_text(path.read_text().replace("mary", "marx"))
    with pytest.raises(DataFileError, match=r"first_names.csv is corrupted.*make data"):
        load_names()


def test_missing_checksum_list(data_copy: Path) -> None:
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(DataFileError, match="SHA256SUMS is missing"):
        load_names()
