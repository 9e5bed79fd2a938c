"""The comparison chapter (``notebooks/comparison.ipynb``): how the two agencies implemented MI.

And where a user's own rows stand beside them. The tables and derived numbers come from
:mod:`mibook.analysis.comparison`; this module writes the tables, draws the figures and words
the notes whose content depends on the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mibook import figures, markup
from mibook.analysis.comparison import (
    DIMENSION_LABELS,
    DIMENSION_ORDER,
    MEASUREMENT_THEME,
    NORWAY,
    SWEDEN,
    WEEKS_PER_MONTH,
    _parse_month,
    barrier_facilitator_matrix,
    dose_totals,
    load_rows,
    measurement_table,
    participants,
    side_by_side,
    studies,
    swedish_table1,
    timeline,
    training_dose,
)
from mibook.chapters import labels
from mibook.chapters.page_table import PageTable, shown
from mibook.files import write_table
from mibook.inputs.provenance import label_for


@dataclass
class ComparisonChapter:
    """Everything the comparison chapter shows, as returned by :func:`run`.

    Attributes
    ----------
    rows : pandas.DataFrame
        The coded rows, the book's and the user's (:func:`mibook.analysis.comparison.load_rows`).
    user_rows : int
        How many rows came from the user's file.
    user_label : str
        The user's file as shown to readers (empty without one).
    notices : list of str
        Notices from reading the files.
    side_by_side : PageTable
        Dimension × study: the themes coded there, in words (:func:`side_by_side_display`).
    matrix : pandas.DataFrame
        Theme × study: barrier, facilitator or both.
    measurement : PageTable
        What each study could measure per RE-AIM dimension.
    missing_dimensions : list of tuple of str
        ``(study, dimension)`` pairs with no coded row.
    dose : pandas.DataFrame
        Training hours per component (:func:`mibook.analysis.comparison.training_dose`).
    swedish_table1 : pandas.DataFrame
        The Swedish interviewees per period and role.
    participants : PageTable
        Who each study heard from.
    timeline : pandas.DataFrame
        The activities of each study on a decimal-year axis.
    matrix_figure, timeline_figure : matplotlib.figure.Figure
        The chapter's two figures.
    written : list of pathlib.Path
        The tables written.
    numbers : dict
        The values the prose glues, by name.
    """

    rows: pd.DataFrame
    user_rows: int
    user_label: str
    notices: list[str]
    side_by_side: pd.DataFrame
    matrix: pd.DataFrame
    measurement: pd.DataFrame
    missing_dimensions: list[tuple[str, str]]
    dose: pd.DataFrame
    swedish_table1: pd.DataFrame
    participants: pd.DataFrame
    timeline: pd.DataFrame
    matrix_figure: object
    timeline_figure: object
    written: list[Path]
    numbers: dict = field(default_factory=dict)


def theme_label(theme: str) -> str:
    """A theme as a page names it: the book's label, or a user's theme as written (a code such
    as ``shared_caseload`` in words). Plain text, escaped by whoever shows it.

    Examples
    --------
    >>> theme_label("time_to_practise"), theme_label("shared_caseload"), theme_label("Stress")
    ('Time to practise', 'Shared caseload', 'Stress')
    """
    return labels.label(theme, labels.THEMES)


def side_by_side_display(rows: pd.DataFrame) -> PageTable:
    """Dimension × study, the themes coded there as words, each with its kind.

    Parameters
    ----------
    rows : pandas.DataFrame
        Coded rows (:func:`mibook.analysis.comparison.load_rows`).

    Returns
    -------
    PageTable
        :func:`mibook.analysis.comparison.side_by_side` of the rows with every theme by its
        label (:func:`theme_label`).

    Examples
    --------
    >>> rows = pd.DataFrame(
    ...     {
    ...         "study": ["A", "A"],
    ...         "re_aim_dimension": ["adoption", "adoption"],
    ...         "theme": ["time_to_practise", "my_theme"],
    ...         "kind": ["barrier", "facilitator"],
    ...     }
    ... )
    >>> side_by_side_display(rows).loc["Adoption", "A"]
    'Time to practise (barrier); My theme (facilitator)'
    """
    themes = rows["theme"].where(rows["theme"] == MEASUREMENT_THEME, rows["theme"].map(theme_label))
    kinds = rows["kind"].map(lambda k: labels.label(k, labels.FINDING_KINDS))
    return shown(side_by_side(rows.assign(theme=themes, kind=kinds)))


def swedish_table1_display(table: pd.DataFrame) -> PageTable:
    """The Swedish interviewees as a reader's table: roles × periods, with computed totals.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`mibook.analysis.comparison.swedish_table1`.

    Returns
    -------
    PageTable
        Indexed by role, with a row ``All roles (computed)``; one column per period (``not
        listed`` where the article's table has no such row) and ``Interviews (computed)``.
        Every cell is text.

    Examples
    --------
    >>> from mibook.analysis.comparison import swedish_table1
    >>> shown = swedish_table1_display(swedish_table1())
    >>> shown.columns.tolist()
    ['May–September 2013', 'May–September 2014', 'Interviews (computed)']
    >>> shown.loc["Regional coordinators"].tolist(), shown.loc["All roles (computed)"].tolist()
    (['4', 'not listed', '4'], ['48', '21', '69'])
    """
    wide = table.pivot_table(index="role", columns="period", values="n", aggfunc="sum", sort=False)
    printed = table.pivot_table(
        index="role", columns="period", values="printed", aggfunc="first", sort=False
    )
    shown = wide.astype(int).astype(str).where(printed == "yes", "not listed")
    shown["Interviews (computed)"] = wide.sum(axis=1).astype(int).astype(str)
    total = {c: str(int(wide[c].sum())) for c in wide.columns}
    total["Interviews (computed)"] = str(int(wide.to_numpy().sum()))
    shown.loc["All roles (computed)"] = total
    shown.index.name = "Participants in the interviews"
    shown.columns.name = None
    return PageTable(shown)


# --- the chapter -----------------------------------------------------------------------------


def run(
    comparison_csv: str = "",
    output_dir: str = "tables",
    hours_per_course_day: float = 6.0,
    hours_per_workshop: float = 3.0,
    prestart_share_fortnightly: float = 0.5,
    norway_intervention_start: str = "2017-09",
    norway_supervision_end: str = "",
) -> ComparisonChapter:
    """Load the rows, compute the derived tables, write them to ``output_dir``, draw the figures.

    The tables written are ``comparison_rows.csv``, ``training_dose.csv`` and
    ``swedish_table1.csv``.

    Parameters
    ----------
    comparison_csv : str, default ""
        A user's file in the ``comparison`` contract, added to the book's rows.
    output_dir : str, default "tables"
        Folder for the chapter's tables; created if missing.
    hours_per_course_day, hours_per_workshop, prestart_share_fortnightly : float
        Assumptions of the training dose (see
        :func:`mibook.analysis.comparison.training_dose`).
    norway_intervention_start, norway_supervision_end : str
        Months (YYYY-MM) of the Norwegian timeline (see
        :func:`mibook.analysis.comparison.training_dose`).

    Returns
    -------
    ComparisonChapter

    Raises
    ------
    mibook.inputs.problems.InvalidInput
        For a user's file that does not satisfy the contract.
    ValueError
        For assumptions that cannot be used.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = run(output_dir=folder)
    ...     print(sorted(path.name for path in chapter.written))
    ['comparison_rows.csv', 'swedish_table1.csv', 'training_dose.csv']
    >>> chapter.numbers["n_user_rows"], chapter.numbers["n_studies"]
    (0, 2)
    >>> print(themes_for(chapter, "workload"))  # study names escaped, as user text
    Workload (Ståhl \\& Gustavsson 2018: barrier; Foldal et al\\. 2021: barrier)
    >>> plt.close(chapter.matrix_figure)
    >>> plt.close(chapter.timeline_figure)
    """
    rows, user_rows, notices = load_rows(comparison_csv)
    dose = training_dose(
        hours_per_course_day,
        hours_per_workshop,
        prestart_share_fortnightly,
        norway_intervention_start,
        norway_supervision_end,
    )
    se_table = swedish_table1()
    matrix = barrier_facilitator_matrix(rows)
    measured, missing = measurement_table(rows)
    line = timeline(norway_intervention_start, norway_supervision_end)
    written = [
        write_table(rows, output_dir, "comparison_rows.csv"),
        write_table(dose, output_dir, "training_dose.csv"),
        write_table(se_table, output_dir, "swedish_table1.csv"),
    ]
    figures.use_book_style()
    matrix_figure = figures.barrier_facilitator_matrix(matrix, studies(rows))
    timeline_figure = figures.implementation_timeline(line)

    book = rows[rows["origin"] == "book"]
    shared = matrix[matrix["n_studies"] >= 2]
    totals = dose_totals(dose)
    numbers = {
        "n_rows": int(len(rows)),
        "n_book_rows": int(len(book)),
        "n_user_rows": int(user_rows),
        "n_studies": len(studies(rows)),
        "se_rows": int((book["study"] == SWEDEN).sum()),
        "no_rows": int((book["study"] == NORWAY).sum()),
        "n_themes_bf": int(len(matrix)),
        "n_shared_themes": int(len(shared)),
        "se_interviews_total": int(se_table["n"].sum()),
        "se_interviews_2013": int(se_table.loc[se_table["year"] == "2013", "n"].sum()),
        "se_interviews_2014": int(se_table.loc[se_table["year"] == "2014", "n"].sum()),
        "hours_per_course_day": float(hours_per_course_day),
        "hours_per_workshop": float(hours_per_workshop),
        "prestart_share_fortnightly_pct": 100.0 * prestart_share_fortnightly,
        "weeks_per_month": WEEKS_PER_MONTH,
        "no_start_year": _parse_month(norway_intervention_start, "norway_intervention_start")[0],
        "no_start_month": _parse_month(norway_intervention_start, "norway_intervention_start")[1],
        "n_missing_dimensions": len(missing),
        **totals,
        "no_before_vs_se_official": totals["no_before_hours"] / totals["se_official_hours"],
    }
    return ComparisonChapter(
        rows,
        user_rows,
        label_for(comparison_csv) if comparison_csv else "",
        [n.replace(str(comparison_csv), label_for(comparison_csv), 1) for n in notices]
        if comparison_csv
        else notices,
        side_by_side_display(rows),
        matrix,
        PageTable(measured),
        missing,
        dose,
        se_table,
        PageTable(participants(se_table)),
        line,
        matrix_figure,
        timeline_figure,
        written,
        numbers,
    )


def themes_for(chapter: ComparisonChapter, theme: str) -> str:
    """Which studies report a theme as barrier/facilitator, for pointing claims to rows.

    Parameters
    ----------
    chapter : ComparisonChapter
        The result of :func:`run`.
    theme : str
        A theme as coded in the rows.

    Returns
    -------
    str
        MyST Markdown: the theme in words (:func:`theme_label`, escaped) with each study's kind,
        or ``: no rows`` when no study reports it as a barrier or facilitator.
    """
    name = markup.text(theme_label(theme))
    hit = chapter.matrix[chapter.matrix["theme"] == theme]
    if hit.empty:
        return f"{name}: no rows"
    record = hit.iloc[0]
    parts = [f"{markup.text(s)}: {record[s]}" for s in studies(chapter.rows) if record[s]]
    return f"{name} ({'; '.join(parts)})"


def coverage_note(chapter: ComparisonChapter) -> str:
    """Whether every study has a coded row in every RE-AIM dimension and in context.

    Parameters
    ----------
    chapter : ComparisonChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: one sentence, or a list of the studies and dimensions with no row.
    """
    if not chapter.missing_dimensions:
        return (
            "Every study in the rows has at least one coded finding in each of the five RE-AIM "
            "dimensions and in context; the table says where a dimension could only be "
            "described, not measured."
        )
    lines = "\n".join(
        f"* {markup.text(study)}: no row for *{DIMENSION_LABELS[d].lower()}*"
        for study, d in chapter.missing_dimensions
    )
    return "Not every study covers every dimension. These have no coded row:\n\n" + lines


def user_note(chapter: ComparisonChapter) -> str:
    """Where the rows come from: the book's coding only, or with a user's file added.

    Parameters
    ----------
    chapter : ComparisonChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: how to add rows, or which file added how many rows (with the notices
        from reading it).
    """
    if not chapter.user_rows:
        return (
            "The rows are the book's own coding of the two articles "
            "(`data/comparison/studies.csv`). A file of further studies in the same format can "
            "be added with `mibook run --comparison FILE`."
        )
    notices = "".join(f"\n* {markup.text(n)}" for n in chapter.notices)
    return (
        "Besides the book's coding of the two articles, this run adds "
        f"{chapter.user_rows} {'row' if chapter.user_rows == 1 else 'rows'} from "
        f"{markup.code(chapter.user_label)}; they appear in every "
        "table and figure below as further studies."
        + (f"\n\nNotes from reading the file:{notices}" if notices else "")
    )


def rows_display(chapter: ComparisonChapter) -> PageTable:
    """All coded rows, for the appendix table of the chapter, in words.

    Parameters
    ----------
    chapter : ComparisonChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Columns ``Study, Dimension, Theme, Finding, Source``: the dimension by its label, the
        theme by its label with its kind (``Workload (barrier)``); sorted by study, dimension
        (context first, then RE-AIM's order) and theme code. ``comparison_rows.csv`` keeps the
        codes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     shown = rows_display(run(output_dir=folder))
    >>> shown.columns.tolist()
    ['Study', 'Dimension', 'Theme', 'Finding', 'Source']
    >>> shown.iloc[0][["Dimension", "Theme"]].tolist()
    ['Context', 'Agency (fact)']
    """
    rows = chapter.rows
    order = {d: i for i, d in enumerate(DIMENSION_ORDER)}
    picked = rows.assign(_o=rows["re_aim_dimension"].map(order)).sort_values(
        ["study", "_o", "theme"], kind="stable"
    )
    kinds = picked["kind"].map(lambda k: labels.label(k, labels.FINDING_KINDS))
    out = pd.DataFrame(
        {
            "Study": picked["study"],
            "Dimension": picked["re_aim_dimension"].map(lambda d: DIMENSION_LABELS.get(d, d)),
            "Theme": picked["theme"].map(theme_label) + " (" + kinds + ")",
            "Finding": picked["finding"],
            "Source": picked["source"],
        }
    )
    for column in out.columns:  # a line break in a cell would show as "\n" in the HTML table
        out[column] = out[column].astype(str).str.replace(r"[\r\n]+", " ", regex=True)
    return shown(out.reset_index(drop=True))


def dose_display(chapter: ComparisonChapter) -> PageTable:
    """The training dose as a reader's table, numbers formatted as text.

    Parameters
    ----------
    chapter : ComparisonChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Columns ``Study, Group, Phase, Component, Hours, Assumption``; ``Hours`` shows the
        sessions or days (one decimal) times the hours of each, and the product (one decimal):
        ``4.0 × 6 = 24.0``. ``training_dose.csv`` keeps the three numbers apart.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     shown = dose_display(run(output_dir=folder))
    >>> shown.columns.tolist()
    ['Study', 'Group', 'Phase', 'Component', 'Hours', 'Assumption']
    >>> shown["Hours"].iloc[0]
    '4.0 × 6 = 24.0'
    """
    shown = chapter.dose[
        [
            "study",
            "group",
            "phase",
            "component",
            "sessions",
            "hours_per_session",
            "hours",
            "assumption",
        ]
    ].copy()
    hours = [
        f"{s:.1f} × {each:g} = {h:.1f}"
        for s, each, h in zip(shown["sessions"], shown["hours_per_session"], shown["hours"])
    ]
    shown = shown[["study", "group", "phase", "component"]].assign(
        hours=hours, assumption=shown["assumption"]
    )
    shown.columns = ["Study", "Group", "Phase", "Component", "Hours", "Assumption"]
    return PageTable(shown)


# --------------------------------------------------------------------------- report mode


@dataclass
class ComparisonReport:
    """The comparison chapter of a report: the user's study beside the two published ones.

    Attributes
    ----------
    chapter : ComparisonChapter
        :func:`run` on the user's rows (added to the book's).
    summary : str
        The themes each of the user's studies shares with each published study, counted (MyST).
    shared : pandas.DataFrame
        One row per user study and published study: themes shared and their names.
    user_rows : PageTable
        The user's own rows, for reading (:func:`rows_display`).
    """

    chapter: ComparisonChapter
    summary: str
    shared: pd.DataFrame
    user_rows: pd.DataFrame


def shared_themes(rows: pd.DataFrame) -> pd.DataFrame:
    """For each study of the user's rows and each published study, the barrier and facilitator
    themes both report (a theme is shared when the same label appears in both).

    Returns
    -------
    pandas.DataFrame
        ``study, published_study, themes, shared, shared_themes``: the user study's number of
        barrier/facilitator themes, how many of them the published study has too, and which.
    """
    coded = rows[rows["kind"].isin(["barrier", "facilitator"])]
    themes = {s: set(coded.loc[coded["study"] == s, "theme"]) for s in studies(rows)}
    user = list(dict.fromkeys(rows.loc[rows["origin"] != "book", "study"]))
    records = []
    for study in user:
        for other in (SWEDEN, NORWAY):
            both = sorted(themes.get(study, set()) & themes.get(other, set()))
            records.append(
                {
                    "study": study,
                    "published_study": other,
                    "themes": len(themes.get(study, set())),
                    "shared": len(both),
                    "shared_themes": "; ".join(both),
                }
            )
    return pd.DataFrame(
        records, columns=["study", "published_study", "themes", "shared", "shared_themes"]
    )


def shared_sentences(shared: pd.DataFrame) -> str:
    """The shared themes in words (MyST), one paragraph per user study."""
    paragraphs = []
    for study, part in shared.groupby("study", sort=False):
        total = int(part["themes"].iloc[0])
        if not total:
            paragraphs.append(
                f"{markup.text(study)} has no row coded as a barrier or facilitator, so it shares "
                "no theme with the published studies."
            )
            continue
        pieces = []
        for r in part.itertuples():
            names = ", ".join(markup.text(theme_label(t)) for t in r.shared_themes.split("; ") if t)
            pieces.append(
                f"with {markup.text(r.published_study)}, {r.shared}"
                + (f" ({names})" if names else "")
            )
        noun = "theme" if total == 1 else "themes"
        paragraphs.append(
            f"{markup.text(study)} codes {total} {noun} as barriers or facilitators. Shared "
            + "; ".join(pieces)
            + "."
        )
    return "\n\n".join(paragraphs)


def report(comparison_csv: str = "", output_dir: str = "tables") -> ComparisonReport:
    """The comparison chapter of a report: :func:`run` with the user's rows, and what they share
    with each published study. Writes ``shared_themes.csv`` beside the chapter's tables."""
    chapter = run(comparison_csv, output_dir)
    shared = shared_themes(chapter.rows)
    chapter.written.append(write_table(shared, output_dir, "shared_themes.csv"))
    mine = rows_display(chapter)
    mine = mine[
        mine["Study"].isin(set(chapter.rows.loc[chapter.rows["origin"] != "book", "study"]))
    ]
    summary = shared_sentences(shared) or (
        "The file adds no rows, so there is nothing of its own to compare."
    )
    return ComparisonReport(chapter, summary, shared, mine.reset_index(drop=True))
