"""Findings first: the book's first page lists what the re-analysis found, each sentence pasted
from the chapter that glues it (``notebook.ipynb::key``) and linked to the section that shows it;
every analysis chapter opens, right under its title, with its answer made by code
(``mibook.chapters.findings``), never typed."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
import yaml

from mibook import paths
from mibook.chapters import findings

INTRO = paths.BOOK / "intro.md"
CHAPTERS = ("sample_characteristics", "satisfaction_timing", "miti_fidelity", "comparison", "audit")
# {glue:text}`audit.ipynb::finding_problems:s` then ({ref}`words <label>`)
FINDING = re.compile(
    r"^\* \{glue:text\}`(?P<nb>\w+)\.ipynb::(?P<key>\w+)(?::s)?`\s*\n"
    r"\s+\(\{ref\}`[^<`]+<(?P<label>[\w-]+)>`\)",
    re.MULTILINE,
)
GLUE_ROLE = re.compile(r"\{glue(?::\w+)?\}`")


def _section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def _intro_findings() -> list[dict]:
    text = INTRO.read_text(encoding="utf-8")
    return [m.groupdict() for m in FINDING.finditer(_section(text, "What the re-analysis found"))]


def _glued(notebook) -> dict[str, str]:
    """Glue name → text/plain of an executed notebook (myst-nb's scrapbook outputs)."""
    out = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                data = output["data"]
                out[record["name"]] = data.get(record["mime_prefix"] + "text/plain", "")
    return out


def _labels(notebook) -> set[str]:
    return {
        m.group(1)
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for m in re.finditer(r"^\(([\w-]+)\)=\s*$", cell.source, re.MULTILINE)
    }


def test_the_first_page_is_the_intro_and_opens_with_the_findings():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["root"] == "book/intro"
    text = INTRO.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[0] == "What the re-analysis found"
    assert headings.index("What the re-analysis found") < headings.index("What this book does")


def test_each_finding_is_pasted_from_a_chapter_and_links_to_one_of_its_sections():
    listed = _intro_findings()
    section = _section(INTRO.read_text(encoding="utf-8"), "What the re-analysis found")
    # every bullet of the section is a pasted finding with its link: none typed
    bullets = re.findall(r"^\* ", section, re.MULTILINE)
    assert len(listed) == len(bullets) >= 8
    assert not re.search(r"\d", FINDING.sub("", section).replace("(MI)", ""))
    for item in listed:
        assert item["nb"] in CHAPTERS, item
        template = nbformat.read(paths.ROOT / "notebooks" / f"{item['nb']}.ipynb", as_version=4)
        executed = nbformat.read(paths.BOOK / f"{item['nb']}.ipynb", as_version=4)
        assert item["label"] in _labels(template), item
        glued = _glued(executed)
        assert item["key"] in glued, item
        sentence = ast.literal_eval(glued[item["key"]])
        assert sentence.endswith(".") and re.search(r"\d", sentence), item


def test_the_findings_cover_every_finding_the_chapters_glue():
    """A finding a chapter glues for the first page is on it."""
    on_page = {(f["nb"], f["key"]) for f in _intro_findings()}
    for chapter in CHAPTERS:
        executed = nbformat.read(paths.BOOK / f"{chapter}.ipynb", as_version=4)
        keys = {k for k in _glued(executed) if k.startswith("finding_")}
        assert keys, chapter
        assert {(chapter, k) for k in keys} <= on_page, chapter


def _opening(chapter: str, notebook) -> tuple[int, object]:
    """The index of the title cell and the cell right after it."""
    title = next(
        i
        for i, c in enumerate(notebook.cells)
        if c.cell_type == "markdown" and c.source.lstrip().startswith("# ")
    )
    return title, notebook.cells[title + 1]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_opens_with_its_answer_made_by_code(chapter):
    template = nbformat.read(paths.ROOT / "notebooks" / f"{chapter}.ipynb", as_version=4)
    title, cell = _opening(chapter, template)
    assert template.cells[title].source.strip().count("\n") == 0, "the title cell holds only it"
    # the first paragraph under the title is a code cell's output: the answer made by
    # mibook.chapters.findings from the chapter's numbers, with the findings glued by name
    assert cell.cell_type == "code", chapter
    tree = ast.parse(cell.source)
    calls = {
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "findings"
    }
    assert calls == {chapter}, calls
    assert hasattr(findings, chapter)
    assert "glue(key" in cell.source and "display(Markdown(opening.text))" in cell.source
    assert "remove-input" in cell.metadata.get("tags", [])

    executed = nbformat.read(paths.BOOK / f"{chapter}.ipynb", as_version=4)
    title, cell = _opening(chapter, executed)
    shown = [
        o["data"]["text/markdown"] for o in cell.outputs if "text/markdown" in o.get("data", {})
    ]
    assert len(shown) == 1, chapter
    answer = shown[0]
    assert answer.startswith(findings.LEAD)
    assert re.search(r"\d", answer), answer
    assert not GLUE_ROLE.search(answer)  # numbers written in by code, not left as roles
