"""``mibook.markup`` and ``mibook.files.spreadsheet_safe`` on the hostile-string corpus (issue 17).

Every corpus string (:mod:`tests.hostile`) goes through :func:`mibook.markup.text`,
:func:`~mibook.markup.code` and :func:`~mibook.markup.html`, and the result is rendered as the
report renders it: Markdown and MyST with ``myst_parser``'s own markdown-it parser, configured
with the MyST extensions Jupyter Book enables by default (a report's ``_config.yml`` sets none of
its own) plus the book's ``deflist``; HTML with the standard library's parser. The rendered text
must be the string as written (line breaks as spaces for Markdown) and no element other than
``<p>`` (and ``<code>`` for a code span) may appear.

A second rendering goes through docutils with ``myst_parser``'s docutils parser and smart quotes
on, as Sphinx does by default, since Sphinx turns text nodes' quotes, dashes and dots into
typographic ones after parsing.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import jupyter_book
import pandas as pd
import pytest
import yaml
from docutils.core import publish_doctree
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.docutils_ import Parser as DocutilsMystParser
from myst_parser.parsers.mdit import create_md_parser

from mibook import markup
from mibook.book.report import REPORT_CONFIG
from mibook.files import spreadsheet_safe, write_table
from tests.hostile import CORPUS, includes

STRINGS = {**CORPUS, **includes("canary.txt")}
IDS = list(STRINGS)

#: Jupyter Book 1's default MyST settings (``parse:`` of its default_config.yml).
_JB_PARSE = yaml.safe_load(
    (Path(jupyter_book.__file__).parent / "default_config.yml").read_text(encoding="utf-8")
)["parse"]
EXTENSIONS = sorted({*_JB_PARSE["myst_enable_extensions"], "deflist"})
MYST = create_md_parser(
    MdParserConfig(
        enable_extensions=set(EXTENSIONS),
        url_schemes=tuple(_JB_PARSE["myst_url_schemes"]),
        dmath_double_inline=_JB_PARSE["myst_dmath_double_inline"],
    ),
    RendererHTML,
)
LINE_BREAKS = re.compile(r"(?:\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029])+")


def one_line(value: str) -> str:
    """The string as a paragraph shows it: each run of line breaks one space."""
    return LINE_BREAKS.sub(" ", value)


class _Rendered(HTMLParser):
    """The tags and the text (character references resolved) of an HTML fragment."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.parts: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)

    def handle_comment(self, data):
        self.tags.append("!--")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(markdown: str) -> _Rendered:
    return _Rendered(MYST.render(markdown))


def test_the_corpus_holds_what_issue_17_lists():
    everything = "\n".join(STRINGS.values())
    for needle in (
        '<script>document.title="PWNED"</script>',
        "<script>window.__pwned=1</script>",
        'onerror="window.__pwned=1"',
        "<svg onload=",
        "(javascript:",
        "{glue:text}`",
        "```{literalinclude} ../../",
        "```{include}",
        "```{eval-rst}",
        "```{raw} html\n",
        "{{ braces }}",
        "$x^2$",
        "\u202e",
        "\u200b",
        "![",
    ):
        assert needle in everything, needle
    assert len(CORPUS["long"]) == 5000


# --- markup.text -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_text_renders_as_the_string_written(value):
    rendered = render(markup.text(value))
    assert rendered.tags == ["p"], f"elements besides <p>: {rendered.tags}"
    assert rendered.text.strip("\n") == one_line(value).strip(" ")


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_text_stays_inline_in_a_sentence_and_a_list_item(value):
    """As the chapters use it: inside a sentence, and as a bullet (notices, study names)."""
    sentence = render(f"Before {markup.text(value)} after.")
    assert sentence.tags == ["p"], sentence.tags
    assert sentence.text.strip("\n") == f"Before {one_line(value)} after."
    bullet = render(f"Notes:\n\n* {markup.text(value)}\n* next")
    assert bullet.tags == ["p", "ul", "li", "li"], bullet.tags
    lines = [line for line in bullet.text.split("\n") if line]
    assert lines == ["Notes:", one_line(value).strip(" "), "next"]


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_text_in_a_heading_is_the_heading_text(value):
    """The report's index page starts with ``# {text(title)}``."""
    rendered = render(f"# {markup.text(value)}\n\nNext paragraph.")
    assert rendered.tags == ["h1", "p"], rendered.tags
    assert rendered.text.split("\n")[0] == one_line(value).strip(" ")


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_text_survives_sphinx_with_the_reports_settings(value):
    """Sphinx runs docutils' SmartQuotes over every text node unless told otherwise; a report's
    ``_config.yml`` turns it off, so straight quotes, ``--``, ``---`` and ``...`` stay the
    characters written."""
    assert "smartquotes: false" in REPORT_CONFIG
    doctree = publish_doctree(
        f"Before {markup.text(value)} after.",
        parser=DocutilsMystParser(),
        settings_overrides={
            "smart_quotes": False,
            "myst_enable_extensions": EXTENSIONS,
            "report_level": 5,
            "halt_level": 5,
        },
    )
    assert doctree.astext() == f"Before {one_line(value)} after."


@pytest.mark.parametrize("value", ["    four spaces first", "\ta tab first", "     five"])
def test_text_cannot_start_an_indented_code_block(value):
    """Leading spaces or a tab at the start of a block make CommonMark's indented code block:
    a notice or study name printed as ``* {text(s)}`` or alone must stay a paragraph."""
    alone = render(markup.text(value))
    assert alone.tags == ["p"], alone.tags
    bullet = render(f"* {markup.text(value)}")
    assert bullet.tags == ["ul", "li"], bullet.tags


def test_text_examples():
    assert markup.text("plain words 123 Fornøyd") == "plain words 123 Fornøyd"
    assert markup.text("a\r\n\r\nb") == "a b"
    assert markup.text(42) == "42"


# --- markup.code -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_code_renders_the_string_in_one_code_span(value):
    rendered = render(f"File {markup.code(value)} read.")
    assert rendered.tags == ["p", "code"], rendered.tags
    assert rendered.text.strip("\n") == f"File {one_line(value)} read."


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_code_survives_sphinx_smart_quotes(value):
    doctree = publish_doctree(
        f"File {markup.code(value)} read.",
        parser=DocutilsMystParser(),
        settings_overrides={"smart_quotes": True, "report_level": 5, "halt_level": 5},
    )
    assert doctree.astext() == f"File {one_line(value)} read."


@pytest.mark.parametrize(
    "value",
    ["`", "``", "a`b", "`lead", "trail`", "a ``` b", "survey {x} `b`.csv", " padded ", "  "],
)
def test_code_keeps_backticks_and_spaces(value):
    """CommonMark strips one space from each end of a code span that starts *and* ends with
    one, so a name such as ``" padded "`` needs its own padding to show as written."""
    rendered = render(f"File {markup.code(value)} read.")
    assert rendered.tags == ["p", "code"], rendered.tags
    assert rendered.text.strip("\n") == f"File {value} read."


# --- markup.html -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", STRINGS.values(), ids=IDS)
def test_html_is_text_in_an_element_and_in_an_attribute(value):
    escaped = markup.html(value)
    rendered = _Rendered(f'<p title="{escaped}">{escaped}</p>')
    assert rendered.tags == ["p"]
    assert rendered.text == value
    assert rendered.attributes == [("p", "title", value)]
    single = _Rendered(f"<p title='{escaped}'>{escaped}</p>")
    assert single.attributes == [("p", "title", value)]


def test_html_escapes_the_five_characters():
    assert markup.html("<a href='x'>\"&\"</a>") == (
        "&lt;a href=&#39;x&#39;&gt;&#34;&amp;&#34;&lt;/a&gt;"
    )


# --- CSV cells a spreadsheet would run --------------------------------------------------------

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+cmd",
    "+1+1",
    "-2+3",
    "-5 days",
    "--x",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\tplain",
    "=",
    "-",
]
NUMBERS = ["-5", "+1.5", "-1e3", "+0", "-0.25", "-.5", "-inf", "0", "12", "3.5"]
PLAIN = ["", "ok", "a=b", "1+1", "x-y", "email@example.com", "'=already quoted", " =spaced"]


@pytest.mark.parametrize("cell", FORMULAS, ids=repr)
def test_spreadsheet_safe_quotes_a_formula(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", NUMBERS + PLAIN, ids=repr)
def test_spreadsheet_safe_leaves_numbers_and_plain_text(cell):
    assert spreadsheet_safe(cell) == cell


@pytest.mark.parametrize("value", [-5, -2.5, 0, 3, float("-inf"), None, pd.NA, True])
def test_spreadsheet_safe_leaves_non_text_alone(value):
    assert spreadsheet_safe(value) is value


def test_spreadsheet_safe_leaves_nan_alone():
    assert math.isnan(spreadsheet_safe(float("nan")))


def test_write_table_guards_text_cells_and_keeps_numbers(tmp_path):
    table = pd.DataFrame(
        {
            "finding": FORMULAS[:9] + ["-5", "ok"],
            "n": [-5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            "percent": [-1.5, 0.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
        }
    )
    written = write_table(table, tmp_path, "t.csv")
    back = pd.read_csv(written, dtype=str, keep_default_na=False)
    assert back["finding"].tolist() == ["'" + c for c in FORMULAS[:9]] + ["-5", "ok"]
    assert back["n"].tolist()[0] == "-5"
    assert back["percent"].tolist()[0] == "-1.5"
