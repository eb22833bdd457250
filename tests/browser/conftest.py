"""Fixtures for the browser tests: serve the built site on loopback, drive headless Chromium.

The site is the one `make book` (or `make test-book`) built into ``_build/html``; set
``SITE_DIR`` to test another build. Debian's Chromium (``/usr/bin/chromium``, or
``CHROMIUM``) is driven by Playwright; nothing here downloads a browser. Without Chromium the
tests are skipped with a message saying how to install it -- except under ``CI=true``,
where a missing browser fails the run.

Every page is loaded once (``visit``) and the findings are shared by the tests of that page:
console errors, failed local requests, requests that tried to leave the machine (these are
aborted), axe-core accessibility violations, images without alt text, and the quizzes.
Set ``SITE_SCREENSHOTS=<folder>`` to save a full-page PNG of every page visited.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    AXE_JS,
    AXE_TAGS,
    CHROMIUM,
    CHROMIUM_ARGS,
    IN_CI,
    LAB_REPORTS,
    REPORTS,
    SITE,
    PageReport,
    browser_problem,
    click_quizzes,
    open_page,
    reveal_solutions,
    site_pages,
)

_SESSION_START = time.perf_counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line a maintainer (or a report) can quote: what the browser saw, and how long."""
    if LAB_REPORTS:
        lab = LAB_REPORTS
        clicked = [q for r in lab for q in r.quizzes + getattr(r, "live_quizzes", [])]
        answered = [q for q in clicked if q["feedback"] and q["feedback"] != q["before"]]
        errors = [e for r in lab for e in r.console_errors + getattr(r, "live_errors", [])]
        external = [u for r in lab for u in r.external + getattr(r, "live_external", [])]
        terminalreporter.write_line(
            f"lab: {len(lab)} notebooks opened in JupyterLab; console errors {len(errors)}; "
            f"external requests {len(external)}; "
            f"quiz questions with feedback {len(answered)} of {len(clicked)} (committed and "
            f"re-run); cells run {sum(len(getattr(r, 'ran', [])) for r in lab)}; "
            f"slowest {max(lab, key=lambda r: r.seconds).path} "
            f"{max(r.seconds for r in lab):.1f} s; lab total {sum(r.seconds for r in lab):.0f} s"
        )
    if not REPORTS:
        return
    quizzes = [q for r in REPORTS for q in r.quizzes]
    answered = [q for q in quizzes if q["feedback"] and q["feedback"] != q["before"]]
    sols = [s for r in REPORTS for s in r.solutions]
    opened = [s for s in sols if s["visible_after"]]
    slowest = max(REPORTS, key=lambda r: r.seconds)
    terminalreporter.write_line(
        f"browser: {len(REPORTS)} pages checked; "
        f"console errors {sum(len(r.console_errors) for r in REPORTS)}; "
        f"failed local requests {sum(len(r.failed_local) for r in REPORTS)}; "
        f"external requests {sum(len(r.external) for r in REPORTS)}; "
        f"axe serious/critical violations {sum(len(r.axe_serious) for r in REPORTS)}; "
        f"quiz questions with feedback {len(answered)} of {len(quizzes)}; "
        f"solutions revealed {len(opened)} of {len(sols)}; "
        f"maths typeset {sum(r.math_rendered for r in REPORTS)}; "
        f"slowest page {slowest.path} {slowest.seconds:.1f} s; "
        f"total {time.perf_counter() - _SESSION_START:.0f} s"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_path" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("page_path", pages or ["(site not built)"])


# --------------------------------------------------------------------------- server
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url() -> str:
    """Serve the built site on 127.0.0.1 (a free port) for the whole session."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run `make book` first (make test builds it)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser():
    problem = browser_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true and {problem}", pytrace=False)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    profile = tempfile.mkdtemp(prefix="course-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


_MARK_CODE_PROBES = """
seen => {
  const known = new Set(seen), added = [];
  const preBackgrounds = new Map();
  document.querySelectorAll('div.highlight span').forEach(span => {
    if (!span.textContent.trim() || !span.getClientRects().length) return;  // hidden: not audited
    const st = getComputedStyle(span);
    const pre = span.closest('pre');
    if (!preBackgrounds.has(pre)) {
      preBackgrounds.set(pre, getComputedStyle(pre.parentElement).backgroundColor + '/'
                              + getComputedStyle(pre).backgroundColor);
    }
    const key = [st.color, st.backgroundColor, preBackgrounds.get(pre),
                 st.fontSize, st.fontWeight].join('|');
    if (known.has(key)) return;
    known.add(key);
    added.push(key);
    span.setAttribute('data-axe-probe', '');
  });
  return added;
}
"""


@pytest.fixture(scope="session")
def visit(browser: Any, site_url: str):
    """``visit(path)`` -> :class:`PageReport` of the page (each page is loaded once)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415

    cache: dict[str, PageReport] = {}
    shots = os.environ.get("SITE_SCREENSHOTS")
    axe_source = AXE_JS.read_text(encoding="utf-8")
    code_seen: set[str] = set()

    def _visit(path: str) -> PageReport:
        if path in cache:
            return cache[path]
        if path == "(site not built)":
            pytest.fail(f"no pages found under {SITE}: run `make book` first")
        start = time.perf_counter()
        report = PageReport(path)
        page = open_page(browser, site_url + path, report)
        # MathJax typesets asynchronously: wait for it (pages without maths skip this at once).
        try:
            page.wait_for_function(
                "() => !window.MathJax || (MathJax.startup && MathJax.startup.promise && "
                "MathJax.startup.promise.then(() => true))",
                timeout=20_000,
            )
        except PlaywrightTimeout:
            report.console_errors.append("MathJax did not load or finish typesetting within 20 s")
        report.math_source = page.locator("div.math, span.math").count()
        report.math_rendered = page.locator("mjx-container").count()
        report.title = page.title()
        report.images_without_alt = page.eval_on_selector_all(
            "article img",
            "imgs => imgs.filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.src)",
        )
        # Click first, then audit: the feedback and the revealed solutions are checked too.
        report.quizzes = click_quizzes(page)
        report.solutions = reveal_solutions(page)
        # Let the answer buttons' colour animations finish, so axe sees their final colours.
        page.evaluate(
            "() => Promise.all(document.getAnimations().map(a => a.finished)).then(() => "
            "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"
        )
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(Path(shots) / (path.replace("/", "__") + ".png")), full_page=True
            )
        # Syntax-highlighted code is thousands of <span>s in a handful of colour pairs, and
        # checking every one makes color-contrast slow. Contrast depends only on colour,
        # background, size and weight, so axe sees one span per distinct combination (the
        # first one met in this session); the other code spans are left out of the audit.
        code_seen.update(page.evaluate(_MARK_CODE_PROBES, sorted(code_seen)))
        page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "tags => axe.run({include: [['html']], "
            "exclude: [['div.highlight span:not([data-axe-probe])']]}, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false})",
            AXE_TAGS,
        )
        report.axe_serious = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
                "summary": v["nodes"][0].get("failureSummary", "")[:300] if v["nodes"] else "",
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        page.close()
        report.seconds = time.perf_counter() - start
        cache[path] = report
        REPORTS.append(report)
        return report

    return _visit
