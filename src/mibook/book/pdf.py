"""``make pdf``: the whole book as one PDF, ``_build/html/mibook.pdf``, built offline.

Why this route
--------------
Jupyter Book 1 has two PDF builders, and neither works here. ``--builder pdfhtml`` prints with
pyppeteer, which downloads its own Chromium on first use (no network on the project's machines);
``--builder pdflatex`` needs a TeX installation (pdflatex is not available). So the book is
printed the way a reader's browser would print it, once for the whole book:

1. Jupyter Book's ``singlehtml`` builder writes every page of ``_toc.yml``, in order, into one
   HTML page (``_build/pdf/_build/singlehtml/``), with the executed notebooks' outputs, glued
   numbers and figures, as the site shows them (execution is off: ``mibook build`` ran them);
2. Debian's Chromium (``/usr/bin/chromium``, the one the browser tests use), driven by
   Playwright, opens that page from the file system, with every request outside it refused,
   and prints it to A4 (``page.pdf``): margins, a running head, page numbers, bookmarks from the
   headings. ``book/_static/print.css`` lays the page out for paper: no navigation, tables in a
   smaller font with wrapping cells so that no column is cut off, figures scaled to the width,
   each page of the table of contents on a new sheet.

The PDF is written into ``_build/html`` so that the site links it (the download menu of every
page, the first page, the footer) and it is published with the site. It is a build product,
never committed; ``mibook build`` does not need it. It is rebuilt only when the book's sources
(:func:`mibook.book.hashing.html_sources_hash`), ``CITATION.cff`` or this step's code changed
since the last PDF.

Examples
--------
>>> from mibook.book import pdf
>>> pdf.OUTPUT.relative_to(pdf.paths.ROOT).as_posix()
'_build/html/mibook.pdf'
>>> round(pdf.printable_width_px())
680
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from mibook import markup, paths
from mibook.book.citation import load
from mibook.book.hashing import html_sources_hash
from mibook.book.jupyter_book import jupyter_book_build

OUTPUT = paths.HTML / "mibook.pdf"
#: Where the single-page HTML of the whole book is built (its own doctrees, so that the site's
#: incremental build is not disturbed).
WORK = paths.BUILD / "pdf"
SINGLEHTML = WORK / "_build" / "singlehtml"
STAMP = paths.BUILD / ".mibook-pdf-hash"
CHROMIUM = Path(os.environ.get("MIBOOK_CHROMIUM", "/usr/bin/chromium"))
# Shared with the browser tests (tests/browser/support.py): a new empty profile, and
# Chromium kept off the network it cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A4, with margins wide enough for the running head and the page numbers.
PAPER = {"format": "A4", "width_mm": 210.0, "height_mm": 297.0}
MARGIN_MM = {"top": 18.0, "bottom": 18.0, "left": 15.0, "right": 15.0}
SOURCES = (
    Path(__file__),
    Path(__file__).with_name("sphinx_site.py"),
    Path(__file__).with_name("citation.py"),
)

HEADER = """<div style="font-size:7.5pt; width:100%; margin:0 15mm; color:#555;
 font-family:sans-serif; display:flex; justify-content:space-between;">
<span>{title}</span><span>version {version}, {date}</span></div>"""
FOOTER = """<div style="font-size:7.5pt; width:100%; text-align:center; color:#555;
 font-family:sans-serif;"><span class="pageNumber"></span> / <span class="totalPages"></span>
</div>"""

# The page as printed: the class that print.css keys the whole-book layout on, a cover with the
# citation, folded content opened.
_PREPARE = """(cover) => {
  document.documentElement.classList.add('mibook-whole-book');
  document.documentElement.dataset.theme = 'light';
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  // A line may break after "_" in a table cell (codes such as no_t1_sick_leave_length_6_8m_n),
  // without a character added to the text.
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      if (!node.data.includes('_')) continue;
      const parts = node.data.split(/(?<=_)/);
      const pieces = document.createDocumentFragment();
      parts.forEach((part, i) => {
        pieces.append(part);
        if (i < parts.length - 1) pieces.append(document.createElement('wbr'));
      });
      node.replaceWith(pieces);
    }
  }
  const article = document.querySelector('article.bd-article') || document.querySelector('main')
    || document.body;
  const box = document.createElement('div');
  box.className = 'mibook-cover';
  const title = document.createElement('div');
  title.className = 'mibook-cover-title';
  title.textContent = cover.title;
  box.appendChild(title);
  for (const line of cover.lines) {
    const p = document.createElement('p');
    p.textContent = line;
    box.appendChild(p);
  }
  article.prepend(box);
  document.title = cover.title;
}"""

# A table still wider than the text column may break its words anywhere (print.css).
_SQUEEZE = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const right = article.getBoundingClientRect().right + 1;
  let squeezed = 0;
  for (const table of article.querySelectorAll('table')) {
    if (table.getBoundingClientRect().right > right || table.scrollWidth > table.clientWidth + 1) {
      table.classList.add('mibook-squeeze');
      squeezed += 1;
    }
  }
  return squeezed;
}"""

#: Tables wider than the text column when laid out for print (what would be cut off on paper).
OVERFLOWING_TABLES = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const right = article.getBoundingClientRect().right + 1;
  const out = [];
  for (const table of article.querySelectorAll('table')) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > right || table.scrollWidth > table.clientWidth + 1) {
      const section = table.closest('section');
      out.push({
        section: section ? section.id : '',
        head: (table.querySelector('tr') || table).innerText.replace(/\\s+/g, ' ').slice(0, 80),
        width: Math.round(Math.max(box.width, table.scrollWidth)),
        column: Math.round(article.getBoundingClientRect().width),
      });
    }
  }
  return out;
}"""


def printable_width_px() -> float:
    """The width of the text on an A4 sheet, in CSS pixels (96 per inch).

    Examples
    --------
    >>> printable_width_px() > 600
    True
    """
    width_mm = PAPER["width_mm"] - MARGIN_MM["left"] - MARGIN_MM["right"]
    return width_mm / 25.4 * 96


@dataclass
class PdfResult:
    """What :func:`build_pdf` did."""

    built: bool = False
    path: Path = OUTPUT
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    overflowing: list[dict] = field(default_factory=list)
    failure: str = ""


def pdf_hash(root: Path = paths.ROOT) -> str:
    """The hash that decides whether the PDF must be rebuilt.

    Returns
    -------
    str
        SHA-256 (hex) over the book's sources (:func:`mibook.book.hashing.html_sources_hash`),
        ``CITATION.cff`` and the code of this step (this module, the Sphinx extension, the
        citation reader).
    """
    digest = hashlib.sha256(html_sources_hash(root).encode())
    for path in (root / "CITATION.cff", *SOURCES):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def root_page(root: Path = paths.ROOT) -> str:
    """The root page of ``_toc.yml`` (``book/intro``): the single page is written under its name.

    Examples
    --------
    >>> root_page()
    'book/intro'
    """
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return re.sub(r"\.(md|ipynb|rst)$", "", toc["root"])


def build_singlehtml(root: Path = paths.ROOT, work: Path = WORK) -> tuple[bool, str]:
    """``jupyter-book build --builder singlehtml`` into ``work``, warnings as errors.

    Returns
    -------
    ok : bool
        Whether the build succeeded.
    log : str
        Jupyter Book's standard output and error.
    """
    return jupyter_book_build(root, work, builder="singlehtml")


def whole_book_page(singlehtml: Path = SINGLEHTML, root: Path = paths.ROOT) -> Path:
    """The single page of the whole book, at the root of the ``singlehtml`` output.

    Sphinx's ``singlehtml`` builder writes the page under the root document's name
    (``book/intro.html``) but makes every link in it (stylesheets, figures) relative to the root
    of its output; the page is copied there, as ``mibook.html``, where those links resolve.

    Returns
    -------
    pathlib.Path
        ``singlehtml/mibook.html``.
    """
    source = singlehtml / f"{root_page(root)}.html"
    target = singlehtml / "mibook.html"
    target.write_bytes(source.read_bytes())
    return target


def count_pages(pdf: Path) -> int:
    """The number of pages of a PDF written by Chromium (its page objects, counted).

    Parameters
    ----------
    pdf : pathlib.Path

    Returns
    -------
    int
    """
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def launch(playwright):
    """Debian's Chromium through Playwright, headless, with the browser tests' flags."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(
            f"{CHROMIUM} is missing: run `make browser` (as root or with sudo), or "
            "`apt-get install -y --no-install-recommends chromium`"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )


def open_book(browser, html: Path, width_px: float | None = None):
    """Open the single-page book from the file system, laid out for print; return the tab.

    Every request that is not a file under ``html``'s folder is refused (fonts and scripts of
    CDNs cannot be reached offline anyway). The page is shown in print media, light mode, with
    the whole-book class and cover of :data:`_PREPARE`, at ``width_px`` (default: the text
    width of an A4 sheet, :func:`printable_width_px`).
    """
    cite = load()
    context = browser.new_context(
        viewport={"width": round(width_px or printable_width_px()), "height": 1100},
        color_scheme="light",
    )
    context.set_default_timeout(60_000)
    base = html.parent.resolve().as_uri() + "/"

    def offline(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", offline)
    tab = context.new_page()
    tab.goto(html.resolve().as_uri(), wait_until="load")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
    broken = tab.evaluate(
        "Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src)"
    )
    print_css = tab.evaluate(
        "Array.from(document.querySelectorAll('link[href*=\"print.css\"]')).some(l => l.sheet)"
    )
    if broken or not print_css:
        raise RuntimeError(
            f"{html.name}: _static/print.css did not load, or figures are missing: {broken[:5]}"
        )
    tab.evaluate("document.fonts.ready.then(() => true)")
    tab.emulate_media(media="print", color_scheme="light")
    tab.evaluate(
        _PREPARE,
        {
            "title": cite.title,
            "lines": [
                ", ".join(cite.authors),
                f"Version {cite.version}, released {cite.date_released}",
                cite.book_url,
            ],
        },
    )
    tab.evaluate(_SQUEEZE)
    return tab


def print_pdf(html: Path, target: Path) -> list[dict]:
    """Print the single-page book ``html`` to ``target`` (A4) with Chromium; return the tables
    that do not fit the width of the text (see :data:`OVERFLOWING_TABLES`)."""
    cite = load()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            tab = open_book(browser, html)
            overflowing = tab.evaluate(OVERFLOWING_TABLES)
            tab.pdf(
                path=str(target),
                format=PAPER["format"],
                margin={side: f"{mm}mm" for side, mm in MARGIN_MM.items()},
                display_header_footer=True,
                header_template=HEADER.format(
                    title=markup.html(cite.title),
                    version=markup.html(cite.version),
                    date=markup.html(cite.date_released),
                ),
                footer_template=FOOTER,
                print_background=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return overflowing


def build_pdf(force: bool = False, say=print) -> PdfResult:
    """``make pdf`` after ``mibook build``: write ``_build/html/mibook.pdf``.

    Parameters
    ----------
    force : bool, default False
        Rebuild even when the sources did not change since the last PDF.
    say : callable, default print
        Receives one line of progress at a time.

    Returns
    -------
    PdfResult
        Whether the PDF was built, its pages, size and the time it took, the tables that do not
        fit the width of an A4 sheet, or why it failed (``failure``; nothing is written then).
    """
    result = PdfResult()
    if not (paths.HTML / "index.html").exists():
        result.failure = "no _build/html/index.html: run `mibook build` first"
        return result
    digest = pdf_hash()
    done = OUTPUT.exists() and (SINGLEHTML / "mibook.html").exists() and STAMP.exists()
    if not force and done and STAMP.read_text() == digest:
        say(f"  pdf up to date ({paths.relative_to_root(OUTPUT)})")
        result.pages, result.size = count_pages(OUTPUT), OUTPUT.stat().st_size
        return result
    start = time.perf_counter()
    say("building the whole book as one page (jupyter-book, singlehtml, warnings as errors)")
    ok, log = build_singlehtml()
    if not ok:
        result.failure = "jupyter-book singlehtml build failed:\n" + log.strip()
        return result
    html = whole_book_page()
    say(f"printing {paths.relative_to_root(html)} to A4 with {CHROMIUM}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUTPUT.parent, prefix=".mibook-pdf-") as folder:
        partial = Path(folder) / OUTPUT.name
        try:
            result.overflowing = print_pdf(html, partial)
        except Exception as err:  # Chromium or Playwright missing or failing
            result.failure = f"printing failed: {err}"
            return result
        os.replace(partial, OUTPUT)
    STAMP.write_text(digest)
    result.built = True
    result.pages, result.size = count_pages(OUTPUT), OUTPUT.stat().st_size
    result.seconds = time.perf_counter() - start
    for table in result.overflowing:
        say(
            f"  warning: a table in #{table['section']} is {table['width']} px wide in a "
            f"{table['column']} px column on A4: {table['head']!r}"
        )
    say(
        f"  pdf written to {paths.relative_to_root(OUTPUT)}: {result.pages} pages, "
        f"{result.size / 1e6:.1f} MB ({result.seconds:.1f} s)"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m mibook.book.pdf [--force]``: :func:`build_pdf`; 0 on success, 1 on failure."""
    parser = argparse.ArgumentParser(
        prog="python -m mibook.book.pdf",
        description="The whole book as one PDF, _build/html/mibook.pdf (after `mibook build`).",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    result = build_pdf(force=args.force)
    if result.failure:
        print(result.failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
