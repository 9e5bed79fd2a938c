"""The appendix (``mibook.book.appendix``): the long reference tables on pages of their own,
every row on exactly one page, every value from a CSV escaped, and the pages in ``_toc.yml``."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

from mibook import markup, paths
from mibook.book import appendix

TABLES = ("ledger.csv", "consistency.csv", "comparison_rows.csv")
HOSTILE = "{glue:text}`n_checks` <b>bold</b> *star* [link](http://x)"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(
        paths.BOOK_TABLES / name, dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )


@pytest.fixture
def tables(tmp_path):
    """A copy of the book's tables, to change."""
    for name in TABLES:
        shutil.copy(paths.BOOK_TABLES / name, tmp_path / name)
    return tmp_path


def test_every_page_is_in_the_toc_under_the_appendix_part_in_order():
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = toc["parts"][-1]
    assert part["caption"] == "Appendix"
    listed = []
    for chapter in part["chapters"]:
        listed.append(chapter["file"])
        listed += [s["file"] for s in chapter.get("sections", [])]
    assert listed == [f"book/appendix/{name}" for name in appendix.PAGES]


def test_every_row_of_ledger_and_checks_is_on_exactly_one_part():
    ledger, checks = _read("ledger.csv"), _read("consistency.csv")
    shown = pd.concat([p.rows(ledger)["id"] for p in appendix.LEDGER_PARTS])
    assert sorted(shown) == sorted(ledger["id"])
    shown = pd.concat([p.rows(checks)["check_id"] for p in appendix.CHECK_PARTS])
    assert sorted(shown) == sorted(checks["check_id"])
    texts = appendix.pages()
    for row in ledger.itertuples():
        pages = [
            p.name
            for p in appendix.LEDGER_PARTS
            if markup.code(row.id) in texts[appendix.page_path(p.name)]
        ]
        assert len(pages) == 1, (row.id, pages)


def test_a_row_no_part_shows_is_an_error(tables):
    ledger = pd.read_csv(tables / "ledger.csv", dtype=str, keep_default_na=False)
    ledger.loc[len(ledger)] = {**ledger.iloc[0].to_dict(), "id": "x_new", "article": "other2020"}
    ledger.to_csv(tables / "ledger.csv", index=False)
    with pytest.raises(ValueError, match="x_new"):
        appendix.pages(tables)


def test_each_page_links_its_csv_and_the_pages_count_the_rows():
    texts = appendix.pages()
    ledger, checks, rows = (
        _read("ledger.csv"),
        _read("consistency.csv"),
        _read("comparison_rows.csv"),
    )
    first = texts[appendix.page_path("ledger")]
    assert "{download}`ledger.csv <../tables/ledger.csv>`" in first
    assert f"{len(ledger)} in all" in first
    for part in appendix.LEDGER_PARTS:
        assert f"* {{doc}}`{part.name}`: {len(part.rows(ledger))} numbers" in first
    checks_page = texts[appendix.page_path("checks")]
    assert "{download}`consistency.csv <../tables/consistency.csv>`" in checks_page
    assert f"{len(checks)} in all" in checks_page
    comparison = texts[appendix.page_path("comparison_rows")]
    assert "{download}`comparison_rows.csv <../tables/comparison_rows.csv>`" in comparison
    assert f"{len(rows)} rows" in comparison
    # one definition-list entry per coded row
    assert comparison.count("\n: ") == len(rows)


def test_ledger_counts_table_adds_up_per_article():
    ledger = _read("ledger.csv")
    first = appendix.ledger_page(ledger)
    for article, group in ledger.groupby("article"):
        name = markup.text(appendix.ARTICLES.get(article, article))
        line = next(x for x in first.splitlines() if x.startswith(f"| {name} |"))
        cells = [int(c) for c in line.strip("|").split("|")[1:]]
        assert cells[-1] == len(group) == sum(cells[:-1])


def test_text_from_the_csvs_is_escaped(tables):
    rows = pd.read_csv(tables / "comparison_rows.csv", dtype=str, keep_default_na=False)
    rows.loc[0, "finding"] = HOSTILE
    rows.loc[0, "theme"] = HOSTILE
    rows.to_csv(tables / "comparison_rows.csv", index=False)
    checks = pd.read_csv(tables / "consistency.csv", dtype=str, keep_default_na=False)
    checks.loc[0, "detail"] = HOSTILE
    checks.to_csv(tables / "consistency.csv", index=False)
    ledger = pd.read_csv(tables / "ledger.csv", dtype=str, keep_default_na=False)
    ledger.loc[0, "label"] = HOSTILE
    ledger.to_csv(tables / "ledger.csv", index=False)
    texts = appendix.pages(tables)
    everything = "\n".join(texts.values())
    assert HOSTILE not in everything
    assert "<b>" not in everything and "{glue:text}`n_checks`" not in everything
    assert markup.text(HOSTILE) in everything


def test_write_generated_rewrites_nothing_when_the_pages_are_current():
    wanted = appendix.pages()
    for path, text in wanted.items():
        assert path.read_text(encoding="utf-8") == text, path
    assert appendix.write_generated() == []
