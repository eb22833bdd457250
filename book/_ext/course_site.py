"""Sphinx extension for the course website (loaded from ``_config.yml``: ``local_extensions``).

What it does:

* **Thebe off, properly.** Jupyter Book always loads ``sphinx_thebe``, which adds an inline
  ``const THEBE_JS_URL = ...`` script once per read phase; when Sphinx reads twice the page gets
  two copies and the browser logs ``Identifier 'THEBE_JS_URL' has already been declared``.
  The course does not offer live code on the page (readers launch Binder, JupyterHub or
  Colab instead), so the extension disconnects sphinx-thebe's event handlers: no Thebe
  script, no Thebe config block, no request to unpkg.com.
* **No duplicated inline scripts** (e.g. ``togglebuttonSelector``) on any page.
* **Directives for the instructor guide**, generated at build time from the repository
  (never hand-copied):

  - ``answer-key``: every quick-check question of every ``quizzes/*.json`` bank, with its
    correct answer(s) and the feedback that explains them;
  - ``exercise-key``: every exercise label in the lessons, linked to its solutions page;
  - ``slide-map``: the slide deck's sections in order (``book/slide_map.yml``), each with
    the lesson notebook section(s) that teach it.

* **Student build.** With ``COURSE_STUDENT_BUILD=1`` in the environment (set by
  ``scripts/student_build.py``) the key directives refuse to render anything, so no answer
  can leak into the student site even if a page that uses them is included by mistake.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
STUDENT_ENV = "COURSE_STUDENT_BUILD"


def is_student_build() -> bool:
    """True when building the student site (no solutions, no answer key)."""
    return os.environ.get(STUDENT_ENV, "") not in ("", "0", "false", "False")


# --------------------------------------------------------------------------- Thebe and scripts
def _disconnect_thebe(app: Sphinx) -> None:
    """Remove sphinx-thebe's handlers, so it adds neither scripts nor config blocks."""
    removed = 0
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            module = getattr(listener.handler, "__module__", "") or ""
            if module.startswith("sphinx_thebe"):
                listeners.remove(listener)
                removed += 1
    logger.info("[course_site] Thebe disabled (%d sphinx-thebe handlers disconnected)", removed)


def _clean_page_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Drop any Thebe script or stylesheet and duplicated inline scripts from the page's <head>."""
    body = context.get("body")
    if isinstance(body, str) and 'role="list" class="citation-list"' in body:
        # docutils marks the bibliography as an ARIA list whose children are not list items
        # (axe-core: critical "aria-required-children"); it is a plain block of citations.
        context["body"] = body.replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">'
        )
    css = context.get("css_files")
    if css:
        css[:] = [c for c in css if "thebe" not in str(getattr(c, "filename", c)).lower()]
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    kept = []
    for js in scripts:
        filename = str(js.filename or "")
        body = str(js.attributes.get("body", "")) if hasattr(js, "attributes") else ""
        if "thebe" in filename.lower() or "THEBE_JS_URL" in body:
            continue
        key = (filename, body)
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


# --------------------------------------------------------------------------- helpers
def _lesson_docs(env: Any, folder: str, suffix: str = "") -> dict[str, str]:
    """Map lesson number -> docname for documents in ``folder`` that are part of the build."""
    pattern = re.compile(rf"^{folder}/(\d\d)_.*{suffix}$")
    found: dict[str, str] = {}
    for doc in sorted(env.found_docs):
        m = pattern.match(doc)
        if m:
            found[m.group(1)] = doc
    return found


def _notebook_cells(path: Path) -> list[dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, json.JSONDecodeError):
        return []


def _cell_text(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _MystDirective(SphinxDirective):
    """A directive that writes MyST markdown and parses it in place."""

    has_content = False

    def parse_markdown(self, lines: list[str]) -> list[nodes.Node]:
        container = nodes.container(classes=["course-generated"])
        self.state.nested_parse(
            StringList(lines, source="(generated)"), self.content_offset, container
        )
        return [container]

    def student_refusal(self) -> list[nodes.Node]:
        logger.warning(
            "[course_site] %s directive used in the student build (%s): rendered empty",
            self.name,
            self.env.docname,
        )
        return []


# --------------------------------------------------------------------------- answer key
class AnswerKeyDirective(_MystDirective):
    """Every quick-check question with its correct answer(s) and feedback, from quizzes/*.json."""

    def run(self) -> list[nodes.Node]:
        if is_student_build():
            return self.student_refusal()
        from genai_course.quiz import load_bank  # noqa: PLC0415

        quiz_dir = ROOT / "quizzes"
        lessons = _lesson_docs(self.env, "notebooks")
        lines: list[str] = []
        for path in sorted(quiz_dir.glob("[0-9][0-9]_*.json")):
            self.env.note_dependency(str(path))
            bank = load_bank(path.name[:2])
            heading = f"Lesson {bank['lesson']} · {bank['title']}"
            lines += [f"**{heading}**", ""]
            if bank["lesson"] in lessons:
                lines += [f"Quiz on the page {{doc}}`/{lessons[bank['lesson']]}`.", ""]
            for i, q in enumerate(bank["questions"], start=1):
                correct = [a for a in q["answers"] if a["correct"]]
                origin = "slide Quick Check" if q["source"] == "slides" else "course question"
                lines.append(f"{i}. {_one_line(q['question'])} *({origin}, {q['objective']})*")
                lines.append("")
                for a in correct:
                    lines.append(
                        f"   - **Answer: {_one_line(a['answer'])}** — {_one_line(a['feedback'])}"
                    )
                lines.append("")
        if not lines:
            lines = ["*No quiz banks yet.*"]
        return self.parse_markdown(lines)


# --------------------------------------------------------------------------- exercise key
_ONE_LINE_RE = re.compile(r"\*\*In one line:\*\*\s*(?P<answer>.+?)(?:\n\s*\n|$)", re.S)
_SOLUTION_START_RE = re.compile(r"```\{solution-start\}\s*(?P<label>\S+)")


def _one_line_answers(path: Path) -> dict[str, str]:
    """Each solution block's ``**In one line:** ...`` answer, keyed by exercise label."""
    answers: dict[str, str] = {}
    label = None
    for cell in _notebook_cells(path):
        if cell.get("cell_type") != "markdown":
            continue
        text = _cell_text(cell)
        for part in re.split(r"(?=```\{solution-start\})", text):
            start = _SOLUTION_START_RE.search(part)
            if start:
                label = start.group("label")
            found = _ONE_LINE_RE.search(part)
            if label and found and label not in answers:
                answers[label] = _one_line(found.group("answer"))
    return answers


class ExerciseKeyDirective(_MystDirective):
    """Every exercise label of every lesson, with a link to its worked solution and, where the
    solution states one (``**In one line:** ...``), its one-line answer."""

    def run(self) -> list[nodes.Node]:
        if is_student_build():
            return self.student_refusal()
        lessons = _lesson_docs(self.env, "notebooks")
        solutions = _lesson_docs(self.env, "solutions", "_solutions")
        label_re = re.compile(r"```\{exercise\}\s*(?P<title>[^\n]*)\n:label:\s*(?P<label>\S+)")
        lines = [
            "| lesson | exercise | answer in one line | worked solution |",
            "|---|---|---|---|",
        ]
        for num, doc in lessons.items():
            path = ROOT / f"{doc}.ipynb"
            self.env.note_dependency(str(path))
            answers: dict[str, str] = {}
            if num in solutions:
                sol_path = ROOT / f"{solutions[num]}.ipynb"
                self.env.note_dependency(str(sol_path))
                answers = _one_line_answers(sol_path)
            for cell in _notebook_cells(path):
                if cell.get("cell_type") != "markdown":
                    continue
                for m in label_re.finditer(_cell_text(cell)):
                    title = _one_line(m.group("title")) or m.group("label")
                    sol = (
                        f"{{doc}}`/{solutions[num]}`" if num in solutions else "*(not written yet)*"
                    )
                    answer = answers.get(m.group("label"), "—").replace("|", "\\|")
                    lines.append(f"| {num} | {title} (`{m.group('label')}`) | {answer} | {sol} |")
        if len(lines) == 2:
            lines = ["*No exercises yet.*"]
        return self.parse_markdown(lines)


# --------------------------------------------------------------------------- slide map
def _teaching_sections(path: Path) -> list[str]:
    """The headings of a lesson's teaching part: ``## 1. ...`` up to ``## Summary``."""
    heads: list[str] = []
    inside = False
    for cell in _notebook_cells(path):
        if cell.get("cell_type") != "markdown":
            continue
        for line in _cell_text(cell).splitlines():
            m = re.match(r"^(##|###)\s+(.+?)\s*$", line)
            if not m:
                continue
            if m.group(1) == "##":
                inside = bool(re.match(r"\d+\.", m.group(2)))
            if inside:
                heads.append(m.group(2))
    return heads


class SlideMapDirective(_MystDirective):
    """The slide deck's sections, in order, each mapped to the notebook section(s) teaching it."""

    def run(self) -> list[nodes.Node]:
        spec_path = ROOT / "book" / "slide_map.yml"
        self.env.note_dependency(str(spec_path))
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        lessons = _lesson_docs(self.env, "notebooks")
        lines = ["| # | slide section | lesson | taught in |", "|---|---|---|---|"]
        for i, item in enumerate(spec["sections"], start=1):
            num = f"{int(item['lesson']):02d}"
            if num not in lessons:
                lines.append(f"| {i} | {item['slide']} | {num} | *(lesson not written yet)* |")
                continue
            doc = lessons[num]
            heads = _teaching_sections(ROOT / f"{doc}.ipynb")
            self.env.note_dependency(str(ROOT / f"{doc}.ipynb"))
            pattern = re.compile(item.get("match", "$^"), re.IGNORECASE)
            hits = [h for h in heads if pattern.search(h)]
            if not hits:
                logger.warning(
                    "[course_site] slide map: no section of %s matches %r (slide %r); "
                    "fix `match` in book/slide_map.yml",
                    doc,
                    item.get("match"),
                    item["slide"],
                )
            cells = [f"§ {h}".replace("|", "\\|") for h in hits]
            where = "; ".join(cells) if cells else "*(no matching section)*"
            lines.append(f"| {i} | {item['slide']} | {{doc}}`/{doc}` | {where} |")
        return self.parse_markdown(lines)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _disconnect_thebe)
    app.connect("html-page-context", _clean_page_scripts, priority=900)
    app.add_directive("answer-key", AnswerKeyDirective)
    app.add_directive("exercise-key", ExerciseKeyDirective)
    app.add_directive("slide-map", SlideMapDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
