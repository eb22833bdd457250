"""Start JupyterLab on the course as `make lab` does: trusted notebooks, loopback, offline.

    python scripts/lab.py [more `jupyter lab` options, e.g. --port=8890 --no-browser]

1. Trust the course's own notebooks (``notebooks/*.ipynb`` and ``solutions/*.ipynb``), as
   ``jupyter trust`` does. JupyterLab runs the JavaScript of a committed output -- the quick
   check's quiz -- only in a trusted notebook; in an untrusted one the learner sees a text
   in its place until they run the cell. Trust is recorded in the user's Jupyter data folder
   (``jupyter --data-dir``), not in the notebooks, so this changes no file of the course.
2. Start JupyterLab on 127.0.0.1 with the repository as its root (the lessons and their
   solutions side by side), opening ``notebooks/``, and with nothing that asks the internet:
   no PyPI extension manager, no news feed, no update check.

The browser test ``tests/browser/test_lab.py`` starts JupyterLab through this script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The folders whose notebooks are the course's own (and are trusted).
COURSE_FOLDERS = ("notebooks", "solutions")


def lab_options(root: Path) -> list[str]:
    """The `jupyter lab` options of the course (more options may follow and override them)."""
    options = [
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--LabApp.default_url=/lab/tree/notebooks",
        # The default extension manager searches PyPI; the read-only one lists what is installed.
        "--LabApp.extension_manager=readonly",
        # No "get notified about official Jupyter news?" prompt, no feed, no update check.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.append("--allow-root")  # e.g. in a container; Jupyter refuses root otherwise
    return options


def course_notebooks(root: Path) -> list[Path]:
    """Every notebook of the course under ``root`` (lessons, then solutions)."""
    return [p for folder in COURSE_FOLDERS for p in sorted((root / folder).glob("*.ipynb"))]


def trust(paths: list[Path]) -> None:
    """Sign ``paths`` as trusted in the user's notebook database, as ``jupyter trust`` does."""
    import nbformat  # noqa: PLC0415
    from nbformat.sign import NotebookNotary  # noqa: PLC0415

    notary = NotebookNotary()
    for path in paths:
        try:
            notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        except Exception as err:  # noqa: BLE001 -- any unreadable file gets the same message
            raise SystemExit(
                f"{path}: not a readable notebook ({err}); restore it with git"
            ) from None
        notary.sign(notebook)


def main(argv: list[str]) -> None:
    notebooks = course_notebooks(ROOT)
    trust(notebooks)
    print(f"Trusted the course's {len(notebooks)} notebooks; starting JupyterLab on 127.0.0.1.")
    args = [sys.executable, "-m", "jupyterlab", *lab_options(ROOT), *argv]
    sys.stdout.flush()
    os.execv(sys.executable, args)


if __name__ == "__main__":
    main(sys.argv[1:])
