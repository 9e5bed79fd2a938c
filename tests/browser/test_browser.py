"""The built site as a reader sees it: every page of the table of contents opened in headless
Chromium (Debian's, driven by Playwright), served from ``_build/html`` on 127.0.0.1.

Select with ``pytest -m browser``. Screenshots of every page land in ``_build/screenshots/``.
These tests never skip: without Chromium or Playwright they fail and say how to install them
(``make browser`` / ``make test`` do it).
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mibook import paths
from tests.browser import support as bs

pytestmark = pytest.mark.browser

PAGES = bs.toc_pages()
PAGE_IDS = [p.docname for p in PAGES]


@pytest.fixture(scope="session")
def site_html() -> Path:
    """``_build/html``, rebuilt by ``mibook build`` when missing or stale (no-op otherwise)."""
    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    index = paths.HTML / "index.html"
    assert index.is_file(), "mibook build wrote no _build/html/index.html"
    return paths.HTML


@pytest.fixture(scope="module")
def base_url(site_html):
    with bs.serve(site_html) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context(base_url):
    with bs.chromium() as browser:
        context = bs.offline_context(browser, base_url)
        try:
            yield context
        finally:
            context.close()


_visits: dict[str, bs.Visit] = {}


@pytest.fixture
def seen(request, browser_context, base_url) -> bs.Visit:
    """The page of the test's parameter, opened once and shared by every check on it."""
    page = request.param
    if page.docname not in _visits:
        _visits[page.docname] = bs.visit(browser_context, base_url, page)
    return _visits[page.docname]


def each_page(test):
    return pytest.mark.parametrize("seen", PAGES, ids=PAGE_IDS, indirect=True)(test)


_fetched: dict[str, tuple[int, str, str]] = {}


def fetch(url: str) -> tuple[int, str, str]:
    """(status, content type, text) of a URL on the local server, cached."""
    if url not in _fetched:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
                kind = response.headers.get_content_type()
                _fetched[url] = (
                    response.status,
                    kind,
                    body.decode("utf-8", "replace") if kind == "text/html" else "",
                )
        except urllib.error.HTTPError as err:
            _fetched[url] = (err.code, "", "")
    return _fetched[url]


def _ids_of_html(text: str) -> set[str]:
    collector = bs._Collector()
    collector.feed(text)
    return collector.ids


# --- every page in the browser ----------------------------------------------------------------


def test_toc_lists_pages_with_built_html(site_html):
    assert len(PAGES) >= 2
    missing = [p.html for p in PAGES if not (site_html / p.html).is_file()]
    assert not missing, f"pages of _toc.yml without HTML: {missing}"


@each_page
def test_page_loads_without_own_errors(seen):
    assert seen.status == 200, f"{seen.url}: HTTP {seen.status}"
    if seen.page.redirects_to:
        assert seen.final_url.endswith(seen.page.redirects_to)
    assert seen.title.strip(), "empty <title>"
    assert seen.text_length > 200, (
        f"{seen.url}: almost no text in <main> ({seen.text_length} characters)"
    )
    assert not seen.own_errors, "\n".join(seen.own_errors)
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 10_000


@each_page
def test_internal_links_and_anchors_resolve(seen, base_url):
    problems = []
    page_base, _ = bs.strip_fragment(seen.final_url)
    for link in sorted(set(seen.links)):
        target, fragment = bs.strip_fragment(link)
        if target == page_base:
            if fragment and fragment not in seen.ids:
                problems.append(f"{link}: no id {fragment!r} on this page")
            continue
        status, kind, text = fetch(target)
        if status != 200:
            problems.append(f"{link}: HTTP {status}")
        elif fragment and kind == "text/html" and fragment not in _ids_of_html(text):
            problems.append(f"{link}: no id {fragment!r} on {target}")
    assert not problems, "\n".join(problems)


@each_page
def test_images_load_and_have_alt_text(seen):
    problems = []
    for image in seen.images:
        name = image["src"].rsplit("/", 1)[-1]
        if not image["complete"] or image["naturalWidth"] == 0:
            problems.append(f"{image['src']}: did not load")
        alt = (image["alt"] or "").strip()
        if not alt:
            problems.append(f"{name}: no alt text")
        elif re.fullmatch(r"\S+\.(png|jpe?g|svg|gif|webp)", alt, re.I):
            problems.append(f"{name}: alt text is a file name ({alt!r}), not a description")
    assert not problems, "\n".join(problems)


@each_page
def test_cell_outputs_show_no_traceback_or_warning(seen):
    problems = []
    for output in seen.outputs:
        classes = output["classes"].split()
        if {"stderr", "traceback", "error"} & set(classes):
            problems.append(f"an output of kind {output['classes']!r}: {output['text'][:200]!r}")
        for match in bs.OUTPUT_PROBLEM.finditer(output["text"]):
            start = max(match.start() - 80, 0)
            problems.append(
                f"{match.group(0)!r} in an output: …{output['text'][start : match.end() + 80]!r}…"
            )
    assert not problems, "\n".join(problems)


@each_page
def test_glued_numbers_are_rendered(seen):
    assert not seen.raw_glue, f"unrendered glue in the prose: {seen.raw_glue}"
    empty = [p for p in seen.pasted if not p["text"] and not p["hasImage"]]
    assert not empty, f"{len(empty)} empty glue element(s) on {seen.url}"
    placeholders = [
        p["text"]
        for p in seen.pasted
        if re.search(r"glue|not found|<no value>|Traceback", p["text"], re.I)
    ]
    assert not placeholders, f"glue placeholders instead of values: {placeholders}"
    if seen.page.uses_glue:
        assert seen.pasted, f"{seen.page.source.name} uses glue but {seen.url} shows no glued value"


# --- the built HTML as files ------------------------------------------------------------------


def test_every_local_link_and_anchor_in_the_built_html_resolves(site_html):
    """Internal link check of every HTML file (genindex and search included). Sphinx's
    ``linkcheck`` builder is no substitute: it leaves local links unchecked and needs the network
    for external ones."""
    problems = bs.local_link_problems(site_html)
    assert not problems, "\n".join(problems[:50])


def test_jupyter_book_build_passes_with_warnings_as_errors(tmp_path):
    """A fresh ``jupyter-book build --warningiserror`` of the committed book (what ``mibook
    build`` runs) succeeds and prints no warning."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [
            str(jupyter_book),
            "build",
            str(paths.ROOT),
            "--warningiserror",
            "--keep-going",
            "--path-output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    assert "WARNING" not in log, log[-5000:]
    assert (tmp_path / "_build" / "html" / "index.html").is_file()
