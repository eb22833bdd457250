"""The published site, checked page by page in headless Chromium as readers use it.

Every page the build produced (found at collection time, so new lessons are covered without
editing this file) is loaded once; the tests below read what that load showed.
Run with `make test-browser` after `make book`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import ROOT, SITE, UTILITY_PAGES, PageReport, open_page, site_pages

LESSON_PAGE = re.compile(r"^notebooks/(\d\d)_[^/]+\.html$")
SOLUTIONS_PAGE = re.compile(r"^solutions/(\d\d)_[^/]+_solutions\.html$")


def _bank_questions(lesson: str) -> list[dict[str, Any]]:
    banks = sorted((ROOT / "quizzes").glob(f"{lesson}_*.json"))
    return json.loads(banks[0].read_text(encoding="utf-8"))["questions"] if banks else []


def _notebook_uses_quiz(page_path: str) -> bool:
    nb = ROOT / Path(page_path).with_suffix(".ipynb")
    return nb.exists() and "show_quiz(" in nb.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- every page
def test_no_console_errors(visit, page_path: str) -> None:
    report = visit(page_path)
    assert report.console_errors == [], f"{page_path}: console errors:\n" + "\n".join(
        report.console_errors
    )


def test_every_local_resource_loads(visit, page_path: str) -> None:
    report = visit(page_path)
    assert report.failed_local == [], f"{page_path}: failed requests:\n" + "\n".join(
        report.failed_local
    )


def test_no_request_leaves_the_machine(visit, page_path: str) -> None:
    report = visit(page_path)
    assert report.external == [], f"{page_path}: tried to fetch from the network:\n" + "\n".join(
        report.external
    )


def test_no_serious_accessibility_violations(visit, page_path: str) -> None:
    report = visit(page_path)
    lines = [
        f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}\n    {v['summary']}"
        for v in report.axe_serious
    ]
    assert report.axe_serious == [], f"{page_path}: axe-core (WCAG 2 A/AA) found:\n" + "\n".join(
        lines
    )


def test_images_have_alt_text(visit, page_path: str) -> None:
    report = visit(page_path)
    assert report.images_without_alt == [], (
        f"{page_path}: images without alt text: {report.images_without_alt}"
    )


def test_page_has_its_own_title(visit, page_path: str) -> None:
    report = visit(page_path)
    assert "Advanced Generative AI" in report.title, (
        f"{page_path}: title {report.title!r} lacks the course name"
    )
    if page_path not in UTILITY_PAGES:
        assert report.title.split("—")[0].strip() not in ("", "<no title>"), (
            f"{page_path}: empty page title"
        )


def test_maths_is_typeset(visit, page_path: str) -> None:
    report = visit(page_path)
    if report.math_source == 0:
        pytest.skip("no maths on this page")
    assert report.math_rendered >= report.math_source, (
        f"{page_path}: {report.math_source} maths elements, "
        f"only {report.math_rendered} typeset by MathJax"
    )


def test_quizzes_give_feedback(visit, page_path: str) -> None:
    report = visit(page_path)
    lesson = LESSON_PAGE.match(page_path)
    if lesson and _notebook_uses_quiz(page_path):
        expected = len(_bank_questions(lesson.group(1)))
        assert len(report.quizzes) == expected, (
            f"{page_path}: {len(report.quizzes)} quiz questions rendered, the bank has {expected} "
            "(is the notebook committed executed, with the quiz cell's output?)"
        )
    if not report.quizzes:
        pytest.skip("no quiz on this page")
    for q in report.quizzes:
        assert q["answers"] >= 2, (
            f"{page_path}: quiz question {q['question']!r} shows {q['answers']} answers"
        )
        assert q["feedback"], (
            f"{page_path}: clicking an answer to {q['question']!r} showed no feedback"
        )
        assert q["feedback"] != q["before"], (
            f"{page_path}: feedback of {q['question']!r} did not change"
        )
        assert q["marked"] >= 1, (
            f"{page_path}: the clicked answer to {q['question']!r} was not marked"
        )


def test_solutions_can_be_revealed(visit, page_path: str) -> None:
    report = visit(page_path)
    if SOLUTIONS_PAGE.match(page_path):
        assert report.solutions, f"{page_path}: a solutions page without any solution block"
    if not report.solutions:
        pytest.skip("no solutions on this page")
    for sol in report.solutions:
        assert sol["has_button"], f"{page_path}: solution {sol['title']!r} has no reveal button"
        assert sol["hidden_before"], (
            f"{page_path}: solution {sol['title']!r} is not hidden until asked for"
        )
        assert sol["visible_after"] and sol["text"], (
            f"{page_path}: solution {sol['title']!r} did not open"
        )


# --------------------------------------------------------------------------- site-wide
def test_every_toc_page_was_built() -> None:
    """Each file in _toc.yml has a page, so the parametrised tests above really cover it."""
    import yaml  # noqa: PLC0415

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [
        ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])
    ]
    built = set(site_pages())
    missing = [f for f in files if (ROOT / f"{f}.ipynb").exists() or (ROOT / f"{f}.md").exists()]
    missing = [f for f in missing if f"{f}.html" not in built]
    assert not missing, f"pages in _toc.yml that the site does not contain: {missing}"


def test_search_works_offline(browser, site_url: str) -> None:
    report = PageReport("search.html?q=autoencoder")
    page = open_page(browser, site_url + "search.html?q=autoencoder", report)
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        hits = page.locator("#search-results ul.search li").count()
    finally:
        page.close()
    assert hits >= 1, "searching for 'autoencoder' found nothing"
    assert report.console_errors == [] and report.external == [], (
        report.console_errors,
        report.external,
    )


def test_lesson_pages_offer_downloads_and_launch_buttons(visit, browser, site_url: str) -> None:
    lessons = [p for p in site_pages() if LESSON_PAGE.match(p)]
    if not lessons:
        pytest.skip("no lesson pages built yet")
    repo = re.search(r"url:\s*(\S+)", (ROOT / "_config.yml").read_text(encoding="utf-8")).group(1)
    slug = repo.removeprefix("https://github.com/").rstrip("/")
    report = PageReport(lessons[0])
    page = open_page(browser, site_url + lessons[0], report)
    try:
        downloads = page.eval_on_selector_all(
            ".dropdown-download-buttons a", "as => as.map(a => a.href)"
        )
        launches = page.eval_on_selector_all(
            ".dropdown-launch-buttons a", "as => as.map(a => a.href)"
        )
        ipynb = [d for d in downloads if d.endswith(".ipynb")]
        assert ipynb, f"{lessons[0]}: no .ipynb download link among {downloads}"
        status = page.request.get(ipynb[0]).status
        assert status == 200, f"{lessons[0]}: downloading {ipynb[0]} gave HTTP {status}"
    finally:
        page.close()
    assert any("mybinder.org" in u and slug in u for u in launches), (
        f"no Binder launch link for {slug}: {launches}"
    )
    assert any("colab.research.google.com" in u and slug in u for u in launches), (
        f"no Colab link: {launches}"
    )


def test_site_is_the_course_not_a_template() -> None:
    """Course title, logo and favicon are ours; the footer does not name a template author."""
    index = (SITE / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Advanced Generative AI" in index
    assert "logo.svg" in index and "favicon.svg" in index
    assert "The Jupyter Book Community" not in index and "Powered by Jupyter Book" not in index
