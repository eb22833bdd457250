"""Unit tests for the notebook helpers: plotting and benchmark recording."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest

from genai_course.notebook import record
from genai_course.plotting import PALETTE, plot_history, show_images, use_style


def test_show_images_grid_and_titles() -> None:
    fig = show_images(np.zeros((12, 28, 28, 1)), titles=[str(i) for i in range(12)], ncols=5)
    assert len(fig.axes) == 15  # 3 rows of 5
    assert fig.axes[11].get_title() == "11"


@pytest.mark.parametrize("shape", [(10, 784), (28, 28), (2, 28, 28, 3)])
def test_show_images_rejects_wrong_shapes(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="expects shape"):
        show_images(np.zeros(shape))


def test_show_images_title_count_must_match() -> None:
    with pytest.raises(ValueError, match="2 titles for 3 images"):
        show_images(np.zeros((3, 8, 8)), titles=["a", "b"])


def test_plot_history() -> None:
    ax = plot_history({"loss": [3, 2, 1], "val_loss": [3, 2.5, 2]}, title="t")
    assert [line.get_label() for line in ax.get_lines()] == ["loss", "val_loss"]
    assert list(ax.get_lines()[0].get_xdata()) == [1, 2, 3]
    with pytest.raises(KeyError, match="available"):
        plot_history({"loss": [1]}, keys=["accuracy"])


def test_style_uses_palette() -> None:
    use_style()
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == PALETTE[0]


def test_record_writes_json_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "m.jsonl"
    monkeypatch.setenv("GENAI_COURSE_METRICS", str(out))
    assert record("acc", np.float32(0.5)) is None
    record("loss", 2, " nats")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == [
        {"name": "acc", "value": 0.5, "unit": ""},
        {"name": "loss", "value": 2.0, "unit": " nats"},
    ]


def test_record_without_bench_does_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GENAI_COURSE_METRICS", raising=False)
    monkeypatch.chdir(tmp_path)
    record("acc", 1.0)
    assert list(tmp_path.iterdir()) == []


def _write_notebook(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {"tags": tags}, "source": src, "outputs": []}
            for src, tags in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_run_tagged_cells_runs_only_tagged_cells_in_order(tmp_path: Path) -> None:
    from genai_course.notebook import run_tagged_cells

    nb = _write_notebook(
        tmp_path / "a.ipynb",
        [("x = 1", ["architecture"]), ("x = 100", []), ("y = x + base", ["architecture"])],
    )
    ns = run_tagged_cells(nb, "architecture", {"base": 10})
    assert (ns["x"], ns["y"]) == (1, 11)


def test_run_tagged_cells_errors_are_clear(tmp_path: Path) -> None:
    from genai_course.notebook import run_tagged_cells

    with pytest.raises(FileNotFoundError, match="does not exist"):
        run_tagged_cells(tmp_path / "missing.ipynb", "architecture")
    nb = _write_notebook(tmp_path / "b.ipynb", [("x = 1", [])])
    with pytest.raises(ValueError, match="no code cell"):
        run_tagged_cells(nb, "architecture")
    nb = _write_notebook(tmp_path / "c.ipynb", [("%time x = 1", ["architecture"])])
    with pytest.raises(ValueError, match="IPython syntax"):
        run_tagged_cells(nb, "architecture")
