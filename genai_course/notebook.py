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
