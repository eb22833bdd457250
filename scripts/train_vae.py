"""Train lesson 05's VAE on MNIST and ship its decoder for lesson 06's GAN-vs-VAE comparison.

Usage: ``python scripts/train_vae.py [--epochs N] [--latent-dim D]``

The model is *not* defined here: the script runs the code cells of
``notebooks/05_variational_autoencoders.ipynb`` tagged ``architecture`` (``Sampling``,
``make_encoder``, ``make_decoder``, ``elbo_terms``, ``VAE``), so the shipped decoder is the
lesson-05 model, trained longer and with a larger latent space (16 instead of 2) so that it is
the strongest VAE of that family the comparison can fairly use. Training is deterministic and
sized by epochs, never by a timer.

Outputs (sha256 lines in ``data/SHA256SUMS`` updated, other lines kept):

* ``data/vae_decoder.weights.h5`` -- the decoder's weights (784 pixel logits per code);
* ``data/vae_decoder.json`` -- provenance: configuration, seconds, test negative ELBO
  (a surrogate on grey pixels, see ``metrics_note``), classifier-FID of 10,000
  prior samples, class coverage, per-epoch losses, versions, machine load.
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

from genai_course.data import load_mnist
from genai_course.metrics import class_coverage, frechet_distance, largest_class_share
from genai_course.models import classifier_features, load_digit_classifier, predict_digits
from genai_course.notebook import run_tagged_cells

sys.path.insert(0, str(ROOT / "scripts"))
from checkpoint_utils import environment, load_note, update_sums  # noqa: E402

DATA = ROOT / "data"
NOTEBOOK = "notebooks/05_variational_autoencoders.ipynb"
SEED = 2026


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--latent-dim", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()

    start = time.perf_counter()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    (x_train, _), (x_test, _) = load_mnist()
    x_train, x_test = x_train.reshape(-1, 784), x_test.reshape(-1, 784)
    ns = run_tagged_cells(NOTEBOOK, "architecture", {"keras": keras, "tf": tf})
    encoder = ns["make_encoder"](args.latent_dim)
    decoder = ns["make_decoder"](args.latent_dim)
    vae = ns["VAE"](encoder, decoder)
    vae.compile(optimizer=keras.optimizers.Adam(3e-3))
    data = (
        tf.data.Dataset.from_tensor_slices(x_train)
        .shuffle(len(x_train), seed=SEED)
        .batch(args.batch_size)
    )
    t0 = time.perf_counter()
    history = vae.fit(data, epochs=args.epochs, verbose=0)
    train_seconds = time.perf_counter() - t0
    test = vae.evaluate(x_test, batch_size=1000, verbose=0, return_dict=True)

    clf = load_digit_classifier()
    test_feats = classifier_features(clf, x_test)
    z = np.random.default_rng(7).normal(size=(10_000, args.latent_dim)).astype("float32")
    samples = np.asarray(keras.ops.sigmoid(decoder.predict(z, batch_size=1000, verbose=0)))
    labels, confidence = predict_digits(clf, samples)
    metrics = {
        "test_loss_nats": round(float(test["loss"]), 2),
        "test_reconstruction_nats": round(float(test["reconstruction"]), 2),
        "test_kl_nats": round(float(test["kl"]), 2),
        "classifier_fid": round(frechet_distance(classifier_features(clf, samples), test_feats), 3),
        "class_coverage": class_coverage(labels),
        "largest_class_share": round(largest_class_share(labels), 4),
        "mean_confidence": round(float(confidence.mean()), 4),
    }
    decoder.save_weights(DATA / "vae_decoder.weights.h5")
    meta = {
        "file": "vae_decoder.weights.h5",
        "model": f"lesson 05's dense VAE (hidden 256-128), latent size {args.latent_dim}",
        "architecture_source": f"{NOTEBOOK}, cells tagged 'architecture' (make_decoder)",
        "load_with": f"make_decoder({args.latent_dim}).load_weights(...); "
        "samples = sigmoid(decoder(z)), z ~ N(0, I)",
        "training_data": "full MNIST training split (60,000 images), data/mnist.npz",
        "epochs": args.epochs,
        "steps": args.epochs * int(np.ceil(len(x_train) / args.batch_size)),
        "batch_size": args.batch_size,
        "optimizer": "Adam 3e-3",
        "seed": SEED,
        "metrics": metrics,
        "metrics_note": "test_* = the lesson-05 loss (Bernoulli cross-entropy summed over grey "
        "pixels + KL) on the 10,000 MNIST test images: a surrogate, not a likelihood in nats "
        "of the binarised data. classifier-FID: 10,000 prior samples (pixel means "
        "sigmoid(logits), noise seed 7) against the 10,000 test images, course classifier "
        "features (not Inception).",
        "history": {k: [round(float(x), 3) for x in v] for k, v in history.history.items()},
        "training_seconds": round(train_seconds, 1),
        "script_seconds": round(time.perf_counter() - start, 1),
        **environment(),
        "machine_load_at_end": load_note(),
        "script": "scripts/train_vae.py",
    }
    (DATA / "vae_decoder.json").write_text(json.dumps(meta, indent=2) + "\n")
    update_sums(["vae_decoder.weights.h5", "vae_decoder.json"])
    print(json.dumps(metrics), f"training {train_seconds:.0f} s")


if __name__ == "__main__":
    main()
