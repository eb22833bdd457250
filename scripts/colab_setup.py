"""Write the Colab bootstrap into the first code cell of every lesson and solutions notebook.

A notebook opened alone -- from the site's Colab launch button, or downloaded -- has no
`genai_course` package and no `data/` folder next to it. The bootstrap that this script puts
at the top of each notebook's first code cell (the setup cell) notices that, clones the
course repository, makes the helper package importable, installs JupyterQuiz if it is
missing and changes into the notebook's own folder inside the clone, so that the rest of the
notebook runs unchanged. Inside the repository (a local install, Binder) the package is
importable, and the bootstrap does nothing and prints nothing.

The repository URL comes from one place, ``repository.url`` in ``_config.yml`` (the launch
buttons use it too); the environment variable ``GENAI_COURSE_REPO`` overrides it when the
cell runs (the tests point it at a local clone). The JupyterQuiz version comes from
``requirements.txt``.

Only the first code cell's source changes: its outputs and execution count, and every other
cell, stay as they are, so committed outputs remain valid. Running the script again replaces
the block (e.g. after the URL changed) rather than adding a second one.

Usage:
    python scripts/colab_setup.py             # update every notebook in notebooks/ and solutions/
    python scripts/colab_setup.py PATH ...    # update only these notebooks
    python scripts/colab_setup.py --check     # exit 1 if a notebook lacks the current bootstrap
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "# Course bootstrap (written by scripts/colab_setup.py): does nothing inside the course."
END = "# End of the course bootstrap."
ENV_VAR = "GENAI_COURSE_REPO"
CLONE_DIR = "genai-course"

TEMPLATE = """{begin}
# Opened alone (e.g. in Colab), it fetches the course and works from this notebook's folder.
import importlib.util

if importlib.util.find_spec("genai_course") is None:
    import os
    import subprocess
    import sys

    _course = os.path.abspath("{clone_dir}")
    if not os.path.isdir(_course):
        # The course repository (_config.yml: repository.url); {env_var} overrides it.
        _url = "{url}"
        _url = os.environ.get("{env_var}", _url)
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", _url, _course], check=True)
    sys.path.insert(0, _course)
    os.chdir(os.path.join(_course, "{folder}"))
    if importlib.util.find_spec("jupyterquiz") is None:
        _pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        subprocess.run([*_pip, "{quiz_pin}"], check=True)
    print("Course files in", _course, "- working in", os.getcwd())
{end}
"""


class BootstrapError(ValueError):
    """A notebook cannot take the bootstrap (e.g. its first code cell is not the setup cell)."""


def repository_url(root: Path = ROOT) -> str:
    """``repository.url`` from ``_config.yml``: the one place the course's address is set."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = (config.get("repository") or {}).get("url", "")
    if not re.match(r"(https://|file://)\S+$", url):
        raise BootstrapError(f"_config.yml repository.url is not a clonable URL: {url!r}")
    return url


def quiz_pin(root: Path = ROOT) -> str:
    """The pinned JupyterQuiz requirement (e.g. ``jupyterquiz==2.9.6.4``) from requirements.txt."""
    text = (root / "requirements.txt").read_text(encoding="utf-8")
    match = re.search(r"^(jupyterquiz==[\w.]+)", text, re.M | re.I)
    if not match:
        raise BootstrapError("requirements.txt does not pin jupyterquiz")
    return match.group(1)


def bootstrap(folder: str, url: str, pin: str) -> str:
    """The bootstrap block for a notebook that lives in ``folder`` (e.g. ``notebooks``)."""
    if not re.fullmatch(r"[\w./-]+", folder) or '"' in url:
        raise BootstrapError(f"unexpected folder {folder!r} or URL {url!r}")
    return TEMPLATE.format(
        begin=BEGIN,
        end=END,
        clone_dir=CLONE_DIR,
        env_var=ENV_VAR,
        url=url,
        folder=folder,
        quiz_pin=pin,
    )


def with_bootstrap(source: str, block: str) -> str:
    """``source`` with ``block`` at its top, replacing an earlier bootstrap if there is one."""
    start, end = source.find(BEGIN), source.find(END)
    if start >= 0 and end > start:
        rest = source[end + len(END) :].removeprefix("\n")
        return source[:start] + block + rest
    if start >= 0 or end >= 0:
        raise BootstrapError("the first code cell holds half a bootstrap block: remove it by hand")
    return block + "\n" + source


def _style(original: str) -> dict:
    """How ``original`` (a notebook's text) was serialised, so a rewrite changes only the cell."""
    nb = json.loads(original)
    newline = "\n" if original.endswith("\n") else ""
    for ascii_only in (False, True):
        for sort_keys in (False, True):
            text = json.dumps(nb, indent=1, ensure_ascii=ascii_only, sort_keys=sort_keys)
            if text + newline == original:
                return {"ensure_ascii": ascii_only, "sort_keys": sort_keys, "newline": newline}
    return {"ensure_ascii": False, "sort_keys": False, "newline": "\n"}  # nbformat's style


def first_code_cell(nb: dict) -> dict:
    """The notebook's first code cell, which must be the setup cell (calls setup_notebook)."""
    cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    if not cells:
        raise BootstrapError("the notebook has no code cell")
    source = "".join(cells[0]["source"])
    if "setup_notebook(" not in source:
        raise BootstrapError("the first code cell is not the setup cell (no setup_notebook call)")
    return cells[0]


def folder_of(path: Path, root: Path = ROOT) -> str:
    """The notebook's folder relative to the repository root (e.g. ``notebooks``)."""
    try:
        return path.resolve().parent.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise BootstrapError(f"{path} is not inside {root}") from None


def apply(path: Path, url: str, pin: str, root: Path = ROOT, folder: str | None = None) -> bool:
    """Write the bootstrap into ``path``'s first code cell; return True if the file changed.

    ``folder`` is where the notebook lives in the repository (by default: where it is now).
    """
    original = path.read_text(encoding="utf-8")
    nb = json.loads(original)
    cell = first_code_cell(nb)
    folder = folder or folder_of(path, root)
    source = "".join(cell["source"])
    new = with_bootstrap(source, bootstrap(folder, url, pin))
    if new == source:
        return False
    cell["source"] = new.splitlines(keepends=True)
    style = _style(original)
    text = json.dumps(
        nb, indent=1, ensure_ascii=style["ensure_ascii"], sort_keys=style["sort_keys"]
    )
    path.write_text(text + style["newline"], encoding="utf-8")
    return True


def is_current(path: Path, url: str, pin: str, root: Path = ROOT) -> bool:
    """Whether ``path``'s first code cell starts with the current bootstrap."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    source = "".join(first_code_cell(nb)["source"])
    return source.startswith(bootstrap(folder_of(path, root), url, pin))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument("--check", action="store_true", help="only report, change nothing")
    args = parser.parse_args(argv)
    paths = args.paths or sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
    url, pin = repository_url(), quiz_pin()
    problems = 0
    for path in paths:
        try:
            if args.check:
                ok = is_current(path, url, pin)
                problems += not ok
                print(f"{'ok     ' if ok else 'MISSING'} {path}")
            else:
                print(f"{'updated' if apply(path, url, pin) else 'current'} {path}")
        except (BootstrapError, json.JSONDecodeError) as err:
            problems += 1
            print(f"ERROR   {path}: {err}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
