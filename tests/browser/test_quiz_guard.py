"""show_quiz's MathJax guard, in headless Chromium: the quiz script on pages shaped like
JupyterLab 4 (a global MathJax without typeset()), the website (MathJax 3), a classic notebook
(MathJax 2) and a page without MathJax. Guarded, it raises no error, fetches nothing and still
typesets where the page can; unguarded, on the JupyterLab shape, it shows the fault the guard
removes (a CDN request and "Cannot read properties of undefined (reading '0')").
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    PageReport,
    click_quizzes,
    open_page,
    quiz_problems,
    quiz_settled,
    wait_until,
)

# --------------------------------------------------------------------------- the quiz's guard
#: The global MathJax each page gives the quiz: JupyterLab 4's (a version, no typeset()), the
#: website's MathJax 3, a classic notebook's MathJax 2, and none.
MATHJAX_PAGES = {
    "jupyterlab": "window.MathJax = {version: '3.2.2', _: {}, config: {}, loader: {}};",
    "mathjax3": "window.MathJax = {version: '3.2.2', typeset: els => window.typeset.push(els)};",
    "mathjax2": (
        "window.MathJax = {version: '2.7.9', Hub: {Queue: job => window.typeset.push(job)}};"
    ),
    "none": "",
}


def _quiz_in_page(browser: Any, mathjax: str, guarded: bool) -> dict[str, Any]:
    from IPython.core.interactiveshell import InteractiveShell  # noqa: PLC0415

    from genai_course.quiz import MATHJAX_GUARD, quiz_outputs  # noqa: PLC0415

    InteractiveShell.instance()
    try:
        html, script = quiz_outputs("01")
    finally:
        InteractiveShell.clear_instance()
    js = script["application/javascript"]
    if not guarded:
        prefix, suffix = MATHJAX_GUARD.split("%s")
        js = js[len(prefix) : -len(suffix)]
    report = PageReport(f"quiz with MathJax {mathjax!r}, guarded={guarded}")
    page = open_page(browser, "about:blank", report)
    try:
        page.set_content(
            f"<html><body><script>window.typeset = []; {MATHJAX_PAGES[mathjax]}</script>"
            f"{html['text/html']}</body></html>"
        )
        page.add_script_tag(content=js)
        page.wait_for_selector(".Quiz")
        # jupyterquiz typesets (or, unguarded, fetches MathJax) 500 ms after rendering.
        wait_until(page, lambda: quiz_settled(report) >= 1, 10_000)
        quizzes = click_quizzes(page)
        if not guarded:  # the CDN request is routed (and recorded) asynchronously
            wait_until(page, lambda: report.external, 5_000)
        state = page.evaluate(
            "() => ({typeset: window.typeset.length, version: window.MathJax && "
            "String(window.MathJax.version), loader: !!(window.MathJax && window.MathJax.loader)})"
        )
    finally:
        page.close()
    return {"report": report, "quizzes": quizzes, **state}


@pytest.mark.parametrize("mathjax", sorted(MATHJAX_PAGES))
def test_quiz_guard_keeps_the_page_quiet(browser: Any, mathjax: str) -> None:
    seen = _quiz_in_page(browser, mathjax, guarded=True)
    report = seen["report"]
    assert report.console_errors == [] and report.external == [], (
        report.console_errors,
        report.external,
    )
    what = f"the quiz with MathJax {mathjax!r}"
    assert quiz_problems("notebooks/01_", seen["quizzes"], what) == []
    if mathjax == "jupyterlab":  # JupyterLab's MathJax object is left as it was
        assert seen["version"] == "3.2.2" and seen["loader"], seen
    if mathjax in ("mathjax3", "mathjax2"):  # pages that can typeset still do: render + clicks
        assert seen["typeset"] >= 1 + len(seen["quizzes"]), seen


def test_unguarded_quiz_fails_in_jupyterlab(browser: Any) -> None:
    """The fault the guard removes, shown with the same probe (so the probe can fail)."""
    seen = _quiz_in_page(browser, "jupyterlab", guarded=False)
    report = seen["report"]
    assert any("cdn.jsdelivr.net" in u for u in report.external), report.external
    assert any("reading '0'" in e for e in report.console_errors), report.console_errors
