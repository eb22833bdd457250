"""Run codespell on the course's prose and code, including the *sources* of the notebooks.

Notebook outputs are left out on purpose: they hold generated text (a character model's
samples are full of near-words) and embedded images, which are not ours to spell.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        extracted = []
        for nb in sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("solutions/*.ipynb")):
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells)
            out = Path(tmp) / f"{nb.parent.name}__{nb.stem}.md"
            out.write_text(text, encoding="utf-8")
            extracted.append(str(out))
        targets = ["book", "quizzes", "genai_course", "scripts", "README.md", "CONTRIBUTING.md"]
        cmd = [sys.executable, "-m", "codespell_lib", "--toml", str(ROOT / "pyproject.toml")]
        result = subprocess.run([*cmd, *targets, *extracted], cwd=ROOT, check=False)
        return result.returncode


if __name__ == "__main__":
    sys.exit(main())
