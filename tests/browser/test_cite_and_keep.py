"""Cite and keep, in the built site (issue 18): the footer's version and date, the "How to cite"
page's downloads, and the links to the whole-book PDF (first page, every page's download menu,
footer), opened in headless Chromium from ``_build/html`` served on 127.0.0.1.

The site and the PDF come from the ``whole_book_pdf`` fixture (``conftest.py``).
Select with ``pytest -m browser``.
"""

from __future__ import annotations

import pytest
import yaml

from mibook import paths
from tests.browser import support as bs

pytestmark = pytest.mark.browser

CFF = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
FOOTER = f"Version {CFF['version']}, released {CFF['date-released']}"
PAGES = [p for p in bs.toc_pages() if p.redirects_to is None]


@pytest.fixture(scope="module")
def base_url(whole_book_pdf):
    with bs.serve(paths.HTML) as url:
        yield url


@pytest.fixture(scope="module")
def tab(base_url):
    with bs.offline_tab(base_url) as page:
        yield page


def _get(tab, url: str) -> tuple[int, bytes, str]:
    response = tab.request.get(url)
    return response.status, response.body(), response.headers.get("content-type", "")


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_every_page_shows_the_version_and_date_of_citation_cff(page):
    text = (paths.HTML / page.html).read_text(encoding="utf-8")
    assert f'<p class="mibook-version">{FOOTER}' in text, page.html


def test_the_footer_is_visible_and_links_the_cite_page_and_the_pdf(tab, base_url):
    tab.goto(base_url + "book/sample_characteristics.html", wait_until="load")
    footer = tab.locator("p.mibook-version")
    assert footer.is_visible()
    assert FOOTER in footer.inner_text()
    cite = footer.locator("a", has_text="How to cite")
    assert cite.evaluate("a => a.href") == base_url + "book/how_to_cite.html"
    status, body, _ = _get(tab, footer.locator("a", has_text="PDF").evaluate("a => a.href"))
    assert status == 200 and body[:5] == b"%PDF-"


def test_the_first_page_links_the_whole_book_pdf(tab, base_url):
    tab.goto(base_url + "index.html", wait_until="load")
    tab.wait_for_url(base_url + PAGES[0].html)
    link = tab.get_by_role("link", name="Download the whole book as PDF")
    assert link.is_visible()
    href = link.evaluate("a => a.href")
    assert href == base_url + "mibook.pdf"
    status, body, kind = _get(tab, href)
    assert status == 200 and body[:5] == b"%PDF-" and kind.startswith("application/pdf")


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p.source is not None], ids=lambda p: p.docname
)
def test_each_download_menu_offers_the_whole_book(page):
    """sphinx-book-theme's download button: this page's sources, print, and the whole book."""
    collector = bs.parse_html(paths.HTML / page.html)
    hrefs = [ref for tag, ref in collector.links if tag == "a" and ref.endswith("mibook.pdf")]
    assert hrefs, page.html
    text = (paths.HTML / page.html).read_text(encoding="utf-8")
    assert "btn-download-book-pdf-button" in text and "Whole book (.pdf)" in text
    for href in hrefs:
        assert (paths.HTML / page.html).parent.joinpath(href).resolve() == (
            paths.HTML / "mibook.pdf"
        )


def test_numbers_csv_and_every_table_download_from_the_cite_page(tab, base_url):
    tab.goto(base_url + "book/how_to_cite.html", wait_until="load")
    assert FOOTER in tab.locator("p.mibook-version").inner_text()
    wanted = {"numbers.csv": paths.PUBLISHED_NUMBERS}
    wanted.update({t.name: t for t in sorted(paths.BOOK_TABLES.glob("*.csv"))})
    links = {
        link["name"]: link["href"]
        for link in tab.eval_on_selector_all(
            "a.download",
            "links => links.map(a => ({name: a.textContent.trim(), href: a.href}))",
        )
    }
    for name, source in wanted.items():
        assert name in links, f"no download link for {name}"
        status, body, _ = _get(tab, links[name])
        assert status == 200, f"{links[name]}: HTTP {status}"
        assert body == source.read_bytes(), f"{name}: the download is not the file"


def test_the_theme_gets_the_repository_of_citation_cff():
    """Jupyter Book's default (its own repository) never reaches a page."""
    for page in sorted(paths.HTML.rglob("*.html")):
        if page.relative_to(paths.HTML).parts[0] in ("_static", "_sources"):
            continue
        assert "executablebooks/jupyter-book" not in page.read_text(encoding="utf-8"), page
