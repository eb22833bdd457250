"""Compile requirements.txt (every package, pinned, for every platform) from requirements.in.

It runs ``uv pip compile --universal``: one file whose environment markers give each platform
-- Linux, macOS, Windows; Python 3.11.5 to 3.13 -- its own set, e.g. ``tensorflow-cpu`` on
Linux x86-64 and ``tensorflow`` elsewhere, ``pywinpty`` on Windows only. Without an option it
keeps every version already pinned and only adds or drops what a changed requirements.in
needs; ``--upgrade`` moves everything to the newest releases, ``--upgrade-package keras``
only the packages named. uv is not a course dependency: install it once in a tool venv,
e.g. ``python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv``, and pass ``--uv /tmp/uv/bin/uv``
(or have ``uv`` on your PATH). Needs the package index.

Usage:
    python scripts/compile_requirements.py [--upgrade | --upgrade-package NAME ...] [--uv PATH]
Then: `make check-platforms`, `make test`, commit requirements.txt (README: "Updating the
pinned versions").
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLDEST_PYTHON = "3.11.5"  # soupsieve, among others, needs 3.11.5 or newer

HEADER = """\
# Every package the course, its site and its tests use, pinned with == and compiled from
# requirements.in for every platform at once: environment markers (`; sys_platform == ...`)
# pick TensorFlow's CPU-only wheel on Linux x86-64 and the standard wheel elsewhere, plus the
# few packages that only Windows or macOS need. Python 3.11.5 to 3.13.
# Do not edit by hand: README.md ("Updating the pinned versions") says how to recompile it.
"""


def body(text: str) -> str:
    """``text`` without its leading comment lines (the header)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def compile_requirements(uv: str, extra: list[str], root: Path = ROOT) -> str:
    """Run uv and return the new requirements.txt text (header included)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "requirements.txt"
        current = root / "requirements.txt"
        if current.exists():  # uv keeps the versions of an existing output file
            out.write_text(body(current.read_text(encoding="utf-8")), encoding="utf-8")
        cmd = [uv, "pip", "compile", str(root / "requirements.in"), "--universal"]
        cmd += ["--python-version", OLDEST_PYTHON, "--no-header", "--no-annotate"]
        cmd += ["--no-emit-package", "setuptools", "--no-emit-package", "wheel"]
        cmd += ["--no-python-downloads", "--quiet", "-o", str(out), *extra]
        subprocess.run(cmd, check=True)
        return HEADER + out.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--upgrade", action="store_true", help="newest releases of everything")
    group.add_argument("--upgrade-package", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--uv", default=shutil.which("uv"), help="the uv executable")
    args = parser.parse_args(argv)
    if not args.uv:
        parser.error("uv not found: python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv")
    extra = ["--upgrade"] if args.upgrade else []
    for name in args.upgrade_package:
        extra += ["--upgrade-package", name]
    text = compile_requirements(args.uv, extra)
    (ROOT / "requirements.txt").write_text(text, encoding="utf-8")
    print("wrote requirements.txt; now run: make check-platforms && make test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
