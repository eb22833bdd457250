"""scripts/train_gpt.py: its command line, the 5 MB limit, and the notebook cells it runs.

Retraining takes many minutes, so these tests check what would otherwise only break at the
next retraining: a bad argument combination, an oversized weights file, and a renamed name
in lesson 07's ``corpus`` or ``architecture`` cells that the script reads.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import train_gpt  # noqa: E402


def test_defaults_are_the_shipped_configuration() -> None:
    args = train_gpt.parse_args([])
    meta = json.loads((ROOT / "data" / train_gpt.META_FILE).read_text())
    assert (args.steps, args.batch_size, args.strategy) == (
        meta["steps"],
        meta["batch_size"],
        "default",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--steps", "300"],  # not a multiple of --eval-every 500: 0 rounds would run
        ["--steps", "0"],
        ["--eval-every", "0"],
        ["--batch-size", "0"],
        ["--lr", "-1"],
        ["--strategy", "tpu"],
    ],
)
def test_bad_arguments_stop_with_a_message(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        train_gpt.parse_args(argv)
    assert "error" in capsys.readouterr().err


def test_save_without_optimizer_enforces_the_5_mb_limit(tmp_path: Path) -> None:
    import keras

    def dense(units: int) -> keras.Model:
        return keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])

    small = dense(8)
    train_gpt.save_without_optimizer(small, dense(8), tmp_path / "small.weights.h5")
    assert (tmp_path / "small.weights.h5").stat().st_size < 5e6
    big = dense(400_000)  # 2 M float32 weights, 8 MB
    with pytest.raises(AssertionError, match="5 MB"):
        train_gpt.save_without_optimizer(big, dense(400_000), tmp_path / "big.weights.h5")


def test_every_shipped_weights_file_is_under_5_mb() -> None:
    files = sorted((ROOT / "data").glob("*.weights.h5"))
    assert files, "no weights files found in data/"
    for path in files:
        assert path.stat().st_size < 5e6, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB"


def test_the_notebook_cells_give_the_script_what_it_reads() -> None:
    import keras
    import numpy as np

    from genai_course.data import load_shakespeare
    from genai_course.notebook import run_tagged_cells

    ns = run_tagged_cells(
        train_gpt.NOTEBOOK, "corpus", {"np": np, "re": re, "load_shakespeare": load_shakespeare}
    )
    ns.update(run_tagged_cells(train_gpt.NOTEBOOK, "architecture", {"keras": keras}))
    for name in ("chars", "train_ids", "val_ids", "VAL_START", "VAL_END", "n_deleted"):
        assert name in ns, f"the notebook's cells no longer define {name}"
    meta = json.loads((ROOT / "data" / train_gpt.META_FILE).read_text())
    assert ns["GPT_CONFIG"] == meta["config"]
    assert ns["GPT_CONFIG"]["vocab_size"] == len(ns["chars"])
    assert len(ns["train_ids"]) == 4_790_381 and len(ns["val_ids"]) == 40_000
    assert ns["build_gpt"](**ns["GPT_CONFIG"]).count_params() == meta["parameters"]
