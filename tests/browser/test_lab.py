"""The JupyterLab path, checked in headless Chromium as learners and instructors use it.

JupyterLab is started the way `make lab` starts it (``scripts/lab.py``: the course's notebooks
trusted, loopback only) on a copy of the repository, with its own Jupyter folders, so neither
the working tree nor the user's Jupyter settings are touched. One browser tab loads JupyterLab
once and opens every course notebook in turn (through JupyterLab's own router, as a link to
``/lab/tree/...`` does), then closes it and shuts its kernel down. Every request the tab makes
is recorded, and any to a host other than 127.0.0.1 is aborted and reported. In each notebook
the test waits for the course kernel's name in the toolbar, scrolls to the end (the maths is
typeset, so JupyterLab's MathJax is loaded -- the state in which an unguarded jupyterquiz throws
and asks a CDN for MathJax) and clicks the first answer of each question of the committed quiz.

In :data:`RUN_CELLS_IN` (two lessons: running a setup cell imports TensorFlow, which is the
slow part) it then does what a learner does in an untrusted notebook: clears all outputs
(Edit menu), runs the first code cell (the Colab bootstrap and the setup) with the course
kernel, runs the quiz cell and clicks the new quiz.

The tests below read what those visits showed; the summary line at the end of the run gives
the counts and the time (this module: about 50 CPU-seconds, server, kernels and browser
included; 190 s wall on a 2-core machine at load 12).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    LAB_REPORTS,
    ROOT,
    PageReport,
    bank_size,
    click_quizzes,
    open_page,
    quiz_problems,
    quiz_settled,
    wait_until,
)

from genai_course.quiz import QUIZ_SCRIPT_MARK

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
NOTEBOOKS = [p.relative_to(ROOT).as_posix() for p in LESSONS + SOLUTIONS]
LESSON_NOTEBOOKS = [n for n in NOTEBOOKS if n.startswith("notebooks/")]
#: Where the first cells are run: the first lesson, and lesson 05 (where the issue was found).
RUN_CELLS_IN = sorted({LESSON_NOTEBOOKS[0], *(n for n in LESSON_NOTEBOOKS if "/05_" in n)})
#: What the repository copy holds (data/ is linked, not copied).
COPIED = ("genai_course", "notebooks", "solutions", "quizzes", "scripts", "pyproject.toml")
CELL_TIMEOUT_MS = 180_000  # the setup cell imports TensorFlow: slow on a busy machine
#: The open notebook (JupyterLab hides the panels of other tabs).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _notebook(rel: str) -> dict[str, Any]:
    return json.loads((ROOT / rel).read_text(encoding="utf-8"))


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


#: Inline or display maths in Markdown prose (after code spans and fences are removed).
MATHS = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$[^\s$][^$\n]*?(?<!\s)\$", re.S)


def _prose(cell: dict[str, Any]) -> str:
    text = re.sub(r"```.*?```|~~~.*?~~~", " ", _source(cell), flags=re.S)
    return re.sub(r"`[^`\n]*`", " ", text)


def _quiz_cell(nb: dict[str, Any]) -> dict[str, Any] | None:
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and "show_quiz(" in _source(c)]
    cells = [c for c in cells if not _source(c).lstrip().startswith(("from ", "import "))]
    return cells[0] if cells else None


def _setup_kernel() -> tuple[str, str]:
    """The kernel name and display name `make setup` installs (read from the Makefile)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r'ipykernel install .*--name (\S+) --display-name "([^"]+)"', text)
    assert found, "the Makefile no longer installs a kernel with ipykernel install --name ..."
    return found.group(1), found.group(2)


@dataclass
class LabReport(PageReport):
    """What opening one notebook in JupyterLab showed (console errors are split by phase)."""

    kernel_name: str = ""
    has_quiz: bool = False
    committed_quiz_guarded: bool = False
    live_quizzes: list[dict[str, Any]] = field(default_factory=list)
    live_errors: list[str] = field(default_factory=list)
    live_external: list[str] = field(default_factory=list)
    ran: list[dict[str, Any]] = field(default_factory=list)
    live_quiz_skipped: str = ""


# --------------------------------------------------------------------------- server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, browser: Any):
    """JupyterLab started by ``scripts/lab.py`` on a copy of the repository: (url, token, copy).

    Asks for ``browser`` first, so a missing Chromium skips before a server is started.
    """
    base = tmp_path_factory.mktemp("lab")
    copy = base / "course"
    copy.mkdir()
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, copy / name)
    (copy / "data").symlink_to(ROOT / "data", target_is_directory=True)
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ]:
        env[var] = str(base / sub)
    # No "get notified about Jupyter news?" toast over the notebook (the test's own settings).
    news = base / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env["PYTHONPATH"] = str(copy)  # the kernel imports the copy's genai_course
    env.pop("JUPYTER_PATH", None)
    port, token = _free_port(), "course-lab-test"
    log = (base / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(copy / "scripts" / "lab.py"), "--no-browser", f"--port={port}",
         "--port-retries=0", f"--IdentityProvider.token={token}"],
        cwd=copy, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # slow only on a very busy machine
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(
                    "JupyterLab did not start:\n" + (base / "server.log").read_text()[-3000:]
                )
            time.sleep(0.2)  # polls the server until it answers
    yield url, token, copy
    proc.terminate()  # Jupyter shuts its kernels down on SIGTERM
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _api(lab: tuple[str, str, Path], path: str, method: str = "GET") -> Any:
    url, token, _ = lab
    req = urllib.request.Request(f"{url}{path}", method=method)
    req.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
    return json.loads(body) if body else None


# --------------------------------------------------------------------------- one tab
@dataclass
class LabTab:
    """The one browser tab with JupyterLab loaded, and what it recorded since it opened."""

    page: Any
    log: PageReport


@pytest.fixture(scope="module")
def lab_tab(browser: Any, lab: tuple[str, str, Path]):
    url, token, _ = lab
    log = PageReport("JupyterLab")
    page = open_page(browser, f"{url}/lab/tree/notebooks?token={token}&reset", log)
    page.locator(".jp-DirListing-item").first.wait_for(timeout=120_000)
    yield LabTab(page, log)
    page.close()


def _run_cell(page: Any, cell: Any, count: int) -> dict[str, Any]:
    """Select ``cell`` (command mode), press Shift+Enter; wait for prompt ``[count]``."""
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    start = time.perf_counter()
    prompt = cell.locator(".jp-InputArea-prompt").first
    try:
        page.wait_for_function(
            "([el, want]) => el.textContent.trim() === want",
            arg=[prompt.element_handle(), f"[{count}]:"],
            timeout=CELL_TIMEOUT_MS,
        )
        finished = True
    except Exception:  # noqa: BLE001 -- reported by the test with the prompt it saw
        finished = False
    errors = cell.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    return {
        "source": cell.locator(".jp-InputArea-editor").first.inner_text()[:60],
        "finished": finished,
        "prompt": prompt.inner_text().strip(),
        "errors": [e[:500] for e in errors],
        "seconds": time.perf_counter() - start,
    }


def _wait_for_quiz(tab: LabTab, report: LabReport, want: int, since: int) -> None:
    """Wait until the open notebook shows ``want`` questions and jupyterquiz's delayed MathJax
    step has run (the step that used to fetch MathJax from a CDN); no fixed sleep."""
    try:
        tab.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[f"{PANEL} .Quiz", want],
            timeout=20_000,
        )
    except Exception:  # noqa: BLE001 -- the test compares the count with the bank
        return
    if not wait_until(tab.page, lambda: quiz_settled(tab.log, since) >= 1, 10_000):
        report.console_errors.append("jupyterquiz's delayed MathJax step never ran")


def _open(tab: LabTab, rel: str, n_cells: int) -> None:
    """Open ``rel`` in the loaded JupyterLab as a learner can: File > Open from Path..."""
    page = tab.page
    page.locator(".lm-MenuBar-item", has_text="File").first.click()
    page.locator(".lm-Menu-item", has_text="Open from Path").first.click()
    field = page.locator(".jp-Dialog input").first
    field.fill(rel)
    field.press("Enter")
    page.wait_for_function(
        """([name, sel, n]) => {
          const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
          return tab && tab.textContent.trim() === name
                 && document.querySelectorAll(sel).length >= n;
        }""",
        arg=[Path(rel).name, f"{PANEL} .jp-Notebook .jp-Cell", n_cells],
        timeout=60_000,
    )


def _close(tab: LabTab, lab: tuple[str, str, Path]) -> None:
    """Close the open notebook (discarding a learner's run) and shut its kernel down."""
    page = tab.page
    panels = page.locator(".jp-NotebookPanel")
    if panels.count():
        page.locator(
            ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon"
        ).first.click(timeout=10_000)
    discard = page.locator(".jp-Dialog button", has_text="Discard")
    deadline = time.monotonic() + 20
    while panels.count() and time.monotonic() < deadline:
        if discard.count():
            discard.first.click()
        page.wait_for_timeout(50)
    for session in _api(lab, "/api/sessions"):  # free the kernel's memory at once
        _api(lab, f"/api/sessions/{session['id']}", method="DELETE")


def _visit(tab: LabTab, lab: tuple[str, str, Path], rel: str) -> LabReport:
    page, log = tab.page, tab.log
    nb = json.loads((lab[2] / rel).read_text(encoding="utf-8"))  # the copy JupyterLab opens
    quiz_cell = _quiz_cell(nb)
    report = LabReport(rel)
    marks = {"errors": len(log.console_errors), "external": len(log.external)}
    marks |= {"failed": len(log.failed_local), "console": len(log.console)}
    start = time.perf_counter()
    try:
        _open(tab, rel, len(nb["cells"]))
        panel = page.locator(PANEL).first
        kernel = panel.locator(".jp-Toolbar-kernelName").first
        try:  # the label is empty, then "Kernel Starting", then the kernel's display name
            page.wait_for_function(
                "([el, want]) => el.textContent.trim() === want",
                arg=[kernel.element_handle(timeout=30_000), _setup_kernel()[1]],
                timeout=120_000,
            )
        except Exception:  # noqa: BLE001 -- the test reports the name that was shown
            pass
        report.kernel_name = kernel.inner_text().strip()
        # Read to the end, as a learner does: the maths is typeset, MathJax is loaded.
        panel.locator(".jp-WindowedPanel-outer").first.evaluate("e => e.scrollTop = e.scrollHeight")
        has_maths = any(
            MATHS.search(_prose(c)) for c in nb["cells"] if c["cell_type"] == "markdown"
        )
        if has_maths:
            try:
                panel.locator(".jp-RenderedMarkdown mjx-container").first.wait_for(timeout=30_000)
            except Exception:  # noqa: BLE001 -- math_rendered stays 0 and is reported
                pass
        report.math_source = int(has_maths)
        report.math_rendered = panel.locator(".jp-RenderedMarkdown mjx-container").count()
        report.has_quiz = quiz_cell is not None
        if quiz_cell is not None:
            report.committed_quiz_guarded = any(
                QUIZ_SCRIPT_MARK in _source({"source": o.get("data", {}).get(k, "")})
                for o in quiz_cell.get("outputs", [])
                for k in ("application/javascript",)
            )
            _wait_for_quiz(tab, report, bank_size(rel), marks["console"])
            report.quizzes = click_quizzes(panel)
        report.console_errors += log.console_errors[marks["errors"] :]
        report.external = log.external[marks["external"] :]
        if rel in RUN_CELLS_IN:
            _run_first_cells(tab, nb, quiz_cell, report)
        report.failed_local = log.failed_local[marks["failed"] :]
        return report
    finally:
        if os.environ.get("SITE_SCREENSHOTS"):
            shots = Path(os.environ["SITE_SCREENSHOTS"])
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / ("lab__" + rel.replace("/", "__") + ".png")))
        _close(tab, lab)
        report.seconds = time.perf_counter() - start
        LAB_REPORTS.append(report)


def _run_first_cells(
    tab: LabTab, nb: dict[str, Any], quiz_cell: dict[str, Any] | None, report: LabReport
) -> None:
    """A learner's run: clear every output, run the first code cell, then the quiz cell."""
    page, log = tab.page, tab.log
    marks = (len(log.console_errors), len(log.external), len(log.console))
    panel = page.locator(PANEL).first
    page.locator(".lm-MenuBar-item", has_text="Edit").first.click()
    page.locator(".lm-Menu-item", has_text="Clear Outputs of All Cells").first.click()
    if quiz_cell is not None:
        panel.locator(".Quiz").first.wait_for(state="detached", timeout=10_000)
    code_cells = panel.locator(".jp-CodeCell")
    report.ran.append(_run_cell(page, code_cells.first, 1))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if quiz_cell is None:
        report.live_quiz_skipped = "the notebook has no quiz"
    elif "show_quiz" not in _source(code[0]):
        report.live_quiz_skipped = "the first code cell does not import show_quiz"
    else:
        # The quiz cell's input is hidden on the website (remove-input), not in JupyterLab.
        report.ran.append(_run_cell(page, code_cells.nth(code.index(quiz_cell)), 2))
        _wait_for_quiz(tab, report, bank_size(report.path), marks[2])
        report.live_quizzes = click_quizzes(panel)
    report.live_errors = log.console_errors[marks[0] :]
    report.live_external = log.external[marks[1] :]


@pytest.fixture(scope="module")
def lab_visit(lab_tab: LabTab, lab: tuple[str, str, Path]):
    """``lab_visit(notebook)`` -> :class:`LabReport` (each notebook is opened once, in order)."""
    cache: dict[str, LabReport] = {}
    failed: dict[str, str] = {}

    def visit(rel: str) -> LabReport:
        if rel in failed:  # a visit that broke is not repeated by every test of the notebook
            pytest.fail(failed[rel], pytrace=False)
        if rel not in cache:
            try:
                cache[rel] = _visit(lab_tab, lab, rel)
            except Exception as err:
                failed[rel] = f"{rel}: opening it in JupyterLab failed: {err}"[:3000]
                raise
        return cache[rel]

    return visit


# --------------------------------------------------------------------------- the kernel
@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_notebook_names_the_course_kernel(rel: str) -> None:
    """JupyterLab starts the kernel a notebook names (the display name is only a label)."""
    name, display = _setup_kernel()
    spec = _notebook(rel)["metadata"].get("kernelspec", {})
    assert spec.get("name") == name, (
        f"{rel}: kernelspec {spec} is not the kernel `make setup` installs ({name}, {display!r})"
    )


def test_lab_offers_the_course_kernel(lab: tuple[str, str, Path]) -> None:
    name, display = _setup_kernel()
    specs = _api(lab, "/api/kernelspecs")["kernelspecs"]
    assert name in specs, f"JupyterLab has no kernel {name!r}: {sorted(specs)}"
    spec = specs[name]["spec"]
    assert spec["display_name"] == display
    python = Path(spec["argv"][0])
    assert python.parent == Path(sys.executable).parent, (
        f"kernel {name!r} runs {python}, not the course environment's {sys.executable}"
    )


# --------------------------------------------------------------------------- every notebook
@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_lab_opens_with_the_course_kernel(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    assert report.kernel_name == _setup_kernel()[1], (
        f"{rel}: JupyterLab shows kernel {report.kernel_name!r}"
    )


def _stale(report: LabReport) -> str:
    if report.has_quiz and not report.committed_quiz_guarded:
        return (
            "\n(its committed quiz output predates show_quiz's MathJax guard: "
            f"re-execute it with make execute NB={report.path})"
        )
    return ""


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_lab_no_request_leaves_the_machine(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    external = report.external + report.live_external
    assert external == [], (
        f"{rel}: tried to fetch from the network:\n" + "\n".join(external) + _stale(report)
    )
    assert report.failed_local == [], f"{rel}: failed local requests:\n" + "\n".join(
        report.failed_local
    )


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_lab_maths_is_typeset(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    if not report.math_source:
        pytest.skip("no maths in this notebook")
    assert report.math_rendered > 0, f"{rel}: no maths typeset by JupyterLab's MathJax"


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_lab_committed_outputs_without_console_errors(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    errors = report.console_errors
    assert errors == [], f"{rel}: console errors:\n" + "\n".join(errors) + _stale(report)


# --------------------------------------------------------------------------- lessons
@pytest.mark.parametrize("rel", LESSON_NOTEBOOKS)
def test_lab_committed_quiz_gives_feedback(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    assert report.has_quiz, f"{rel}: no show_quiz cell"
    assert quiz_problems(rel, report.quizzes, "the committed output") == []


@pytest.mark.parametrize("rel", RUN_CELLS_IN)
def test_lab_first_cells_run_with_the_course_kernel(lab_visit, rel: str) -> None:
    report = lab_visit(rel)
    assert report.ran, f"{rel}: no cell was run"
    for run in report.ran:
        assert run["finished"], (
            f"{rel}: cell {run['source']!r} did not finish (prompt {run['prompt']!r})"
        )
        assert run["errors"] == [], f"{rel}: cell {run['source']!r} wrote:\n" + "\n".join(
            run["errors"]
        )
    assert report.live_errors == [], f"{rel}: console errors:\n" + "\n".join(report.live_errors)


@pytest.mark.parametrize("rel", RUN_CELLS_IN)
def test_lab_quiz_after_running_its_cell(lab_visit, rel: str) -> None:
    """The learner's path in an untrusted notebook: run the quiz cell; no errors, no CDN."""
    report = lab_visit(rel)
    if report.live_quiz_skipped:
        pytest.skip(report.live_quiz_skipped)
    assert quiz_problems(rel, report.live_quizzes, "the quiz cell, run in JupyterLab,") == []
    assert report.live_errors == [], f"{rel}: console errors:\n" + "\n".join(report.live_errors)
