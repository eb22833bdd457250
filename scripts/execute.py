"""Execute notebooks in place so the committed outputs match the code ("restart and run all").

Usage: python scripts/execute.py notebooks/01_what_is_generative_ai.ipynb [...]

Each notebook runs in a fresh kernel with its own folder as the working directory, the
same way nbval runs it in `make test`. Execution counts come out 1..N, widget state is
dropped, and the wall-clock seconds are printed with the CPU-seconds the kernel used (the
CPU-seconds change little when other work shares the machine; the wall-clock seconds do).
"""

from __future__ import annotations

import os
import resource
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


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute(path: Path, write: bool = True, timeout: int = 900) -> float:
    """Run ``path`` in a fresh kernel; return the wall-clock seconds (see `execute_timed`)."""
    return execute_timed(path, write, timeout)[0]


def execute_timed(path: Path, write: bool = True, timeout: int = 900) -> tuple[float, float]:
    """Run ``path`` in a fresh kernel; return (wall-clock seconds, kernel CPU-seconds)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    cpu_start = _children_cpu_seconds()
    start = time.perf_counter()
    client.execute()  # starts the kernel as a child process, and waits for it at shutdown
    seconds = time.perf_counter() - start
    cpu_seconds = _children_cpu_seconds() - cpu_start
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (course)",
        "language": "python",
        "name": "python3",
    }
    if write:
        nbformat.write(nb, path)
    return seconds, cpu_seconds


def main(paths: list[str]) -> None:
    for p in paths:
        seconds, cpu_seconds = execute_timed(Path(p))
        print(f"{p}: executed in {seconds:.1f} s ({cpu_seconds:.1f} CPU-s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
