"""The course's plotting style and the two figures every lesson needs.

Colours are the Okabe-Ito palette, which stays distinguishable for the common forms of
colour blindness.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

#: Okabe-Ito colour-blind-safe palette.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#D55E00",  # vermilion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)


def use_style() -> None:
    """Apply the course style to matplotlib (small, readable, colour-blind-safe figures)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 80,
            "savefig.dpi": 80,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.frameon": False,
            "image.cmap": "gray_r",
        }
    )


def show_images(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    title: str | None = None,
    size: float = 0.9,
) -> Figure:
    """Show a batch of grey-scale images as a grid.

    Args:
        images: array of shape ``(n, height, width)`` or ``(n, height, width, 1)``, values
            in [0, 1] (or [0, 255]).
        titles: optional caption per image (``len(titles) == n``).
        ncols: images per row.
        title: optional title over the whole grid.
        size: inches per image.

    Returns:
        The matplotlib figure (also displayed inline in a notebook).
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(
            f"show_images expects shape (n, height, width) or (n, height, width, 1); "
            f"got {images.shape}. Reshape flat vectors first, e.g. x.reshape(-1, 28, 28)."
        )
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images.")
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    vmax = 255 if images.max() > 1.0 else 1.0
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + (0.3 if title else 0)), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=vmax)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_history(
    history: Mapping[str, Sequence[float]],
    keys: Sequence[str] | None = None,
    title: str = "Training curves",
    ylabel: str = "loss",
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Plot per-epoch curves from a Keras ``History.history`` dict (or any dict of lists).

    Args:
        history: mapping of metric name to per-epoch values.
        keys: which metrics to draw (default: all of them).
        title: axes title.
        ylabel: y-axis label.
        ax: axes to draw into (default: a new figure).
    """
    keys = list(history) if keys is None else list(keys)
    missing = [k for k in keys if k not in history]
    if missing:
        raise KeyError(f"history has no {missing}; available: {sorted(history)}")
    if ax is None:
        _, ax = plt.subplots()
    for key in keys:
        values = list(history[key])
        ax.plot(range(1, len(values) + 1), values, label=key, marker="o", markersize=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax
