"""Checks of the website's configuration that need no build: publishing workflow, offline
assets, launch buttons and the student build's table of contents."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_publish_workflow_builds_with_the_readme_command_and_deploys_pages() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    build_cmd = "make book"
    assert re.search(rf"^{build_cmd}\b", readme, re.M), (
        f"the README no longer documents `{build_cmd}`"
    )
    runs = [step.get("run", "") for step in _steps(workflow)]
    assert any(re.search(rf"^\s*{build_cmd}\s*$", run, re.M) for run in runs), (
        f"no step runs `{build_cmd}`"
    )
    assert any(".ci/run" in run for run in runs), (
        "the workflow does not run the test suite (.ci/run)"
    )
    uploads = [
        s for s in _steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact")
    ]
    assert uploads and uploads[0]["with"]["path"] == "_build/html", "must publish _build/html"
    deploy = [
        j
        for j in workflow["jobs"].values()
        if any("deploy-pages" in s.get("uses", "") for s in j["steps"])
    ]
    assert deploy, "no job deploys to GitHub Pages"
    assert deploy[0]["permissions"] == {"pages": "write", "id-token": "write"}
    # `on:` parses as True in YAML 1.1.
    triggers = workflow.get("on", workflow.get(True))
    assert "main" in triggers["push"]["branches"]


def test_mathjax_is_served_by_the_site() -> None:
    conf = _config()["sphinx"]["config"]
    path = conf["mathjax_path"]
    assert not re.match(r"https?://", path), f"MathJax from the network: {path}"
    static = [ROOT / p for p in conf["html_static_path"]]
    assert any((s / path).is_file() for s in static), f"{path} not found in {static}"


def test_vendored_assets_match_their_checksums_and_carry_licenses() -> None:
    for sums in (ROOT / "book/_static/vendor/SHA256SUMS", ROOT / "tests/browser/vendor/SHA256SUMS"):
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, name = line.split()
            path = sums.parent / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{path} changed"
            assert (path.parent / "LICENSE").is_file(), f"{path.parent} has no LICENSE"


def test_launch_buttons_follow_the_repository_url() -> None:
    conf = _config()
    assert conf["repository"]["url"].startswith("https://github.com/")
    launch = conf["launch_buttons"]
    assert launch["binderhub_url"] and launch["colab_url"]
    assert launch["thebe"] is False, (
        "Thebe needs a CDN script; the site offers launch buttons instead"
    )
    # The theme derives every launch link from repository.url; no second copy of the URL.
    assert "repository_url" not in conf["sphinx"]["config"].get("html_theme_options", {})


def test_student_toc_drops_solutions_and_instructor_pages() -> None:
    spec = importlib.util.spec_from_file_location(
        "student_build", ROOT / "scripts" / "student_build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    student = module.student_toc(toc)
    files = [ch["file"] for part in student["parts"] for ch in part["chapters"]]
    full = [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    assert not [f for f in files if f.startswith("solutions/") or "instructor" in f], files
    assert [f for f in full if f.startswith("notebooks/")] == [
        f for f in files if f.startswith("notebooks/")
    ]
    assert any(f.startswith("solutions/") for f in full), "the full book should list the solutions"
