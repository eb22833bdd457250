"""The helpers every training script in scripts/ shares (checkpoint_utils)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import checkpoint_utils  # noqa: E402


def test_update_sums_sets_named_lines_and_keeps_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"new a")
    (tmp_path / "SHA256SUMS").write_text(f"{'0' * 64}  a.bin\n{'1' * 64}  z.bin\n")
    checkpoint_utils.update_sums(["a.bin"], data=tmp_path)
    lines = (tmp_path / "SHA256SUMS").read_text().splitlines()
    assert lines == [f"{checkpoint_utils.sha256(tmp_path / 'a.bin')}  a.bin", f"{'1' * 64}  z.bin"]
    assert lines[0].split()[0] != "0" * 64


def test_make_strategy_names_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import tensorflow as tf

    assert checkpoint_utils.make_strategy("default") is tf.distribute.get_strategy()
    monkeypatch.delenv("TF_CONFIG", raising=False)
    with pytest.raises(SystemExit, match="TF_CONFIG"):
        checkpoint_utils.make_strategy("multiworker")
    with pytest.raises(SystemExit, match="unknown strategy"):
        checkpoint_utils.make_strategy("tpu")


def test_load_note_reports_the_load_averages() -> None:
    assert checkpoint_utils.load_note().startswith("load average")


def test_environment_names_machine_date_and_versions() -> None:
    import keras

    env = checkpoint_utils.environment()
    assert set(env) == {
        "machine",
        "date",
        "keras_version",
        "tensorflow_version",
        "numpy_version",
        "python_version",
    }
    assert env["keras_version"] == keras.__version__ and "CPU cores" in env["machine"]
