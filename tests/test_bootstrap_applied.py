"""Every lesson and solutions notebook's first code cell starts with the current Colab
bootstrap (`python scripts/colab_setup.py` writes it; see tests/test_colab_bootstrap.py for
what the bootstrap does)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import colab_setup  # noqa: E402

NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_first_code_cell_starts_with_the_current_bootstrap(path: Path) -> None:
    url, pin = colab_setup.repository_url(), colab_setup.quiz_pin()
    assert colab_setup.is_current(path, url, pin), (
        f"{path.name}: run `python scripts/colab_setup.py {path.relative_to(ROOT)}`"
    )
