"""Unit tests for the lesson diagrams (genai_course.diagrams)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from genai_course import diagrams


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " ".join(
        ax.get_title() for ax in fig.axes
    )


@pytest.mark.parametrize(
    "name",
    [
        "network_layers_diagram",
        "unrolled_rnn_diagram",
        "lstm_cell_diagram",
        "encoder_decoder_diagram",
        "decision_boundary_vs_densities",
    ],
)
def test_every_diagram_draws_a_figure(name: str) -> None:
    fig = getattr(diagrams, name)()
    assert isinstance(fig, Figure)
    assert fig.axes and _texts(fig).strip()
    plt.close(fig)


def test_network_diagram_counts_parameters_like_keras() -> None:
    # lesson 02's MLP: 784 -> 128 -> 10 has 101,770 parameters (printed by Keras there)
    fig = diagrams.network_layers_diagram()
    text = _texts(fig)
    assert "101,770 parameters" in text
    assert "= 100,480 parameters" in text and "= 1,290 parameters" in text
    plt.close(fig)
    with pytest.raises(ValueError, match="2 labels for 3 layers"):
        diagrams.network_layers_diagram((4, 3, 2), ("a", "b"))


def test_unrolled_rnn_has_one_copy_per_step() -> None:
    fig = diagrams.unrolled_rnn_diagram(steps=5)
    text = _texts(fig)
    assert all(f"$x_{t}$" in text and f"$h_{t}$" in text for t in range(1, 6))
    assert "$x_6$" not in text
    plt.close(fig)


def test_encoder_decoder_feeds_back_its_own_mistake() -> None:
    fig = diagrams.encoder_decoder_diagram(target="2004", predicted="2014")
    top, bottom = fig.axes
    top_inputs = [t.get_text() for t in top.texts]
    bottom_inputs = [t.get_text() for t in bottom.texts]
    # teacher forcing reads the true "0" after "20"; free running reads its own "1"
    assert top_inputs.count("0") > bottom_inputs.count("0")
    assert "1" in bottom_inputs and "1" not in top_inputs
    plt.close(fig)
    with pytest.raises(ValueError, match="same length"):
        diagrams.encoder_decoder_diagram(target="2004", predicted="204")


def test_decision_boundary_is_the_posterior_half_contour() -> None:
    fig = diagrams.decision_boundary_vs_densities()
    image = fig.axes[1].images[0].get_array()
    assert np.nanmin(image) >= 0 and np.nanmax(image) <= 1
    # both classes dominate somewhere on the grid, so the 0.5 boundary exists
    assert np.nanmin(image) < 0.05 and np.nanmax(image) > 0.95
    plt.close(fig)
