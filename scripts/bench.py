"""Time every notebook against the 90 s budget and collect the model-quality numbers
the notebooks record with ``genai_course.record``.

Usage: python scripts/bench.py [notebook ...]   (default: every lesson and solutions notebook)

Notebooks are executed from a copy (nothing is rewritten). The table is printed and also
written to ``_build/bench.md``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from execute import execute_timed  # noqa: E402

BUDGET_S = 90.0
ROOT = Path(__file__).resolve().parents[1]


def main(paths: list[str]) -> int:
    if not paths:
        paths = sorted(str(p) for p in ROOT.glob("notebooks/*.ipynb")) + sorted(
            str(p) for p in ROOT.glob("solutions/*.ipynb")
        )
    rows, over = [], 0
    for p in paths:
        with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as tmp:
            metrics_file = tmp.name
        os.environ["GENAI_COURSE_METRICS"] = metrics_file
        seconds, cpu_seconds = execute_timed(Path(p), write=False)
        metrics = [json.loads(line) for line in Path(metrics_file).read_text().splitlines()]
        os.unlink(metrics_file)
        ok = seconds <= BUDGET_S
        over += not ok
        shown = ", ".join(f"{m['name']}={m['value']:.4g}{m['unit']}" for m in metrics) or "-"
        rows.append(
            f"| {Path(p).name} | {seconds:6.1f} | {cpu_seconds:6.1f} | {'ok' if ok else 'OVER'} "
            f"| {shown} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"| notebook | seconds | CPU-s | <= {BUDGET_S:.0f} s | recorded quality |",
            "|---|---:|---:|---|---|",
            *rows,
        ]
    )
    print("\n" + table)
    out = ROOT / "_build" / "bench.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
