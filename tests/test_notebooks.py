"""Content checks on the committed notebooks: structure, hygiene, quizzes, exercises."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from genai_course.paths import ROOT

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*_solutions.ipynb"))
ALL = LESSONS + SOLUTIONS
IDS = [p.name for p in ALL]
SECTIONS = [
    "Learning objectives",
    "Slides covered",
    "Setup",
    "Summary",
    "Quick check",
    "Exercises",
    "Further reading",
]
EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n:label: (ex-\d\d-[a-z0-9-]+)")
SOLUTION = re.compile(r"```\{solution(?:-start)?\} (ex-\d\d-[a-z0-9-]+)")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def cells(path: Path, kind: str | None = None) -> list[dict]:
    return [c for c in load(path)["cells"] if kind is None or c["cell_type"] == kind]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_lessons() -> None:
    assert LESSONS, "no lesson notebooks found"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_has_solutions_and_quiz(path: Path) -> None:
    stem = path.stem
    assert (ROOT / "solutions" / f"{stem}_solutions.ipynb").exists()
    assert (ROOT / "quizzes" / f"{stem}.json").exists()


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_executed_in_order_without_errors(path: Path) -> None:
    code = [c for c in cells(path, "code") if source(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: restart & run all (got {counts})"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: committed error output"
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", (
                    f"{path.name}: stderr output (log noise?): {out['text'][:200]}"
                )


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_clean_metadata_and_outputs(path: Path) -> None:
    nb = load(path)
    assert "widgets" not in nb["metadata"], "widget state must not be committed"
    assert path.stat().st_size < 5e6, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB"
    text = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    for marker in ("/work/", "/root/", "/home/", "/tmp/", "site-packages"):
        assert marker not in text, f"{path.name}: outputs contain an absolute path ({marker})"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_setup_comes_first(path: Path) -> None:
    first = source(cells(path, "code")[0])
    assert "setup_notebook(" in first, "the first code cell must call setup_notebook()"
    before = first.split("setup_notebook(")[0]
    assert "import tensorflow" not in before and "import keras" not in before


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_every_figure_has_alt_text(path: Path) -> None:
    for c in cells(path, "code"):
        if any("image/png" in o.get("data", {}) for o in c.get("outputs", [])):
            alt = c.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 20, f"{path.name}: figure without alt text in cell: {source(c)[:80]}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_structure(path: Path) -> None:
    md = "\n".join(source(c) for c in cells(path, "markdown"))
    number = path.name[:2]
    assert re.match(rf"# {number} · \S", source(cells(path)[0])), "title: '# NN · Title'"
    positions = [md.find(f"## {s}") for s in SECTIONS]
    missing = [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert not missing, f"{path.name}: missing sections {missing}"
    assert positions == sorted(positions), f"{path.name}: sections out of order"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_code_cells_are_introduced_by_prose(path: Path) -> None:
    all_cells = cells(path)
    for i, c in enumerate(all_cells):
        if c["cell_type"] == "code" and i > 0:
            assert all_cells[i - 1]["cell_type"] == "markdown", (
                f"{path.name}: code cell {source(c)[:60]!r} is not preceded by prose"
            )


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_shows_its_own_quiz(path: Path) -> None:
    quiz_cells = [c for c in cells(path, "code") if "show_quiz(" in source(c)]
    assert len(quiz_cells) == 1
    assert f'show_quiz("{path.name[:2]}")' in source(quiz_cells[0])
    tags = quiz_cells[0].get("metadata", {}).get("tags", [])
    assert "remove-input" in tags or "hide-input" in tags
    mimes = {k for o in quiz_cells[0]["outputs"] for k in o.get("data", {})}
    assert {"text/html", "application/javascript"} <= mimes, (
        "the quiz must be rendered in the output"
    )


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_exercise_has_exactly_one_solution(path: Path) -> None:
    lesson_md = "\n".join(source(c) for c in cells(path, "markdown"))
    exercises = EXERCISE.findall(lesson_md)
    assert len(exercises) >= 2, f"{path.name}: needs at least two labelled exercises"
    assert all(e.startswith(f"ex-{path.name[:2]}-") for e in exercises)
    sol_path = ROOT / "solutions" / f"{path.stem}_solutions.ipynb"
    solutions = SOLUTION.findall("\n".join(source(c) for c in cells(sol_path, "markdown")))
    for e in exercises:
        assert solutions.count(e) == 1, f"{e}: expected one solution, found {solutions.count(e)}"
    assert set(solutions) <= set(exercises), (
        f"solutions without exercise: {set(solutions) - set(exercises)}"
    )


def _python(cell: dict) -> ast.Module | None:
    """The code cell's source parsed as Python (IPython % and ! lines dropped)."""
    code = "\n".join(
        line for line in source(cell).splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    try:
        return ast.parse(code)
    except SyntaxError:
        return None


def solution_blocks(path: Path) -> dict[str, list[dict]]:
    """Each ``solution-start … solution-end`` block of a solutions notebook: its code cells."""
    blocks: dict[str, list[dict]] = {}
    current = None
    for cell in cells(path):
        text = source(cell)
        if cell["cell_type"] == "markdown":
            start = SOLUTION.search(text)
            if start:
                current = start.group(1)
                blocks[current] = []
            if "```{solution-end}" in text:
                current = None
        elif current is not None:
            blocks[current].append(cell)
    return blocks


def count_asserts(code_cells: list[dict]) -> int:
    trees = [t for t in map(_python, code_cells) if t is not None]
    return sum(isinstance(node, ast.Assert) for t in trees for node in ast.walk(t))


# Solution blocks written before this check, by lessons still being reworked (issue 12):
# listed so the suite states them instead of hiding them; remove a label once its block
# asserts its conclusion (the test then passes as XPASS and shows the label is stale).
PENDING_SOLUTION_ASSERTS: set[str] = set()
SOLUTION_BLOCKS = [
    pytest.param(
        path,
        label,
        id=label,
        marks=[pytest.mark.xfail(reason="pending: block has no assert yet")]
        if label in PENDING_SOLUTION_ASSERTS
        else [],
    )
    for path in SOLUTIONS
    for label in solution_blocks(path)
]


@pytest.mark.parametrize(("path", "label"), SOLUTION_BLOCKS)
def test_every_solution_block_asserts(path: Path, label: str) -> None:
    # Every solution checks the conclusion it states: at least one assert statement in the
    # code cells between its solution-start and solution-end.
    assert count_asserts(solution_blocks(path)[label]) >= 1, (
        f"{path.name}: the solution of {label} has no assert; check its stated conclusion"
    )


def test_solution_block_check_can_fail() -> None:
    no_assert = [{"cell_type": "code", "source": "x = 1\nprint('assert is only a word')"}]
    assert count_asserts(no_assert) == 0
    assert count_asserts([{"cell_type": "code", "source": "assert 1 + 1 == 2, 'maths'"}]) == 1


def top_level_definitions(path: Path, before_exercises: bool = False) -> dict[str, str]:
    """``{name: ast dump}`` of the functions and classes a notebook's code cells define.

    With ``before_exercises``, only cells before the "## Exercises" heading count (the stubs
    after it are meant to be rewritten by the solutions).
    """
    found: dict[str, str] = {}
    for cell in cells(path):
        if before_exercises and cell["cell_type"] == "markdown":
            if re.search(r"^## Exercises", source(cell), re.MULTILINE):
                break
        tree = _python(cell) if cell["cell_type"] == "code" else None
        for node in tree.body if tree else []:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                found[node.name] = ast.dump(node)
    return found


# Same-named functions that differ on purpose or belong to lessons being reworked (issue 12).
PENDING_COPY_DRIFT: dict[str, set[str]] = {}


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_solutions_copy_lesson_code_exactly(path: Path) -> None:
    # A solutions page stands alone, so it may repeat a lesson's helper; if it does, the copy
    # must be the lesson's code (comments aside), or it must get another name.
    sol_path = ROOT / "solutions" / f"{path.stem}_solutions.ipynb"
    if not sol_path.exists():
        pytest.skip(f"{sol_path.name} does not exist (test_lesson_has_solutions_and_quiz fails)")
    lesson = top_level_definitions(path, before_exercises=True)
    solution = top_level_definitions(sol_path)
    drifted = {
        name for name in set(lesson) & set(solution) if lesson[name] != solution[name]
    } - PENDING_COPY_DRIFT.get(path.stem, set())
    assert not drifted, (
        f"{sol_path.name} redefines {sorted(drifted)} differently from {path.name}: "
        "copy the lesson's code exactly or rename the function"
    )


TAUTOLOGY = re.compile(r"^\s*assert\s+(True|1|[\w.\[\]\"']+ is not None)\s*(,|$)", re.MULTILINE)


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_no_assert_that_cannot_fail(path: Path) -> None:
    # Catches the obvious cases (assert True, assert x is not None); the review catches the
    # rest (e.g. identities such as the argmax of a tempered softmax).
    for cell in cells(path, "code"):
        found = TAUTOLOGY.search(source(cell))
        assert not found, f"{path.name}: an assert that cannot fail: {found.group(0).strip()}"


def test_toc_lists_every_notebook() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = {ch["file"] for part in toc["parts"] for ch in part["chapters"]}
    for path in ALL:
        assert f"{path.parent.name}/{path.stem}" in files, f"{path.name} is not in _toc.yml"


def test_every_citation_is_in_the_bibliography() -> None:
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    texts = [source(c) for p in ALL for c in cells(p, "markdown")]
    texts += [p.read_text() for p in (ROOT / "book").glob("*.md")]
    cited = {
        k.strip()
        for t in texts
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", t)
        for k in group.split(",")
    }
    assert cited, "no citations found"
    assert cited <= keys, f"cited but not in references.bib: {sorted(cited - keys)}"
