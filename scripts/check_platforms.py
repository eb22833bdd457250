"""Check that the pinned requirements install on every platform and Python version we support.

`make check-platforms` runs this (it needs the package index, so it is not part of
`make test`). For each target -- Linux x86-64 and arm64, macOS on Apple silicon, Windows --
and each supported Python version it:

1. evaluates the environment markers of ``requirements.txt`` for that target (pip itself
   evaluates markers for the machine it runs on, even with ``--platform``, so we do it here);
2. asks pip, with ``--dry-run --platform --python-version --only-binary=:all: --no-deps``, to
   pick a wheel for every pin: this fails when a pinned version publishes no wheel there;
3. reads the metadata of those wheels (pip's ``--report``) and checks that every dependency
   they declare for that target is pinned too, at a version that satisfies it -- so a
   Windows-only or macOS-only dependency cannot be missing from the file.

macOS on Intel is checked the other way round: TensorFlow stopped publishing Intel macOS
wheels after 2.16, so the script confirms that the pinned TensorFlow has none there and
reports the platform as unsupported (learners on those Macs use Colab or Binder).

Usage: python scripts/check_platforms.py [--python 3.11.5 3.12.0] [--target windows-amd64]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"
# 3.11.5 is the oldest 3.11 some pins accept (soupsieve needs >= 3.11.5).
PYTHONS = ("3.11.5", "3.12.0", "3.13.0")
# Packaging tools that `pip freeze` leaves out and every venv gets from pip or ensurepip: a
# dependency on them need not be pinned (pip-compile calls them "unsafe" for the same reason).
INSTALLER_PACKAGES = frozenset({"pip", "setuptools", "wheel"})


def manylinux(arch: str, glibc_minor: int = 35) -> tuple[str, ...]:
    """Wheel tags a Linux with glibc 2.``glibc_minor`` accepts (2.35: Ubuntu 22.04).

    pip expands a macOS tag to the older macOS versions, but not a manylinux tag, and not to
    the legacy names (manylinux2014 = 2.17, manylinux2010 = 2.12, manylinux1 = 2.5).
    """
    tags = [f"manylinux_2_{m}_{arch}" for m in range(glibc_minor, 4, -1)]
    legacy = ("manylinux2014", "manylinux2010", "manylinux1")
    return (*tags, *(f"{name}_{arch}" for name in legacy if arch == "x86_64" or "2014" in name))


@dataclass(frozen=True)
class Target:
    """A platform: pip's wheel platform tags and the values of its environment markers."""

    name: str
    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    platform_machine: str
    os_name: str
    supported: bool = True

    def environment(self, python: str) -> dict[str, str]:
        """The marker environment (PEP 508) of CPython ``python`` (e.g. "3.12.0") here."""
        short = ".".join(python.split(".")[:2])
        return {
            "implementation_name": "cpython",
            "implementation_version": python,
            "os_name": self.os_name,
            "platform_machine": self.platform_machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": self.platform_system,
            "platform_version": "",
            "python_full_version": python,
            "python_version": short,
            "sys_platform": self.sys_platform,
        }


TARGETS = (
    Target(
        "linux-x86_64",
        manylinux("x86_64"),
        "linux",
        "Linux",
        "x86_64",
        "posix",
    ),
    Target(
        "linux-aarch64",
        manylinux("aarch64"),
        "linux",
        "Linux",
        "aarch64",
        "posix",
    ),
    Target("macos-arm64", ("macosx_14_0_arm64",), "darwin", "Darwin", "arm64", "posix"),
    Target("windows-amd64", ("win_amd64",), "win32", "Windows", "AMD64", "nt"),
    Target(
        "macos-x86_64",
        ("macosx_14_0_x86_64",),
        "darwin",
        "Darwin",
        "x86_64",
        "posix",
        supported=False,
    ),
)


def parse_requirements(text: str) -> list[Requirement]:
    """The requirements of a pinned file: one ``name==version[; marker]`` per line.

    Raises:
        ValueError: for a line that is not pinned with ``==`` (an unpinned line would let
            each platform resolve a different version).
    """
    reqs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise ValueError(f"requirements line {number} is not pinned with ==: {raw!r}")
        reqs.append(req)
    return reqs


def pins_for(reqs: Iterable[Requirement], env: dict[str, str]) -> dict[str, Requirement]:
    """The requirements whose marker is true in ``env``, by canonical name.

    Raises:
        ValueError: if a package is pinned twice for the same environment.
    """
    pins: dict[str, Requirement] = {}
    for req in reqs:
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        name = canonicalize_name(req.name)
        if name in pins:
            raise ValueError(f"{req.name} is pinned twice for the same platform")
        pins[name] = req
    return pins


def pinned_version(req: Requirement) -> Version:
    """The version of a ``name==version`` requirement."""
    return Version(next(iter(req.specifier)).version)


def missing_dependencies(
    metadata: dict[str, list[str]], pins: dict[str, Requirement], env: dict[str, str]
) -> list[str]:
    """Dependencies declared by the wheels' metadata that the pins do not satisfy in ``env``.

    Args:
        metadata: canonical package name -> its ``Requires-Dist`` lines.
        pins: what the requirements file installs in ``env`` (from :func:`pins_for`).
        env: the target's marker environment.

    Returns:
        One message per problem (empty when the pinned set is complete and consistent).
    """
    extras: dict[str, set[str]] = {name: {""} for name in pins}
    problems: set[str] = set()
    changed = True
    while changed:  # extras requested by a dependency switch on more requirements
        changed = False
        for name, requires in metadata.items():
            for line in requires:
                dep = Requirement(line)
                active = any(
                    dep.marker is None or dep.marker.evaluate({**env, "extra": extra})
                    for extra in extras.get(name, {""})
                )
                if not active:
                    continue
                dep_name = canonicalize_name(dep.name)
                if dep_name in INSTALLER_PACKAGES and dep_name not in pins:
                    continue
                if dep_name not in pins:
                    problems.add(f"{name} needs {dep} but it is not pinned for this platform")
                    continue
                if not dep.specifier.contains(pinned_version(pins[dep_name]), prereleases=True):
                    problems.add(f"{name} needs {dep} but {pins[dep_name]} is pinned")
                new = set(dep.extras) - extras[dep_name]
                if new:
                    extras[dep_name] |= new
                    changed = True
    return sorted(problems)


def pip_select(
    lines: list[str], target: Target, python: str, workdir: Path
) -> tuple[dict[str, list[str]] | None, str]:
    """Let pip pick a wheel of every pinned line for the target; return their metadata.

    Returns:
        (canonical name -> Requires-Dist lines, "") on success, or (None, pip's error).
    """
    req_file = workdir / "requirements.txt"
    req_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = workdir / "report.json"
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed"]
    cmd += ["--no-deps", "--only-binary=:all:", "--quiet", "--implementation", "cp"]
    cmd += ["--python-version", python, "--target", str(workdir / "target")]
    for platform in target.platforms:
        cmd += ["--platform", platform]
    cmd += ["--report", str(report), "-r", str(req_file)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")]
        return None, " / ".join(errors) or proc.stderr.strip()[-400:]
    items = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {
        canonicalize_name(i["metadata"]["name"]): i["metadata"].get("requires_dist", [])
        for i in items
    }, ""


def check(target: Target, python: str, reqs: list[Requirement]) -> tuple[bool, str]:
    """Resolve the pins for one platform and Python version: (ok, one-line summary)."""
    env = target.environment(python)
    pins = pins_for(reqs, env)
    tf = [n for n in ("tensorflow", "tensorflow-cpu") if n in pins]
    with tempfile.TemporaryDirectory() as tmp:
        if not target.supported:
            lines = [str(pins[n]).split(";")[0] for n in tf]
            found, err = pip_select(lines, target, python, Path(tmp))
            if found is None:
                return True, f"unsupported as expected: no {', '.join(lines)} wheel"
            return False, f"{', '.join(lines)} now has a wheel here: add this platform"
        if len(tf) != 1:
            return False, f"expected exactly one TensorFlow package, got {tf}"
        lines = [f"{req.name}=={pinned_version(req)}" for req in pins.values()]
        metadata, err = pip_select(lines, target, python, Path(tmp))
    if metadata is None:
        return False, f"no wheel: {err}"
    problems = missing_dependencies(metadata, pins, env)
    if problems:
        return False, "; ".join(problems)
    tf_version = pinned_version(pins[tf[0]])
    return True, f"OK: {len(pins)} wheels, {tf[0]}=={tf_version}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", nargs="+", default=list(PYTHONS), help="Python versions")
    parser.add_argument("--target", nargs="+", default=[t.name for t in TARGETS])
    parser.add_argument("--requirements", type=Path, default=REQUIREMENTS)
    args = parser.parse_args(argv)
    unknown = set(args.target) - {t.name for t in TARGETS}
    if unknown:
        parser.error(
            f"unknown target(s) {sorted(unknown)}; choose from {[t.name for t in TARGETS]}"
        )
    if any(not re.fullmatch(r"3\.\d+\.\d+", p) for p in args.python):
        parser.error("give full Python versions, e.g. --python 3.11.5 3.12.0")
    reqs = parse_requirements(args.requirements.read_text(encoding="utf-8"))
    failures = 0
    print("| platform | Python | result |\n|---|---|---|")
    for target in (t for t in TARGETS if t.name in args.target):
        for python in args.python:
            ok, summary = check(target, python, reqs)
            failures += not ok
            print(f"| {target.name} | {python} | {'' if ok else 'FAIL '}{summary} |", flush=True)
    print(f"\n{failures} failed" if failures else "\nevery platform resolves")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
