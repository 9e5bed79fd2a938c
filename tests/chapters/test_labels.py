"""What a reader sees instead of the program's codes (``mibook.chapters.labels``) and how the
chapters' tables are written (``mibook.chapters.page_table``).

The codes stay in the CSV files; every page shows words: the book's own codes by their labels, a
code nobody labelled (a user's new theme) in a readable form of itself, and a user's own text
exactly as written, escaped. Every table the book's executed notebooks show has one header row
whose cells are all filled, and no program word in its cells or in the chapters' sentences.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mibook import paths
from mibook.analysis import audit as analysis_audit
from mibook.analysis import ledger
from mibook.analysis.reliability import BANDS
from mibook.chapters import comparison, labels
from mibook.chapters.page_table import PageTable, header_rows, is_number, shown, to_html
from mibook.checks.rounding import ROUNDING_RULES
from mibook.inputs.contracts import COMPARISON_KINDS, RE_AIM_DIMENSIONS

HEADER = "study,country,re_aim_dimension,theme,kind,finding,source\n"
#: The executed chapters of the book.
CHAPTERS = ["sample_characteristics", "satisfaction_timing", "miti_fidelity", "comparison", "audit"]
#: A file name (``miti_sessions.csv``) is not a program word: the dot shows it is a file.
PROGRAM_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b(?!\.\w)")


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "names", "expected"),
    [
        ("managerial_support", labels.THEMES, "Managerial support"),
        ("follow_up_support", labels.THEMES, "Follow-up support"),
        ("shared_caseload", labels.THEMES, "Shared caseload"),  # a user's new theme
        ("parking", labels.THEMES, "Parking"),
        ("not_computable", labels.LEDGER_STATUSES, "Cannot be computed"),
        ("text_vs_table", labels.TESTS, "Text against table"),
        ("a_test_of_the_future", labels.TESTS, "A test of the future"),
        ("too_few", labels.ICC_BANDS, "too few sessions"),
    ],
)
def test_a_code_reads_as_its_label_or_as_words(code, names, expected):
    assert labels.label(code, names) == expected


@pytest.mark.parametrize(
    "text",
    ["Arbeidsmengde", "Tidlig oppfølging", "My_Theme", "<b>x_y</b>", "Stress (high)", "A B"],
)
def test_a_users_own_label_is_kept_as_written(text):
    assert labels.label(text, labels.THEMES) == text
    assert labels.words(text) == text


@given(st.text(max_size=40))
def test_any_text_gets_a_label_and_never_raises(text):
    shown_text = labels.label(text, labels.THEMES)
    assert isinstance(shown_text, str)
    if labels.is_code(text):
        assert "_" not in shown_text
        assert shown_text.lower() == text.replace("_", " ").lower()
    else:
        assert shown_text == text


def test_in_words_replaces_codes_but_not_file_names():
    sentence = (
        "The text's 36% is read as the Table 2 categories 2_months_earlier, 1_month_earlier of "
        "preferred_timing; rules that reproduce 36: half_up, half_even; see ledger.csv or "
        "tables/miti_sessions.csv; a new_code here."
    )
    out = labels.in_words(sentence)
    assert "“2 months earlier”, “1 month earlier” of preferred timing" in out
    assert "half-up, half-even" in out
    assert "ledger.csv" in out and "tables/miti_sessions.csv" in out
    assert "a new code here" in out
    assert not PROGRAM_WORD.search(out)


def test_every_code_of_the_book_has_a_label():
    """The book's own codes never fall back to words: each has a label chosen for readers."""
    studies = pd.read_csv(paths.COMPARISON / "studies.csv", dtype=str)
    assert set(studies["theme"]) <= set(labels.THEMES)
    assert set(COMPARISON_KINDS) <= set(labels.FINDING_KINDS)
    assert set(analysis_audit.TESTS) < set(labels.TESTS)
    assert set(analysis_audit.VERDICTS) == set(labels.VERDICTS)
    assert set(ledger.STATUSES) == set(labels.LEDGER_STATUSES)
    assert set(ROUNDING_RULES) == set(labels.ROUNDING)
    assert {b for b, _ in BANDS} | {"excellent", "too_few"} == set(labels.ICC_BANDS)
    assert {"context", *RE_AIM_DIMENSIONS} == set(comparison.DIMENSION_LABELS)
    for names in (labels.THEMES, labels.TESTS, labels.LEDGER_STATUSES, labels.MITI_HEADS):
        assert not any(PROGRAM_WORD.search(v) for v in names.values()), names


# --- tables -----------------------------------------------------------------------------------


def test_a_table_has_one_header_row_with_its_keys_first():
    table = PageTable(
        {
            "Study": ["A", "A", "B"],
            "Dimension": ["Reach", "Adoption", "Reach"],
            "n": [1, 22, 3],
            "Note": ["x", "y", "z"],
        }
    ).set_index(["Study", "Dimension"])
    html = table._repr_html_()
    heads = header_rows(html)
    assert len(heads) == 1
    assert re.findall(r"<th[^>]*>([^<]*)</th>", heads[0]) == ["Study", "Dimension", "n", "Note"]
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1])
    assert rows[1].startswith('<th scope="row"></th><th scope="row">Adoption</th>')  # A repeats
    assert '<td class="num">22</td>' in rows[1] and "<td>y</td>" in rows[1]
    assert type(table.reset_index().rename(columns=str.lower)) is PageTable  # pandas keeps it


def test_user_text_in_a_table_is_escaped():
    hostile = '<script>document.title="X"</script> {glue:text}`x` & *y*'
    html = to_html(pd.DataFrame({"Theme": [hostile]}))
    assert "<script>" not in html
    assert "&lt;script&gt;document.title=&#34;X&#34;&lt;/script&gt;" in html
    assert "{glue:text}`x` &amp; *y*" in html


@pytest.mark.parametrize(
    ("text", "number"),
    [("70 (63%)", True), ("−0.87 (−2.01 to 0.36)", True), ("10–20 of 20", True), ("3.11", True)],
)
def test_numbers_are_recognised(text, number):
    assert is_number(text) is number


@pytest.mark.parametrize("text", ["n = 111", "Table 3", "P1", "yes", "–", "4.0 × 6 h"])
def test_words_are_not_numbers(text):
    assert not is_number(text)


def test_a_users_theme_is_shown_in_words_and_escaped(tmp_path):
    user = tmp_path / "extra.csv"
    user.write_text(
        HEADER
        + "Pilot,Norway,adoption,shared_caseload,barrier,Cases shared.,Int.\n"
        + "Pilot,Norway,adoption,<b>Ny_tema</b>,facilitator,Fine.,Int.\n"
        + "Pilot,Norway,reach,workload,barrier,Busy.,Int.\n",
        encoding="utf-8",
    )
    chapter = comparison.run(str(user), str(tmp_path / "out"))
    cell = chapter.side_by_side.loc["Adoption", "Pilot"]
    # the loader reads themes lower-cased
    assert cell == "Shared caseload (barrier); <b>ny_tema</b> (facilitator)"
    html = chapter.side_by_side._repr_html_()
    assert "&lt;b&gt;ny_tema&lt;/b&gt; (facilitator)" in html and "<b>" not in html
    rows = comparison.rows_display(chapter)
    assert "Shared caseload (barrier)" in set(rows["Theme"])
    assert "shared_caseload" not in rows.to_string()
    assert comparison.themes_for(chapter, "<b>ny_tema</b>").startswith(r"\<b\>ny\_tema\<\/b\>")
    written = pd.read_csv(tmp_path / "out" / "comparison_rows.csv", dtype=str)
    assert {"shared_caseload", "<b>ny_tema</b>"} <= set(written["theme"])  # codes in the CSV


def test_every_table_of_the_book_has_one_filled_header_row():
    """What the executed notebooks show: one header row per table, no empty head."""
    seen = 0
    for name in CHAPTERS:
        for html in _outputs(name, "text/html"):
            for table in re.findall(r"<table.*?</table>", html, flags=re.S):
                seen += 1
                heads = header_rows(table)
                assert len(heads) == 1, (name, heads)
                cells = re.findall(r"<th[^>]*>(.*?)</th>", heads[0], flags=re.S)
                assert len(cells) >= 2 and all(c.strip() for c in cells), (name, heads[0])
    assert seen >= 25


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_program_word_in_what_a_chapter_shows(name):
    """Tables and generated sentences in words; code spans (file columns, parameter values,
    check ids) and file names are exempt."""
    text = []
    for html in _outputs(name, "text/html"):
        text.append(re.sub(r"<code>.*?</code>", "", html, flags=re.S))
    for markdown in _outputs(name, "text/markdown"):
        text.append(re.sub(r"(`+).*?\1", "", markdown, flags=re.S))
    words = PROGRAM_WORD.findall(re.sub(r"<[^>]+>", " ", "\n".join(text)))
    assert not words, sorted(set(words))


def _outputs(name: str, kind: str) -> list[str]:
    notebook = json.loads((paths.BOOK / f"{name}.ipynb").read_text(encoding="utf-8"))
    found = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if kind in data:
                found.append("".join(data[kind]))
    assert found, f"{name}: no {kind} output"
    return found


def test_shown_keeps_the_data():
    frame = pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="k"))
    table = shown(frame)
    assert table.equals(frame) and isinstance(table, PageTable)
