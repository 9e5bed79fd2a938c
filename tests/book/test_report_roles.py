"""mibook.book.report_roles: the book's links in a chapter that a report shows on its own.

The whole run (``mibook run`` without input files) is in tests/book/test_run_without_inputs.py.
"""

from __future__ import annotations

import json

import pytest

from mibook import paths
from mibook.book import report_roles as rr
from mibook.book.registry import CHAPTERS
from mibook.book.report import BOOK_ONLY_TAG, TEACHING_TAG

LABELS = {"a": "Foldal et al., 2021", "b": "Ståhl and Gustavsson, 2018", "c": "Anaya, 2016"}


@pytest.mark.parametrize(
    ("role", "content", "text"),
    [
        ("cite:p", "a", "(Foldal et al., 2021)"),
        ("cite", "a", "(Foldal et al., 2021)"),
        (
            "cite:p",
            "a{Materials and Methods: Questionnaires}",
            "(Foldal et al., 2021, Materials and Methods: Questionnaires)",
        ),
        ("cite:p", "{see}a,b", "(see Foldal et al., 2021; Ståhl and Gustavsson, 2018)"),
        ("cite:t", "a", "Foldal et al. (2021)"),
        ("cite:t", "a{Table 3}", "Foldal et al. (2021, Table 3)"),
        ("cite:t", "a,b", "Foldal et al. (2021) and Ståhl and Gustavsson (2018)"),
        ("cite:t", "a,b,c", "Foldal et al. (2021), Ståhl and Gustavsson (2018), and Anaya (2016)"),
    ],
)
def test_citations_read_as_the_book_prints_them(role, content, text):
    assert rr.citation_text(role, content, LABELS) == text


def test_an_unknown_key_or_role_is_refused():
    with pytest.raises(ValueError, match="'z' is not in the bibliography"):
        rr.citation_text("cite:p", "z", LABELS)
    with pytest.raises(ValueError, match="cite:year"):
        rr.for_report("{cite:year}`a`", set(), set(), LABELS)


def test_links_inside_the_report_stay_and_the_others_become_their_text():
    text = (
        "{term}`MITI` and {term}`composites <technical global>`; {doc}`audit`, "
        "{doc}`Table 1 <sample_characteristics>`, {doc}`the setting <background/settings>`, "
        "{ref}`Table 3 <miti-table3>`, {ref}`thresholds <miti-thresholds>`, "
        "{glue:text}`n_checks` and {download}`x.csv <tables/x.csv>`."
    )
    pages = {"audit", "sample_characteristics"}
    assert rr.for_report(text, pages, {"miti-table3"}, LABELS) == (
        "MITI and composites; {doc}`audit`, {doc}`Table 1 <sample_characteristics>`, the setting, "
        "{ref}`Table 3 <miti-table3>`, thresholds, {glue:text}`n_checks` and "
        "{download}`x.csv <tables/x.csv>`."
    )


def test_a_bare_link_out_of_the_report_takes_the_page_title_or_is_refused():
    assert rr.for_report("{doc}`background/settings`", set(), set(), LABELS) == (
        "The two settings: Sweden and Norway"
    )
    with pytest.raises(ValueError, match="give the link a text"):
        rr.for_report("{ref}`miti-thresholds`", set(), set(), LABELS)
    with pytest.raises(ValueError, match="names no page"):
        rr.for_report("{doc}`no/such/page`", set(), set(), LABELS)


def test_labels_are_read_from_targets_and_options():
    cells = ["(audit-ledger)=\n## Ledger", "```{glue:figure} f\n:name: fig-grim\n```", "no label"]
    assert rr.labels_in(cells) == {"audit-ledger", "fig-grim"}


def test_the_bibliography_gives_every_key_its_label():
    bib = rr.bibliography()
    assert bib["stahl2018"] == "Ståhl and Gustavsson, 2018"
    assert len(bib) >= 13


def test_every_chapter_of_the_book_can_stand_alone():
    """The prose of the book's chapters, outside their exercises and the cells only the book
    shows, has no link that the no-input report cannot resolve or write as text."""
    pages = {c.name for c in CHAPTERS}
    cells = {}
    for chapter in CHAPTERS:
        nb = json.loads((paths.NOTEBOOKS / f"{chapter.name}.ipynb").read_text(encoding="utf-8"))
        cells[chapter.name] = [
            "".join(c["source"])
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
            and not {TEACHING_TAG, BOOK_ONLY_TAG} & set(c["metadata"].get("tags", []))
        ]
    labels = rr.labels_in(text for texts in cells.values() for text in texts)
    for name, texts in cells.items():
        for text in texts:
            rewritten = rr.for_report(text, pages, labels)
            for match in rr.ROLE.finditer(rewritten):
                assert match.group("name") in ("doc", "ref", "glue:text"), (name, match.group(0))
