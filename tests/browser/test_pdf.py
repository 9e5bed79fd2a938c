"""The whole book as one PDF (``make pdf``, ``_build/html/mibook.pdf``), read back with pypdf.

The PDF is built (or reused when up to date) by the ``whole_book_pdf`` fixture of
``conftest.py``: ``mibook build``, then :func:`mibook.book.pdf.build_pdf`. Checked: at least one
sheet per page of ``_toc.yml``; no empty sheet (every sheet has text between its running head and
its page number, or a figure); every page's title and the glued numbers of the first chapter in
the text; the wide ledger table whole (its status and reason columns in the text, and no table
wider than the text column of an A4 sheet when Chromium lays the book out for print).
Select with ``pytest -m browser``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser

import pytest

from mibook import paths
from mibook.book import pdf
from tests.browser import support as bs

pytestmark = pytest.mark.browser

PAGES = [p for p in bs.toc_pages() if p.redirects_to is None]


def squash(text: str) -> str:
    """Text compared without layout: ligatures undone (NFKC), soft hyphens and every space and
    line break removed, so a cell wrapped over three lines still matches."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


@cache
def reader():
    from pypdf import PdfReader

    return PdfReader(str(pdf.OUTPUT))


def body_text(page) -> str:
    """The text of one sheet between the running head and the page number (the margins)."""
    height = float(page.mediabox.height)
    top = height - pdf.MARGIN_MM["top"] / 25.4 * 72
    bottom = pdf.MARGIN_MM["bottom"] / 25.4 * 72
    parts: list[str] = []

    def keep(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if bottom < y < top:
            parts.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(parts)


@cache
def all_text() -> str:
    return squash("".join(page.extract_text() or "" for page in reader().pages))


def test_pdf_is_written_into_the_site(whole_book_pdf):
    assert whole_book_pdf == paths.HTML / "mibook.pdf"
    assert whole_book_pdf.read_bytes()[:5] == b"%PDF-"


def test_at_least_one_sheet_per_page_of_the_table_of_contents(whole_book_pdf):
    assert len(PAGES) >= 10
    assert len(reader().pages) >= len(PAGES)


def test_no_empty_sheet(whole_book_pdf):
    empty = [
        number
        for number, page in enumerate(reader().pages, start=1)
        if not body_text(page).strip() and not page.images
    ]
    assert not empty, f"sheets with neither text nor a figure: {empty}"


def _title(page: bs.Page) -> str:
    text = (paths.HTML / page.html).read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert match, f"{page.html}: no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).rstrip("#").strip()


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_every_page_title_is_in_the_pdf(whole_book_pdf, page):
    title = _title(page)
    assert squash(title) in all_text(), f"the title {title!r} of {page.html} is not in the PDF"


def _outline() -> list[tuple[str, int]]:
    """The PDF's bookmarks (from the headings), in order: (title squashed, sheet index)."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((squash(item.title), reader().get_destination_page_number(item)))

    walk(reader().outline)
    return out


def test_every_page_of_the_table_of_contents_is_in_the_pdf_in_order(whole_book_pdf):
    """Each page's title is a bookmark, in the order of ``_toc.yml``, on ever later sheets."""
    outline = _outline()
    found = []
    start = 0
    for page in PAGES:
        title = squash(_title(page))
        index = next((i for i in range(start, len(outline)) if outline[i][0] == title), None)
        assert index is not None, f"{page.html}: no bookmark {_title(page)!r} after the last one"
        found.append(outline[index][1])
        start = index + 1
    assert found == sorted(found)


def test_the_glued_numbers_of_the_first_chapter_are_in_the_pdf(whole_book_pdf):
    chapter = next(p for p in PAGES if p.source is not None and p.source.suffix == ".ipynb")
    text = (paths.HTML / chapter.html).read_text(encoding="utf-8")
    glued = {
        html.unescape(re.sub(r"<[^>]+>", "", value)).strip()
        for value in re.findall(r'<span class="pasted-text">(.*?)</span>', text, re.S)
    }
    numbers = sorted(v for v in glued if re.fullmatch(r"[\d.,\s%]+", v) and re.search(r"\d", v))
    assert numbers, f"{chapter.html} shows no glued number"
    missing = [n for n in numbers if squash(n) not in all_text()]
    assert not missing, f"glued numbers of {chapter.html} missing from the PDF: {missing}"


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts (header rows included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._depth == 1:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self._depth == 1:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self._depth == 1:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _ledger() -> tuple[list[str], list[list[str]]]:
    """The largest table of the book with a "status" column: its header and body rows."""
    parser = _Tables()
    parser.feed(pdf.SINGLEHTML.joinpath("mibook.html").read_text(encoding="utf-8"))
    candidates = []
    for table in parser.tables:
        for index, row in enumerate(table):
            if any(cell.strip().lower() == "status" for cell in row):
                candidates.append((len(table), row, table[index + 1 :]))
                break
    assert candidates, "no table with a status column in the book"
    _, header, body = max(candidates, key=lambda c: c[0])
    return header, body


def test_the_wide_ledger_table_is_whole_in_the_pdf(whole_book_pdf):
    header, body = _ledger()
    assert len(body) >= 100, f"the ledger has {len(body)} rows"
    status = [c.strip().lower() for c in header].index("status")
    offset = max(len(row) for row in body) - len(header)  # index cells the header lacks
    statuses = {row[status + offset] for row in body if len(row) > status + offset}
    missing = sorted(s for s in statuses if s and squash(s) not in all_text())
    assert len(statuses) >= 2 and not missing, f"status values not in the PDF: {missing}"
    # the right-most column (reason): every cell's text is there, so none is cut off
    last = {row[-1] for row in body if row and row[-1]}
    cut = sorted(cell for cell in last if squash(cell) not in all_text())
    assert not cut, f"{len(cut)} cells of the last column not in the PDF, e.g. {cut[:3]}"


def test_no_table_is_wider_than_an_a4_sheet(whole_book_pdf):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = pdf.launch(playwright)
        try:
            tab = pdf.open_book(browser, pdf.SINGLEHTML / "mibook.html")
            overflowing = tab.evaluate(pdf.OVERFLOWING_TABLES)
        finally:
            browser.close()
    assert not overflowing, "\n".join(
        f"#{t['section']}: {t['width']} px in a {t['column']} px column: {t['head']}"
        for t in overflowing
    )
