"""Helpers for tests/browser/test_browser.py: the pages of the table of contents, a static server
for ``_build/html`` on 127.0.0.1, headless Debian Chromium driven by Playwright, and a parser for
the links and ids of built HTML files.

Chromium comes from Debian (``make browser`` installs it): Playwright's own browser download
does not work on the project's machines, so the tests launch ``/usr/bin/chromium``.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import sys
import threading
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from PIL import Image

from mibook import paths
from mibook.book import pdf

# The browser the PDF is printed with, launched the same way (re-exported for the tests).
from mibook.book.pdf import CHROMIUM as CHROMIUM
from mibook.book.pdf import CHROMIUM_ARGS as CHROMIUM_ARGS
from mibook.figures import style

SCREENSHOTS = paths.BUILD / "screenshots"
SOURCE_SUFFIXES = (".ipynb", ".md", ".rst")
# Errors that pinned third-party packages raise on every page, matched exactly so that anything
# else still fails. Both are harmless to a reader; each visit records them in ``known_errors``.
KNOWN_THIRD_PARTY_ERRORS = {
    # sphinx-thebe 0.3.1 under Sphinx 7.4 writes its inline config script twice into <head>;
    # the second `const` declaration throws, the first one stands and thebe still works.
    "sphinx-thebe inline config written twice": re.compile(
        r"^Identifier 'THEBE_JS_URL' has already been declared$"
    ),
    # pydata-sphinx-theme 0.17 on a first visit (empty localStorage) without
    # html_context.default_mode: it logs this, then falls back to "auto" as intended.
    "pydata-sphinx-theme first-visit mode": re.compile(
        r"^Got invalid theme mode: \. Resetting to auto\.$"
    ),
}
# Text in a cell output that means something went wrong while the notebook ran.
OUTPUT_PROBLEM = re.compile(r"Traceback|\w*Error\b|\w*Warning\b|warnings\.warn")


@dataclass(frozen=True)
class Page:
    """One page of the book: ``docname`` as in ``_toc.yml`` without suffix, or ``index``."""

    docname: str
    source: Path | None = None
    redirects_to: str | None = None

    @property
    def html(self) -> str:
        return f"{self.docname}.html"

    @property
    def uses_glue(self) -> bool:
        if self.source is None:
            return False
        text = self.source.read_text(encoding="utf-8")
        return "{glue" in text or "glue(" in text


def _source(root: Path, entry: str) -> tuple[str, Path | None]:
    """(docname, source file) of a ``_toc.yml`` entry; the file is None when it does not exist
    (the page's tests then fail: its HTML is missing)."""
    candidate = root / entry
    if candidate.suffix in SOURCE_SUFFIXES:
        return candidate.relative_to(root).with_suffix(
            ""
        ).as_posix(), candidate if candidate.is_file() else None
    for suffix in SOURCE_SUFFIXES:
        path = root / f"{entry}{suffix}"
        if path.is_file():
            return entry, path
    return entry, None


def toc_pages(root: Path = paths.ROOT) -> list[Page]:
    """Every page of ``_toc.yml`` (root, parts, chapters, sections, globs), then ``index``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    sources: list[tuple[str, Path | None]] = []

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "file" in node:
                sources.append(_source(root, node["file"]))
            if "glob" in node:
                sources.extend(
                    _source(root, p.relative_to(root).as_posix())
                    for p in sorted(root.glob(node["glob"]))
                    if p.suffix in SOURCE_SUFFIXES
                )
            for key in ("parts", "chapters", "sections"):
                if key in node:
                    walk(node[key])

    sources.append(_source(root, toc["root"]))
    walk(toc)
    pages, seen = [], set()
    for name, source in sources:
        if name not in seen:
            seen.add(name)
            pages.append(Page(name, source))
    pages.append(Page("index", None, redirects_to=pages[0].html))
    return pages


def build_site(timeout: int = 900) -> subprocess.CompletedProcess:
    """``mibook build``: a no-op when ``_build/html`` is up to date, a rebuild when stale."""
    return subprocess.run(
        [sys.executable, "-m", "mibook", "build"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=timeout,
    )


@contextmanager
def chromium():
    """Debian's Chromium, headless, through Playwright (:func:`mibook.book.pdf.launch`); closed
    on exit. A missing browser fails the test with how to install it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browser` (as root or with sudo), or "
            "`apt-get update && apt-get install -y --no-install-recommends chromium`",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright  # heavy: only when a browser test runs

    with sync_playwright() as playwright:
        browser = pdf.launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, base_url: str, width: int = 1280, height: int = 900, blocked=None):
    """A new browser context at ``width`` × ``height`` that reaches only ``base_url``.

    Every other request (CDNs for MathJax, fonts, thebe) is aborted at once, which keeps each
    page fast and the run deterministic; its URL is appended to ``blocked`` when one is given.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)

    def keep_offline(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(route.request.url)
            route.abort()

    context.route("**/*", keep_offline)
    return context


@contextmanager
def offline_tab(base_url: str, width: int = 1280):
    """One tab of a new Chromium at ``width`` × 900 that reaches only ``base_url``."""
    with chromium() as browser:
        context = offline_context(browser, base_url, width)
        try:
            yield context.new_page()
        finally:
            context.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL (ends with /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- links and ids of built HTML files ------------------------------------------------------

_LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute and attributes.get(attribute):
            self.links.append((tag, attributes[attribute]))


@functools.cache
def parse_html(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector


def is_local(ref: str) -> bool:
    """A reference inside the site: no scheme (http, mailto, data, javascript) and no host."""
    split = urlsplit(ref)
    return not split.scheme and not split.netloc


def local_link_problems(html_root: Path) -> list[str]:
    """Every ``href``/``src`` to a local file in every HTML file under ``html_root`` must name a
    file that exists inside the site, and every ``#anchor`` into an HTML file an id on it."""
    html_root = html_root.resolve()
    problems = []
    for page in sorted(html_root.rglob("*.html")):
        if page.relative_to(html_root).parts[0] in ("_static", "_sources"):
            continue  # the themes' Jinja macro files and page sources, not pages
        where = page.relative_to(html_root).as_posix()
        for tag, ref in parse_html(page).links:
            if not is_local(ref):
                continue
            split = urlsplit(ref)
            target = (page.parent / unquote(split.path)).resolve() if split.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(html_root):
                problems.append(f"{where}: <{tag}> {ref!r} points outside the site")
            elif not target.is_file():
                problems.append(f"{where}: <{tag}> {ref!r} names a missing file")
            elif (
                split.fragment
                and target.suffix == ".html"
                and unquote(split.fragment) not in parse_html(target).ids
            ):
                problems.append(
                    f"{where}: <{tag}> {ref!r}: no id {unquote(split.fragment)!r} "
                    f"on {target.relative_to(html_root).as_posix()}"
                )
    return problems


# --- one page in the browser ----------------------------------------------------------------


@dataclass
class Visit:
    """What a reader's browser saw on one page."""

    page: Page
    url: str
    final_url: str = ""
    status: int | None = None
    title: str = ""
    text_length: int = 0
    own_errors: list[str] = field(default_factory=list)
    known_errors: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    images: list[dict] = field(default_factory=list)
    outputs: list[dict] = field(default_factory=list)
    pasted: list[dict] = field(default_factory=list)
    raw_glue: list[str] = field(default_factory=list)
    screenshot: Path | None = None


def _is_own(url: str, base_url: str) -> bool:
    return url.startswith(base_url)


_URL = re.compile(r"https?://[^\s'\")]+")


def _known(text: str) -> str | None:
    for name, pattern in KNOWN_THIRD_PARTY_ERRORS.items():
        if pattern.search(text.strip()):
            return name
    return None


def _mentions_only_external(text: str, base_url: str) -> bool:
    urls = _URL.findall(text)
    return bool(urls) and not any(_is_own(u, base_url) for u in urls)


_PAGE_STATE = """() => {
  const main = document.querySelector('main') || document.body;
  const prose = main.cloneNode(true);
  prose.querySelectorAll('pre, code, .highlight, script, style').forEach(e => e.remove());
  const text = prose.textContent;
  const rawGlue = [];
  for (const m of text.matchAll(/.{0,40}\\{glue[^}]*\\}.{0,40}/g)) rawGlue.push(m[0]);
  return {
    title: document.title,
    textLength: main.innerText.trim().length,
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id)
      .concat(Array.from(document.querySelectorAll('a[name]')).map(a => a.name)),
    images: Array.from(document.images).map(i => ({
      src: i.currentSrc || i.src, alt: i.getAttribute('alt'),
      naturalWidth: i.naturalWidth, complete: i.complete, width: i.clientWidth,
      left: i.getBoundingClientRect().left,
      link: i.closest('a[href]') ? i.closest('a[href]').href : null})),
    // An admonition the notebook displays on purpose ("Warning", "Note") is prose, not a
    // warning raised while it ran: its title is left out of the text searched.
    outputs: Array.from(document.querySelectorAll('.cell_output, div.output')).map(e => {
      const copy = e.cloneNode(true);
      copy.querySelectorAll('.admonition-title').forEach(t => t.remove());
      return {classes: e.className, text: copy.textContent};
    }),
    pasted: Array.from(document.querySelectorAll('.pasted-text, .pasted-inline')).map(e => ({
      classes: e.className, text: e.textContent.trim(),
      hasImage: e.querySelector('img, svg') !== null})),
    rawGlue: rawGlue,
  };
}"""


def visit(context, base_url: str, page: Page, screenshot_dir: Path = SCREENSHOTS) -> Visit:
    """Open ``page`` in a new tab, wait until the network is idle, record what it shows and save
    a full-page screenshot under ``screenshot_dir/<docname>.png``."""
    result = Visit(page=page, url=base_url + page.html)
    tab = context.new_page()

    def on_console(message):
        if message.type != "error":
            return
        location = (message.location or {}).get("url", "")
        if location and not _is_own(location, base_url):
            return  # an external script's own complaint
        if _mentions_only_external(message.text, base_url):
            return  # e.g. a CDN (MathJax, fonts, thebe) that cannot be reached offline
        if known := _known(message.text):
            result.known_errors.append(known)
            return
        result.own_errors.append(f"console error: {message.text} ({location or 'no location'})")

    def on_page_error(error):
        stack = getattr(error, "stack", "") or str(error)
        if _mentions_only_external(stack, base_url):
            return
        if known := _known(getattr(error, "message", "") or str(error)):
            result.known_errors.append(known)
            return
        result.own_errors.append(f"uncaught exception: {error}")

    def on_response(response):
        if _is_own(response.url, base_url) and response.status >= 400:
            result.own_errors.append(f"HTTP {response.status} for {response.url}")

    def on_request_failed(request):
        if _is_own(request.url, base_url):
            result.own_errors.append(f"request failed: {request.url} ({request.failure})")

    tab.on("console", on_console)
    tab.on("pageerror", on_page_error)
    tab.on("response", on_response)
    tab.on("requestfailed", on_request_failed)
    try:
        response = tab.goto(result.url, wait_until="load")
        result.status = response.status if response is not None else None
        if page.redirects_to:
            tab.wait_for_url(base_url + page.redirects_to)
        tab.wait_for_load_state("networkidle")
        tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
        state = tab.evaluate(_PAGE_STATE)
        result.final_url = tab.url
        result.title = state["title"]
        result.text_length = state["textLength"]
        result.links = [u for u in state["links"] if _is_own(u, base_url)]
        result.ids = set(state["ids"])
        result.images = state["images"]
        result.outputs = state["outputs"]
        result.pasted = state["pasted"]
        result.raw_glue = state["rawGlue"]
        result.screenshot = screenshot_dir / f"{page.docname}.png"
        result.screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(result.screenshot), full_page=True)
    finally:
        tab.close()
    return result


# --- figures ------------------------------------------------------------------------------------


def file_bytes(url: str) -> bytes:
    """The bytes behind a ``file://`` or ``http://`` address of a page's resource."""
    split = urlsplit(url)
    if split.scheme == "file":
        return Path(unquote(split.path)).read_bytes()
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def smallest_text_px(png: bytes) -> float | None:
    """The height, in the image's own pixels, of the smallest text of a figure's PNG, as
    :func:`mibook.figures.style.png` records it; None for an image without the record."""
    value = Image.open(io.BytesIO(png)).info.get(style.PNG_KEY)
    return float(value) if value not in (None, "none") else None


def figure_problems(name: str, image: dict) -> list[str]:
    """What is wrong with one figure ``<img>`` as a browser shows it (a dict of the visit's
    ``images``): its smallest text under :data:`mibook.figures.style.MIN_TEXT_PX` CSS pixels
    at the width it is shown, or no link to its own file."""
    file = image["src"].rsplit("/", 1)[-1][:16]
    problems = []
    smallest = smallest_text_px(file_bytes(image["src"]))
    if smallest is None:
        problems.append(f"{name}: {file} carries no record of its text size")
    elif image["naturalWidth"]:
        shown = smallest * image["width"] / image["naturalWidth"]
        if shown < style.MIN_TEXT_PX:
            problems.append(
                f"{name}: {file} is shown {image['width']} px wide of {image['naturalWidth']}, "
                f"its smallest text {shown:.1f} px"
            )
    if image["link"] != image["src"]:
        problems.append(f"{name}: {file} links {image['link']!r}, not its own file")
    return problems


def strip_fragment(url: str) -> tuple[str, str]:
    base, fragment = urldefrag(url)
    return base, unquote(fragment)
