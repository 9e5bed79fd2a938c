"""mibook.book.sphinx_bibliography: references labelled as the text cites them.

The built pages (citations linked to entries whose label matches them, DOIs as links) are checked
in tests/browser/test_links.py.
"""

from __future__ import annotations

import pybtex.plugin
import pytest
from pybtex.database import parse_file, parse_string
from sphinxcontrib.bibtex import plugin as bibtex_plugin

from mibook import paths
from mibook.book import hashing
from mibook.book import sphinx_bibliography as sb

BIB = parse_file(str(paths.ROOT / "references.bib"), "bibtex")


def _entry(fields: str, kind: str = "article"):
    return parse_string(f"@{kind}{{k, {fields}}}", "bibtex").entries["k"]


def _formatted(entries) -> list:
    sb.register()
    return list(sb.AuthorYearStyle().format_entries(entries))


def test_labels_are_authors_and_year_as_cited():
    labels = {key: sb.author_year(entry) for key, entry in BIB.entries.items()}
    assert labels["foldal2021"] == "Foldal et al., 2021"
    assert labels["stahl2018"] == "Ståhl and Gustavsson, 2018"
    assert labels["anaya2016grimmer"] == "Anaya, 2016"
    assert len(set(labels.values())) == len(labels), "two references share a label"


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ("author = {One, A.}, year = {2000}", "One, 2000"),
        ("author = {One, A. and Two, B.}, year = {2000}", "One and Two, 2000"),
        ("author = {One, A. and Two, B. and Three, C.}, year = {2000}", "One et al., 2000"),
        ("author = {van der Zee, Tim}, year = {2018}", "van der Zee, 2018"),
        ("author = {One, A.}", "One, n.d."),
    ],
)
def test_label_of_one_two_or_more_authors(fields, label):
    assert sb.author_year(_entry(fields)) == label


def test_the_bibliography_style_gives_every_entry_its_author_year_label_sorted_by_author():
    formatted = _formatted(BIB.entries.values())
    assert {f.key: f.label for f in formatted} == {
        key: sb.author_year(entry) for key, entry in BIB.entries.items()
    }
    firsts = [str(BIB.entries[f.key].persons["author"][0]) for f in formatted]
    assert firsts == sorted(firsts, key=str.lower)


def test_an_article_without_pages_shows_its_volume_and_issue():
    (without,) = _formatted(
        [
            _entry(
                "author = {A, B.}, title = {T}, journal = {J}, "
                "year = {2021}, volume = {31}, number = {4}"
            )
        ]
    )
    assert "J, 31(4), 2021." in without.text.render_as("text")
    (with_pages,) = _formatted(
        [
            _entry(
                "author = {A, B.}, title = {T}, journal = {J}, "
                "year = {1999}, volume = {89}, number = {9}, "
                "pages = {1322--1327}"
            )
        ]
    )
    assert "J, 89(9):1322–1327, 1999." in with_pages.text.render_as("text")
    (bare,) = _formatted([_entry("author = {A, B.}, title = {T}, journal = {J}, year = {2000}")])
    assert "J, 2000." in bare.text.render_as("text")


def test_a_doi_is_a_link_to_doi_org():
    (entry,) = _formatted([BIB.entries["foldal2021"]])
    html = entry.text.render_as("html")
    assert (
        '<a href="https://doi.org/10.1007/s10926-021-09964-9">doi:10.1007/s10926-021-09964-9</a>'
        in html
    )


def test_citations_use_round_brackets():
    style = sb.RoundAuthorYearStyle()
    assert (style.bracket_parenthetical.left, style.bracket_parenthetical.right) == ("(", ")")
    assert (style.bracket_textual.left, style.bracket_textual.right) == ("(", ")")
    assert style.bracket_parenthetical.sep == "; "


def test_the_plugins_are_registered_under_one_name():
    sb.register()
    sb.register()  # idempotent
    assert pybtex.plugin.find_plugin("pybtex.style.labels", sb.NAME) is sb.AuthorYearLabelStyle
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", sb.NAME) is sb.AuthorYearStyle
    referencing = bibtex_plugin.find_plugin("sphinxcontrib.bibtex.style.referencing", sb.NAME)
    assert referencing is sb.RoundAuthorYearStyle


def test_a_change_to_a_sphinx_extension_rebuilds_the_html(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.md").write_text("# Intro\n")
    assert "src/mibook/book/sphinx_bibliography.py" in hashing.SPHINX_EXTENSIONS
    before = hashing.html_sources_hash(tmp_path)
    extension = tmp_path / "src" / "mibook" / "book" / "sphinx_bibliography.py"
    extension.parent.mkdir(parents=True)
    extension.write_text("# one version\n")
    first = hashing.html_sources_hash(tmp_path)
    extension.write_text("# another version\n")
    assert len({before, first, hashing.html_sources_hash(tmp_path)}) == 3
