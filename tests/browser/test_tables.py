"""Tables as a reader sees them, in headless Chromium (Debian's, driven by Playwright): every page
of the book's table of contents, served from ``_build/html``, and every chapter of a ``mibook run``
report about a study with everything a file may hold (coders, dates, behaviour counts, a theme of
its own), opened from the file system.

Checked on every page:

* at 1280 px, every table fits the text column (``article.bd-article``): it needs no sideways
  scrolling and its box ends inside the column;
* no table has a header row whose cells are all empty, or all empty but one (the row of index
  names that pandas writes above a table's columns);
* at 390 px, every table wider than the column scrolls sideways inside its own box, which ends
  inside the column (a table never widens the page), and that box carries the cue of
  ``book/_static/tables.css``: scroll shadows (background layers of which some move with the
  content, ``background-attachment: local``) over rows that let them show through (no opaque row
  background);
* on the chapter pages (the part "Chapters" of ``_toc.yml``, appendix pages aside) and the report's
  chapters, no word of the program (snake_case, such as ``not_computable``) in the text outside
  ``code`` and ``pre``. A file name (``miti_sessions.csv``) is not such a word: its dot shows it is
  a file, and the reader needs it to find the file. :data:`ALLOWED` lists any other exception
  (none at present).

Screenshots of the tables at 390 px land in ``_build/screenshots/tables/``.
Select with ``pytest -m browser``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mibook import paths
from mibook.inputs.contracts import MITI_COUNTS, MITI_GLOBALS
from tests.browser import support as bs
from tests.helpers import run_cli

pytestmark = pytest.mark.browser

DESKTOP, PHONE = 1280, 390
SCREENSHOTS = bs.SCREENSHOTS / "tables"
EXAMPLES = paths.ROOT / "book" / "examples"
PAGES = [p for p in bs.toc_pages() if p.redirects_to is None]
#: snake_case words a chapter page may show outside code, each with the reason. None at present.
ALLOWED: dict[str, str] = {}
#: A word of the program; a file name (a word followed by ``.csv`` and the like) is not one.
PROGRAM_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.\w)")


def chapter_pages(root: Path = paths.ROOT) -> list[str]:
    """The docnames of the part "Chapters" of ``_toc.yml``, appendix pages aside."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = []
    for part in toc.get("parts", []):
        if part.get("caption") == "Chapters":
            names += [Path(c["file"]).with_suffix("").as_posix() for c in part["chapters"]]
    return [n for n in names if "appendix" not in n.rsplit("/", 1)[-1]]


CHAPTERS = chapter_pages()

# What a page shows of its tables, and its text outside code.
_STATE = r"""() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const a = article.getBoundingClientRect();
  const pad = getComputedStyle(article);
  const columnRight = a.right - parseFloat(pad.paddingRight);
  const columnWidth =
    article.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
  const alpha = c => {
    if (!c || c === 'transparent') return 0;
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return 1;
    const parts = m[1].split(/[ ,\/]+/).filter(Boolean);
    return parts.length > 3 ? parseFloat(parts[3]) : 1;
  };
  const tables = Array.from(article.querySelectorAll('table')).map((t, i) => {
    const r = t.getBoundingClientRect();
    let box = t;
    const scrolling = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    while (box && box !== article && !scrolling(box)) {
      box = box.parentElement;
    }
    const boxStyle = box && box !== article ? getComputedStyle(box) : null;
    const heads = Array.from(t.querySelectorAll('thead tr')).map(
      tr => Array.from(tr.children).map(c => c.textContent.trim()));
    const opaqueRows = Array.from(t.querySelectorAll('tr')).filter(
      tr => alpha(getComputedStyle(tr).backgroundColor) >= 1).length
      + Array.from(t.querySelectorAll('th, td')).filter(
      c => alpha(getComputedStyle(c).backgroundColor) >= 1).length;
    return {
      index: i,
      head: heads.map(h => h.join(' | ')).join(' / ').slice(0, 120),
      heads,
      scrollWidth: t.scrollWidth,
      clientWidth: t.clientWidth,
      left: r.left, right: r.right,
      scrolls: t.scrollWidth > t.clientWidth + 1,
      box: boxStyle ? {
        tag: box.tagName, overflowX: boxStyle.overflowX,
        attachment: boxStyle.backgroundAttachment, image: boxStyle.backgroundImage,
        right: box.getBoundingClientRect().right,
      } : null,
      opaqueRows,
    };
  });
  const prose = article.cloneNode(true);
  prose.querySelectorAll('pre, code, .highlight, script, style').forEach(e => e.remove());
  return {
    columnRight, columnLeft: a.left + parseFloat(pad.paddingLeft), columnWidth,
    tables, text: prose.textContent,
  };
}"""


def _look(browser, base_url: str, names: list[str], shots: Path) -> dict:
    """Every page of ``names`` at both widths: what :data:`_STATE` returns, by (name, width)."""
    seen = {}
    for width in (DESKTOP, PHONE):
        context = bs.offline_context(browser, base_url, width)
        try:
            for name in names:
                tab = context.new_page()
                try:
                    tab.goto(base_url + f"{name}.html", wait_until="load")
                    tab.wait_for_load_state("networkidle")
                    state = tab.evaluate(_STATE)
                    if width == PHONE:
                        for table in state["tables"]:
                            if table["scrolls"]:
                                path = shots / f"{name.replace('/', '_')}-{table['index']}.png"
                                path.parent.mkdir(parents=True, exist_ok=True)
                                tab.locator("article.bd-article table").nth(
                                    table["index"]
                                ).screenshot(path=str(path))
                finally:
                    tab.close()
                seen[(name, width)] = state
        finally:
            context.close()
    return seen


@pytest.fixture(scope="module")
def book_pages() -> dict:
    """Every page of the book at both widths (``mibook build`` first; a no-op when up to date)."""
    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    with bs.serve(paths.HTML) as base_url, bs.chromium() as browser:
        return _look(browser, base_url, [p.docname for p in PAGES], SCREENSHOTS / "book")


def _miti_file(path: Path) -> None:
    """30 sessions of three caseworkers, every rating and count, a date each, 6 rated twice."""
    counts, ratings = MITI_COUNTS, MITI_GLOBALS
    rows = []
    for k in range(30):
        row = {
            "session_id": f"S{k + 1:02d}",
            "caseworker_id": ["Kari Nordmann", "Ola", "Bjørn"][k % 3],
            "coder_id": "Coder One",
            "date": (pd.Timestamp("2025-01-06") + pd.Timedelta(days=9 * k)).strftime("%Y-%m-%d"),
            **{r: 2 + (k * 7 + j * 3) % 4 for j, r in enumerate(ratings)},
            **{c: (k + j) % 5 + (8 if j == 3 else 0) for j, c in enumerate(counts)},
        }
        rows.append(row)
        if k < 6:
            second = {"coder_id": "Coder Two", "partnership": max(1, row["partnership"] - 1)}
            rows.append({**row, **second})
    pd.DataFrame(rows).to_csv(path, index=False)


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory) -> dict:
    """A report on the rerun guide's example survey, a full MITI file and a comparison file with
    a theme of its own, every chapter at both widths, from the file system."""

    folder = tmp_path_factory.mktemp("tables_report")
    _miti_file(folder / "miti.csv")
    with (folder / "comparison.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["study", "country", "re_aim_dimension", "theme", "kind", "finding", "source"],
                ["Pilot", "Norway", "adoption", "workload", "barrier", "Little time.", "Int."],
                ["Pilot", "Norway", "adoption", "shared_caseload", "facilitator", "Pairs.", "Int."],
                ["Pilot", "Norway", "context", "parking", "fact", "Offices far apart.", "Survey"],
            ]
        )
    out = folder / "report"
    result = run_cli(
        "run",
        "--respondents",
        EXAMPLES / "pilot_survey.csv",
        "--codebook",
        EXAMPLES / "pilot_codebook.yaml",
        "--miti",
        folder / "miti.csv",
        "--comparison",
        folder / "comparison.csv",
        "--out",
        out,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = out / "html"
    names = sorted(p.stem for p in html.glob("report_*.html"))
    assert len(names) == 4, names
    with bs.chromium() as browser:
        return _look(browser, html.resolve().as_uri() + "/", names, SCREENSHOTS / "report")


# --- the checks, for book and report alike ----------------------------------------------------


def _too_wide(state: dict) -> list[str]:
    return [
        f"table {t['index']} ({t['head']}): {t['scrollWidth']} px of content in a "
        f"{t['clientWidth']} px box, right edge {t['right']:.0f} past the column's "
        f"{state['columnRight']:.0f}"
        for t in state["tables"]
        if t["scrolls"] or t["right"] > state["columnRight"] + 1
    ]


def _empty_heads(state: dict) -> list[str]:
    return [
        f"table {t['index']}: header row {row}"
        for t in state["tables"]
        for row in t["heads"]
        if sum(bool(c) for c in row) <= (1 if len(row) > 1 else 0)
    ]


def _no_cue(state: dict) -> list[str]:
    problems = []
    for t in state["tables"]:
        if t["right"] > state["columnRight"] + 1:
            problems.append(f"table {t['index']} ({t['head']}) reaches past the column")
        if not t["scrolls"]:
            continue
        box = t["box"]
        if box is None:
            problems.append(f"table {t['index']} ({t['head']}) overflows with no scrolling box")
            continue
        if box["right"] > state["columnRight"] + 1:
            problems.append(f"table {t['index']}: its scrolling box is wider than the column")
        if "local" not in box["attachment"] or box["image"].count("gradient") < 2:
            problems.append(
                f"table {t['index']} ({t['head']}): scrolls with no scroll shadows "
                f"(background-attachment {box['attachment']!r})"
            )
        if t["opaqueRows"]:
            problems.append(
                f"table {t['index']}: {t['opaqueRows']} opaque rows or cells hide the shadows"
            )
    return problems


def _program_words(state: dict) -> list[str]:
    found = sorted(set(PROGRAM_WORD.findall(state["text"])) - set(ALLOWED))
    text = state["text"]
    return [
        "…" + " ".join(text[max(0, m.start() - 50) : m.end() + 30].split()) + "…"
        for w in found
        for m in [re.search(rf"\b{re.escape(w)}\b", text)]
    ]


@pytest.mark.parametrize("page", [p.docname for p in PAGES])
def test_book_tables_fit_the_column_at_desktop_width(book_pages, page):
    state = book_pages[(page, DESKTOP)]
    assert state["columnWidth"] > 600, state["columnWidth"]  # the desktop layout is measured
    assert not _too_wide(state), "\n".join(_too_wide(state))


@pytest.mark.parametrize("page", [p.docname for p in PAGES])
def test_book_tables_have_no_empty_header_row(book_pages, page):
    for width in (DESKTOP, PHONE):
        assert not _empty_heads(book_pages[(page, width)]), _empty_heads(book_pages[(page, width)])


@pytest.mark.parametrize("page", [p.docname for p in PAGES])
def test_book_tables_scroll_in_their_own_box_with_a_cue_at_phone_width(book_pages, page):
    state = book_pages[(page, PHONE)]
    assert state["columnWidth"] < PHONE
    assert not _no_cue(state), "\n".join(_no_cue(state))


def test_wide_tables_do_scroll_at_phone_width(book_pages):
    """The phone check is not empty: the chapters' wider tables do scroll there."""
    scrolling = [
        (name, t["index"])
        for (name, width), state in book_pages.items()
        if width == PHONE and name in CHAPTERS
        for t in state["tables"]
        if t["scrolls"]
    ]
    assert len(scrolling) >= 10, scrolling


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_pages_show_no_program_words(book_pages, page):
    assert page in {p.docname for p in PAGES}
    words = _program_words(book_pages[(page, DESKTOP)])
    assert not words, "\n".join(words)


def test_the_program_word_check_sees_codes_and_spares_file_names():
    state = {"text": "status not_computable; see miti_sessions.csv and text_vs_table."}
    assert [w.split()[0] for w in _program_words(state)] == ["…status", "…status"]
    assert PROGRAM_WORD.findall(state["text"]) == ["not_computable", "text_vs_table"]
    assert CHAPTERS and all(c.startswith("book/") for c in CHAPTERS)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_report_tables_fit_or_scroll_with_a_cue(report_pages, width):
    problems = []
    for (name, w), state in sorted(report_pages.items()):
        if w != width:
            continue
        checks = _too_wide(state) if width == DESKTOP else _no_cue(state)
        problems += [f"{name}: {p}" for p in checks + _empty_heads(state)]
    assert not problems, "\n".join(problems)


def test_report_chapters_show_no_program_words(report_pages):
    problems = []
    for (name, width), state in sorted(report_pages.items()):
        if width == DESKTOP:
            problems += [f"{name}: {w}" for w in _program_words(state)]
    assert not problems, "\n".join(problems)
    text = "\n".join(s["text"] for (_, w), s in report_pages.items() if w == DESKTOP)
    assert "Shared caseload" in text  # the user's new theme, in words
