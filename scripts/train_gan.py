"""Train lesson 06's DCGAN and conditional GAN on MNIST and ship their generators in ``data/``.

Usage::

    python scripts/train_gan.py [--model dcgan|cgan|both] [--epochs N]
                                [--strategy default|mirrored|multiworker]

The architecture is *not* defined here: the script runs the code cells of
``notebooks/06_generative_adversarial_networks.ipynb`` tagged ``architecture``
(``build_generator``, ``build_discriminator``, the ``GAN`` class with its ``train_step``,
``make_gan``), so the shipped weights always belong to the model the lesson shows, and a
change of architecture there makes ``load_weights`` fail loudly instead of drifting apart.

Training is deterministic (fixed seeds, ``enable_op_determinism``, a seeded shuffle) and
sized by epochs, never by a timer: a slower machine reaches the same weights, later. At the
end the generator is judged with the course's digit classifier (``genai_course.models``):

* DCGAN: classifier-FID of 10,000 samples against the 10,000 MNIST test images (beside the
  real-vs-real value: 10,000 training images against the same test images), class coverage
  and largest class share;
* cGAN: the share of 1,000 samples (100 per requested class) that the classifier assigns to
  the requested class.

Outputs, for each model (sha256 lines in ``data/SHA256SUMS`` updated, other lines kept):

* ``data/<model>_generator.weights.h5`` -- the generator's weights (the discriminator is only
  needed for training and is not shipped);
* ``data/<model>_generator.json`` -- provenance: configuration, steps, seconds, metrics
  (final and during training), library versions, machine and its load.

``--strategy mirrored`` trains data-parallel on all local GPUs (or the CPU), and
``--strategy multiworker`` across machines described by the ``TF_CONFIG`` environment
variable; the global batch stays 128, split across replicas.
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

from checkpoint_utils import environment, load_note, make_strategy, update_sums

from genai_course.data import load_mnist
from genai_course.metrics import class_coverage, frechet_distance, largest_class_share
from genai_course.models import classifier_features, load_digit_classifier, predict_digits
from genai_course.notebook import run_tagged_cells

DATA = ROOT / "data"
NOTEBOOK = "notebooks/06_generative_adversarial_networks.ipynb"
SEED = 2026
BATCH_SIZE = 128
DEFAULT_EPOCHS = {"dcgan": 20, "cgan": 10}
N_EVAL = 10_000  # DCGAN samples judged at the end
N_CGAN_EVAL = 1_000  # cGAN samples judged at the end (100 per class)


def sample_images(
    generator: keras.Model, latent_dim: int, n: int, seed: int, labels: np.ndarray | None = None
) -> np.ndarray:
    """``n`` generated digits in [0, 1], shape (n, 28, 28, 1), from seeded noise."""
    z = np.random.default_rng(seed).normal(size=(n, latent_dim)).astype("float32")
    inputs = z if labels is None else [z, keras.utils.to_categorical(labels, 10)]
    return (generator.predict(inputs, batch_size=1000, verbose=0) + 1.0) / 2.0


def evaluate(
    generator: keras.Model,
    latent_dim: int,
    conditional: bool,
    clf: keras.Model,
    test_feats: np.ndarray,
    *,
    n_eval: int = N_EVAL,
) -> dict:
    """Quality of a GAN's generator, measured with the course classifier."""
    if conditional:
        requested = np.repeat(np.arange(10), N_CGAN_EVAL // 10)
        predicted, _ = predict_digits(
            clf, sample_images(generator, latent_dim, len(requested), 7, requested)
        )
        return {"requested_class_agreement": round(float(np.mean(predicted == requested)), 4)}
    images = sample_images(generator, latent_dim, n_eval, 7)
    labels, confidence = predict_digits(clf, images)
    return {
        "classifier_fid": round(
            frechet_distance(classifier_features(clf, images), test_feats[:n_eval]), 3
        ),
        "class_coverage": class_coverage(labels),
        "largest_class_share": round(largest_class_share(labels), 4),
        "mean_confidence": round(float(confidence.mean()), 4),
    }


def ema_summary(decay: float, steps: int) -> dict:
    """What the warm-up average ``d_t = min(decay, (1 + t) / (10 + t))`` really was after ``steps``.

    The warm-up keeps ``d_t`` below ``decay`` until step ``(10 * decay - 1) / (1 - decay)``
    (8,990 for 0.999), so in a run of about that length the average is *not* a ``decay``
    EMA: step ``s`` ends up with weight ``(1 - d_s) * prod_{u > s} d_u``. Returned: the step
    at which ``decay`` is reached, the decay at the last step, the mean age (in steps) of
    the averaged weights, and the share of the average held by the last 10 % of the steps.
    """
    t = np.arange(1, steps + 1, dtype=np.float64)
    d = np.minimum(decay, (1.0 + t) / (10.0 + t))
    later = np.concatenate([np.cumprod(d[::-1])[::-1][1:], [1.0]])  # prod of d_u for u > s
    weight = (1.0 - d) * later
    weight /= weight.sum()  # the initial weights' share, prod of all d, is negligible
    last_tenth = t > 0.9 * steps
    return {
        "decay_target": decay,
        "warm_up": "d_t = min(decay, (1 + t) / (10 + t)) at step t",
        "step_decay_reached": int(np.ceil((10 * decay - 1) / (1 - decay))),
        "steps": steps,
        "decay_at_last_step": round(float(d[-1]), 5),
        "mean_age_of_average_steps": round(float(np.sum(weight * (steps - t))), 1),
        "share_of_average_from_last_10pct_of_steps": round(float(weight[last_tenth].sum()), 3),
    }


class GeneratorEMA(keras.callbacks.Callback):
    """An exponential moving average of the generator's weights, updated after every step.

    ``shadow = d * shadow + (1 - d) * weights`` with ``d = min(decay, (1 + t) / (10 + t))``
    at step ``t`` (the usual warm-up, so the random initial weights are forgotten quickly).
    All of the generator's variables are averaged, batch-normalisation statistics included.
    The averaged generator is the one shipped: it smooths the step-to-step wobble of the
    game, which otherwise moves the classifier-FID by several points between evaluations.
    The callback also keeps the mean of each logged value over the epoch's batches.
    """

    def __init__(self, generator: keras.Model, decay: float) -> None:
        super().__init__()
        self.generator, self.decay = generator, decay
        self.shadow = [tf.Variable(w, trainable=False) for w in generator.weights]
        self.steps = tf.Variable(0.0, trainable=False)
        self.sums: dict[str, float] = {}
        self.batches = 0

    @tf.function
    def _update(self) -> None:
        self.steps.assign_add(1.0)
        d = tf.minimum(self.decay, (1.0 + self.steps) / (10.0 + self.steps))
        for s, w in zip(self.shadow, self.generator.weights, strict=True):
            s.assign(d * s + (1.0 - d) * tf.cast(w, s.dtype))

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.sums, self.batches = {}, 0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._update()
        self.batches += 1
        for k, v in (logs or {}).items():
            self.sums[k] = self.sums.get(k, 0.0) + float(v)

    def epoch_means(self) -> dict[str, float]:
        return {f"{k}_epoch_mean": round(v / self.batches, 4) for k, v in self.sums.items()}

    def averaged_generator(self, build: keras.Model) -> keras.Model:
        """``build`` (a fresh generator of the same architecture) holding the averaged weights."""
        build.set_weights([s.numpy() for s in self.shadow])
        return build


def train(
    model_name: str,
    epochs: int,
    strategy_name: str,
    eval_every: int,
    n_train: int | None,
    *,
    ema_decay: float,
    out: Path,
    n_eval: int,
) -> None:
    conditional = model_name == "cgan"
    start, cpu_start = time.perf_counter(), time.process_time()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    strategy = make_strategy(strategy_name)

    (x_train, y_train), (x_test, _) = load_mnist(n_train=n_train)
    x_train = (x_train[..., None] * 2.0 - 1.0).astype("float32")  # tanh range [-1, 1]
    inputs = (x_train, keras.utils.to_categorical(y_train, 10)) if conditional else x_train
    data = (
        tf.data.Dataset.from_tensor_slices(inputs)
        .shuffle(len(x_train), seed=SEED, reshuffle_each_iteration=True)
        .batch(BATCH_SIZE, drop_remainder=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    clf = load_digit_classifier()
    test_feats = classifier_features(clf, x_test)
    if n_eval < N_EVAL:  # probes: a seeded random subset of the (class-ordered) test split
        test_feats = test_feats[np.random.default_rng(0).permutation(len(test_feats))]
    real_feats = classifier_features(clf, load_mnist(n_train=n_eval)[0][0])
    # What a perfect generator would score at this sample size (its expected value).
    real_fid = round(frechet_distance(real_feats, test_feats[:n_eval]), 3)

    with strategy.scope():
        ns = run_tagged_cells(NOTEBOOK, "architecture", {"keras": keras, "tf": tf})
        gan = ns["make_gan"](conditional=conditional, seed=SEED)
        ema = GeneratorEMA(gan.generator, ema_decay) if ema_decay else None
        n_classes = ns["N_CLASSES"] if conditional else 0
        averaged = ns["build_generator"](n_classes=n_classes) if ema else None

    history: list[dict] = []
    train_seconds, train_cpu = 0.0, 0.0
    for epoch in range(1, epochs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        hist = gan.fit(data, epochs=1, verbose=0, callbacks=[ema] if ema else [])
        train_seconds += time.perf_counter() - t0
        train_cpu += time.process_time() - c0
        row = {"epoch": epoch, "seconds": round(train_seconds, 1), "cpu_seconds": round(train_cpu)}
        if ema:  # epoch means of the per-batch values
            row.update(ema.epoch_means())
        else:  # Keras keeps the last batch's values of a raw-dict train_step
            row.update({f"{k}_last_batch": round(float(v[-1]), 4) for k, v in hist.history.items()})
        if epoch % eval_every == 0 or epoch == epochs:
            args = (gan.latent_dim, conditional, clf, test_feats)
            if ema:
                shipped = ema.averaged_generator(averaged)
                raw = evaluate(gan.generator, *args, n_eval=n_eval)
                row.update({f"raw_{k}": v for k, v in raw.items()})
            else:
                shipped = gan.generator
            row.update(evaluate(shipped, *args, n_eval=n_eval))
            # Ship at every evaluation: the files always hold a finished, evaluated state
            # (a run that is stopped early leaves a valid checkpoint of `epoch` epochs,
            # identical to what `--epochs <epoch>` would produce).
            run = {
                "model_name": model_name,
                "epochs": epoch,
                "steps": epoch * (len(x_train) // BATCH_SIZE),
                "strategy": strategy_name,
                "replicas": strategy.num_replicas_in_sync,
                "train_seconds": train_seconds,
                "train_cpu_seconds": train_cpu,
                "start": start,
                "cpu_start": cpu_start,
                "real_fid": real_fid,
                "n_train": len(x_train),
                "ema_decay": ema_decay,
                "n_eval": n_eval,
                "out": out,
            }
            ship(gan, shipped, run, history + [row], row)
        history.append(row)
        print(json.dumps(row), flush=True)


def ship(
    gan: keras.Model, generator: keras.Model, run: dict, history: list[dict], row: dict
) -> None:
    """Save the generator's weights and its provenance JSON; update data/SHA256SUMS."""
    conditional, model_name, real_fid = gan.conditional, run["model_name"], run["real_fid"]
    final = {k: v for k, v in row.items() if k not in ("epoch", "seconds", "cpu_seconds")}
    if not conditional:
        final["real_vs_real_classifier_fid"] = real_fid
    weights, out = f"{model_name}_generator.weights.h5", run["out"]
    ema = ema_summary(run["ema_decay"], run["steps"]) if run["ema_decay"] else None
    generator.save_weights(out / weights)
    meta = {
        "file": weights,
        "model": "conditional GAN (label appended to z and fed to D as a plane)"
        if conditional
        else "DCGAN",
        "architecture_source": f"{NOTEBOOK}, cells tagged 'architecture' (make_gan)",
        "load_with": f"make_gan(conditional={conditional}).generator.load_weights(...)",
        "output": "tanh images in [-1, 1], shape (28, 28, 1); map with (x + 1) / 2",
        "training_data": f"MNIST training split, first {run['n_train']:,} images, data/mnist.npz",
        "epochs": run["epochs"],
        "steps": run["steps"],
        "batch_size": BATCH_SIZE,
        "optimizer": "Adam 2e-4, beta_1 0.5, for both networks; non-saturating generator loss",
        "weights_shipped": (
            "a running average of the generator's weights (batch-norm statistics averaged "
            f"too) with decay min({run['ema_decay']}, (1 + t) / (10 + t)) at step t: the decay "
            f"reaches {run['ema_decay']} only at step {ema['step_decay_reached']:,} (this run: "
            f"{run['steps']:,} steps), so the average is a warm-up average, not a "
            f"{run['ema_decay']} EMA; its weights are on average "
            f"{ema['mean_age_of_average_steps']:,.0f} steps old and "
            f"{ema['share_of_average_from_last_10pct_of_steps']:.0%} of it comes from the last "
            "10 % of the steps (see ema); raw_* metrics are the last raw weights"
            if run["ema_decay"]
            else "the generator's weights after the last step"
        ),
        "ema": ema,
        "seed": SEED,
        "strategy": run["strategy"],
        "replicas": run["replicas"],
        "generator_parameters": int(gan.generator.count_params()),
        "discriminator_parameters": int(gan.discriminator.count_params()),
        "metrics": final,
        "metrics_note": "classifier-FID uses the course digit classifier's 128-d features "
        f"(not Inception); {run['n_eval']:,} samples from seed 7 against "
        + (
            "the 10,000 MNIST test images"
            if run["n_eval"] == N_EVAL
            else f"a seeded random {run['n_eval']:,} of the MNIST test images"
        )
        if not conditional
        else "1,000 samples (100 per requested class, noise seed 7) classified by the course "
        "digit classifier",
        "history": history,
        "history_note": "seconds and cpu_seconds are cumulative training time (wall clock and "
        "this process's CPU time, time.process_time()); "
        + (
            "*_epoch_mean are means over the epoch's batches"
            if run["ema_decay"]
            else "*_last_batch are the epoch's last batch's values"
        )
        + " (d_real: D's mean score of real images, d_fake: of fresh fakes)",
        "training_seconds": round(run["train_seconds"], 1),
        "training_cpu_seconds": round(run["train_cpu_seconds"], 1),
        "script_seconds": round(time.perf_counter() - run["start"], 1),
        "script_cpu_seconds": round(time.process_time() - run["cpu_start"], 1),
        **environment(),
        "machine_load_at_end": load_note(),
        "script": "scripts/train_gan.py",
    }
    meta_file = f"{model_name}_generator.json"
    (out / meta_file).write_text(json.dumps(meta, indent=2) + "\n")
    if out == DATA:
        update_sums([weights, meta_file])
    size_kb = (out / weights).stat().st_size / 1024
    print(f"saved {out / weights} ({size_kb:.0f} KB) and {out / meta_file}: {json.dumps(final)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["dcgan", "cgan", "both"], default="both")
    parser.add_argument("--epochs", type=int, help="default: 20 for dcgan, 10 for cgan")
    parser.add_argument(
        "--strategy", choices=["default", "mirrored", "multiworker"], default="default"
    )
    parser.add_argument("--eval-every", type=int, default=2, help="epochs between evaluations")
    parser.add_argument(
        "--train-images", type=int, help="use only the first N training images (smoke tests)"
    )
    parser.add_argument(
        "--ema", type=float, default=0.999, help="decay of the generator's weight average (0: off)"
    )
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (probes)")
    parser.add_argument(
        "--eval-samples", type=int, default=N_EVAL, help="samples per evaluation (probes)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ["dcgan", "cgan"] if args.model == "both" else [args.model]:
        epochs = args.epochs or DEFAULT_EPOCHS[name]
        train(
            name,
            epochs,
            args.strategy,
            args.eval_every,
            args.train_images,
            ema_decay=args.ema,
            out=args.out.resolve(),
            n_eval=args.eval_samples,
        )


if __name__ == "__main__":
    main()
