"""``mibook run`` with no input file is the book on its default data (issue 15): the book's five
chapters, in the book's order, and none of a report's additions (no "About the published
studies" page, no ``benchmark.csv``, no report chapter)."""

from __future__ import annotations

import re

from mibook.book.registry import CHAPTERS
from tests.helpers import run_cli

BOOK_CHAPTERS = [
    "sample_characteristics",
    "satisfaction_timing",
    "miti_fidelity",
    "comparison",
    "audit",
]


def test_run_without_input_files_gives_the_book(tmp_path):
    out = tmp_path / "book_run"
    result = run_cli("run", "--out", out, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert [c.name for c in CHAPTERS] == BOOK_CHAPTERS
    html = out / "html"
    pages = sorted(p.stem for p in html.glob("*.html"))
    for chapter in BOOK_CHAPTERS:
        assert (html / f"{chapter}.html").is_file(), pages
        assert (out / "notebooks" / f"{chapter}.ipynb").is_file()
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == sorted(BOOK_CHAPTERS)
    assert not [p for p in pages if p.startswith("report_")], pages
    assert not (html / "about_published_studies.html").exists(), pages
    tables = sorted(p.name for p in (out / "tables").iterdir())
    assert not [t for t in tables if t.startswith("benchmark")], tables
    index = (html / "index.html").read_text(encoding="utf-8")
    order = re.findall(
        r'<li class="toctree-l1[^"]*"><a class="reference internal" href="([^"#]+)', index
    )
    assert order == [f"{c}.html" for c in BOOK_CHAPTERS], order
    assert "the book's default data" in index
    # The chapters' links to the book's glossary, references and background pages, which the
    # report does not have, are text (mibook.book.report_roles); links between chapters stay.
    miti = (html / "miti_fidelity.html").read_text(encoding="utf-8")
    assert "(Foldal et al., 2021, Methods: MI Fidelity; Table 3)" in miti
    assert 'href="audit.html"' in miti
    for chapter in BOOK_CHAPTERS:
        text = (html / f"{chapter}.html").read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*(glossary|references|background/)', text), chapter
        assert not re.search(r"\{(term|cite|doc|ref)[:\w]*\}`", text), chapter
