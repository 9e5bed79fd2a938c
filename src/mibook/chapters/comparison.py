"""The comparison chapter (``notebooks/comparison.ipynb``): how the two agencies implemented MI, and
where a user's own rows stand beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mibook import figures, paths
from mibook.analysis.comparison import (
    DIMENSION_LABELS,
    DIMENSION_ORDER,
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
from mibook.files import write_table


@dataclass
class ComparisonChapter:
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


def swedish_table1_display(table: pd.DataFrame) -> pd.DataFrame:
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
    return shown


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
    """Load the rows, compute the derived tables, write ``comparison_rows.csv``,
    ``training_dose.csv`` and ``swedish_table1.csv`` to ``output_dir``, draw the figures."""
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
        paths.relative_to_root(Path(comparison_csv)) if comparison_csv else "",
        notices,
        side_by_side(rows),
        matrix,
        measured,
        missing,
        dose,
        se_table,
        participants(se_table),
        line,
        matrix_figure,
        timeline_figure,
        written,
        numbers,
    )


def themes_for(chapter: ComparisonChapter, theme: str) -> str:
    """Which studies report a theme as barrier/facilitator, for pointing claims to rows."""
    hit = chapter.matrix[chapter.matrix["theme"] == theme]
    if hit.empty:
        return f"`{theme}`: no rows"
    record = hit.iloc[0]
    parts = [f"{s}: {record[s]}" for s in studies(chapter.rows) if record[s]]
    return f"`{theme}` ({'; '.join(parts)})"


def coverage_note(chapter: ComparisonChapter) -> str:
    if not chapter.missing_dimensions:
        return (
            "Every study in the rows has at least one coded finding in each of the five RE-AIM "
            "dimensions and in context; the table says where a dimension could only be described, not measured."
        )
    lines = "\n".join(
        f"* {study}: no row for *{DIMENSION_LABELS[d].lower()}*"
        for study, d in chapter.missing_dimensions
    )
    return "Not every study covers every dimension. These have no coded row:\n\n" + lines


def user_note(chapter: ComparisonChapter) -> str:
    if not chapter.user_rows:
        return (
            "The rows are the book's own coding of the two articles (`data/comparison/studies.csv`). "
            "A file of further studies in the same format can be added with `mibook run --comparison FILE`."
        )
    notices = "".join(f"\n* {n}" for n in chapter.notices)
    return (
        f"Besides the book's coding of the two articles, this run adds {chapter.user_rows} rows from "
        f"`{chapter.user_label}`; they appear in every table and figure below as further studies."
        + (f"\n\nNotes from reading the file:{notices}" if notices else "")
    )


def rows_display(chapter: ComparisonChapter) -> pd.DataFrame:
    """All coded rows, for the appendix table of the chapter."""
    shown = chapter.rows[["study", "re_aim_dimension", "theme", "kind", "finding", "source"]].copy()
    shown.columns = ["Study", "Dimension", "Theme", "Kind", "Finding", "Source"]
    order = {d: i for i, d in enumerate(DIMENSION_ORDER)}
    shown["_o"] = shown["Dimension"].map(order)
    return (
        shown.sort_values(["Study", "_o", "Theme"], kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def dose_display(chapter: ComparisonChapter) -> pd.DataFrame:
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
    shown["sessions"] = shown["sessions"].map(lambda v: f"{v:.1f}")
    shown["hours_per_session"] = shown["hours_per_session"].map(lambda v: f"{v:g}")
    shown["hours"] = shown["hours"].map(lambda v: f"{v:.1f}")
    shown.columns = [
        "Study",
        "Group",
        "Phase",
        "Component",
        "Sessions or days",
        "Hours each",
        "Hours",
        "Assumption",
    ]
    return shown
