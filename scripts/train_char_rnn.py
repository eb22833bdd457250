"""Train lesson 03's character LSTM for longer than a lesson can and ship its weights.

Usage: ``python scripts/train_char_rnn.py [--steps N] [--strategy default|mirrored]``

Lesson 03 trains its character model live for about half a minute, which is enough to show
the loop working but not enough to beat the best n-gram count model on the same text. This
script trains the *same* model for a fixed number of steps. The architecture is not copied
here: the script runs the lesson's code cells tagged ``architecture``
(:func:`genai_course.notebook.run_tagged_cells`), so a change in the lesson changes the
checkpoint's model too, and loading old weights into a changed model fails loudly.

Data contract (shared with lesson 07): ``text = load_shakespeare(400_000)``,
``chars = sorted(set(text))``, training text = the first 90 % (characters 0-360,000),
validation text = characters 360,000-400,000, which the script never trains on.

Outputs (add their sha256 to ``data/SHA256SUMS`` and a row to ``data/README.md``):

* ``data/char_lstm_shakespeare.weights.h5`` -- the weights (``model.save_weights``);
* ``data/char_lstm_shakespeare.json`` -- provenance: configuration, steps, seconds,
  validation loss along the way, library versions.

Deterministic: fixed seeds, op determinism, windows drawn from a seeded NumPy generator, a
fixed number of steps (never a timer), so a slower machine reaches the same weights, later.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
import tensorflow as tf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checkpoint_utils import environment, make_strategy

from genai_course.data import load_shakespeare
from genai_course.notebook import run_tagged_cells

DATA = ROOT / "data"
NOTEBOOK = "notebooks/03_recurrent_networks.ipynb"
WEIGHTS_FILE = "char_lstm_shakespeare.weights.h5"
META_FILE = "char_lstm_shakespeare.json"
SEED = 2026


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seq-len", type=int, default=100)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument(
        "--strategy",
        choices=["default", "mirrored"],
        default="default",
        help="tf.distribute strategy: 'mirrored' uses every local GPU (batch split across them)",
    )
    parser.add_argument("--out", type=Path, default=DATA, help="directory for the two files")
    args = parser.parse_args()

    start = time.perf_counter()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()

    text = load_shakespeare(400_000)
    chars = sorted(set(text))
    char_to_id = {c: i for i, c in enumerate(chars)}
    ids = np.array([char_to_id[c] for c in text], dtype="int32")
    split = int(0.9 * len(ids))
    train_ids, val_ids = ids[:split], ids[split:]
    # validation windows: the whole validation text cut into non-overlapping pieces
    n_val = (len(val_ids) - 1) // args.seq_len
    x_val = val_ids[: n_val * args.seq_len].reshape(n_val, args.seq_len)
    y_val = val_ids[1 : n_val * args.seq_len + 1].reshape(n_val, args.seq_len)

    strategy = make_strategy(args.strategy)
    with strategy.scope():
        ns = run_tagged_cells(NOTEBOOK, "architecture", {"keras": keras})
        model = ns["build_char_model"](len(chars))
        schedule = keras.optimizers.schedules.CosineDecay(
            args.lr, decay_steps=args.steps, alpha=0.1
        )
        model.compile(
            optimizer=keras.optimizers.Adam(schedule, clipnorm=1.0),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )

    rng = np.random.default_rng(SEED)
    history = []
    train_start = time.perf_counter()
    running = []
    for step in range(1, args.steps + 1):
        starts = rng.integers(0, split - args.seq_len - 1, size=args.batch_size)
        x = np.stack([train_ids[s : s + args.seq_len] for s in starts])
        y = np.stack([train_ids[s + 1 : s + args.seq_len + 1] for s in starts])
        running.append(float(model.train_on_batch(x, y)))
        if step % args.eval_every == 0 or step == args.steps:
            val = float(model.evaluate(x_val, y_val, batch_size=256, verbose=0))
            history.append({"step": step, "train": float(np.mean(running)), "validation": val})
            running = []
            print(
                f"step {step}/{args.steps}: train {history[-1]['train']:.3f}, "
                f"validation {val:.3f} nats/char ({time.perf_counter() - train_start:.0f} s)",
                flush=True,
            )
    train_seconds = time.perf_counter() - train_start

    args.out.mkdir(parents=True, exist_ok=True)
    # save from an uncompiled copy, so the file holds the weights only (no optimizer state)
    bare = ns["build_char_model"](len(chars))
    bare.set_weights(model.get_weights())
    bare.save_weights(args.out / WEIGHTS_FILE)
    meta = {
        "file": WEIGHTS_FILE,
        "model": "lesson 03 build_char_model(len(chars)) (cells tagged 'architecture')",
        "parameters": int(model.count_params()),
        "vocabulary": "".join(chars),
        "training_text": "load_shakespeare(400_000)[:360000]",
        "validation_text": "load_shakespeare(400_000)[360000:400000] (never trained on)",
        "validation_nats_per_char": history[-1]["validation"],
        "history": history,
        "steps": args.steps,
        "batch_size": args.batch_size,
        "seq_len": args.seq_len,
        "optimizer": f"Adam, clipnorm 1, cosine-decayed learning rate {args.lr} -> {args.lr / 10}",
        "windows": "random start positions in the training text, numpy default_rng(seed)",
        "seed": SEED,
        "strategy": args.strategy,
        "training_seconds": round(train_seconds, 1),
        "script_seconds": round(time.perf_counter() - start, 1),
        **environment(),
        "script": "scripts/train_char_rnn.py",
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out / WEIGHTS_FILE} and {args.out / META_FILE}")


if __name__ == "__main__":
    main()
