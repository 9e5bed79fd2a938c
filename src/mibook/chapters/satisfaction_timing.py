"""The satisfaction-and-timing chapter: how the sick-listed workers rated the MI sessions.

Foldal et al. 2021, Table 2 and the Results section on satisfaction with the sessions.

The notebook ``notebooks/satisfaction_timing.ipynb`` calls :func:`run`, displays what it returns
and glues its numbers into the prose; all computing happens here.

Choices made here (the data contract is silent on them):

* Every percentage is of the people who answered *that* question; a blank answer is left out of
  that question only (per-item handling, never listwise across the table).
* Confidence intervals for the article's summary claims are Wilson score intervals
  (``statsmodels.stats.proportion.proportion_confint(method="wilson")``); a question nobody
  answered has no interval (NaN).
* Cronbach's alpha uses the respondents who answered all four Likert questions (listwise), so the
  alpha and its interval refer to one well-defined group; pingouin gives the interval.
* The paired Wilcoxon test uses the respondents who rated both the first and the second session;
  pairs with equal ratings are dropped before ranking (scipy's default ``zero_method="wilcox"``).
* An analysis that cannot be computed on the data (too few answers, no variation) is reported as
  "not computable" with the reason; nothing raises.

The analyses themselves are in :mod:`mibook.analysis.likert`; this module writes the tables,
draws the figures and puts the results, and the reasons an analysis could not run, into words.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from mibook import figures, markup, published
from mibook.analysis import benchmark
from mibook.analysis.likert import (
    LIKERT_RESPONSES,
    TIMING_ITEMS,
    _crosstab_numbers,
    _denominator,
    _item,
    claims_table,
    cronbach,
    item_missing_table,
    items_table,
    paired_wilcoxon,
    point_labels,
    published_useful_items,
    satisfaction_table,
    timing_table,
    useful_items,
    wald_interval,
    wilson_interval,
    with_dont_know,
)
from mibook.chapters import labels, notes, published_comparison
from mibook.chapters.labels import ITEM_NAMES
from mibook.chapters.page_table import PageTable, shown
from mibook.checks.rounding import round_half_up
from mibook.files import write_table
from mibook.inputs.contracts import LIKERT_ITEMS, RESPONDENT_CODES
from mibook.inputs.provenance import DATA_KINDS, ChapterData, chapter_data
from mibook.published.printing import format_count_percent, question, response_label

PUBLISHED_COLUMN = "Published (Table 2)"


@dataclass
class SatisfactionChapter:
    """Everything the satisfaction-and-timing chapter shows, as returned by :func:`run`.

    Attributes
    ----------
    data : mibook.inputs.provenance.ChapterData
        The respondents the chapter ran on.
    ci_level : float
        Confidence level of the intervals.
    satisfaction, timing : pandas.DataFrame
        ``satisfaction.csv`` and ``timing.csv``.
    table2 : dict of str to PageTable
        Table 2 in the article's layout, three blocks (:func:`table2_display`).
    claims : pandas.DataFrame
        The article's summary claims, recomputed
        (:func:`mibook.analysis.likert.claims_table`).
    alpha, wilcoxon : dict
        Cronbach's alpha and the paired Wilcoxon test, reasons put into words
        (:func:`explained`).
    crosstab : PageTable
        The two timing questions against each other (:func:`timing_crosstab`).
    figure_likert, figure_timing : matplotlib.figure.Figure
        The chapter's two figures.
    written : list of pathlib.Path
        The tables written.
    numbers : dict
        The values the prose glues, by name.
    """

    data: ChapterData
    ci_level: float
    satisfaction: pd.DataFrame  # satisfaction.csv
    timing: pd.DataFrame  # timing.csv
    table2: dict[str, pd.DataFrame]  # the article's layout, three blocks
    claims: pd.DataFrame
    alpha: dict
    wilcoxon: dict
    crosstab: pd.DataFrame
    figure_likert: object
    figure_timing: object
    written: list[Path]
    numbers: dict = field(default_factory=dict)
    items: pd.DataFrame | None = None  # items.csv
    item_missing: pd.DataFrame | None = None  # item_missing.csv


# --------------------------------------------------------------------------- parameters


def validate_parameters(
    respondents_csv="", output_dir="tables", ci_level=0.95, data_kind="auto"
) -> None:
    """Refuse parameter values the chapter cannot use, with a message saying what is expected.

    Parameters
    ----------
    respondents_csv : str, default ""
        A respondents file, or empty for the book's rows.
    output_dir : str, default "tables"
        Folder for the chapter's tables.
    ci_level : float, default 0.95
        Confidence level of the intervals.
    data_kind : str, default "auto"
        One of :data:`mibook.inputs.provenance.DATA_KINDS`.

    Raises
    ------
    ValueError
        ``ci_level`` not a number strictly between 0 and 1, ``data_kind`` unknown, or a path
        parameter that is not text.

    Examples
    --------
    >>> validate_parameters(ci_level=0.9)
    >>> validate_parameters(ci_level=95)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ci_level must be a number strictly between 0 and 1 (...), not 95
    """
    if (
        isinstance(ci_level, bool)
        or not isinstance(ci_level, numbers.Real)
        or not 0 < float(ci_level) < 1
    ):
        raise ValueError(
            "ci_level must be a number strictly between 0 and 1 (e.g. 0.95 for a 95% interval), "
            f"not {ci_level!r}"
        )
    if data_kind not in DATA_KINDS:
        raise ValueError(f"data_kind must be one of {', '.join(DATA_KINDS)}, not {data_kind!r}")
    if not isinstance(respondents_csv, str):
        raise ValueError(
            'respondents_csv must be a path as text ("" for the book\'s data), '
            f"not {respondents_csv!r}"
        )
    if not isinstance(output_dir, str) or not output_dir:
        raise ValueError(f"output_dir must be a non-empty folder path as text, not {output_dir!r}")


# --------------------------------------------------------------------------- the article's layout


def table2_display(satisfaction: pd.DataFrame, timing: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Table 2 of Foldal et al. (2021) recomputed: three blocks, as the article prints them.

    Rows are the questions with their ``(n = …)``; cells are ``n (%)`` with percents rounded
    half-up, and a zero count is printed as a bare ``0``, as in the article.

    Parameters
    ----------
    satisfaction, timing : pandas.DataFrame
        ``satisfaction.csv`` and ``timing.csv``, from
        :func:`mibook.analysis.likert.satisfaction_table` and
        :func:`mibook.analysis.likert.timing_table`.

    Returns
    -------
    dict of str to PageTable
        ``likert``, ``timing_appropriate`` and ``preferred_timing``: one row per question,
        one column per answer, headed as in the article.

    Examples
    --------
    >>> from mibook.analysis.likert import satisfaction_table, timing_table
    >>> from mibook.inputs.provenance import chapter_data
    >>> frame = chapter_data("respondents").frame
    >>> blocks = table2_display(satisfaction_table(frame), timing_table(frame))
    >>> sorted(blocks)
    ['likert', 'preferred_timing', 'timing_appropriate']
    >>> blocks["timing_appropriate"].iloc[0].tolist()
    ['96 (86%)', '16 (14%)']
    """
    blocks = {}
    for key, tidy, items in (
        ("likert", satisfaction, LIKERT_ITEMS),
        ("timing_appropriate", timing, ("timing_appropriate",)),
        ("preferred_timing", timing, ("preferred_timing",)),
    ):
        rows = {}
        for item in items:
            part = _item(tidy, item)
            label = f"{question(item)} (n = {_denominator(tidy, item)})"
            rows[label] = {
                response_label(item, r.response): format_count_percent(int(r.n), int(r.denominator))
                for r in part.itertuples()
            }
        block = pd.DataFrame.from_dict(rows, orient="index")
        block.index.name = "Question"
        blocks[key] = shown(block)
    return blocks


def table2_cells(satisfaction: pd.DataFrame, timing: pd.DataFrame) -> pd.Series:
    """Every recomputed Table 2 cell, keyed by (question, column), each row's ``n`` included.

    Parameters
    ----------
    satisfaction, timing : pandas.DataFrame
        ``satisfaction.csv`` and ``timing.csv``.

    Returns
    -------
    pandas.Series
        Cells as text (``n = …`` in the column ``n``), named ``Recomputed``, indexed by
        ``Question`` and ``Column``.

    See Also
    --------
    published_table2 : The printed cells, keyed the same way.
    """
    cells = {}
    for tidy, items in ((satisfaction, LIKERT_ITEMS), (timing, TIMING_ITEMS)):
        for item in items:
            cells[(question(item), "n")] = f"n = {_denominator(tidy, item)}"
            for r in _item(tidy, item).itertuples():
                cells[(question(item), response_label(item, r.response))] = format_count_percent(
                    int(r.n), int(r.denominator)
                )
    series = pd.Series(cells, name="Recomputed")
    series.index.names = ["Question", "Column"]
    return series


def published_table2() -> pd.Series:
    """The printed Table 2 cells, keyed like :func:`table2_cells` (a zero printed as ``"0"``).

    Returns
    -------
    pandas.Series
        Named ``Published (Table 2)``, indexed by ``Question`` and ``Column``.

    Examples
    --------
    >>> published_table2().iloc[:3].tolist()
    ['n = 111', '1 (1%)', '0']
    """
    cells = {}
    for item in (*LIKERT_ITEMS, *TIMING_ITEMS):
        cells[(question(item), "n")] = f"n = {published.denominator('Table 2', item)}"
        for category, n in published.counts("Table 2", item).items():
            try:
                pct = published.value(f"no_t2_{item}_{category}_pct")
            except KeyError:
                cells[(question(item), response_label(item, category))] = str(n)
            else:
                cells[(question(item), response_label(item, category))] = f"{n} ({pct}%)"
    series = pd.Series(cells, name=PUBLISHED_COLUMN)
    series.index.names = ["Question", "Column"]
    return series


def comparison_with_published(chapter: SatisfactionChapter) -> pd.DataFrame:
    """The recomputed Table 2 beside the printed one, with a column saying whether they match.

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Question`` and ``Column``; columns ``Recomputed``, ``Published (Table 2)``
        (``–`` where the article prints no cell) and ``Same?`` (``yes``, ``no`` or ``not
        printed``).
    """
    both = pd.concat(
        [table2_cells(chapter.satisfaction, chapter.timing), published_table2()], axis=1
    )
    same = both["Recomputed"] == both[PUBLISHED_COLUMN]
    both["Same?"] = same.map({True: "yes", False: "no"}).where(
        both[PUBLISHED_COLUMN].notna(), "not printed"
    )
    both[PUBLISHED_COLUMN] = both[PUBLISHED_COLUMN].fillna("–")
    both.index.names = ["Question", "Column"]
    return shown(both)


def _differences(chapter: SatisfactionChapter) -> pd.DataFrame:
    table = comparison_with_published(chapter)
    return table[table["Same?"] == "no"]


def _truncated(n: int, denominator: int) -> str:
    return str(int(Decimal(100 * n) / Decimal(denominator)))


def _explain_difference(
    chapter: SatisfactionChapter, question_text: str, column: str, printed: str, recomputed: str
) -> str:
    """Sentences, with computed numbers, on why a printed cell differs from the recomputed one."""
    item = next((i for i in (*LIKERT_ITEMS, *TIMING_ITEMS) if question(i) == question_text), None)
    if item is None or column == "n":
        return (
            f"For “{question_text}” the article prints {printed} in the column {column}; the data "
            f"give {recomputed}."
        )
    tidy = chapter.satisfaction if item in LIKERT_ITEMS else chapter.timing
    part = _item(tidy, item)
    row = next(r for r in part.itertuples() if response_label(item, r.response) == column)
    n, d = int(row.n), int(row.denominator)
    printed_counts = published.counts("Table 2", item)
    if (
        d == 0
        or printed_counts.get(str(row.response)) != n
        or published.denominator("Table 2", item) != d
    ):
        return (
            f"For “{question_text}” the article prints {printed} in the column {column}; the data "
            f"give {recomputed}."
        )
    exact = 100.0 * n / d
    recomputed_sum = sum(
        int(round_half_up(100.0 * int(r.n) / d)) for r in part.itertuples() if int(r.n) > 0
    )
    printed_sum = 0
    for category, count in printed_counts.items():
        if count:
            printed_sum += int(published.value(f"no_t2_{item}_{category}_pct"))
    truncation_misses = sum(
        1
        for r in part.itertuples()
        if int(r.n) > 0
        and str(r.response) != str(row.response)
        and _truncated(int(r.n), d) != round_half_up(100.0 * int(r.n) / d)
    )
    if truncation_misses:
        truncation = (
            f"Cutting off the decimals would give {_truncated(n, d)}, but that is not the table's "
            f"rule: it would also change {truncation_misses} other printed cell(s) of the same row."
        )
    else:
        truncation = (
            f"Cutting off the decimals would give {_truncated(n, d)}, and would leave the rest of "
            "the row as printed."
        )
    return (
        f"The cell that differs is “{column}” for the question “{question_text}”. The count "
        f"agrees, but {n} of {d} is {exact:.2f} %, which is not a tie and so rounds to "
        f"{round_half_up(exact)} % under half-up and half-even rounding alike, while the article "
        f"prints {printed}. {truncation} Rounded as the rest of the table is, this row's "
        f"percentages add up to {recomputed_sum}; as printed they add up to {printed_sum}. The "
        f"printed value is either a slip or was lowered so that the row totals {printed_sum}; "
        "either way the counts are the same."
    )


def comparison_note(chapter: SatisfactionChapter) -> str:
    """Introduces the side-by-side table of recomputed and printed Table 2 cells.

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: a heading, then for reconstructed rows how many printed cells are
        reproduced and a paragraph on each cell that differs; for other data, how many cells
        happen to coincide.
    """
    table = comparison_with_published(chapter)
    same = int((table["Same?"] == "yes").sum())
    printed = int((table["Same?"] != "not printed").sum())
    head = "## Compared with the published Table 2\n\n"
    if chapter.data.reconstructed:
        differences = _differences(chapter)
        lead = (
            "Recomputed from the rows, with percentages rounded half-up and zero counts printed "
            f"bare as in the article, {same} of the {printed} printed cells of Table 2 (the row "
            "totals included) are reproduced exactly."
        )
        notes = [
            _explain_difference(chapter, q, c, row[PUBLISHED_COLUMN], row["Recomputed"])
            for (q, c), row in differences.iterrows()
        ]
        return head + lead + ("\n\n" + "\n\n".join(notes) if notes else "")
    return head + (
        "For orientation, the cells of this data beside those of the Norwegian sample "
        f"(Foldal et al. 2021, Table 2); {same} of {printed} happen to coincide."
    )


def claims_display(chapter: SatisfactionChapter) -> PageTable:
    """The claims as a reader's table: recomputed share and interval beside the printed one.

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by the claim's description: ``n / answered``, the recomputed percent, its
        Wilson interval (column named after the confidence level), the published percent and
        whether the recomputed one rounds to it. A claim nobody could answer shows ``no
        answers`` and ``–``.
    """
    level = f"{100 * chapter.ci_level:g}"
    rows = []
    for r in chapter.claims.itertuples():
        computable = r.denominator > 0
        rows.append(
            {
                "Claim": r.description,
                "n / answered": f"{r.n} / {r.denominator}",
                "Recomputed": f"{r.percent:.1f} %" if computable else "no answers",
                f"{level} % CI (Wilson)": f"{r.ci_low:.1f} to {r.ci_high:.1f} %"
                if computable
                else "–",
                "Published (text)": f"{r.published} %",
                "Rounds to published?": "yes" if r.rounds_to_published else "no",
            }
        )
    return shown(pd.DataFrame(rows).set_index("Claim"))


def claims_note(chapter: SatisfactionChapter) -> str:
    """One sentence on how the recomputed shares compare with the printed ones.

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    str
        How many shares round to the printed figures (and which do not); for data other than
        the book's, that the printed figures are for orientation only. A further sentence names
        the questions nobody answered, if any.
    """
    claims = chapter.claims
    matching = int(claims["rounds_to_published"].sum())
    unanswered = claims.loc[claims["denominator"] == 0, "item"].map(ITEM_NAMES).tolist()
    empty = (
        f" Nobody in this data answered the question(s) on {', '.join(unanswered)}, so the share "
        "and its interval are not computable there; the text above shows them as nan."
        if unanswered
        else ""
    )
    if not chapter.data.reconstructed:
        return (
            "The printed figures describe the Norwegian sample and are shown for orientation only; "
            f"{matching} of the {len(claims)} shares of this data happen to round to them." + empty
        )
    if matching == len(claims):
        return (
            f"All {len(claims)} recomputed shares round to the figures printed in the article's "
            "text." + empty
        )
    differ = ", ".join(claims.loc[~claims["rounds_to_published"], "description"])
    return (
        f"{matching} of the {len(claims)} recomputed shares round to the printed figures; these do "
        f"not: {differ}." + empty
    )


def timing_crosstab(frame: pd.DataFrame) -> PageTable:
    """The two timing questions against each other, for those who answered both.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data.

    Returns
    -------
    PageTable
        Counts with rows and columns labelled as in Table 2 (every answer listed), and a row
        and a column ``Total``; the rows' head names both questions, the rows' first.

    Examples
    --------
    >>> frame = pd.DataFrame(
    ...     {
    ...         "timing_appropriate": ["yes", "yes", "no", None],
    ...         "preferred_timing": ["good", "1_month_earlier", "good", "good"],
    ...     }
    ... )
    >>> table = timing_crosstab(frame)
    >>> table.index.tolist(), table["Total"].tolist()
    (['Yes', 'No', 'Total'], [2, 1, 3])
    >>> table.loc["Yes"].tolist()
    [0, 1, 1, 0, 0, 0, 2]
    """
    both = frame[list(TIMING_ITEMS)].dropna()
    table = pd.crosstab(both["timing_appropriate"], both["preferred_timing"])
    table = table.reindex(
        index=list(RESPONDENT_CODES["timing_appropriate"]),
        columns=list(RESPONDENT_CODES["preferred_timing"]),
        fill_value=0,
    ).astype(int)
    table.index = [response_label("timing_appropriate", c) for c in table.index]
    table.columns = [response_label("preferred_timing", c) for c in table.columns]
    table.index.name = "Timing appropriate? (rows) / best time instead (columns)"
    table.columns.name = None
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    return shown(table)


# --------------------------------------------------------------------------- notes in words


def provenance_note(chapter: SatisfactionChapter) -> str:
    """What kind of data the chapter ran on (the same wording as the sample chapter).

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown (:func:`mibook.chapters.notes.respondents_provenance_note`).
    """
    return notes.respondents_provenance_note(chapter.data)


def _signed(value: float, decimals: int = 2) -> str:
    """A number for prose, with a typographic minus sign (alpha and its bounds can be negative)."""
    return f"{value:.{decimals}f}".replace("-", "\u2212")


def _respondents(n: int) -> str:
    return f"{n} respondent" if n == 1 else f"{n} respondents"


def _fmt_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def respondent_level_note(chapter: SatisfactionChapter) -> str:
    """The caveat for analyses that need respondent-level data, then each result in words.

    Parameters
    ----------
    chapter : SatisfactionChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: for reconstructed rows a ``warning`` admonition (the pairing of answers
        within a row is not known), then a paragraph each on Cronbach's alpha, the Wilcoxon
        test and the two timing questions together (for reconstructed rows with the bound that
        does not depend on the pairing).
    """
    level = f"{100 * chapter.ci_level:g}"
    if chapter.data.reconstructed:
        caveat = (
            "```{warning}\nThese analyses combine answers *within* a respondent, and on this "
            "data the pairing of columns is not known: the reconstruction fixed each question's "
            "counts, not which answers sit together on one row. What follows shows how the "
            "analyses run; the numbers are illustrations of the method, not findings about the "
            "Norwegian respondents.\n```\n\n"
        )
    else:
        caveat = ""
    a = chapter.alpha
    if a["computable"]:
        alpha_text = (
            f"**Internal consistency.** Cronbach's alpha of the {a['n_items']} Likert questions, "
            f"over the {a['n_complete']} respondents who answered all of them, is "
            f"{_signed(a['alpha'])} ({level} % CI {_signed(a['ci_low'])} to "
            f"{_signed(a['ci_high'])}; pingouin)."
        )
    else:
        alpha_text = f"**Internal consistency.** Cronbach's alpha is not computable: {a['reason']}."
    w = chapter.wilcoxon
    if w["computable"]:
        wilcoxon_text = (
            f"**First versus second session.** Of the {w['n_pairs']} respondents who rated the "
            f"usefulness of both sessions, {w['n_higher_second']} rated the second higher, "
            f"{w['n_lower_second']} lower and {w['n_tied']} the same (medians "
            f"{w['median_first']:g} and {w['median_second']:g}). The paired Wilcoxon signed-rank "
            f"test, on the pairs that differ, gives W = {w['W']:g}, {_fmt_p(w['p'])}, with a "
            f"matched-pairs rank-biserial correlation of {_signed(w['rbc'])} (positive when the "
            "second session is rated higher)."
        )
    else:
        wilcoxon_text = (
            "**First versus second session.** The paired Wilcoxon test is not computable: "
            f"{w['reason']}."
        )
    n = chapter.numbers
    cross_text = (
        f"**The two timing questions together.** {_respondents(n['timing_both_n'])} answered both "
        f"timing questions (table below). Among them, {n['timing_yes_but_other_n']} called the "
        f"timing appropriate and still named another time as best, and {n['timing_no_but_good_n']} "
        f"said it was not appropriate yet chose “{response_label('preferred_timing', 'good')}”."
    )
    if chapter.data.reconstructed:
        cross_text += (
            f" One statement here does not depend on the pairing: {n['timing_yes_n']} of the "
            f"{n['timing_rows_n']} rows answered yes to the first question and "
            f"{n['timing_other_time_n']} named a time other than the actual one, so at least "
            f"{n['timing_yes_but_other_min']} people must have done both, whichever way the "
            "answers are paired."
        )
    return caveat + "\n\n".join([alpha_text, wilcoxon_text, cross_text])


# --------------------------------------------------------------------------- the chapter


_REASONS = {
    "unanswered": lambda r: (
        "nobody answered the question(s) on "
        + ", ".join(ITEM_NAMES.get(i, labels.words(i)) for i in r["unanswered"])
    ),
    "too_few_complete": lambda r: (
        f"{r['n_complete']} respondent(s) answered all the Likert questions; at least 2 are needed"
    ),
    "no_variance": lambda r: (
        "every respondent with complete answers has the same total score, so the answers do not "
        "vary"
    ),
    "not_finite": lambda r: "the item variances give no finite alpha",
    "too_few_pairs": lambda r: (
        f"{r['n_pairs']} respondent(s) rated both sessions; at least 2 complete pairs are needed"
    ),
    "all_tied": lambda r: (
        "every respondent who rated both sessions gave them the same rating, so there is no "
        "difference to rank"
    ),
}


def explained(result: dict) -> dict:
    """An analysis result whose ``reason`` code is put into words.

    Parameters
    ----------
    result : dict
        A result of :func:`mibook.analysis.likert.cronbach` or
        :func:`~mibook.analysis.likert.paired_wilcoxon`.

    Returns
    -------
    dict
        ``result`` itself when computable; otherwise a copy whose ``reason`` is a sentence.

    Examples
    --------
    >>> explained({"computable": False, "reason": "too_few_pairs", "n_pairs": 1})["reason"]
    '1 respondent(s) rated both sessions; at least 2 complete pairs are needed'
    """
    if result["computable"]:
        return result
    return {**result, "reason": _REASONS[result["reason"]](result)}


def run(
    respondents_csv: str = "",
    output_dir: str = "tables",
    ci_level: float = 0.95,
    data_kind: str = "auto",
    codebook_yaml: str = "",
) -> SatisfactionChapter:
    """Load the respondents, write the chapter's tables, and return what the chapter shows.

    Writes ``satisfaction.csv`` and ``timing.csv`` to ``output_dir``; returns the tables, the
    article-style Table 2, the recomputed claims, the respondent-level analyses, the figures
    and the numbers for the prose.

    Parameters
    ----------
    respondents_csv : str, default ""
        A respondents file; empty for the book's reconstructed rows.
    output_dir : str, default "tables"
        Folder for the chapter's tables; created if missing.
    ci_level : float, default 0.95
        Confidence level of the intervals.
    data_kind : {"auto", "observed", "reconstructed"}, default "auto"
        What the rows are (see :func:`mibook.inputs.provenance.chapter_data`).

    Returns
    -------
    SatisfactionChapter

    Raises
    ------
    ValueError
        For parameters the chapter cannot use (:func:`validate_parameters`).
    mibook.inputs.problems.InvalidInput
        For a file that does not satisfy the contract.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = run(output_dir=folder)
    ...     print(sorted(path.name for path in chapter.written))
    ['item_missing.csv', 'items.csv', 'satisfaction.csv', 'timing.csv']
    >>> print(claims_note(chapter))
    All 4 recomputed shares round to the figures printed in the article's text.
    >>> comparison_with_published(chapter)["Same?"].value_counts().to_dict()
    {'yes': 33, 'no': 1}
    >>> plt.close(chapter.figure_likert)
    >>> plt.close(chapter.figure_timing)
    """
    validate_parameters(respondents_csv, output_dir, ci_level, data_kind)
    ci_level = float(ci_level)
    data = chapter_data("respondents", respondents_csv, data_kind, codebook_yaml)
    frame = data.frame
    dont_know = data.loaded.dont_know
    satisfaction = satisfaction_table(frame)
    timing = timing_table(frame)
    items = items_table(frame, data.loaded.items)
    item_missing = item_missing_table(frame, data.loaded.items, dont_know)
    written = [
        write_table(with_dont_know(satisfaction, dont_know), output_dir, "satisfaction.csv"),
        write_table(with_dont_know(timing, dont_know), output_dir, "timing.csv"),
        write_table(items, output_dir, "items.csv"),
        write_table(item_missing, output_dir, "item_missing.csv"),
    ]
    claims = claims_table(satisfaction, timing, ci_level)
    figures.use_book_style()
    questions = {item: question(item) for item in (*LIKERT_ITEMS, *TIMING_ITEMS)}
    labels = {
        (item, r): response_label(item, r)
        for item in questions
        for r in (LIKERT_RESPONSES if item in LIKERT_ITEMS else RESPONDENT_CODES[item])
    }
    item_questions = {i.name: item_text(i) for i in data.loaded.items}
    item_labels = {
        (i.name, str(point)): f"{point} {label}".strip()
        for i in data.loaded.items
        for point, label in point_labels(i).items()
    }
    figure_likert = figures.likert_diverging(items, item_questions, item_labels)
    figure_timing = figures.timing_panels(timing, questions, labels)

    numbers_ = {
        "n_respondents": int(len(frame)),
        "ci_pct": 100.0 * ci_level,
    }
    for item in (*LIKERT_ITEMS, *TIMING_ITEMS):
        answered = _denominator(satisfaction if item in LIKERT_ITEMS else timing, item)
        unknown = int(dont_know[item].sum()) if dont_know is not None and item in dont_know else 0
        numbers_[f"{item}_denominator"] = answered
        numbers_[f"{item}_dont_know"] = unknown
        numbers_[f"{item}_missing"] = int(len(frame)) - answered - unknown  # left blank
    for r in claims.itertuples():
        numbers_[f"{r.claim}_n"] = int(r.n)
        numbers_[f"{r.claim}_denominator"] = int(r.denominator)
        numbers_[f"{r.claim}_pct"] = float(r.percent)
        numbers_[f"{r.claim}_ci_low"] = float(r.ci_low)
        numbers_[f"{r.claim}_ci_high"] = float(r.ci_high)
        numbers_[f"{r.claim}_published"] = float(r.published)
    for r in useful_items(satisfaction).itertuples():
        numbers_[f"{r.item}_agree_pct"] = float(r.percent)
    for r in published_useful_items().itertuples():
        numbers_[f"published_{r.item}_agree_pct"] = float(r.percent)
    numbers_["earlier_of_all_pct"] = (
        100.0 * numbers_["earlier_n"] / len(frame) if len(frame) else float("nan")
    )
    satisfied = claims.iloc[0]
    wald = wald_interval(int(satisfied["n"]), int(satisfied["denominator"]), ci_level)
    numbers_["satisfied_wald_low"] = 100.0 * wald[0]
    numbers_["satisfied_wald_high"] = 100.0 * wald[1]
    numbers_.update(_crosstab_numbers(frame))

    chapter = SatisfactionChapter(
        data=data,
        ci_level=ci_level,
        satisfaction=satisfaction,
        timing=timing,
        table2=table2_display(satisfaction, timing),
        claims=claims,
        alpha=explained(cronbach(frame, ci_level)),
        wilcoxon=explained(paired_wilcoxon(frame)),
        crosstab=timing_crosstab(frame),
        figure_likert=figure_likert,
        figure_timing=figure_timing,
        written=written,
        numbers=numbers_,
        items=items,
        item_missing=item_missing,
    )
    return chapter


# --------------------------------------------------------------------------- report mode

#: Benchmark measures of the timing questions, in words.
TIMING_BENCHMARK_LABELS = {
    "timing_appropriate": "Timing appropriate (yes)",
    "preferred_earlier": "Would have preferred the sessions one or two months earlier",
}


@dataclass
class SatisfactionReport:
    """The satisfaction chapter of a report about the user's own study.

    Attributes
    ----------
    chapter : SatisfactionChapter
        The tables, figures and numbers of :func:`run` on the user's file.
    summary : str
        The chapter's answer, in sentences made from the numbers (MyST).
    items : dict
        Scale (``"1–5"``) → a reader's table of the items on that scale (a PageTable).
    timing : PageTable
        The two timing questions as a reader's table.
    benchmark : pandas.DataFrame
        The chapter's rows of ``benchmark.csv``.
    compared : dict
        The "compared with the published study" section: ``text``, ``table``, ``figure``.
    """

    chapter: SatisfactionChapter
    summary: str
    items: dict
    timing: pd.DataFrame
    benchmark: pd.DataFrame
    compared: dict


def _share_text(count: int, n: int, level: float) -> str:
    low, high = wilson_interval(count, n, level)
    return (
        f"{100.0 * count / n:.1f} % of the {n} who answered "
        f"({100 * level:g} % CI {100 * low:.1f} to {100 * high:.1f})"
    )


def item_sentences(chapter: SatisfactionChapter, level: float) -> list[str]:
    """One sentence per Likert item: on a 1–5 scale the share answering 4 or 5 with its Wilson
    interval (which stays within 0–100 %); on other scales the median and the range used."""
    lines = []
    items = chapter.items
    unknown = dict(zip(chapter.item_missing["item"], chapter.item_missing["dont_know"]))
    for item in chapter.data.loaded.items:
        part = items[items["item"] == item.name]
        n = int(part["denominator"].iloc[0]) if len(part) else 0
        wording = markup.text(item_text(item))
        if not n:
            missing = _dont_know(unknown.get(item.name, 0))
            lines.append(f"No answer on the scale was given to “{wording}”{missing}.")
            continue
        if tuple(item.scale) == (1, 5):
            agree = int(part.loc[part["response"].isin(["4", "5"]), "n"].sum())
            lines.append(f"“{wording}”: {agree} answered 4 or 5, {_share_text(agree, n, level)}.")
        else:
            values = part.loc[part.index.repeat(part["n"]), "response"].astype(int)
            scale = f"“{wording}” (scale {item.scale[0]}–{item.scale[1]})"
            if n == 1:
                lines.append(f"{scale}: the one answer was {values.iloc[0]}.")
            else:
                lines.append(
                    f"{scale}: {n} answers, median {values.median():g}, from {values.min()} to "
                    f"{values.max()}."
                )
    return lines


def _dont_know(count: int) -> str:
    if not count:
        return ""
    return f" ({count} answered \u201cdon't know\u201d or declined)"


def timing_sentences(chapter: SatisfactionChapter, level: float) -> list[str]:
    """The two timing questions in words, from the counts (empty parts when unanswered)."""
    n = chapter.numbers
    lines = []
    if n["appropriate_denominator"]:
        lines.append(
            f"{n['appropriate_n']} found the timing of the sessions appropriate: "
            f"{_share_text(n['appropriate_n'], n['appropriate_denominator'], level)}."
        )
    else:
        lines.append(
            "No one said whether the timing was appropriate"
            f"{_dont_know(n['timing_appropriate_dont_know'])}."
        )
    if n["earlier_denominator"]:
        lines.append(
            f"{n['earlier_n']} would have preferred the sessions one or two months earlier: "
            f"{_share_text(n['earlier_n'], n['earlier_denominator'], level)}."
        )
    else:
        lines.append(
            "No one said when the sessions would have been best"
            f"{_dont_know(n['preferred_timing_dont_know'])}."
        )
    return lines


def item_text(item) -> str:
    """An item's wording on a page: the codebook's ``text``, else its name in words.

    Examples
    --------
    >>> from mibook.inputs.codebook import Item
    >>> item_text(Item(name="trust_in_caseworker")), item_text(Item(name="q1", text="Fornøyd?"))
    ('Trust in caseworker', 'Fornøyd?')
    """
    return item.text or labels.label(item.name, {})


def items_display(chapter: SatisfactionChapter) -> dict[str, PageTable]:
    """The Likert items as readers' tables, one per scale: ``n (%)`` per point, by question."""
    tables = {}
    for item in chapter.data.loaded.items:
        part = chapter.items[chapter.items["item"] == item.name]
        scale = f"{item.scale[0]}–{item.scale[1]}"
        labels = point_labels(item)
        row = {
            f"{p} {labels[p]}".strip(): format_count_percent(int(r.n), int(r.denominator))
            for p, r in zip(item.points, part.itertuples())
        }
        row["Answered"] = int(part["denominator"].iloc[0]) if len(part) else 0
        tables.setdefault(scale, {})[item_text(item)] = row
    out = {}
    for scale, rows in tables.items():
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = "Question"
        out[scale] = shown(table)
    return out


def timing_display(chapter: SatisfactionChapter) -> PageTable:
    """The timing questions as a reader's table: each answer with ``n (%)``."""
    rows = []
    for r in chapter.timing.itertuples():
        rows.append(
            {
                "Question": question(r.item),
                "Answer": response_label(r.item, r.response),
                "n (%)": format_count_percent(int(r.n), int(r.denominator)),
            }
        )
    return shown(pd.DataFrame(rows).set_index(["Question", "Answer"]))


def report(
    respondents_csv: str = "",
    output_dir: str = "tables",
    codebook_yaml: str = "",
    ci_level: float = 0.95,
) -> SatisfactionReport:
    """The satisfaction chapter of a report: :func:`run` on the user's file, the answers in
    words, and the comparison with Table 2 of Foldal et al. (2021).

    Writes ``benchmark_satisfaction_timing.csv`` beside the chapter's tables.
    """
    chapter = run(respondents_csv, output_dir, ci_level, "observed", codebook_yaml)
    rows = benchmark.respondents_rows(
        chapter.data.frame, chapter.data.loaded.items, "satisfaction_timing"
    )
    chapter.written.append(write_table(rows, output_dir, "benchmark_satisfaction_timing.csv"))
    labels = {
        **{i.name: f"Answered 4 or 5: {item_text(i)}" for i in chapter.data.loaded.items},
        **TIMING_BENCHMARK_LABELS,
    }
    units = {measure: "points" for measure in rows["measure"]}
    compared = published_comparison.section(rows, labels, units)
    level = float(ci_level)
    summary = (
        " ".join(item_sentences(chapter, level))
        + "\n\n"
        + " ".join(timing_sentences(chapter, level))
    )
    return SatisfactionReport(
        chapter, summary, items_display(chapter), timing_display(chapter), rows, compared
    )
