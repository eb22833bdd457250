"""One call at the top of every notebook: quiet logs, fixed seeds, the course plot style."""

from __future__ import annotations

import logging
import os
import warnings


def setup_notebook(seed: int = 42) -> None:
    """Prepare a notebook for reproducible, quiet execution.

    * silences TensorFlow's C++ and Python log noise (call this *before* importing
      TensorFlow or Keras, so the environment variables take effect);
    * seeds Python, NumPy and the Keras backend with ``seed``;
    * applies the course's colour-blind-safe matplotlib style.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    import keras  # noqa: PLC0415 -- imported after the environment is set
    import tensorflow as tf  # noqa: PLC0415

    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    keras.utils.set_random_seed(seed)

    from genai_course.plotting import use_style  # noqa: PLC0415

    use_style()


def record(name: str, value: float, unit: str = "") -> None:
    """Record a model-quality number for ``make bench``.

    Notebooks call this next to their self-check asserts, e.g.
    ``record("cnn_test_accuracy", acc)``. When ``make bench`` runs a notebook it
    sets ``GENAI_COURSE_METRICS`` to a file path and every recorded value is appended
    there as one JSON line; otherwise the call does nothing. It returns ``None`` so that
    a cell ending with it shows no stray output.
    """
    import json  # noqa: PLC0415

    path = os.environ.get("GENAI_COURSE_METRICS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": float(value), "unit": unit}) + "\n")


def run_tagged_cells(
    notebook: str | os.PathLike[str], tag: str, namespace: dict | None = None
) -> dict:
    """Run the code cells of a course notebook that carry the cell tag ``tag``.

    This is how a training script in ``scripts/`` builds exactly the model a lesson shows:
    the architecture is written once, in the notebook where the learner reads it, and the
    script executes those cells instead of keeping a copy that could drift apart. Cells
    run in notebook order, in one namespace, which is returned.

    Args:
        notebook: path of the ``.ipynb`` file; a relative path is taken from the
            repository root (e.g. ``"notebooks/06_generative_adversarial_networks.ipynb"``).
        tag: the cell tag to look for (in the cell's ``metadata.tags``).
        namespace: names the cells may use (e.g. ``{"keras": keras}``); updated in place.

    Returns:
        The namespace after the cells ran.

    Raises:
        FileNotFoundError: if the notebook does not exist.
        ValueError: if no code cell carries ``tag``, or a tagged cell uses IPython syntax
            (``%magic`` or ``!shell``), which plain Python cannot run.
    """
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from genai_course.paths import ROOT  # noqa: PLC0415

    path = Path(notebook)
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        raise FileNotFoundError(f"notebook {path} does not exist; check the path and the name.")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and tag in c.get("metadata", {}).get("tags", [])
    ]
    if not sources:
        raise ValueError(f"no code cell of {path.name} carries the tag {tag!r}.")
    ns = {} if namespace is None else namespace
    for i, src in enumerate(sources):
        if any(line.lstrip().startswith(("%", "!")) for line in src.splitlines()):
            raise ValueError(
                f"cell {i} tagged {tag!r} in {path.name} uses IPython syntax (% or !), "
                "which a script cannot run; keep tagged cells plain Python."
            )
        exec(compile(src, f"{path.name}[{tag} #{i}]", "exec"), ns)  # noqa: S102
    return ns
