"""Execute notebooks in place so the committed outputs match the code ("restart and run all").

Usage: python scripts/execute.py notebooks/01_what_is_generative_ai.ipynb [...]

Each notebook runs in a fresh kernel with its own folder as the working directory, the
same way nbval runs it in `make test`. Execution counts come out 1..N, widget state is
dropped, and the wall-clock seconds are printed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Forced, not a default: the Makefile exports MPLBACKEND=Agg for the tests, and a kernel that
# inherits Agg shows no figures, so the executed notebook would lose every image.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
os.environ.setdefault("PYTHONHASHSEED", "0")


def execute(path: Path, write: bool = True, timeout: int = 900) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (course)",
        "language": "python",
        "name": "python3",
    }
    if write:
        nbformat.write(nb, path)
    return seconds


def main(paths: list[str]) -> None:
    for p in paths:
        seconds = execute(Path(p))
        print(f"{p}: executed in {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
