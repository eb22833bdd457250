"""Offline checks of what a learner installs: requirements.txt against requirements.in, the
platform markers, binder/, the Makefile's interpreter choice and the weekly test-latest
workflow. (Resolving against the package index is `make check-platforms`, not part of
`make test`, which runs without a network.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import check_platforms as cp  # noqa: E402
import compare_pins  # noqa: E402

REQS = cp.parse_requirements((ROOT / "requirements.txt").read_text(encoding="utf-8"))
SUPPORTED = [t for t in cp.TARGETS if t.supported]


def _in_names() -> set[str]:
    lines = (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
    return {
        canonicalize_name(Requirement(ln).name) for ln in lines if ln and not ln.startswith("#")
    }


def test_every_line_is_pinned_and_parses() -> None:
    assert len(REQS) > 100
    with pytest.raises(ValueError, match="not pinned"):
        cp.parse_requirements("keras>=3\n")


def test_every_top_level_package_is_pinned() -> None:
    pinned = {canonicalize_name(r.name) for r in REQS}
    assert _in_names() - pinned == set(), "requirements.txt is not compiled from requirements.in"


@pytest.mark.parametrize("python", cp.PYTHONS)
@pytest.mark.parametrize("target", SUPPORTED, ids=[t.name for t in SUPPORTED])
def test_each_platform_gets_one_tensorflow_at_the_same_version(target, python) -> None:
    pins = cp.pins_for(REQS, target.environment(python))
    tf = {n: cp.pinned_version(pins[n]) for n in ("tensorflow", "tensorflow-cpu") if n in pins}
    expected = "tensorflow-cpu" if target.name == "linux-x86_64" else "tensorflow"
    assert list(tf) == [expected], f"{target.name}: {tf}"
    versions = {
        cp.pinned_version(r) for r in REQS if canonicalize_name(r.name).startswith("tensorflow")
    }
    assert len(versions) == 1, f"TensorFlow pinned at several versions: {versions}"
    # the packages that exist only on one OS come with it
    if target.os_name == "nt":
        assert {"pywinpty", "colorama"} <= pins.keys() and "pexpect" not in pins
    if target.sys_platform == "darwin":
        assert "appnope" in pins


def test_linux_x86_64_gets_every_pin_but_the_other_platforms_extras() -> None:
    # What CI and the shared .venv run: every pin but the other platforms' extras.
    env = cp.TARGETS[0].environment("3.11.5")
    linux = set(cp.pins_for(REQS, env))
    others = {"tensorflow", "appnope", "colorama", "pywinpty"}
    assert linux.isdisjoint(others)
    assert linux | others == {canonicalize_name(r.name) for r in REQS}


def test_duplicate_pins_for_one_platform_are_an_error() -> None:
    reqs = cp.parse_requirements('numpy==2.4.6\nnumpy==2.4.5 ; sys_platform == "linux"\n')
    env = cp.TARGETS[0].environment("3.12.0")
    with pytest.raises(ValueError, match="twice"):
        cp.pins_for(reqs, env)


def test_missing_dependencies_follows_markers_extras_and_versions() -> None:
    win = next(t for t in cp.TARGETS if t.name == "windows-amd64").environment("3.12.0")
    mac = next(t for t in cp.TARGETS if t.name == "macos-arm64").environment("3.12.0")
    reqs = cp.parse_requirements("terminado==0.18.1\nptyprocess==0.7.0\nfoo==1.0\nbar==2.0\n")
    metadata = {
        "terminado": ["ptyprocess; os_name != 'nt'", "pywinpty>=1.1.0; os_name == 'nt'"],
        "foo": ["bar[fast]>=2"],
        "bar": ["baz; extra == 'fast'", "setuptools"],
    }
    on_mac = cp.missing_dependencies(metadata, cp.pins_for(reqs, mac), mac)
    on_win = cp.missing_dependencies(metadata, cp.pins_for(reqs, win), win)
    # baz is needed through the extra that foo asks for; setuptools comes with every venv
    assert on_mac == ['bar needs baz; extra == "fast" but it is not pinned for this platform']
    assert any("pywinpty" in p for p in on_win) and len(on_win) == 2
    too_old = cp.parse_requirements("foo==1.0\nbar==1.0\nbaz==1\n")
    foo_bar = {k: v for k, v in metadata.items() if k != "terminado"}
    problems = cp.missing_dependencies(foo_bar, cp.pins_for(too_old, mac), mac)
    assert problems == ["foo needs bar[fast]>=2 but bar==1.0 is pinned"]


def test_compare_pins_reports_what_moved() -> None:
    pinned = compare_pins.versions("keras==3.15.1\nnumpy==2.4.6\n", markers=True)
    fresh = compare_pins.versions("keras==3.16.0\nnumpy==2.4.6\nnew==1\n", markers=False)
    assert compare_pins.differences(pinned, fresh) == [
        "  keras 3.15.1 -> 3.16.0",
        "  new (not pinned) -> 1",
    ]


def test_binder_installs_the_same_pins_and_the_helper_package() -> None:
    binder = ROOT / "binder"
    lines = [
        ln.strip()
        for ln in (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    if lines != ["-r ../requirements.txt"]:  # or a verbatim copy of the pins
        root_pins = sorted(str(r) for r in REQS)
        assert sorted(str(Requirement(ln)) for ln in lines) == root_pins, "binder/ is stale"
    runtime = (binder / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"binder/runtime.txt: {runtime!r}"
    assert match.group(1) in {p.rsplit(".", 1)[0] for p in cp.PYTHONS}, "unsupported Python"
    post = (binder / "postBuild").read_text(encoding="utf-8")
    assert re.search(r"pip install .*-e \.", post), "postBuild must install genai_course"


def test_launch_buttons_and_one_repository_url() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"].startswith("https://")
    assert buttons["colab_url"].startswith("https://colab.research.google.com")
    url = config["repository"]["url"]
    setup = (ROOT / "book" / "setup.md").read_text(encoding="utf-8")
    assert f"git clone {url}" in setup, "setup page: clone command must use repository.url"
    assert "<the course repository>" not in setup


def test_setup_page_serves_learners_first() -> None:
    setup = (ROOT / "book" / "setup.md").read_text(encoding="utf-8")
    order = ["\n## In the browser: Colab or Binder", "\n## On your own computer", "\n### Windows"]
    order += ["\n### macOS", "\n### Linux", "\n## For maintainers"]
    positions = [setup.find(heading) for heading in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions), "Colab/Binder, then each OS, then maintainers"
    for step in (
        "-m venv .venv",
        ".venv\\Scripts\\activate",
        "pip install -r requirements.txt -e .",
    ):
        assert step in setup, f"the no-make path lacks {step!r}"
    assert "WSL2" in setup


def _make_var(name: str, *args: str) -> str:
    cmd = ["make", "--no-print-directory", "-s", *args, f"print-{name}"]
    makefile = "include Makefile\nprint-%:\n\t@echo $($*)\n"
    # An outer `make ... PYTHON=x` (e.g. `make test-latest` in CI) passes its variables down
    # through MAKEFLAGS: drop them, so this sees what a plain `make` would choose.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    env.pop("PYTHON", None)
    proc = subprocess.run(
        [*cmd[:1], "-f", "-", *cmd[1:]],
        input=makefile,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.strip()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_makefile_picks_a_supported_python_or_none() -> None:
    picked = _make_var("PYTHON")
    version = subprocess.run(
        [picked, "-c", "import sys; print(sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (3, 11, 5) <= tuple(int(x) for x in re.findall(r"\d+", version)) < (3, 14)
    assert _make_var("PYTHON", "PYTHON_CANDIDATES=no-such-python3") == ""
    assert _make_var("PY") == ".venv/bin/python"


def test_network_targets_are_not_part_of_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert test_recipe
    for target in ("check-platforms", "test-latest"):
        assert re.search(rf"^{target}:", makefile, re.M), f"no `make {target}`"
        assert target not in test_recipe.group(0)


def test_weekly_test_latest_workflow_opens_an_issue_on_failure() -> None:
    flow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "test-latest.yml").read_text(encoding="utf-8")
    )
    triggers = flow.get("on", flow.get(True))
    assert triggers["schedule"][0]["cron"].split()[-1] not in ("*", ""), "not weekly"
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    assert any("make test-latest" in s.get("run", "") for s in steps)
    report = [s for s in steps if "failure()" in str(s.get("if", ""))]
    assert report and "gh issue create" in report[0]["run"]
    perms = next(iter(flow["jobs"].values())).get("permissions", flow.get("permissions", {}))
    assert perms.get("issues") == "write"
