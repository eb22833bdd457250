"""What every training script in ``scripts/`` shares: checksums, distribution strategies and
the machine-load note written into each checkpoint's provenance JSON.

The scripts run as ``python scripts/train_*.py``, so this folder is on ``sys.path`` and they
import it as ``from checkpoint_utils import ...``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # TensorFlow is imported lazily, after each script has set its log level
    import tensorflow as tf

DATA = Path(__file__).resolve().parents[1] / "data"
STRATEGIES = ("default", "mirrored", "multiworker")


def sha256(path: Path) -> str:
    """The hex sha256 digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update_sums(names: list[str], data: Path = DATA) -> None:
    """Set the sha256 line of each file in ``names``; keep every other line as it was."""
    sums = data / "SHA256SUMS"
    lines = sums.read_text().splitlines() if sums.exists() else []
    kept = [ln for ln in lines if ln.strip() and ln.split()[-1] not in names]
    kept += [f"{sha256(data / n)}  {n}" for n in names]
    sums.write_text("\n".join(sorted(kept, key=lambda ln: ln.split()[-1])) + "\n")


def make_strategy(name: str) -> tf.distribute.Strategy:
    """The distribution strategy named on the command line.

    ``default`` trains on one device; ``mirrored`` data-parallel on all local GPUs (or the
    CPU); ``multiworker`` across the machines described by the ``TF_CONFIG`` variable.
    """
    import tensorflow as tf  # noqa: PLC0415

    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    if name == "multiworker":
        if "TF_CONFIG" not in os.environ:
            raise SystemExit("--strategy multiworker needs the TF_CONFIG environment variable.")
        return tf.distribute.MultiWorkerMirroredStrategy()
    raise SystemExit(f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}.")


def load_note() -> str:
    """The machine's load averages, so a reader can judge the measured seconds."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unavailable"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def environment() -> dict[str, str]:
    """Machine, date and library versions for a checkpoint's provenance JSON."""
    import datetime as dt  # noqa: PLC0415
    import platform  # noqa: PLC0415

    import keras  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores",
        "date": dt.date.today().isoformat(),
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
    }
