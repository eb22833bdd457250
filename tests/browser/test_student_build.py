"""The student build (`make book-student`) contains no solution and no answer key.

Builds the student site once (``scripts/student_build.py``, about as long as `make book`),
unless ``STUDENT_SITE_DIR`` points at one already built. What "solution text" means is read
from the repository, not hard-coded: the solutions notebooks' titles and the prose inside
their ``solution-start`` ... ``solution-end`` blocks, and the answer key's generated markup.
The same probes are run on the full site (when it is built) to show they find what they look
for, so a passing test is not an empty one.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import ROOT, SITE

STUDENT = Path(os.environ.get("STUDENT_SITE_DIR", ROOT / "_build" / "student" / "html"))


def _text(path: Path) -> str:
    """The visible text of an HTML page (tags stripped, whitespace collapsed)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def _markdown_to_text(md: str) -> str:
    md = re.sub(r"`{3,}.*?`{3,}", " ", md, flags=re.S)  # directives and code fences
    md = re.sub(r"\$[^$]*\$", " ", md)  # maths renders differently
    md = re.sub(r"\{[a-z-]+\}`([^`]*)`", r"\1", md)  # roles
    md = re.sub(r"[*_`#>]|\[|\]\([^)]*\)", "", md)
    return " ".join(md.split())


def solution_probes() -> dict[str, list[str]]:
    """For each solutions notebook: its title and sentences of prose from its solutions."""
    probes: dict[str, list[str]] = {}
    for nb_path in sorted((ROOT / "solutions").glob("*_solutions.ipynb")):
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        found: list[str] = []
        inside = False
        for cell in cells:
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] != "markdown":
                continue
            if src.lstrip().startswith("# ") and not found:
                found.append(_markdown_to_text(src.lstrip().splitlines()[0]))
            if "{solution-start}" in src:
                inside = True
                continue
            if "{solution-end}" in src:
                inside = False
                continue
            if inside:
                for sentence in re.split(r"(?<=[.!?])\s+", _markdown_to_text(src)):
                    if len(sentence) >= 50:
                        found.append(sentence[:120])
        probes[nb_path.stem] = found
    return probes


@pytest.fixture(scope="module")
def student_site() -> Path:
    if "STUDENT_SITE_DIR" not in os.environ:
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "student_build.py")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (
            f"make book-student failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    assert (STUDENT / "index.html").exists(), f"no student site at {STUDENT}"
    return STUDENT


def _site_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): _text(p)
        for p in site.rglob("*.html")
        if "_static" not in p.parts
    }


def test_student_site_has_the_lessons_but_no_answer_pages(student_site: Path) -> None:
    pages = {p.relative_to(student_site).as_posix() for p in student_site.rglob("*.html")}
    lessons = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for stem in lessons:
        if f"notebooks/{stem}" in toc:
            assert f"notebooks/{stem}.html" in pages, f"lesson {stem} missing from the student site"
    leaked = sorted(p for p in pages if p.startswith("solutions/") or "instructor_guide" in p)
    assert not leaked, f"answer pages in the student site: {leaked}"
    sources = [
        p.relative_to(student_site).as_posix() for p in (student_site / "_sources").rglob("*")
    ]
    assert not [s for s in sources if "solutions" in s or "instructor_guide" in s], sources


def test_student_site_contains_no_solution_text(student_site: Path) -> None:
    probes = solution_probes()
    if not any(probes.values()):
        pytest.skip("no solutions notebooks yet")
    texts = _site_text(student_site)
    search_index = (student_site / "searchindex.js").read_text(encoding="utf-8")
    for nb, sentences in probes.items():
        for sentence in sentences:
            hits = [page for page, text in texts.items() if sentence in text]
            assert not hits, (
                f"solution text of {nb} found in the student site ({hits}): {sentence!r}"
            )
        assert sentences[0] not in search_index, (
            f"the search index lists {nb}'s title {sentences[0]!r}"
        )
    for page, raw in ((p, p.read_text(encoding="utf-8")) for p in student_site.rglob("*.html")):
        assert 'class="solution' not in raw, f"{page}: rendered solution block"
        assert "course-generated" not in raw, f"{page}: generated answer key / exercise key"


def test_the_probes_find_solutions_in_the_full_site() -> None:
    """The same probes do find the solutions in the full site: the test above can fail."""
    if not (SITE / "index.html").exists():
        pytest.skip("full site not built")
    probes = {
        nb: s for nb, s in solution_probes().items() if (SITE / "solutions" / f"{nb}.html").exists()
    }
    if not probes:
        pytest.skip("no solutions page in the full site")
    texts = _site_text(SITE)
    for nb, sentences in probes.items():
        page = texts[f"solutions/{nb}.html"]
        assert sentences[0] in page, (
            f"probe for the title of {nb} not found on its own page: {sentences[0]!r}"
        )
        found = [s for s in sentences[1:] if s in page]
        assert len(found) >= min(1, len(sentences) - 1), (
            f"no solution sentence of {nb} found on its page"
        )
    guide = SITE / "book" / "instructor_guide.html"
    if guide.exists():
        assert "course-generated" in guide.read_text(encoding="utf-8"), (
            "answer key marker missing in the full site"
        )
