"""Print how a fresh environment differs from the pins: ``compare_pins.py PINNED FREEZE``.

`make test-latest` uses it to say which newest releases it is testing, e.g.
``keras 3.15.1 -> 3.16.0``, so a failure points at the packages that moved. The pins are
filtered with their environment markers for this machine. Always exits 0 (a report).
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def versions(text: str, *, markers: bool) -> dict[str, str]:
    """``name -> version`` of the ``name==version`` lines (markers evaluated if ``markers``)."""
    found = {}
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        if markers and req.marker is not None and not req.marker.evaluate():
            continue
        spec = next(iter(req.specifier), None)
        if spec is not None and spec.operator == "==":
            found[canonicalize_name(req.name)] = spec.version
    return found


def differences(pinned: dict[str, str], fresh: dict[str, str]) -> list[str]:
    """One line per package whose version differs, or that only one side has."""
    lines = []
    for name in sorted(pinned.keys() | fresh.keys()):
        old, new = pinned.get(name, "(not pinned)"), fresh.get(name, "(not installed)")
        if old != new:
            lines.append(f"  {name} {old} -> {new}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    pinned = versions(Path(argv[0]).read_text(encoding="utf-8"), markers=True)
    fresh = versions(Path(argv[1]).read_text(encoding="utf-8"), markers=False)
    same = "  (none: the fresh environment has exactly the pinned versions)"
    print("\n".join(differences(pinned, fresh)) or same)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
