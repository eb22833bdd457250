"""Train the course's digit classifier and ship it in ``data/``.

Usage: ``python scripts/train_classifier.py [--epochs N]``

Later lessons judge generated digits with this model (class coverage, confidence, and the
penultimate-layer features behind FID/KID), so it has to be accurate: the script trains a
small CNN on the full 60,000-image MNIST training split and refuses to ship a model below
99.0 % accuracy on the full 10,000-image test split. The test split is used once, at the
end, for that report; nothing is tuned on it.

Outputs (the sha256 of both files is written to ``data/SHA256SUMS``, other lines untouched):

* ``data/digit_classifier.keras`` -- the model, saved without optimizer state;
* ``data/digit_classifier.json``  -- provenance: test accuracy, training seconds, date,
  versions, seed, architecture summary.

Load it with ``genai_course.models.load_digit_classifier()``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checkpoint_utils import environment, sha256, update_sums

from genai_course.data import load_mnist

DATA = ROOT / "data"
MODEL_FILE = "digit_classifier.keras"
META_FILE = "digit_classifier.json"
SEED = 2026
MIN_TEST_ACCURACY = 0.990


def build_model() -> keras.Model:
    """Two conv blocks, a 128-unit feature layer (used for FID/KID), a softmax head."""
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    x = keras.layers.Conv2D(32, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Conv2D(64, 3, activation="relu", name="conv2")(x)
    x = keras.layers.MaxPooling2D(name="pool2")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dropout(0.25, name="dropout1")(x)
    x = keras.layers.Dense(128, activation="relu", name="features")(x)
    x = keras.layers.Dropout(0.3, name="dropout2")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="digit_classifier")


def describe(model: keras.Model) -> list[str]:
    """One line per layer: name, type, output shape and parameter count."""
    return [
        f"{layer.name}: {type(layer).__name__}, output {tuple(layer.output.shape)}, "
        f"{layer.count_params():,} parameters"
        for layer in model.layers
    ]


def update_readme(meta: dict) -> None:
    """Add or replace the classifier's rows in both tables of data/README.md (if it exists)."""
    readme = DATA / "README.md"
    if not readme.exists():
        print("data/README.md not found: add a row for the classifier there by hand.")
        return
    size_mb = (DATA / MODEL_FILE).stat().st_size / 1e6
    file_row = (
        f"| `{MODEL_FILE}` + `{META_FILE}` | {size_mb:.1f} MB | the course's digit classifier "
        f"(CNN, {meta['parameters']:,} parameters, {meta['test_accuracy']:.2%} accuracy on "
        "the 10,000 MNIST test images); the JSON holds its provenance | "
        f"`scripts/train_classifier.py` (seed {meta['seed']}, {meta['script_seconds']:.0f} s "
        f"on {meta['machine']}) | trained on `mnist.npz` | CC BY-SA 3.0, like the MNIST data "
        "it was trained on |"
    )
    sum_rows = [f"| `{n}` | `{sha256(DATA / n)}` |" for n in (MODEL_FILE, META_FILE)]
    lines = [ln for ln in readme.read_text().splitlines() if "`digit_classifier." not in ln]
    heading = next((i for i, ln in enumerate(lines) if ln.startswith("## SHA256")), len(lines))
    last_file_row = max(i for i, ln in enumerate(lines[:heading]) if ln.startswith("| `"))
    lines.insert(last_file_row + 1, file_row)
    heading += 1
    sum_table = [i for i, ln in enumerate(lines) if i > heading and ln.startswith("| `")]
    if sum_table:
        lines[sum_table[-1] + 1 : sum_table[-1] + 1] = sum_rows
    readme.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()

    start = time.perf_counter()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train, x_test = x_train[..., None], x_test[..., None]

    model = build_model()
    steps = args.epochs * int(np.ceil(len(x_train) / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=steps, alpha=0.05)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    train_start = time.perf_counter()
    for epoch in range(args.epochs):
        hist = model.fit(
            x_train, y_train, batch_size=args.batch_size, epochs=1, shuffle=True, verbose=0
        )
        print(
            f"epoch {epoch + 1}/{args.epochs}: loss {hist.history['loss'][0]:.4f}, "
            f"train acc {hist.history['accuracy'][0]:.4f} "
            f"({time.perf_counter() - train_start:.0f} s)",
            flush=True,
        )
    train_seconds = time.perf_counter() - train_start

    probs = model.predict(x_test, batch_size=1000, verbose=0)
    test_acc = float(np.mean(probs.argmax(axis=1) == y_test))
    print(f"test accuracy on all {len(y_test)} test images: {test_acc:.4f}")
    if test_acc < MIN_TEST_ACCURACY:
        raise SystemExit(f"test accuracy {test_acc:.4f} < {MIN_TEST_ACCURACY}: not shipped")

    # Save without optimizer state (a third of the size) from an uncompiled copy.
    shipped = build_model()
    shipped.set_weights(model.get_weights())
    shipped.save(DATA / MODEL_FILE)

    meta = {
        "file": MODEL_FILE,
        "task": "MNIST digit classification; input (28, 28, 1) float32 in [0, 1], "
        "output softmax over 10 classes",
        "features_layer": "features",
        "training_data": "full MNIST training split (60,000 images), data/mnist.npz",
        "test_accuracy": round(test_acc, 5),
        "test_images": len(y_test),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "optimizer": "Adam, cosine-decayed learning rate 2e-3 -> 1e-4",
        "seed": SEED,
        "parameters": int(shipped.count_params()),
        "training_seconds": round(train_seconds, 1),
        "script_seconds": round(time.perf_counter() - start, 1),
        **environment(),
        "script": "scripts/train_classifier.py",
        "architecture": describe(shipped),
    }
    (DATA / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    update_sums([MODEL_FILE, META_FILE])
    update_readme(meta)
    size_kb = (DATA / MODEL_FILE).stat().st_size / 1024
    print(
        f"saved data/{MODEL_FILE} ({size_kb:.0f} KB) and data/{META_FILE}; "
        f"script took {meta['script_seconds']} s"
    )


if __name__ == "__main__":
    main()
