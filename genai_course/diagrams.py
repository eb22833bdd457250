"""Schematic diagrams the lessons show next to their equations.

Each function draws one figure with matplotlib and returns it, so a lesson cell is one line
(``lstm_cell_diagram(); plt.show()``) and the drawing code does not distract from the code
that teaches. The figures have a white background, so they read the same in the light and
dark themes of the website. Only ``decision_boundary_vs_densities`` computes anything: it
evaluates two known Gaussian densities on a grid.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from genai_course.plotting import PALETTE

BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY = PALETTE[:6]
INK = "#222222"
GREY_IN = "#555555"


def _canvas(width: float, height: float, xlim: tuple[float, float], ylim: tuple[float, float]):
    fig, ax = plt.subplots(figsize=(width, height))
    _blank(ax, xlim, ylim)
    return fig, ax


def _blank(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


def _box(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    *,
    color: str = BLUE,
    w: float = 1.2,
    h: float = 0.6,
    fontsize: float = 10,
) -> None:
    """A rounded box centred on (x, y) with a light fill and a coloured edge."""
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.12",
            fc=color + "22",
            ec=color,
            lw=1.6,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=INK)


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    color: str = INK,
    style: str = "-|>",
    lw: float = 1.3,
    rad: float = 0.0,
    ls: str = "-",
) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=style,
            mutation_scale=12,
            color=color,
            lw=lw,
            ls=ls,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=0,
            shrinkB=0,
        )
    )


def network_layers_diagram(
    layer_sizes: tuple[int, ...] = (784, 128, 10),
    labels: tuple[str, ...] = (
        "input layer\n784 pixel values",
        "hidden layer\nDense 128, ReLU",
        "output layer\nDense 10, softmax",
    ),
) -> Figure:
    """A fully connected network drawn layer by layer (at most 6 units shown per layer).

    Every unit of one layer feeds every unit of the next; the number under each column is
    the layer's width and the caption between columns counts that layer's weights + biases.
    """
    if len(labels) != len(layer_sizes):
        raise ValueError(f"got {len(labels)} labels for {len(layer_sizes)} layers")
    n = len(layer_sizes)
    fig, ax = _canvas(2.2 * n + 0.8, 4.6, (-1.2, 3.0 * (n - 1) + 1.2), (-3.3, 3.3))
    colours = [GREY_IN] + [BLUE] * (n - 2) + [ORANGE]
    columns = []
    for i, size in enumerate(layer_sizes):
        shown = min(size, 6)
        ys = np.linspace(1.9, -1.9, shown) if shown > 1 else np.array([0.0])
        columns.append((3.0 * i, ys, size > shown))
    for (x0, ys0, _), (x1, ys1, _) in zip(columns, columns[1:], strict=False):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0, x1], [y0, y1], color="#9a9a9a", lw=0.5, zorder=1)
    for i, ((x, ys, cut), label) in enumerate(zip(columns, labels, strict=True)):
        for j, y in enumerate(ys):
            if cut and j == len(ys) - 2:  # "and more units": three dots instead of a unit
                for dy in (-0.18, 0.0, 0.18):
                    ax.add_patch(Circle((x, y + dy), 0.035, fc=INK, zorder=3))
                continue
            ax.add_patch(Circle((x, y), 0.24, fc="white", ec=colours[i], lw=1.8, zorder=3))
        ax.text(x, -2.55, label, ha="center", va="top", fontsize=9.5, color=INK)
    total = 0
    for i in range(n - 1):
        params = layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]
        total += params
        ax.text(
            3.0 * i + 1.5,
            2.2,
            f"{layer_sizes[i]}×{layer_sizes[i + 1]} weights\n+ {layer_sizes[i + 1]} biases"
            f"\n= {params:,d} parameters",
            ha="center",
            va="bottom",
            fontsize=8.5,
            color=INK,
        )
    ax.text(
        1.5 * (n - 1),
        3.3,
        f"{n - 1} dense layers, {total:,d} parameters: each line is one weight",
        ha="center",
        va="top",
        fontsize=11,
        color=INK,
    )
    fig.tight_layout()
    return fig


def unrolled_rnn_diagram(steps: int = 4) -> Figure:
    """A recurrent cell drawn folded (with its loop) and unrolled over ``steps`` time steps."""
    fig, ax = _canvas(2.0 * steps + 3.2, 3.6, (-1.3, 2.2 * steps + 2.2), (-1.9, 2.0))
    # folded cell with a self-loop
    _box(ax, 0, 0, "cell\nW, U, b", color=BLUE, w=1.3, h=0.9)
    ax.text(0, -1.55, "$x_t$", ha="center", va="center", fontsize=12)
    ax.text(0, 1.6, "$h_t$", ha="center", va="center", fontsize=12)
    _arrow(ax, (0, -1.3), (0, -0.47))
    _arrow(ax, (0, 0.47), (0, 1.35))
    _arrow(ax, (0.25, 0.47), (0.67, -0.2), color=VERMILION, rad=-1.4)
    ax.text(0.95, 0.75, "$h_{t-1}$", fontsize=10, color=VERMILION)
    ax.text(1.55, 0.0, "=", fontsize=20, ha="center", va="center")
    # unrolled copies
    x0 = 3.0
    for t in range(1, steps + 1):
        x = x0 + 2.2 * (t - 1)
        _box(ax, x, 0, "cell", color=BLUE, w=1.1, h=0.8)
        ax.text(x, -1.55, f"$x_{t}$", ha="center", va="center", fontsize=12)
        ax.text(x, 1.6, f"$h_{t}$", ha="center", va="center", fontsize=12)
        _arrow(ax, (x, -1.3), (x, -0.42))
        _arrow(ax, (x, 0.42), (x, 1.35))
        start = (x - 1.65, 0) if t > 1 else (x - 1.25, 0)
        _arrow(ax, start, (x - 0.57, 0), color=VERMILION)
        label = "$h_0=0$" if t == 1 else f"$h_{t - 1}$"
        ax.text(x - 1.1 if t > 1 else x - 1.3, 0.18, label, fontsize=9, color=VERMILION)
    ax.text(
        x0 + 1.1 * (steps - 1),
        -1.95,
        "the same W, U and b at every step: $h_t = \\tanh(x_t W + h_{t-1} U + b)$",
        ha="center",
        va="top",
        fontsize=10,
    )
    ax.set_title("A recurrent layer, folded (left) and unrolled over time (right)")
    fig.tight_layout()
    return fig


def lstm_cell_diagram() -> Figure:
    """One LSTM step: the cell-state line on top, the four gates below it."""
    fig, ax = _canvas(8.6, 4.6, (-1.0, 10.2), (-2.6, 3.2))
    # cell state line
    _arrow(ax, (-0.6, 2.2), (9.6, 2.2), color=BLUE, lw=2.4)
    ax.text(-0.7, 2.45, "$c_{t-1}$", fontsize=12, color=BLUE)
    ax.text(9.2, 2.45, "$c_t$", fontsize=12, color=BLUE)
    for x, op in ((2.0, "×"), (4.6, "+")):
        ax.add_patch(Circle((x, 2.2), 0.28, fc="white", ec=BLUE, lw=1.8, zorder=3))
        ax.text(x, 2.2, op, ha="center", va="center", fontsize=14, zorder=4)
    # hidden state and input entering at the bottom
    _arrow(ax, (-0.6, -1.6), (7.6, -1.6), color=INK, style="-")
    ax.text(-0.8, -2.1, "$h_{t-1}$, $x_t$", fontsize=12)
    gates = [
        (2.0, "$f_t$\nσ", "forget"),
        (3.6, "$i_t$\nσ", "input"),
        (4.6, "$g_t$\ntanh", "candidate"),
        (7.2, "$o_t$\nσ", "output"),
    ]
    for x, text, name in gates:
        _box(ax, x, -0.3, text, color=ORANGE, w=0.85, h=0.9, fontsize=10)
        ax.text(x, -0.98, name, ha="center", va="center", fontsize=8, color=INK)
        _arrow(ax, (x, -1.6), (x, -0.75))
    _arrow(ax, (2.0, 0.15), (2.0, 1.92))  # f -> ×
    ax.add_patch(Circle((4.1, 1.0), 0.26, fc="white", ec=ORANGE, lw=1.6, zorder=3))
    ax.text(4.1, 1.0, "×", ha="center", va="center", fontsize=13, zorder=4)
    _arrow(ax, (3.6, 0.15), (3.88, 0.82))
    _arrow(ax, (4.6, 0.15), (4.32, 0.82))
    _arrow(ax, (4.1, 1.26), (4.48, 1.96))  # i*g -> +
    # output path: tanh(c_t) * o_t
    _box(ax, 7.2, 1.3, "tanh", color=GREEN, w=0.8, h=0.45, fontsize=9)
    _arrow(ax, (7.2, 2.2), (7.2, 1.53))
    ax.add_patch(Circle((8.3, 0.45), 0.26, fc="white", ec=GREEN, lw=1.6, zorder=3))
    ax.text(8.3, 0.45, "×", ha="center", va="center", fontsize=13, zorder=4)
    _arrow(ax, (7.2, 1.07), (8.1, 0.62))
    _arrow(ax, (7.65, -0.3), (8.1, 0.28))
    _arrow(ax, (8.56, 0.45), (9.6, 0.45), color=VERMILION, lw=2.0)
    ax.text(9.25, 0.65, "$h_t$", fontsize=12, color=VERMILION)
    ax.text(
        4.6,
        -2.45,
        "$c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$,   $h_t = o_t \\odot \\tanh(c_t)$",
        ha="center",
        va="center",
        fontsize=11,
    )
    ax.text(2.7, 2.75, "cell state: only × and +, no weight matrix", fontsize=9, color=BLUE)
    ax.set_title("One LSTM step: the gates (orange) read $h_{t-1}$ and $x_t$")
    fig.tight_layout()
    return fig


def encoder_decoder_diagram(
    source: tuple[str, ...] = ("the", "fifth", "of", "may", "two", "thousand", "four"),
    target: str = "2004",
    predicted: str = "2014",
) -> Figure:
    """Seq2seq with teacher forcing (training, top) and free running (inference, bottom).

    ``predicted`` is an example of the decoder's own output, with one mistake, to show how a
    wrong character is fed back at inference time.
    """
    if len(predicted) != len(target):
        raise ValueError("predicted and target must have the same length")
    fig, axes = plt.subplots(2, 1, figsize=(11, 4.8))
    for ax, mode in zip(axes, ("train", "infer"), strict=True):
        _blank(ax, (-0.8, 18.3), (-1.6, 2.2))
        xs = [1.3 * i for i in range(len(source))]
        for x, word in zip(xs, source, strict=True):
            _box(ax, x, 0.5, "GRU", color=BLUE, w=1.05, h=0.6, fontsize=11)
            ax.text(x, -0.6, word, ha="center", va="center", fontsize=12)
            _arrow(ax, (x, -0.35), (x, 0.2))
        for a, b in zip(xs, xs[1:], strict=False):
            _arrow(ax, (a + 0.5, 0.5), (b - 0.5, 0.5), color=BLUE)
        s_x = xs[-1] + 1.55
        ax.add_patch(Circle((s_x, 0.5), 0.32, fc=PURPLE + "33", ec=PURPLE, lw=1.8))
        ax.text(s_x, 0.5, "$s$", ha="center", va="center", fontsize=14)
        _arrow(ax, (xs[-1] + 0.5, 0.5), (s_x - 0.32, 0.5), color=BLUE)
        ax.text(s_x, 1.0, "state", ha="center", va="bottom", fontsize=11, color=PURPLE)
        d0 = s_x + 1.7
        inputs = ["<s>", *(target if mode == "train" else predicted)][: len(target)]
        for k, ch in enumerate(target):
            x = d0 + 1.9 * k
            _box(ax, x, 0.5, "GRU", color=GREEN, w=1.05, h=0.6, fontsize=11)
            out = ch if mode == "train" else predicted[k]
            wrong = mode == "infer" and out != ch
            colour = VERMILION if wrong else INK
            ax.text(x, 1.65, out, ha="center", va="center", fontsize=15, color=colour)
            _arrow(ax, (x, 0.8), (x, 1.42))
            ax.text(x, -0.6, inputs[k], ha="center", va="center", fontsize=12)
            _arrow(ax, (x, -0.35), (x, 0.2))
            if k == 0:
                _arrow(ax, (s_x + 0.32, 0.5), (x - 0.5, 0.5), color=PURPLE)
            else:
                _arrow(ax, (x - 1.4, 0.5), (x - 0.5, 0.5), color=GREEN)
            if mode == "infer" and k < len(target) - 1:
                _arrow(ax, (x + 0.18, 1.45), (x + 1.75, -0.42), color=SKY, ls="--", rad=0.25)
        if mode == "train":
            title = "Training with teacher forcing: the decoder reads the TRUE previous character"
            note = "inputs = target shifted right behind <s>; all steps in one pass"
        else:
            title = "Inference, free running: the decoder reads its OWN previous output"
            note = "a wrong character (coloured) is fed back and can derail the next steps"
        ax.text(d0 + 2.85, -1.25, note, ha="center", va="center", fontsize=11, style="italic")
        ax.text(xs[3], -1.25, "encoder reads the words", ha="center", fontsize=11, style="italic")
        ax.set_title(title, fontsize=13)
    fig.tight_layout()
    return fig


def decision_boundary_vs_densities(seed: int = 0) -> Figure:
    """Two classes in 2-D: what a generative model learns vs what a classifier learns.

    Left: the class densities p(x | y) of two known Gaussians, with samples. Right: the
    posterior p(y = 1 | x) obtained from them by Bayes' rule, and its 0.5 contour (the
    decision boundary), which is all a discriminative classifier needs to represent.
    """
    rng = np.random.default_rng(seed)
    means = [np.array([-1.0, 0.0]), np.array([1.2, 0.6])]
    covs = [np.array([[1.0, 0.6], [0.6, 0.8]]), np.array([[0.5, -0.2], [-0.2, 1.2]])]
    grid = np.linspace(-4, 4, 241)
    gx, gy = np.meshgrid(grid, grid)
    points = np.stack([gx, gy], axis=-1)

    def density(mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
        diff = points - mean
        inv = np.linalg.inv(cov)
        mahal = np.einsum("...i,ij,...j->...", diff, inv, diff)
        return np.exp(-0.5 * mahal) / (2 * np.pi * np.sqrt(np.linalg.det(cov)))

    dens = [density(m, c) for m, c in zip(means, covs, strict=True)]
    posterior = dens[1] / (dens[0] + dens[1])
    samples = [rng.multivariate_normal(m, c, size=60) for m, c in zip(means, covs, strict=True)]

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.3))
    names = ("class 0", "class 1")
    for d, s, colour, name in zip(dens, samples, (BLUE, ORANGE), names, strict=True):
        ax1.contour(gx, gy, d, levels=4, colors=colour, linewidths=1.3)
        ax1.scatter(s[:, 0], s[:, 1], s=10, color=colour, label=name)
    ax1.set_title("Generative: the density of each class, $p(x \\mid y)$")
    image = ax2.imshow(
        posterior, extent=(-4, 4, -4, 4), origin="lower", cmap="PuOr_r", vmin=0, vmax=1, alpha=0.45
    )
    ax2.contour(gx, gy, posterior, levels=[0.5], colors=INK, linewidths=2)
    for s, colour in zip(samples, (BLUE, ORANGE), strict=True):
        ax2.scatter(s[:, 0], s[:, 1], s=10, color=colour, edgecolors="white", linewidths=0.4)
    fig.colorbar(image, ax=ax2, label="$p(y = 1 \\mid x)$")
    ax2.set_title("Discriminative: $p(y \\mid x)$ and its 0.5 boundary")
    for ax in (ax1, ax2):
        ax.set(xlim=(-4, 4), ylim=(-4, 4), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
        ax.grid(False)
    ax1.legend(loc="upper left")
    fig.tight_layout()
    return fig
