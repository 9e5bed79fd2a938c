"""The book's figures as a reader sees them: legible in the column, opened at full size by a click
or the keyboard, and a phone's view of every page with a figure.

Every page of ``_toc.yml`` is opened in headless Chromium (Debian's, driven by Playwright) from
``_build/html`` served on 127.0.0.1, at 1280 × 900 and at 390 × 844 (a phone).

**How text size is checked.** A figure's PNG records the height, in its own pixels, of the
smallest text it draws (:func:`mibook.figures.style.png` computes it from the font size of every
text as it is drawn: points × dpi / 72). The page shows the image ``clientWidth`` CSS pixels wide
of ``naturalWidth``, so that text is shown ``recorded × clientWidth / naturalWidth`` CSS pixels
tall; at 1280 px it must be :data:`mibook.figures.style.MIN_TEXT_PX` (10) or more. An image
without the record fails: it was not made the way the book makes figures.

Screenshots of the phone view land in ``_build/screenshots/phone/``. Select with
``pytest -m browser``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mibook import paths
from mibook.book.sphinx_figures import LINK_CLASS
from mibook.figures import style
from tests.browser import support as bs

pytestmark = pytest.mark.browser

PAGES = [p for p in bs.toc_pages() if p.redirects_to is None]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PHONE_SCREENSHOTS = bs.SCREENSHOTS / "phone"
#: Most Tab presses to reach a page's first figure (the sidebar and header come first).
MAX_TABS = 400

_IMAGES = """() => Array.from(document.querySelectorAll('article.bd-article img')).map(i => ({
  src: i.currentSrc || i.src, naturalWidth: i.naturalWidth, width: i.clientWidth,
  left: i.getBoundingClientRect().left, right: i.getBoundingClientRect().right,
  link: i.closest('a[href]') ? i.closest('a[href]').href : null,
  linkClass: i.closest('a[href]') ? i.closest('a[href]').className : '',
  figureWidth: i.closest('figure, .cell_output') ? (() => {
    const box = i.closest('figure, .cell_output'); const s = getComputedStyle(box);
    return box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })() : null,
}))"""


@pytest.fixture(scope="module")
def site():
    """(browser, base URL) of the built book."""
    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    with bs.serve(paths.HTML) as base_url, bs.chromium() as browser:
        yield browser, base_url


def _context(site, viewport):
    browser, base_url = site
    return bs.offline_context(browser, base_url, viewport["width"], viewport["height"])


def _open(context, url):
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
    return tab


@pytest.fixture(scope="module")
def desktop(site) -> dict[str, list[dict]]:
    """The figures of every page at 1280 px, by page."""
    _, base_url = site
    context = _context(site, DESKTOP)
    shown = {}
    try:
        for page in PAGES:
            tab = _open(context, base_url + page.html)
            shown[page.docname] = tab.evaluate(_IMAGES)
            tab.close()
    finally:
        context.close()
    return shown


def _with_figures(desktop) -> list[bs.Page]:
    return [p for p in PAGES if desktop[p.docname]]


def test_the_chapters_have_their_figures(desktop):
    counts = {name: len(images) for name, images in desktop.items() if images}
    assert sum(counts.values()) >= 7, counts
    for chapter in ("sample_characteristics", "satisfaction_timing", "comparison", "audit"):
        assert counts.get(f"book/{chapter}"), counts


def test_figures_fill_the_column_the_figures_are_drawn_for(desktop):
    """At 1280 px a figure is shown as wide as its box allows, and that box is
    :data:`mibook.figures.style.COLUMN_PX` wide, the width the figures are drawn for."""
    problems = []
    for name, images in desktop.items():
        for image in images:
            if abs(image["figureWidth"] - style.COLUMN_PX) > 2:
                problems.append(f"{name}: the figure's box is {image['figureWidth']} px wide")
            if image["width"] != min(image["figureWidth"], image["naturalWidth"]):
                problems.append(f"{name}: an image shown {image['width']} px wide")
    assert not problems, "\n".join(problems)


def test_every_figure_shows_its_text_at_10_px_or_more(desktop):
    problems, shown = [], []
    for name, images in desktop.items():
        for image in images:
            problems += bs.figure_problems(name, image)
            smallest = bs.smallest_text_px(bs.file_bytes(image["src"]))
            if smallest is not None:
                shown.append(smallest * image["width"] / image["naturalWidth"])
    assert not problems, "\n".join(problems)
    assert shown and min(shown) >= style.MIN_TEXT_PX


def test_every_figure_links_its_full_size_image(desktop):
    problems = []
    for name, images in desktop.items():
        for image in images:
            if image["link"] != image["src"] or LINK_CLASS not in image["linkClass"].split():
                problems.append(f"{name}: {image['src']} links {image['link']!r}")
            if image["naturalWidth"] <= image["width"]:
                problems.append(f"{name}: the full-size image is no larger than the page's")
    assert not problems, "\n".join(problems)


def test_a_click_or_the_keyboard_opens_the_full_size_image(site, desktop):
    """A click on each figure, and Tab … Enter on each page's first, opens the image file alone,
    shown at its own size (twice the page's)."""
    _, base_url = site
    context = _context(site, DESKTOP)
    problems = []
    try:
        for page in _with_figures(desktop):
            for k, image in enumerate(desktop[page.docname]):
                tab = _open(context, base_url + page.html)
                with tab.expect_navigation():
                    tab.locator("article.bd-article img").nth(k).click()
                opened = tab.evaluate(
                    "() => ({url: location.href, type: document.contentType,"
                    " width: document.images.length ? document.images[0].naturalWidth : 0})"
                )
                expected = {
                    "url": image["src"],
                    "type": "image/png",
                    "width": image["naturalWidth"],
                }
                if opened != expected:
                    problems.append(f"{page.docname}: click on figure {k + 1} opened {opened}")
                tab.close()
            tab = _open(context, base_url + page.html)
            for _ in range(MAX_TABS):
                tab.keyboard.press("Tab")
                if tab.evaluate(f"() => document.activeElement.classList.contains('{LINK_CLASS}')"):
                    break
            else:
                problems.append(f"{page.docname}: {MAX_TABS} Tabs did not reach a figure")
                tab.close()
                continue
            focused = tab.evaluate("() => document.activeElement.href")
            with tab.expect_navigation():
                tab.keyboard.press("Enter")
            if tab.url != focused or focused != desktop[page.docname][0]["src"]:
                problems.append(f"{page.docname}: Enter on the first figure opened {tab.url}")
            tab.close()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_phone_screenshots_of_every_page_with_a_figure(site, desktop):
    """At 390 px every figure takes the screen's whole width, and no more (it makes the page
    scroll sideways by nothing); a full-page screenshot of each such page is saved for a reader
    to look at."""
    _, base_url = site
    context = _context(site, PHONE)
    problems, saved = [], []
    try:
        for page in _with_figures(desktop):
            visit = bs.visit(context, base_url, page, PHONE_SCREENSHOTS)
            saved.append(visit.screenshot)
            problems += [f"{page.docname}: {e}" for e in visit.own_errors]
            tab = _open(context, base_url + page.html)
            images = tab.evaluate(_IMAGES)
            tab.close()
            for image in images:
                if (image["width"], image["left"], image["right"]) != (PHONE["width"], 0, 390):
                    problems.append(
                        f"{page.docname}: a figure {image['width']} px wide, from "
                        f"{image['left']} to {image['right']} px"
                    )
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert saved and all(Path(s).stat().st_size > 10_000 for s in saved), saved
