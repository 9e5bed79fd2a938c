"""User text is text (issue 17): one ``mibook run`` fed hostile strings, seen in headless Chromium.

The hostile-string corpus (:mod:`tests.hostile`) goes in through every door a user has: the
``--title``; a codebook (the study title, which ``--title`` overrides, item wording, answer labels,
``values`` keys, a mapped column heading and a "don't know" answer); a respondents file whose name
has braces and backticks, whose extra column headings are markup (they come back as notices) and
whose cells use the hostile labels; a MITI file whose name, caseworker ids and extra heading are
markup; and a comparison file whose name, studies, countries, themes, findings and sources are
corpus strings. A canary file with a secret sits next to the inputs, and ``{literalinclude}``,
``{include}``, ``eval-rst`` and ``{download}`` strings climb to it from each depth of the report's
build folders (sources and notebooks are two folders below it, the HTML build three).

Then: (i) the secret appears in no file of the report, zipped or highlighted ones included;
(ii) every HTML page, and the search page queried with the report's title as a reader would type
it, runs no injected script, keeps its <title>, opens no dialog and requests no ``javascript:``
URL or injected image; (iii) the strings are visible on the pages as written; (iv) the CSV tables
quote every cell a spreadsheet would run as a formula. Full-page screenshots of every page land in
``_build/screenshots/hostile/``.

The report's pages are found on disk (a chapter by the end of its name), so the test follows the
report's table of contents rather than a list of its own.

Select with ``pytest -m browser``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml

from tests.browser import support as bs
from tests.helpers import run_cli
from tests.hostile import CORPUS, includes

pytestmark = pytest.mark.browser

SCREENSHOTS = bs.SCREENSHOTS / "hostile"
CANARY = "canary.txt"
INCLUDES = includes(CANARY)  # depths 0-5: sources and notebooks sit 2 below, the HTML build 3
C = CORPUS

# --- the inputs ------------------------------------------------------------------------------

TITLE = "\n".join(
    [
        " ".join(
            [
                "Study",
                C["script_title"],
                C["script_flag"],
                C["img_unquoted"],
                C["img_alert"],
                C["svg_onload"],
                C["javascript_link"],
                C["glue_role"],
                C["backticks"],
                C["substitution"],
                C["math"],
                C["right_to_left"],
                C["zero_width"],
            ]
        ),
        INCLUDES["literalinclude_2"],
        INCLUDES["include_2"],
        C["raw_html"],
    ]
)
CODEBOOK_TITLE = C["script_title"] + " " + INCLUDES["literalinclude_2"]

#: The four Likert items' wording: shown in the satisfaction figure and, because each item has
#: "don't know" answers, in the sentence counting them on both respondents chapters.
ITEM_TEXTS = {
    "satisfaction": " ".join([C["script_title"], C["glue_role"], C["typography"]]),
    "useful_first": "\n".join([C["raw_html"], INCLUDES["literalinclude_2"], C["eval_rst"]]),
    "useful_second": " ".join(
        [
            C["math"],
            C["substitution"],
            C["backticks"],
            C["backslashes"],
            C["right_to_left"],
            C["zero_width"],
        ]
    ),
    "useful_overall": " ".join(
        [C["javascript_link"], C["img_onerror"], C["markdown_image"], C["svg_onload"]]
    ),
}
#: Answer labels, one per scale point; the cells use them.
LABELS = {
    C["img_alert"]: 1,
    "=1+1 disagree": 2,
    "{{ braces }} neutral": 3,
    "[agree](javascript:alert(1))": 4,
    C["script_flag"]: 5,
}
FEMALE = C["svg_alert"]  # a `values` key
DONT_KNOW = C["glue_role"]  # a `missing` answer
GENDER_HEADING = "Kjønn <i>{x}</i>"  # a mapped column heading
#: Extra columns: ignored, each named in a notice (headings are compared lower-cased).
EXTRA_HEADINGS = [C["img_onerror"], C["raw_html"], C["glue_role"] + " " + C["backticks"]]
RESPONDENTS_NAME = "survey {x} `b` <b>&amp; $x$.csv"

MITI_NAME = "miti <i>{x} [y](z) &lt;.csv"
#: Caseworker ids: the chapter tabulates the mean scores per caseworker.
CASEWORKERS = [C["script_title"], C["glue_role"] + " " + C["typography"], "@SUM(A1) " + C["math"]]
MITI_HEADER = [
    "session_id",
    "caseworker_id",
    "cultivating_change_talk",
    "softening_sustain_talk",
    "partnership",
    "empathy",
    C["svg_onload"],  # an extra column: a notice
]

COMPARISON_NAME = "=SUM(1) {glue:text}`n_rows` [x](javascript:alert(1)).csv"
STUDY_A = C["script_title"]
STUDY_B = "Pilot " + C["backticks"] + " " + C["substitution"]
SHARED_THEME = C["img_onerror"]  # in both user studies, so the chapter lists it in prose
FORMULA_CELLS = {
    "country": "-2+3+cmd|' /C calc'!A0",
    "theme": "+theme",
    "finding": '=HYPERLINK("http://x","y")',
    "source": "@SUM(A1)",
}
COMPARISON_HEADER = ["study", "country", "re_aim_dimension", "theme", "kind", "finding", "source"]
COMPARISON_ROWS = [
    [STUDY_A, C["svg_alert"], "adoption", SHARED_THEME, "barrier", C["raw_html"], C["glue_role"]],
    [
        STUDY_B,
        FORMULA_CELLS["country"],
        "adoption",
        SHARED_THEME,
        "facilitator",
        INCLUDES["literalinclude_2"],
        C["substitution"],
    ],
    [STUDY_B, "Norway", "reach", FORMULA_CELLS["theme"], "fact", FORMULA_CELLS["finding"], "x"],
    [STUDY_B, "Norway", "reach", "formula", "fact", "@SUM(A1)", FORMULA_CELLS["source"]],
    [STUDY_B, "Norway", "reach", "number", "fact", "-5", "+1 page"],
    [STUDY_B, "Norway", "context", C["glue_role"], "barrier", C["typography"], C["backticks"]],
] + [
    [STUDY_B, "Norway", "context", f"corpus_{k}", "fact", value, name]
    for k, (name, value) in enumerate({**CORPUS, **INCLUDES}.items())
]


@dataclass
class Report:
    """The inputs written and the report ``mibook run`` made from them."""

    folder: Path
    out: Path
    secret: str
    run_log: str

    @property
    def html(self) -> Path:
        return self.out / "html"

    @property
    def pages(self) -> list[str]:
        """Every HTML page of the report (its docname), the themes' assets and sources aside."""
        return sorted(
            p.relative_to(self.html).with_suffix("").as_posix()
            for p in self.html.rglob("*.html")
            if p.relative_to(self.html).parts[0] not in ("_static", "_sources")
        )

    def page(self, role: str) -> str:
        """The page of a chapter, whichever its prefix (``comparison``, ``report_comparison``)."""
        found = [p for p in self.pages if p == role or p.endswith("_" + role)]
        assert len(found) == 1, f"one page for {role!r} expected among {self.pages}, got {found}"
        return found[0]


def write_inputs(folder: Path) -> dict[str, Path]:
    """The codebook, the respondents, MITI and comparison files, in ``folder``."""
    items = [
        {"name": name, "text": text, "scale": [1, 5], "labels": LABELS}
        for name, text in ITEM_TEXTS.items()
    ]
    codebook = {
        "study": {"title": CODEBOOK_TITLE},
        "respondents": {
            "columns": {"gender": GENDER_HEADING},
            "values": {"gender": {FEMALE: "female", "Mann": "male"}},
            "missing": [DONT_KNOW],
            "items": items,
        },
    }
    paths = {
        "codebook": folder / "codebook.yaml",
        "respondents": folder / RESPONDENTS_NAME,
        "comparison": folder / COMPARISON_NAME,
        "miti": folder / MITI_NAME,
    }
    paths["codebook"].write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")
    labels = list(LABELS)
    header = ["respondent_id", GENDER_HEADING, "age", *ITEM_TEXTS, *EXTRA_HEADINGS]
    rows = []
    for k in range(30):
        # every item: some "don't know", the rest labels (odd items) or scale numbers
        answers = [
            DONT_KNOW if (k + j) % 7 == 0 else labels[(k + j) % 5] if j % 2 else str(1 + k % 5)
            for j in range(len(ITEM_TEXTS))
        ]
        rows.append([f"R{k:02d}", [FEMALE, "Mann"][k % 2], 25 + k, *answers, "x", "y", "z"])
    with paths["respondents"].open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    with paths["comparison"].open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COMPARISON_HEADER, *COMPARISON_ROWS])
    sessions = [
        [f"S{k}", CASEWORKERS[k % 3], 2 + k % 3, 3 + k % 2, 2 + k % 4, 3 + k % 3, "x"]
        for k in range(12)
    ]
    with paths["miti"].open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([MITI_HEADER, *sessions])
    return paths


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Report:
    folder = tmp_path_factory.mktemp("hostile")
    # Letters and digits only, so that no syntax highlighter splits it into several tokens.
    secret = f"canary{uuid.uuid4().hex}"
    (folder / CANARY).write_text(secret + "\n", encoding="utf-8")
    paths = write_inputs(folder)
    out = folder / "report"
    result = run_cli(
        "run",
        "--respondents",
        paths["respondents"],
        "--comparison",
        paths["comparison"],
        "--miti",
        paths["miti"],
        "--codebook",
        paths["codebook"],
        "--title",
        TITLE,
        "--out",
        out,
        "--jobs",
        "4",
        timeout=900,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mibook run failed on hostile strings:\n{log[-6000:]}"
    assert (out / "html" / "index.html").is_file(), log[-3000:]
    return Report(folder=folder, out=out, secret=secret, run_log=log)


def test_the_inputs_hold_the_corpus(report):
    rows = _cells(report.folder / COMPARISON_NAME)
    findings = [r[COMPARISON_HEADER.index("finding")] for r in rows[1:]]
    assert all(value in findings for value in {**CORPUS, **INCLUDES}.values())
    codebook = yaml.safe_load((report.folder / "codebook.yaml").read_text(encoding="utf-8"))
    assert [i["text"] for i in codebook["respondents"]["items"]] == list(ITEM_TEXTS.values())
    assert _cells(report.folder / RESPONDENTS_NAME)[0][-3:] == EXTRA_HEADINGS
    assert (report.folder / CANARY).read_text(encoding="utf-8").strip() == report.secret


# --- (i) the canary ---------------------------------------------------------------------------

_TAG = re.compile(rb"<[^>]*>")


def secret_places(name: str, data: bytes, secret: str, depth: int = 0) -> list[str]:
    """Where ``secret`` is in a file's bytes: as is, in UTF-16, with HTML tags taken out (a
    highlighter wraps tokens in ``<span>``), and inside zip archives (the report's zip)."""
    found = []
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        if secret.encode(encoding) in data:
            found.append(f"{name} ({encoding})")
    if secret.encode() in _TAG.sub(b"", data) and not found:
        found.append(f"{name} (between HTML tags)")
    if depth < 3 and data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found += secret_places(f"{name}!{member}", archive.read(member), secret, depth + 1)
    return found


def test_the_canary_detector_finds_a_highlighted_or_zipped_secret():
    secret = "canary0123abcd"
    page = b'<pre><span class="n">canary</span><span class="mi">0123</span>abcd</pre>'
    assert secret_places("page.html", page, secret) == ["page.html (between HTML tags)"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("html/index.html", b"<p>" + secret.encode() * 40 + b"</p>")
    assert secret.encode() not in buffer.getvalue()
    assert secret_places("report.zip", buffer.getvalue(), secret) == [
        "report.zip!html/index.html (utf-8)"
    ]


def test_the_canary_file_appears_nowhere_in_the_report(report):
    walked, found = 0, []
    for root, _dirs, files in os.walk(report.out):
        for name in files:
            path = Path(root) / name
            walked += 1
            found += secret_places(
                path.relative_to(report.out).as_posix(), path.read_bytes(), report.secret
            )
    assert walked > 20, f"only {walked} files under the report"
    assert not found, f"the canary's secret was copied into: {found}"
    assert report.secret not in report.run_log


# --- (ii) every page in the browser -------------------------------------------------------------


class _Title(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.inside, self.parts = False, []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "title"

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def normal(text: str) -> str:
    """Whitespace as a browser shows it: each run one space, none at the ends."""
    return " ".join(text.split())


def static_title(page: Path) -> str:
    return normal("".join(_Title(page.read_text(encoding="utf-8")).parts))


_HOSTILE_DOM = r"""() => {
  const found = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on') && /__pwned|alert\(|PWNED/.test(a.value))
        found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 80)}">`);
      if (urlAttributes.includes(name) && /^\s*javascript:/i.test(a.value))
        found.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 80)}">`);
    }
  }
  for (const s of document.querySelectorAll('script'))
    if (/__pwned|PWNED|alert\(/.test(s.textContent))
      found.push('<script>' + s.textContent.slice(0, 120));
  for (const e of document.querySelectorAll('iframe, object, embed'))
    found.push('<' + e.tagName.toLowerCase() + '>');
  const main = document.querySelector('main') || document.body;
  const prose = main.cloneNode(true);
  prose.querySelectorAll('table, figure, img, pre, code, script, style').forEach(e => e.remove());
  return {
    pwned: typeof window.__pwned,
    title: document.title,
    found: found,
    text: document.body.innerText,
    mainText: main.innerText,
    prose: prose.textContent,
    logo: (document.querySelector('.logo__title') || {innerText: ''}).innerText,
  };
}"""


@dataclass
class Seen:
    """What Chromium saw on one page of the report."""

    name: str
    url: str
    pwned: str = ""
    title: str = ""
    static_title: str = ""
    found: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    javascript_requests: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    text: str = ""
    main_text: str = ""
    prose: str = ""
    logo: str = ""
    screenshot: Path | None = None


@pytest.fixture(scope="module")
def base_url(report):
    with bs.serve(report.html) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context(base_url):
    with bs.chromium() as browser:
        context = bs.offline_context(browser, base_url)
        try:
            yield context
        finally:
            context.close()


def open_page(context, base_url: str, name: str, url: str, html_file: Path | None) -> Seen:
    """Open ``url`` in a new tab, let every script and image settle, record what happened and
    save a full-page screenshot as ``_build/screenshots/hostile/<name>.png``."""
    seen = Seen(name=name, url=url)
    tab = context.new_page()

    def on_dialog(dialog):
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request):
        if request.url.lower().startswith("javascript:"):
            seen.javascript_requests.append(request.url)

    def on_response(response):
        if response.url.startswith(base_url) and response.status >= 400:
            seen.missing_files.append(f"HTTP {response.status} {urlsplit(response.url).path}")

    tab.on("dialog", on_dialog)
    tab.on("request", on_request)
    tab.on("response", on_response)
    try:
        tab.goto(url, wait_until="load")
        tab.wait_for_load_state("networkidle")
        if "?q=" in url:
            tab.wait_for_function(
                "() => { const s = document.querySelector('#search-results .search-summary');"
                " return s !== null && s.textContent.trim().length > 0; }",
                timeout=15_000,
            )
            tab.wait_for_load_state("networkidle")
        tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15_000)
        tab.wait_for_timeout(300)  # event handlers of injected elements, had there been any
        state = tab.evaluate(_HOSTILE_DOM)
        seen.pwned = state["pwned"]
        seen.title = state["title"]
        seen.found = state["found"]
        seen.text = state["text"]
        seen.main_text = state["mainText"]
        seen.prose = state["prose"]
        seen.logo = state["logo"]
        if html_file is not None:
            seen.static_title = static_title(html_file)
        seen.screenshot = SCREENSHOTS / f"{name.replace('/', '_')}.png"
        seen.screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(seen.screenshot), full_page=True)
    finally:
        tab.close()
    return seen


@pytest.fixture(scope="module")
def visits(report, browser_context, base_url) -> dict[str, Seen]:
    """Every page of the report, opened once (and screenshot) for all the checks below."""
    return {
        name: open_page(
            browser_context, base_url, name, f"{base_url}{name}.html", report.html / f"{name}.html"
        )
        for name in report.pages
    }


@pytest.fixture(scope="module")
def searched(visits, browser_context, base_url) -> Seen:
    """The search page, queried with words of the report's title: the index page is found and
    listed under its title, which holds every hostile string. (The report's search index keeps
    no raw section titles, so the title as one phrase is not matched as such; see
    ``mibook.book.sphinx_safe``.)"""
    heading = next(line for line in visits["index"].main_text.splitlines() if line.strip())
    assert "PWNED" in heading and "document" in heading
    query = "Study document PWNED"
    return open_page(
        browser_context,
        base_url,
        "search-title",
        base_url + "search.html?q=" + quote(query, safe=""),
        None,
    )


def problems_of(seen: Seen) -> list[str]:
    problems = []
    if seen.pwned != "undefined":
        problems.append(f"window.__pwned is {seen.pwned}: an injected script or handler ran")
    if normal(seen.title) == "PWNED" or (
        seen.static_title and normal(seen.title) != seen.static_title
    ):
        problems.append(
            f"document.title was changed by a script: {seen.title[:200]!r}, "
            f"the page's <title> says {seen.static_title[:200]!r}"
        )
    problems += [f"a dialog opened: {d}" for d in seen.dialogs]
    problems += [f"a request to {u}" for u in seen.javascript_requests]
    problems += [f"injected markup in the page: {f}" for f in seen.found]
    problems += [f"a request for a file that is not in the report: {m}" for m in seen.missing_files]
    return problems


def test_the_report_has_a_page_for_every_input(report):
    assert "index" in report.pages and "search" in report.pages, report.pages
    for role in ("sample_characteristics", "satisfaction_timing", "miti_fidelity", "comparison"):
        report.page(role)


def test_no_page_runs_a_script_or_opens_a_dialog(visits):
    assert len(visits) >= 6, sorted(visits)
    problems = [f"{name}: {p}" for name, seen in visits.items() for p in problems_of(seen)]
    assert not problems, "\n".join(problems)
    small = [
        n for n, s in visits.items() if s.screenshot is None or s.screenshot.stat().st_size < 5_000
    ]
    assert not small, f"no usable screenshot of {small}"


def test_searching_for_the_title_runs_no_script(searched):
    """A reader who types the report's title into the search box, or follows a link to
    ``search.html?q=<title>``: Sphinx's search lists the page under its title, so the title must
    reach the results as text too."""
    assert "Search finished, found" in searched.text, searched.text[:500]
    problems = problems_of(searched)
    assert not problems, f"{searched.url}:\n" + "\n".join(problems)


def test_the_html_title_and_the_navbar_show_the_title_as_written(visits):
    problems = []
    for name, seen in visits.items():
        if name != "search" and normal(TITLE) not in normal(seen.title):
            problems.append(f"{name}: <title> is {seen.title[:300]!r}")
        if normal(seen.logo) != normal(TITLE):
            problems.append(f"{name}: the navbar shows {seen.logo[:300]!r}")
    assert not problems, "\n".join(problems)


# --- (iii) the strings are visible as written --------------------------------------------------

_ONE_LINE_ROWS = [r for r in COMPARISON_ROWS if not re.search(r"[\r\n]", r[5])]
_MULTI_LINE_ROWS = [r for r in COMPARISON_ROWS if re.search(r"[\r\n]", r[5])]
#: (chapter, what) -> the strings the chapter's <main> must show as written (line breaks as
#: spaces). A chapter is found by its name's ending, so ``report_comparison`` is ``comparison``.
VISIBLE = {
    ("index", "title"): [TITLE],
    ("index", "title-parts"): [
        C["script_title"],
        C["glue_role"],
        C["backticks"],
        C["substitution"],
        INCLUDES["literalinclude_2"],
    ],
    ("index", "file-names"): [RESPONDENTS_NAME, COMPARISON_NAME, MITI_NAME],
    ("sample_characteristics", "file-name"): [RESPONDENTS_NAME],
    ("satisfaction_timing", "file-name"): [RESPONDENTS_NAME],
    ("satisfaction_timing", "item-wording"): list(ITEM_TEXTS.values()),
    ("miti_fidelity", "file-name"): [MITI_NAME],
    ("miti_fidelity", "caseworkers"): CASEWORKERS,
    ("comparison", "file-name"): [COMPARISON_NAME],
    ("comparison", "studies"): [STUDY_A, STUDY_B],
    ("comparison", "themes"): [SHARED_THEME, C["glue_role"]],
    ("comparison", "sources"): [r[6] for r in COMPARISON_ROWS],
    ("comparison", "one-line-findings"): [r[5] for r in _ONE_LINE_ROWS],
    ("comparison", "multi-line-findings"): [r[5] for r in _MULTI_LINE_ROWS],
}


def missing_from(shown: str, strings: list[str]) -> list[str]:
    shown = normal(shown)
    return [
        f"{value[:200]!r}{_closest(value, shown)}"
        for value in strings
        if normal(value) not in shown
    ]


@pytest.mark.parametrize(
    ("role", "strings"),
    [pytest.param(role, strings, id=f"{role}-{what}") for (role, what), strings in VISIBLE.items()],
)
def test_the_strings_are_visible_as_written(report, visits, role, strings):
    seen = visits[report.page(role)]
    missing = missing_from(seen.main_text, strings)
    assert not missing, (
        f"{seen.url} does not show {len(missing)} of {len(strings)} string(s) as written:\n"
        + "\n".join(missing)
    )


#: (chapter, what) -> strings that reach the chapter's Markdown prose (outside the tables, which
#: pandas escapes as HTML): the notes on reading a file, the "don't know" sentence, the notes
#: naming the user's studies.
PROSE = {
    ("satisfaction_timing", "item-wording"): list(ITEM_TEXTS.values()),
    ("comparison", "studies"): [STUDY_A, STUDY_B],
}
#: (chapter, the file's extra column headings): each named in a notice, "column '<heading>' is
#: not part of the ... contract and is ignored" (headings are lower-cased when read).
NOTICES = {
    "sample_characteristics": EXTRA_HEADINGS,
    "satisfaction_timing": EXTRA_HEADINGS,
    "miti_fidelity": [MITI_HEADER[-1]],
}


@pytest.mark.parametrize(
    ("role", "strings"),
    [pytest.param(role, strings, id=f"{role}-{what}") for (role, what), strings in PROSE.items()],
)
def test_the_prose_shows_the_strings_as_written(report, visits, role, strings):
    seen = visits[report.page(role)]
    missing = missing_from(seen.prose, strings)
    assert not missing, (
        f"{seen.url}: the prose does not show {len(missing)} of {len(strings)} string(s) as "
        "written:\n" + "\n".join(missing)
    )


@pytest.mark.parametrize(("role", "headings"), NOTICES.items(), ids=list(NOTICES))
def test_the_notices_name_the_column_headings_as_written(report, visits, role, headings):
    seen = visits[report.page(role)]
    shown = normal(seen.prose)
    missing = []
    for heading in headings:
        wanted = re.escape(normal(heading.lower())) + "['\u2019] is not part of the"
        if not re.search(wanted, shown):
            at = shown.find("is not part of the")
            missing.append(f"{heading!r}; the notices read: {shown[max(at - 300, 0) : at + 20]!r}")
    assert not missing, f"{seen.url}: no notice names\n" + "\n".join(missing)


def _closest(value: str, text: str) -> str:
    """Where the page shows ``value`` otherwise, for the failure message."""
    escaped = " ".join(re.sub(r"\r\n|\r|\n", lambda m: repr(m.group(0))[1:-1], value).split())
    if escaped != value and escaped in text:
        return "\n    shown with each line break as the characters \\n or \\r (a table cell)"
    value = normal(value)
    for length in range(len(value), 8, -1):
        at = text.find(value[:length])
        if at >= 0:
            return f"\n    shown as {text[at : at + min(len(value), 300)]!r}"
    return "\n    (not on the page)"


# --- (iv) CSV tables ---------------------------------------------------------------------------

FORMULA = re.compile(r"^[=+\-@\t\r]")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_comparison_rows_csv_quotes_formula_cells(report):
    rows = _cells(report.out / "tables" / "comparison_rows.csv")
    header, body = rows[0], rows[1:]
    mine = [dict(zip(header, r)) for r in body if r[header.index("study")] in (STUDY_A, STUDY_B)]
    assert len(mine) == len(COMPARISON_ROWS)
    findings = [r["finding"] for r in mine]
    assert "'" + FORMULA_CELLS["finding"] in findings
    assert "'@SUM(A1)" in findings
    assert "-5" in findings, "a number must stay a number"
    assert "'" + FORMULA_CELLS["country"] in [r["country"] for r in mine]
    assert "'" + FORMULA_CELLS["theme"] in [r["theme"] for r in mine]
    assert "'" + FORMULA_CELLS["source"] in [r["source"] for r in mine]
    assert "'+1 page" in [r["source"] for r in mine]
    assert {r["origin"] for r in mine} == {"'" + COMPARISON_NAME}


def test_items_csv_quotes_formula_labels(report):
    rows = _cells(report.out / "tables" / "items.csv")
    header = rows[0]
    labels = {r[header.index("label")] for r in rows[1:]}
    assert "'=1+1 disagree" in labels
    texts = {r[header.index("text")] for r in rows[1:]}
    assert ITEM_TEXTS["satisfaction"] in texts


def test_no_csv_cell_starts_a_formula(report):
    tables = sorted((report.out / "tables").glob("*.csv"))
    assert len(tables) >= 8
    unsafe = [
        f"{path.name} row {i}: {cell[:80]!r}"
        for path in tables
        for i, row in enumerate(_cells(path))
        for cell in row
        if FORMULA.match(cell) and not _is_number(cell)
    ]
    assert not unsafe, "\n".join(unsafe[:40])
