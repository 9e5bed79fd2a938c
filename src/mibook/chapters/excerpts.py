"""What a chapter shows inline of a long table that the book keeps whole in its appendix.

A chapter shows what matters inline and leaves the long reference tables to the appendix
(:mod:`mibook.book.appendix`), which lists every row of ``ledger.csv``, ``consistency.csv`` and
``comparison_rows.csv``:

* the audit shows the published numbers its data do not give as printed, and why
  (:func:`ledger_exceptions_note`);
* the comparison shows the findings on the themes that more than one study reports
  (:func:`shared_findings_note`) and how many findings of each kind each study has per
  dimension (:func:`rows_by_dimension`).

Rows of long text are written as lists in MyST Markdown, every value from a file escaped
(:func:`mibook.markup.text`): a list reads at the full width of the page, where a table of
several long columns leaves each column narrow. The counts are a DataFrame (pandas escapes its
text).
"""

from __future__ import annotations

import pandas as pd

from mibook import markup
from mibook.analysis.audit import ARTICLES
from mibook.analysis.comparison import DIMENSION_LABELS, DIMENSION_ORDER, studies
from mibook.chapters import labels
from mibook.chapters.page_table import PageTable, shown

#: The ledger's statuses that the audit shows inline, in words.
EXCEPTIONS = {
    "not_reproducible": "not reproduced",
    "reproduced_under_assumption": "only under an assumption",
}

#: Kinds of a coded finding, in the order the summary counts them.
KINDS = ("barrier", "facilitator", "fact")


def ledger_exceptions(ledger: pd.DataFrame) -> pd.DataFrame:
    """The rows of the ledger whose printed value the book's data do not give, or give only under
    an assumption.

    Parameters
    ----------
    ledger : pandas.DataFrame
        ``ledger.csv`` (:func:`mibook.analysis.ledger.build_ledger`).

    Returns
    -------
    pandas.DataFrame
        Those rows, in the ledger's order: not reproduced first, then only under an assumption.

    Examples
    --------
    >>> ledger = pd.DataFrame({"id": ["a", "b", "c"],
    ...                        "status": ["reproduced", "reproduced_under_assumption",
    ...                                   "not_reproducible"]})
    >>> ledger_exceptions(ledger)["id"].tolist()
    ['c', 'b']
    """
    order = {status: i for i, status in enumerate(EXCEPTIONS)}
    part = ledger[ledger["status"].isin(list(EXCEPTIONS))].copy()
    part["_o"] = part["status"].map(order)
    return part.sort_values("_o", kind="stable").drop(columns="_o")


def _exception_item(row: dict) -> str:
    where = f"{ARTICLES.get(row['article'], row['article'])}, {row['location']}"
    facts = [f"printed **{markup.text(row['reported'])}**"]
    if str(row["recomputed"]):
        facts.append(f"the data give **{markup.text(row['recomputed'])}**")
    facts.append(f"*{EXCEPTIONS[row['status']]}*: {markup.text(labels.in_words(row['reason']))}")
    return f"* {markup.text(row['label'])} ({markup.text(where)}): " + "; ".join(facts) + "."


def ledger_exceptions_note(ledger: pd.DataFrame) -> str:
    """The published numbers the book's data do not give as printed, or only under an
    assumption, each with its reason.

    Parameters
    ----------
    ledger : pandas.DataFrame
        ``ledger.csv`` (:func:`mibook.analysis.ledger.build_ledger`).

    Returns
    -------
    str
        MyST Markdown: a sentence with the two counts and a list of those numbers (label,
        where printed, printed value, what the data give, status and reason), or one sentence
        saying every computable number is reproduced.

    Examples
    --------
    >>> ledger = pd.DataFrame({"id": ["a", "b"], "article": ["foldal2021"] * 2,
    ...                        "location": ["Table 9"] * 2, "label": ["Mean", "SD"],
    ...                        "reported": ["3.1", "0.9"], "recomputed": ["3.10", "0.95"],
    ...                        "status": ["reproduced", "not_reproducible"],
    ...                        "reason": ["", "does not round to 0.9"]})
    >>> print(ledger_exceptions_note(ledger))  # doctest: +NORMALIZE_WHITESPACE
    One published number is not reproduced by the book's data, and none only under an
    assumption:
    <BLANKLINE>
    * SD (Foldal et al\\. 2021\\, Table 9): printed **0\\.9**; the data give **0\\.95**; *not
      reproduced*: does not round to 0\\.9.
    >>> print(ledger_exceptions_note(ledger.iloc[:1]))
    Every number the book's data can compute is reproduced as printed, with no assumption needed.
    """
    counts = ledger["status"].value_counts()
    missed = int(counts.get("not_reproducible", 0))
    assumed = int(counts.get("reproduced_under_assumption", 0))
    if not missed and not assumed:
        return (
            "Every number the book's data can compute is reproduced as printed, with no "
            "assumption needed."
        )

    def many(n: int) -> str:
        return "none" if n == 0 else ("one" if n == 1 else str(n))

    first = f"{many(missed).capitalize()} published {'number is' if missed == 1 else 'numbers are'}"
    items = "\n".join(_exception_item(r) for r in ledger_exceptions(ledger).to_dict("records"))
    return (
        f"{first} not reproduced by the book's data, and {many(assumed)} only under an "
        f"assumption:\n\n{items}"
    )


def _shared_rows(chapter) -> pd.DataFrame:
    shared = set(chapter.matrix.loc[chapter.matrix["n_studies"] >= 2, "theme"])
    rows = chapter.rows
    return rows[rows["theme"].isin(shared) & rows["kind"].isin(["barrier", "facilitator"])]


def shared_findings_note(chapter) -> str:
    """The barrier and facilitator findings on every theme that more than one study reports.

    Parameters
    ----------
    chapter : mibook.chapters.comparison.ComparisonChapter
        The result of its ``run``.

    Returns
    -------
    str
        MyST Markdown: per theme (in the order of the barrier-and-facilitator figure) a bold
        line, then one item per finding with its study, kind and source; or a sentence saying
        no theme is shared. Every value from the rows is escaped.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> from mibook.chapters import comparison
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = comparison.run(output_dir=folder)
    >>> note = shared_findings_note(chapter)
    >>> note.count("\\n\\n**") + 1 == chapter.numbers["n_shared_themes"]
    True
    >>> plt.close("all")
    """
    rows = _shared_rows(chapter)
    if rows.empty:
        return "No theme is coded as a barrier or a facilitator in more than one study."
    study_order = {s: i for i, s in enumerate(studies(chapter.rows))}
    blocks = []
    for theme in chapter.matrix["theme"]:
        mine = rows[rows["theme"] == theme]
        if mine.empty:
            continue
        mine = mine.assign(_s=mine["study"].map(study_order)).sort_values("_s", kind="stable")
        items = [
            f"* *{markup.text(r['study'])}*, {markup.text(r['kind'])} "
            f"({markup.text(r['source'])}): {markup.text(r['finding'])}"
            for r in mine.to_dict("records")
        ]
        heading = markup.text(labels.label(theme, labels.THEMES))
        blocks.append(f"**{heading}**\n\n" + "\n".join(items))
    return "\n\n".join(blocks)


def rows_by_dimension(chapter) -> PageTable:
    """How many coded findings of each kind each study has, dimension by dimension.

    Parameters
    ----------
    chapter : mibook.chapters.comparison.ComparisonChapter
        The result of its ``run``.

    Returns
    -------
    PageTable
        Indexed by ``Dimension`` (context first, then RE-AIM's order; shown as the first column
        under one header row); one column per study, each cell like ``2 barriers, 1
        facilitator, 3 facts`` (``–`` without a row); a last row ``All dimensions``.

    Examples
    --------
    >>> class Chapter:
    ...     rows = pd.DataFrame({"study": ["A", "A", "B"], "kind": ["barrier", "fact", "fact"],
    ...                          "re_aim_dimension": ["reach", "reach", "context"]})
    >>> table = rows_by_dimension(Chapter)
    >>> table.loc["Reach"].tolist(), table.loc["All dimensions"].tolist()
    (['1 barrier, 1 fact', '–'], ['1 barrier, 1 fact', '1 fact'])
    """
    rows = chapter.rows
    names = studies(rows)

    def cell(part: pd.DataFrame) -> str:
        counts = part["kind"].value_counts()
        words = [
            f"{int(counts[k])} {k if counts[k] == 1 else k + 's'}" for k in KINDS if k in counts
        ]
        return ", ".join(words) if words else "–"

    table = {}
    for study in names:
        mine = rows[rows["study"] == study]
        column = {
            DIMENSION_LABELS[d]: cell(mine[mine["re_aim_dimension"] == d]) for d in DIMENSION_ORDER
        }
        column["All dimensions"] = cell(mine)
        table[study] = column
    counts = pd.DataFrame(table, columns=names)
    counts.index.name = "Dimension"
    return shown(counts)
