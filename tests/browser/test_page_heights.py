"""Pages short enough to read, and the findings first: every page of ``_toc.yml`` opened in
headless Chromium (Debian's, driven by Playwright) at 1280 px is at most :data:`MAX_HEIGHT` px
tall, and the first page's "What the re-analysis found" lists each finding with a link to the
chapter section that shows it.

Select with ``pytest -m browser``. Like ``test_browser.py``, these tests never skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mibook import paths
from tests.browser import support as bs

pytestmark = pytest.mark.browser

#: The tallest a page may be at :data:`WIDTH`, in CSS pixels.
MAX_HEIGHT = 16_000
WIDTH = 1280
PAGES = [p for p in bs.toc_pages() if not p.redirects_to]
CHAPTERS = {
    "book/sample_characteristics",
    "book/satisfaction_timing",
    "book/miti_fidelity",
    "book/comparison",
    "book/audit",
}


@pytest.fixture(scope="module")
def base_url() -> str:
    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    assert (paths.HTML / "index.html").is_file(), "mibook build wrote no _build/html/index.html"
    with bs.serve(paths.HTML) as url:
        yield url


@pytest.fixture(scope="module")
def tab(base_url):
    """One browser tab at 1280 × 900, that reaches only the local site."""
    with bs.offline_tab(base_url, WIDTH) as page:
        yield page


def _open(tab, url: str) -> None:
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)


_heights: dict[str, int] = {}


@pytest.mark.parametrize("page", PAGES, ids=[p.docname for p in PAGES])
def test_page_is_at_most_16000_px_tall_at_1280(page, tab, base_url):
    _open(tab, base_url + page.html)
    height = tab.evaluate(
        "() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
    )
    _heights[page.docname] = height
    assert tab.evaluate("() => document.documentElement.clientWidth") <= WIDTH
    assert 900 <= height <= MAX_HEIGHT, f"{page.html} is {height} px tall at {WIDTH} px"


def test_the_measure_sees_a_tall_page(tab, base_url, tmp_path):
    """The same measure on a page known to be taller than the limit exceeds it."""
    tall = Path(paths.HTML / "_tall_test_page.html")
    tall.write_text(
        "<!doctype html><html><body>" + "<p>line</p>" * 1000 + "</body></html>", encoding="utf-8"
    )
    try:
        _open(tab, base_url + tall.name)
        height = tab.evaluate(
            "() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
        )
    finally:
        tall.unlink()
    assert height > MAX_HEIGHT


_FINDINGS = """() => {
  const section = document.getElementById('what-the-re-analysis-found');
  if (!section) return null;
  const list = section.querySelector('ul');
  const items = list ? Array.from(list.children).filter(e => e.tagName === 'LI') : [];
  const heading = Array.from(document.querySelectorAll('main article section > h2'))
    .map(h => h.textContent.replace(/#$/, '').trim());
  return {
    headings: heading,
    items: items.map(li => ({
      text: li.textContent.replace(/\\s+/g, ' ').trim(),
      links: Array.from(li.querySelectorAll('a[href]')).map(a => a.href),
    })),
  };
}"""


def test_first_page_lists_the_findings_each_linked_to_a_chapter_section(tab, base_url):
    first = PAGES[0]
    _open(tab, base_url + first.html)
    found = tab.evaluate(_FINDINGS)
    assert found is not None, "no section 'What the re-analysis found' on the first page"
    headings = [h.rstrip("#").strip() for h in found["headings"]]
    assert headings[0] == "What the re-analysis found", headings
    assert headings.index("What the re-analysis found") < headings.index("What this book does")
    assert len(found["items"]) >= 8
    targets = []
    for item in found["items"]:
        assert re.search(r"\d", item["text"]), item["text"]
        assert "glue" not in item["text"] and item["text"].count(".") >= 1, item["text"]
        assert len(item["links"]) == 1, item
        page, _, anchor = item["links"][0].partition("#")
        docname = page.removeprefix(base_url).removesuffix(".html")
        assert docname in CHAPTERS, item["links"][0]
        assert anchor, f"{item['links'][0]}: no anchor"
        targets.append((page, anchor))
    for page, anchor in targets:
        _open(tab, page)
        where = tab.evaluate(
            "id => { const e = document.getElementById(id); "
            "return e ? e.getBoundingClientRect().height + e.textContent.trim().length : null; }",
            anchor,
        )
        assert where is not None, f"{page}: no element with id {anchor!r}"
    assert len({a for _, a in targets}) == len(targets), "two findings link the same place"
