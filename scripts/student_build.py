"""Build the student site: the same book without solutions and without the instructor guide.

Usage: python scripts/student_build.py      (what `make book-student` runs)

Writes ``_build/student/html``. The table of contents is ``_toc.yml`` with every
``solutions/...`` page and ``book/instructor_guide`` removed (parts left empty are dropped),
and ``COURSE_STUDENT_BUILD=1`` tells the course's Sphinx extension to render no answer key
even if a page asks for one. Links from lessons to a solutions page become plain text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "student" / "html"
#: Pages that hold answers: never part of the student site.
INSTRUCTOR_ONLY = ("book/instructor_guide",)


def is_instructor_only(file: str) -> bool:
    """True for a ``_toc.yml`` entry that holds answers (a solutions page or the guide)."""
    file = file.removesuffix(".ipynb").removesuffix(".md")
    return file.startswith("solutions/") or file in INSTRUCTOR_ONLY


def student_toc(toc: dict[str, Any]) -> dict[str, Any]:
    """A copy of the table of contents without solutions and instructor pages."""
    toc = dict(toc)
    parts = []
    for part in toc.get("parts", []):
        chapters = [ch for ch in part.get("chapters", []) if not is_instructor_only(ch["file"])]
        if chapters:
            parts.append({**part, "chapters": chapters})
    toc["parts"] = parts
    return toc


def main() -> int:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="student-build-") as tmp:
        toc_path = ROOT / "_build" / "student_toc.yml"
        toc_path.parent.mkdir(parents=True, exist_ok=True)
        toc_path.write_text(yaml.safe_dump(student_toc(toc), sort_keys=False), encoding="utf-8")
        env = {**os.environ, "COURSE_STUDENT_BUILD": "1"}
        # `python -m jupyter_book` does not work (the package has no __main__): call its CLI.
        cli = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"
        cmd = [
            sys.executable,
            "-c",
            cli,
            "build",
            str(ROOT),
            "--toc",
            str(toc_path),
            "--path-output",
            tmp,
            "-n",
            "--keep-going",
        ]
        print("student build: jupyter-book", " ".join(cmd[3:]), flush=True)
        result = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        if result.returncode != 0:
            return result.returncode
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(Path(tmp) / "_build" / "html", OUT)
        toc_path.unlink()
    print(f"student site: {OUT.relative_to(ROOT)} (no solutions, no instructor guide)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
