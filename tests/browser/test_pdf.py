"""The whole book as one PDF (``make pdf``, ``_build/html/mibook.pdf``), read back with pypdf.

The PDF is built (or reused when up to date) by the ``whole_book_pdf`` fixture of
``conftest.py``: ``mibook build``, then :func:`mibook.book.pdf.build_pdf`. Checked: at least one
sheet per page of ``_toc.yml``; no empty sheet (every sheet has text between its running head and
its page number, or a figure); every page's title and the glued numbers of the first chapter in
the text; the ledger whole (every number's id and reason in the text); and no table wider than
the text column of an A4 sheet when Chromium lays the book out for print.
Select with ``pytest -m browser``.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from functools import cache

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


def test_every_number_of_the_ledger_is_whole_in_the_pdf(whole_book_pdf):
    """The reproduction ledger (the appendix's ledger pages) is in the PDF row by row: every
    number's id and the reason the book gives for it, its longest text, none of it cut off."""
    with (paths.BOOK_TABLES / "ledger.csv").open(encoding="utf-8", newline="") as handle:
        ledger = list(csv.DictReader(handle))
    assert len(ledger) >= 100, f"the ledger has {len(ledger)} rows"
    text = all_text()
    missing = [row["id"] for row in ledger if squash(row["id"]) not in text]
    assert not missing, f"{len(missing)} ledger ids not in the PDF, e.g. {missing[:3]}"
    cut = [row["reason"] for row in ledger if row["reason"] and squash(row["reason"]) not in text]
    assert not cut, f"{len(cut)} reasons of the ledger not in the PDF, e.g. {cut[:3]}"


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
