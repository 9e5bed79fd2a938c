"""The "compared with the published study" section of a report chapter: table, figure, words.

Each report chapter puts the user's numbers beside those of Foldal et al. (2021)
(:mod:`mibook.analysis.benchmark`). The sentences here are made from the numbers of each row, so
they hold for any data: the direction of a difference is said only when the interval excludes
zero, a comparison that cannot be computed says so, and the caveat about comparability comes
with every table.
"""

from __future__ import annotations

import math

import pandas as pd

from mibook import figures, markup
from mibook.analysis.benchmark import COLUMNS
from mibook.chapters import labels
from mibook.chapters.page_table import PageTable

CAVEAT = (
    "These comparisons assume that the questions were asked in the same way and that the people "
    "(or sessions) were alike in both studies. They describe differences between two samples; "
    "they are not effects of anything. Each published value is the printed one, with the "
    "published number of answers beside it."
)


def _fmt(value: float, unit: str) -> str:
    if not math.isfinite(value):
        return "–"
    text = f"{value:.1f}" if unit != "rating" else f"{value:.2f}"
    if text.lstrip("-").strip("0.") == "":  # a value that rounds to zero has no sign
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def _p(p: float) -> str:
    if not math.isfinite(p):
        return "p not computable"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _source(source: str) -> str:
    """The published table and row of a benchmark row, in words and escaped (MyST)."""
    return markup.text(labels.in_words(source))


def sentence(row, label: str, unit: str) -> str:
    """One row of ``benchmark.csv`` in words (MyST); true whatever the numbers are.

    Examples
    --------
    >>> row = pd.Series({"this_value": 72.5, "this_n": 80, "published_value": 99.1,
    ...                  "published_n": 111, "difference": -26.6, "ci_low": -37.3,
    ...                  "ci_high": -17.1, "p_value": 0.0001, "source": "Foldal et al. 2021"})
    >>> text = sentence(row, "Satisfied", "points")
    >>> text.startswith("**Satisfied.** 72.5 % of 80 here against 99.1 % of 111 in Foldal et al")
    True
    >>> text.endswith("26.6 points lower (95 % CI −37.3 to −17.1, p < 0.001).")
    True
    """
    what = {"points": "points", "years": "years", "rating": "scale points"}[unit]
    label = markup.text(label)
    label = label if label.endswith(("?", "!", ".")) else label + "."
    if unit == "points":
        head = (
            f"**{label}** {_fmt(row['this_value'], unit)} % of "
            f"{int(row['this_n'])} here against {_fmt(row['published_value'], unit)} % of "
            f"{int(row['published_n'])} in {_source(row['source'])}"
        )
    else:
        head = (
            f"**{label}** A mean of {_fmt(row['this_value'], unit)} here "
            f"(n = {int(row['this_n'])}) against {_fmt(row['published_value'], unit)} "
            f"(n = {int(row['published_n'])}) in {_source(row['source'])}"
        )
    d, low, high = row["difference"], row["ci_low"], row["ci_high"]
    if not all(map(math.isfinite, (d, low, high))):
        return head + ": the difference cannot be estimated from these numbers."
    interval = f"95 % CI {_fmt(low, unit)} to {_fmt(high, unit)}, {_p(row['p_value'])}"
    if low > 0 or high < 0:
        direction = "higher" if d > 0 else "lower"
        return f"{head}: {_fmt(abs(d), unit)} {what} {direction} ({interval})."
    return (
        f"{head}: a difference of {_fmt(d, unit)} {what}, and the interval includes no "
        f"difference ({interval})."
    )


def display(rows: pd.DataFrame, names: dict, units: dict) -> PageTable:
    """The benchmark rows as a reader's table (plain labels, rounded, intervals in words).

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of ``benchmark.csv``.
    names : dict
        Measure → its label; a measure without one reads as its name in words.
    units : dict
        Measure → ``points``, ``years`` or ``rating``.

    Returns
    -------
    PageTable
        Indexed by ``Measure``: this study, the published value, the difference with its 95 %
        interval, p and the published source.

    Examples
    --------
    >>> row = pd.DataFrame([{"measure": "useful_extra", "this_value": 72.5, "this_n": 80,
    ...     "published_value": 99.1, "published_n": 111, "difference": -26.6, "ci_low": -37.3,
    ...     "ci_high": -17.1, "p_value": 0.0001, "source": "Foldal et al. 2021"}])
    >>> display(row, {}, {}).index.tolist()
    ['Useful extra']
    """
    shown = []
    for row in rows.itertuples():
        unit = units.get(row.measure, "points")
        suffix = " %" if unit == "points" else ""
        shown.append(
            {
                "Measure": labels.label(row.measure, names),
                "This study": f"{_fmt(row.this_value, unit)}{suffix} (n = {row.this_n})",
                "Published": f"{_fmt(row.published_value, unit)}{suffix} (n = {row.published_n})",
                "Difference (95 % CI)": f"{_fmt(row.difference, unit)} "
                f"({_fmt(row.ci_low, unit)} to {_fmt(row.ci_high, unit)})",
                "p": _p(row.p_value).removeprefix("p = ").removeprefix("p "),
                "Published source": labels.in_words(row.source),
            }
        )
    return PageTable(pd.DataFrame(shown).set_index("Measure") if shown else pd.DataFrame())


def section(rows: pd.DataFrame, names: dict, units: dict) -> dict:
    """Everything the section shows: its sentences, its table and its figure (or None)."""
    rows = rows[COLUMNS].reset_index(drop=True)
    if rows.empty:
        return {
            "text": "The data give no measure that the published study reports as well, so there "
            "is nothing to compare.",
            "table": None,
            "figure": None,
        }
    sentences = [
        sentence(r, labels.label(r["measure"], names), units.get(r["measure"], "points"))
        for _, r in rows.iterrows()
    ]
    figures.use_book_style()
    figure = figures.forest(rows, names, units)
    return {
        "text": CAVEAT + "\n\n" + "\n\n".join(sentences),
        "table": display(rows, names, units),
        "figure": figure,
    }
