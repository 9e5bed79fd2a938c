"""A report about a user's study (issue 15), opened as a reader who was handed it would: from the
file system, with no server.

One ``mibook run`` on the worked example of the rerun guide (``book/examples/pilot_survey.csv``
with its codebook) and a small comparison file; then every HTML page of the report is opened from
``file://`` in headless Chromium (Debian's, with the project's launch flags), at 1280 px and at
390 px, with every request outside the report's folder aborted. Checked: no console error of the
report's own (the known third-party errors aside), every image loaded with alt text, every link
and #anchor resolving, the CSV links of the chapters giving the bytes of ``tables/<name>.csv``, no
traceback or Python warning on a page, the "About the published studies" page last in the
navigation with its doi.org links; ``report.zip`` holding exactly ``html/``, ``tables/`` and
``notebooks/``; and a second identical run giving a byte-identical ``report.zip``.

Full-page screenshots land in ``_build/screenshots/report/1280/`` and ``…/390/``.
Select with ``pytest -m browser``.
"""

from __future__ import annotations

import csv
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from mibook import paths
from tests.browser import support as bs
from tests.helpers import run_cli

pytestmark = pytest.mark.browser

SCREENSHOTS = bs.SCREENSHOTS / "report"
EXAMPLES = paths.ROOT / "book" / "examples"
WIDTHS = (1280, 390)
ABOUT = "about_published_studies"
DOIS = (
    "https://doi.org/10.1007/s10926-017-9731-0",
    "https://doi.org/10.1007/s10926-021-09964-9",
)
COMPARISON_ROWS = [
    ["study", "country", "re_aim_dimension", "theme", "kind", "finding", "source"],
    ["Jobbsenter Vest pilot", "Norway", "adoption", "workload", "barrier", "Little time.", "Int."],
    [
        "Jobbsenter Vest pilot",
        "Norway",
        "implementation",
        "training",
        "facilitator",
        "Good.",
        "Int.",
    ],
    [
        "Jobbsenter Vest pilot",
        "Norway",
        "context",
        "parking",
        "fact",
        "Offices far apart.",
        "Survey",
    ],
]
#: Python's warning lines ("UserWarning: …", "warnings.warn(") and tracebacks, anywhere on a page.
PYTHON_TROUBLE = re.compile(r"Traceback \(most recent call last\)|\b\w+Warning: |warnings\.warn")


def run_report(folder: Path, out: Path):
    comparison = folder / "comparison.csv"
    if not comparison.exists():
        with comparison.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(COMPARISON_ROWS)
    return run_cli(
        "run",
        "--respondents",
        EXAMPLES / "pilot_survey.csv",
        "--codebook",
        EXAMPLES / "pilot_codebook.yaml",
        "--comparison",
        comparison,
        "--out",
        out,
        timeout=900,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report_pages")
    out = folder / "report"
    result = run_report(folder, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (out / "html" / "index.html").is_file()
    return out


def pages_of(report: Path) -> list[str]:
    """Every HTML page of the report (docname), the themes' assets and page sources aside."""
    html = report / "html"
    return sorted(
        p.relative_to(html).with_suffix("").as_posix()
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in ("_static", "_sources")
    )


def chapter_pages(report: Path) -> list[str]:
    return [p for p in pages_of(report) if p.startswith("report_")]


@pytest.fixture(scope="module")
def base_url(report) -> str:
    return (report / "html").resolve().as_uri() + "/"


@pytest.fixture(scope="module")
def browser():
    with bs.chromium() as chromium:
        yield chromium


_NAV = """() => Array.from(
  document.querySelectorAll('.bd-sidebar-primary li.toctree-l1 > a, nav.bd-links li.toctree-l1 > a')
).map(a => a.href)"""
_TEXT = "() => (document.querySelector('main') || document.body).innerText"
_HREFS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


@pytest.fixture(scope="module")
def visits(report, browser, base_url) -> dict[tuple[str, int], dict]:
    """Every page at both widths, opened once: the support module's visit (errors, images,
    links, ids, outputs, screenshot), the page's navigation and its text."""
    outside: list[str] = []
    seen = {}
    for width in WIDTHS:
        context = bs.offline_context(browser, base_url, width, blocked=outside)
        try:
            for name in pages_of(report):
                visit = bs.visit(context, base_url, bs.Page(name), SCREENSHOTS / str(width))
                tab = context.new_page()
                try:
                    tab.goto(base_url + f"{name}.html", wait_until="load")
                    nav = tab.evaluate(_NAV)
                    text = tab.evaluate(_TEXT)
                    hrefs = tab.evaluate(_HREFS)
                finally:
                    tab.close()
                seen[(name, width)] = {"visit": visit, "nav": nav, "text": text, "hrefs": hrefs}
        finally:
            context.close()
    seen[("outside", 0)] = {"requests": sorted(set(outside))}
    return seen


def each(visits):
    return [(k, v) for k, v in visits.items() if k != ("outside", 0)]


# --- the report as files ---------------------------------------------------------------------


def test_the_report_has_its_pages(report):
    pages = pages_of(report)
    assert chapter_pages(report) == [
        "report_comparison",
        "report_sample_characteristics",
        "report_satisfaction_timing",
    ], pages
    assert {"index", ABOUT, "search", "genindex"} <= set(pages), pages
    assert "miti_fidelity" not in pages and "audit" not in pages, pages


def test_every_local_link_and_anchor_of_the_report_resolves(report):
    problems = bs.local_link_problems(report / "html")
    assert not problems, "\n".join(problems[:50])


class _Links(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_csv_link_of_a_chapter_gives_the_table_itself(report):
    html = report / "html"
    problems, linked = [], {}
    for name in chapter_pages(report):
        page = html / f"{name}.html"
        hrefs = [
            h
            for h in _Links(page.read_text(encoding="utf-8")).hrefs
            if urlsplit(h).path.endswith(".csv")
        ]
        if not hrefs:
            problems.append(f"{name}: no CSV link")
        for href in hrefs:
            assert bs.is_local(href), f"{name}: {href} is not inside the report"
            target = (page.parent / unquote(urlsplit(href).path)).resolve()
            table = report / "tables" / target.name
            linked.setdefault(name, set()).add(target.name)
            if not target.is_file():
                problems.append(f"{name}: {href} names no file")
            elif not table.is_file():
                problems.append(f"{name}: {href} has no tables/{target.name}")
            elif target.read_bytes() != table.read_bytes():
                problems.append(f"{name}: {href} differs from tables/{target.name}")
    assert not problems, "\n".join(problems)
    assert "benchmark.csv" in linked["report_sample_characteristics"]
    assert "benchmark.csv" in linked["report_satisfaction_timing"]
    assert "shared_themes.csv" in linked["report_comparison"]


def test_the_pages_show_no_traceback_or_python_warning(report):
    problems = []
    for name in pages_of(report):
        text = re.sub(r"<[^>]+>", " ", (report / "html" / f"{name}.html").read_text("utf-8"))
        for match in PYTHON_TROUBLE.finditer(text):
            problems.append(f"{name}: …{text[max(match.start() - 80, 0) : match.end() + 80]}…")
    assert not problems, "\n".join(problems)


def test_the_zip_holds_exactly_the_report(report):
    on_disk = {
        p.relative_to(report).as_posix(): p.read_bytes()
        for part in ("html", "tables", "notebooks")
        for p in (report / part).rglob("*")
        if p.is_file()
    }
    with zipfile.ZipFile(report / "report.zip") as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), "a file twice in the zip"
        assert set(names) == set(on_disk), (
            sorted(set(names) ^ set(on_disk))[:20],
            "differ between report.zip and the folder",
        )
        different = [n for n in names if archive.read(n) != on_disk[n]]
    assert not different, f"bytes differ in the zip: {different[:20]}"
    assert any(n.startswith("tables/benchmark.csv") for n in names)


def test_the_same_command_again_gives_a_byte_identical_zip(report):
    """The same command (same input files, same --out, which it replaces) a second time."""
    first = (report / "report.zip").read_bytes()
    again = run_report(report.parent, report)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert (report / "report.zip").read_bytes() == first, "report.zip changed on a rerun"


# --- in the browser ------------------------------------------------------------------------


def test_every_page_opens_from_the_file_system_without_errors(visits):
    problems = []
    for (name, width), seen in each(visits):
        visit = seen["visit"]
        problems += [f"{name} @{width}: {e}" for e in visit.own_errors]
        if visit.text_length < 100 and name not in ("search", "genindex"):
            problems.append(f"{name} @{width}: almost no text ({visit.text_length})")
        if visit.screenshot is None or visit.screenshot.stat().st_size < 5_000:
            problems.append(f"{name} @{width}: no usable screenshot")
    assert not problems, "\n".join(problems)


def test_every_image_loads_and_has_alt_text(visits):
    problems = []
    for (name, width), seen in each(visits):
        for image in seen["visit"].images:
            file = image["src"].rsplit("/", 1)[-1]
            if not image["complete"] or image["naturalWidth"] == 0:
                problems.append(f"{name} @{width}: {file} did not load")
            alt = (image["alt"] or "").strip()
            if not alt or re.fullmatch(r"\S+\.(png|jpe?g|svg|gif|webp)", alt, re.I):
                problems.append(f"{name} @{width}: {file} has alt text {alt!r}")
    assert not problems, "\n".join(problems)
    chapters = [s for (n, _), s in each(visits) if n.startswith("report_")]
    assert all(s["visit"].images for s in chapters), "a chapter page shows no figure"


def test_every_figure_is_legible_and_opens_its_full_size_image(visits):
    """As in the book (``test_figures_in_browser.py``): at 1280 px every figure shows its smallest
    text at 10 px or more, and every image links its own file; at 390 px it fills the screen's
    width exactly."""
    problems, figures = [], 0
    for (name, width), seen in each(visits):
        for image in seen["visit"].images:
            figures += 1
            if width == 1280:
                problems += bs.figure_problems(f"{name} @{width}", image)
            elif (image["width"], image["left"]) != (width, 0):
                problems.append(
                    f"{name} @{width}: a figure {image['width']} px wide from {image['left']} px"
                )
    assert not problems, "\n".join(problems)
    assert figures >= 2 * 5, figures


def test_every_link_the_browser_sees_resolves(visits, report):
    """Every link of a page that is not to the web (http, https, mailto) names a file inside the
    report's html folder, and its #anchor an id there."""
    html = (report / "html").resolve()
    problems = []
    for (name, width), seen in each(visits):
        for link in sorted(set(seen["hrefs"])):
            if urlsplit(link).scheme in ("http", "https", "mailto"):
                continue
            if urlsplit(link).scheme != "file":
                problems.append(f"{name} @{width}: {link} is neither a file nor a web address")
                continue
            target_url, fragment = bs.strip_fragment(link)
            target = Path(unquote(urlsplit(target_url).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_relative_to(html):
                problems.append(f"{name} @{width}: {link} leaves the report's html folder")
            elif not target.is_file():
                problems.append(f"{name} @{width}: {link} names no file")
            elif fragment and target.suffix == ".html":
                ids = seen["visit"].ids if target.stem == name else bs.parse_html(target).ids
                if fragment not in ids:
                    problems.append(f"{name} @{width}: {link}: no id {fragment!r}")
    assert not problems, "\n".join(problems)
    assert any(h.endswith(".csv") for s in visits.values() for h in s.get("hrefs", []))


def test_no_cell_output_is_an_error_or_a_warning(visits):
    problems = []
    for (name, width), seen in each(visits):
        for output in seen["visit"].outputs:
            if {"stderr", "traceback", "error"} & set(output["classes"].split()):
                problems.append(f"{name} @{width}: output {output['classes']!r}")
            for match in bs.OUTPUT_PROBLEM.finditer(output["text"]):
                problems.append(f"{name} @{width}: {match.group(0)!r} in an output")
        if PYTHON_TROUBLE.search(seen["text"]):
            problems.append(f"{name} @{width}: {PYTHON_TROUBLE.search(seen['text']).group(0)!r}")
    assert not problems, "\n".join(problems)


def test_the_about_page_is_last_in_the_navigation_and_links_the_dois(visits):
    problems = []
    for (name, width), seen in each(visits):
        nav = [urlsplit(h).path.rsplit("/", 1)[-1] for h in seen["nav"]]
        if not nav:
            problems.append(f"{name} @{width}: no navigation found")
        elif nav[-1] != f"{ABOUT}.html":
            problems.append(f"{name} @{width}: the navigation ends with {nav[-1]!r}: {nav}")
    assert not problems, "\n".join(problems)
    about = visits[(ABOUT, 1280)]["hrefs"]
    for doi in DOIS:
        assert doi in about, (doi, [h for h in about if "doi" in h])


def test_the_about_page_links_the_doi_addresses(report):
    hrefs = _Links((report / "html" / f"{ABOUT}.html").read_text("utf-8")).hrefs
    for doi in DOIS:
        assert doi in hrefs, (doi, [h for h in hrefs if "doi" in h])


def test_the_report_needs_nothing_from_outside_its_folder(visits):
    """Opened with every request outside the report's folder refused, no page had an error of
    its own (above); this records what the pages tried to fetch elsewhere, which must be only
    optional extras (none of them a stylesheet or script of the report)."""
    requests = visits[("outside", 0)]["requests"]
    essential = [u for u in requests if not u.startswith(("http://", "https://"))]
    assert not essential, f"requests for local files outside the report: {essential}"
