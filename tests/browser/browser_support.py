"""Helpers of the browser tests (constants, page discovery, page loading and probing)."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SITE_DIR", ROOT / "_build" / "html"))
AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
INSTALL_HINT = (
    "the browser tests need Debian's Chromium: `sudo apt-get install chromium chromium-driver` "
    "(or set CHROMIUM=/path/to/chromium)"
)
#: Pages Sphinx writes that are not course content (still checked, but hold no lesson).
UTILITY_PAGES = {"genindex.html", "search.html", "index.html"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def site_pages() -> list[str]:
    """Every HTML page of the built site, relative to its root (found, not hard-coded)."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        pages.append(rel)
    return pages


def browser_problem() -> str | None:
    if not Path(CHROMIUM).exists() and shutil.which(CHROMIUM) is None:
        return f"Chromium not found at {CHROMIUM}; {INSTALL_HINT}"
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return "Playwright for Python is not installed: run `make setup` (requirements.txt pins it)"
    return None


#: Every page report of this session, for the summary printed at the end.
REPORTS: list[PageReport] = []
#: The same for the notebooks opened in JupyterLab (``test_lab.py``).
LAB_REPORTS: list[PageReport] = []


@dataclass
class PageReport:
    """What one page load showed."""

    path: str
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    #: Every console message's text (errors included), in order.
    console: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    axe_serious: list[dict[str, Any]] = field(default_factory=list)
    axe_error: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    quizzes: list[dict[str, Any]] = field(default_factory=list)
    solutions: list[dict[str, Any]] = field(default_factory=list)
    math_rendered: int = 0
    math_source: int = 0
    seconds: float = 0.0


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in ("127.0.0.1",)


def open_page(context: Any, url: str, report: PageReport) -> Any:
    """Open ``url`` in a new tab, recording console errors and every non-local request."""
    page = context.new_page()

    def route(route: Any) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            report.external.append(route.request.url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    # WebSockets bypass page.route: record (and so fail on) any that is not to loopback.
    page.on("websocket", lambda ws: None if _is_local(ws.url) else report.external.append(ws.url))

    def console(msg: Any) -> None:
        report.console.append(msg.text)
        if msg.type == "error":
            report.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    page.on("console", console)
    page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
    page.on(
        "requestfailed",
        lambda req: (
            report.failed_local.append(f"{req.url}: {req.failure}") if _is_local(req.url) else None
        ),
    )
    page.on(
        "response",
        lambda resp: (
            report.failed_local.append(f"{resp.url}: HTTP {resp.status}")
            if _is_local(resp.url) and resp.status >= 400
            else None
        ),
    )
    page.goto(url, wait_until="load")
    return page


def click_quizzes(page: Any) -> list[dict[str, Any]]:
    """Click the first answer of every jupyterquiz question; return what the feedback showed."""
    out = []
    quizzes = page.locator(".Quiz")
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        feedback = quiz.locator(".Feedback")
        answers = quiz.locator(".MCButton")
        before = feedback.first.inner_text().strip() if feedback.count() else None
        if answers.count():
            answers.first.scroll_into_view_if_needed()
            answers.first.click()
        after = feedback.first.inner_text().strip() if feedback.count() else None
        out.append(
            {
                "index": i,
                "question": quiz.inner_text().strip().split("\n")[0][:80],
                "answers": answers.count(),
                "before": before,
                "feedback": after,
                "marked": quiz.locator(".correctButton, .incorrectButton").count(),
            }
        )
    return out


def reveal_solutions(page: Any) -> list[dict[str, Any]]:
    """Click every solution dropdown (sphinx-exercise + togglebutton); was it hidden, then shown?"""
    out = []
    sols = page.locator("div.solution")
    for i in range(sols.count()):
        sol = sols.nth(i)
        body = sol.locator(":scope > section, :scope > .admonition-title ~ *").first
        button = sol.locator("button.toggle-button").first
        has_button = button.count() > 0
        hidden_before = not body.is_visible() if body.count() else True
        if has_button:
            button.scroll_into_view_if_needed()
            button.click()
            body.wait_for(state="visible", timeout=2_000)
        out.append(
            {
                "id": sol.get_attribute("id"),
                "title": sol.locator(".admonition-title").first.inner_text().strip()[:80],
                "has_button": has_button,
                "hidden_before": hidden_before,
                "visible_after": body.is_visible() if body.count() else False,
                "text": body.inner_text().strip()[:80] if body.count() else "",
            }
        )
    return out


def wait_until(page: Any, condition: Any, timeout_ms: int) -> bool:
    """Let ``page`` run until ``condition()`` (a check of Python-side state, e.g. of the console
    messages recorded so far) holds; False if it still does not after ``timeout_ms``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)  # lets Playwright deliver the page's events meanwhile
    return True


#: What jupyterquiz logs when its delayed MathJax step (500 ms after rendering a quiz) has run:
#: the moment the unguarded script asked a CDN for MathJax. Waiting for it replaces a sleep.
QUIZ_SETTLED = "After sleep, MathJax version"


def quiz_settled(report: PageReport, since: int = 0) -> int:
    """How many quizzes finished their delayed MathJax step after console message ``since``."""
    return sum(QUIZ_SETTLED in text for text in report.console[since:])


def bank_size(notebook: str) -> int:
    """Questions in the quiz bank of the lesson ``notebook`` belongs to (by its two digits)."""
    banks = sorted((ROOT / "quizzes").glob(f"{Path(notebook).name[:2]}_*.json"))
    return len(json.loads(banks[0].read_text(encoding="utf-8"))["questions"]) if banks else 0


def quiz_problems(notebook: str, quizzes: list[dict[str, Any]], what: str) -> list[str]:
    """What is wrong with the quizzes :func:`click_quizzes` clicked (empty: all answered)."""
    want = bank_size(notebook)
    if len(quizzes) != want:
        return [
            f"{notebook}: {what} shows {len(quizzes)} quiz questions, the bank has {want} "
            "(is the notebook trusted, and committed executed?)"
        ]
    problems = []
    for q in quizzes:
        if q["answers"] < 2:
            problems.append(f"{what}: {q['question']!r} shows {q['answers']} answers")
        if not q["feedback"] or q["feedback"] == q["before"]:
            problems.append(f"{what}: clicking an answer to {q['question']!r} showed no feedback")
        if q["marked"] < 1:
            problems.append(f"{what}: the clicked answer to {q['question']!r} was not marked")
    return problems
