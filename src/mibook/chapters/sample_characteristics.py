"""The sample-characteristics chapter: who answered the questionnaire (Foldal et al. 2021, Table 1).

The notebook ``notebooks/sample_characteristics.ipynb`` calls :func:`run`, displays what it
returns and glues its numbers into the prose; all computing happens here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from mibook import checks as cc
from mibook import figures, markup, published
from mibook.analysis import benchmark
from mibook.analysis.audit import printed_twice
from mibook.analysis.categories import (
    CHARACTERISTICS,
    DONT_KNOW,
    sample_age,
    sample_characteristics,
)
from mibook.chapters import notes, published_comparison
from mibook.chapters.page_table import PageTable, shown
from mibook.checks.rounding import round_half_up
from mibook.files import write_table
from mibook.inputs.provenance import ChapterData, chapter_data
from mibook.published.printing import LABELS, format_count_percent, label


@dataclass
class SampleChapter:
    """Everything the sample-characteristics chapter shows, as returned by :func:`run`.

    Attributes
    ----------
    data : mibook.inputs.provenance.ChapterData
        The respondents the chapter ran on.
    characteristics : pandas.DataFrame
        ``sample_characteristics.csv``.
    age : pandas.DataFrame
        ``sample_age.csv``.
    display_table : PageTable
        The same laid out like the article's Table 1 (:func:`table1_display`).
    figure : matplotlib.figure.Figure
        :func:`mibook.figures.sample_profile`.
    written : list of pathlib.Path
        The tables written.
    numbers : dict
        The values the prose glues, by name.
    """

    data: ChapterData
    characteristics: pd.DataFrame
    age: pd.DataFrame
    display_table: pd.DataFrame
    figure: object
    written: list[Path]
    numbers: dict = field(default_factory=dict)


def published_table1() -> pd.Series:
    """The printed Table 1 cells, keyed like :func:`table1_display`'s index.

    Returns
    -------
    pandas.Series
        ``n (%)`` cells (and the age's ``mean (SD)``) as printed, indexed by (characteristic,
        category) labels; named ``Published (Table 1)``.

    Examples
    --------
    >>> published_table1().loc[("Age", "Mean (SD)")]
    '45 (9.7)'
    """
    cells = {}
    for variable in CHARACTERISTICS:
        counts = published.counts("Table 1", variable)
        for category, n in counts.items():
            pct = published.value(f"no_t1_{variable}_{category}_pct")
            cells[(LABELS[variable], LABELS[category])] = f"{n} ({pct}%)"
    cells[(LABELS["age"], "Mean (SD)")] = (
        f"{published.value('no_t1_age_mean')} ({published.value('no_t1_age_sd')})"
    )
    return pd.Series(cells, name="Published (Table 1)")


def _share(characteristics: pd.DataFrame, variable: str, categories) -> tuple[int, int, float]:
    part = characteristics[(characteristics["variable"] == variable)]
    n = int(part[part["category"].isin(categories)]["n"].sum())
    denominator = int(part["denominator"].iloc[0])
    return n, denominator, (100.0 * n / denominator if denominator else float("nan"))


def _age_range(data: ChapterData, age) -> str:
    """The youngest and oldest ages, in words; on reconstructed rows they are not data."""
    if not age["n"]:
        return "no age was recorded"
    if data.reconstructed:
        lo = published.value("no_txt_eligibility_age_min")
        hi = published.value("no_txt_eligibility_age_max")
        return (
            f"the reconstruction keeps every age within the trial's eligibility range of {lo} to "
            f"{hi} years, so the youngest and oldest ages are not data"
        )
    return f"youngest {int(age['min'])}, oldest {int(age['max'])}"


def run(
    respondents_csv: str = "",
    output_dir: str = "tables",
    data_kind: str = "auto",
    codebook_yaml: str = "",
) -> SampleChapter:
    """Load the respondents, write the chapter's tables, and return what the chapter shows.

    Writes ``sample_characteristics.csv`` and ``sample_age.csv`` to ``output_dir``; returns the
    tables, the article-style table, the figure and the numbers for the prose.

    Parameters
    ----------
    respondents_csv : str, default ""
        A respondents file; empty for the book's reconstructed rows.
    output_dir : str, default "tables"
        Folder for the chapter's tables; created if missing.
    data_kind : {"auto", "observed", "reconstructed"}, default "auto"
        What the rows are (see :func:`mibook.inputs.provenance.chapter_data`).
    codebook_yaml : str, default ""
        The study's codebook; empty for the book's own (``data/codebook.yaml``).

    Returns
    -------
    SampleChapter

    Raises
    ------
    mibook.inputs.problems.InvalidInput
        For a file that does not satisfy the contract.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = run(output_dir=folder)
    ...     print(sorted(path.name for path in chapter.written))
    ['sample_age.csv', 'sample_characteristics.csv']
    >>> chapter.numbers["n_respondents"], chapter.numbers["women_n"]
    (112, 70)
    >>> comparison_with_published(chapter)["Same"].value_counts().to_dict()
    {'yes': 10, 'not printed': 1}
    >>> plt.close(chapter.figure)
    """
    data = chapter_data("respondents", respondents_csv, data_kind, codebook_yaml)
    frame = data.frame
    characteristics = sample_characteristics(frame, data.loaded.categories, data.loaded.dont_know)
    age = sample_age(frame)
    written = [
        write_table(characteristics, output_dir, "sample_characteristics.csv"),
        write_table(age, output_dir, "sample_age.csv"),
    ]
    display = table1_display(characteristics, age, len(frame))
    figures.use_book_style()
    answered = characteristics[characteristics["category"] != DONT_KNOW]
    figure = figures.sample_profile(answered, frame["age"])

    women = _share(characteristics, "gender", ["female"])
    higher = _share(characteristics, "education", ["higher_up_to_3_years", "higher_over_3_years"])
    early = _share(characteristics, "sick_leave_length", ["lt_2m"])
    a = age.iloc[0]
    numbers = {
        "n_respondents": int(len(frame)),
        "women_n": women[0],
        "women_denominator": women[1],
        "women_pct": float(women[2]),
        "higher_education_n": higher[0],
        "higher_education_pct": float(higher[2]),
        "sick_lt_2m_pct": float(early[2]),
        "sick_denominator": early[1],
        "age_n": int(a["n"]),
        "age_mean": float(a["mean"]),
        "age_sd": float(a["sd"]),
        "age_min": int(a["min"]) if a["n"] else 0,
        "age_max": int(a["max"]) if a["n"] else 0,
        "age_range": _age_range(data, a),
    }
    return SampleChapter(data, characteristics, age, display, figure, written, numbers)


def comparison_with_published(chapter: SampleChapter) -> PageTable:
    """The recomputed Table 1 beside the printed one, with a column saying whether they match.

    Parameters
    ----------
    chapter : SampleChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Characteristic`` and ``Category``; columns ``Recomputed``, ``Published
        (Table 1)`` (``–`` where the article prints no cell) and ``Same`` (``yes``, ``no`` or
        ``not printed``).
    """
    recomputed = chapter.display_table.iloc[:, 0].rename("Recomputed")
    printed = published_table1()
    both = pd.concat([recomputed, printed], axis=1)
    same = both["Recomputed"] == both["Published (Table 1)"]
    both["Same"] = same.map({True: "yes", False: "no"}).where(
        both["Published (Table 1)"].notna(), "not printed"
    )
    both["Published (Table 1)"] = both["Published (Table 1)"].fillna("–")
    both.index.names = ["Characteristic", "Category"]
    return shown(both)


def provenance_note(chapter: SampleChapter) -> str:
    """A paragraph that says what kind of data the chapter ran on, in plain words.

    Parameters
    ----------
    chapter : SampleChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown (:func:`mibook.chapters.notes.respondents_provenance_note`).
    """
    return notes.respondents_provenance_note(chapter.data)


def _age_sentence(chapter: SampleChapter) -> str:
    """The mean age printed twice (text 45.5, Table 1 45), in the audit chapter's words
    (:func:`mibook.analysis.audit.printed_twice`), and whether the data's mean is a value both
    can come from."""
    text_age, table_age = published.value("no_txt_age_mean"), published.value("no_t1_age_mean")
    ages = chapter.data.frame["age"].dropna()
    common = cc.text_vs_table(text_age, table_age, from_unrounded=True).common_values
    inside = len(ages) > 0 and not common.empty and Fraction(int(ages.sum()), len(ages)) in common
    return (
        f"The text gives a mean age of {text_age} years where the table prints {table_age}. "
        + markup.text(printed_twice(text_age, table_age))
        + f" The reconstructed mean, {chapter.numbers['age_mean']:.3f}, is "
        + ("such a value." if inside else "not such a value.")
    )


def figure_note(chapter: SampleChapter) -> str:
    """Under the figure: on reconstructed rows, that the ages are drawn, not data (else empty)."""
    if not chapter.data.reconstructed:
        return ""
    lo = published.value("no_txt_eligibility_age_min")
    hi = published.value("no_txt_eligibility_age_max")
    return (
        "```{important}\nThe age panel is reconstructed as well. The article prints only the mean "
        f"and SD of the ages; the book drew {chapter.numbers['age_n']} whole-number ages, each "
        f"within the trial's eligibility range of {lo} to {hi} years (Materials and Methods: "
        "Sick-Listed Workers), so that their mean and SD round to the printed ones. The shape of "
        "the histogram, and its youngest and oldest ages, come from that draw, not from the "
        "respondents.\n```"
    )


def comparison_note(chapter: SampleChapter) -> str:
    """Introduces the side-by-side table of recomputed and printed Table 1 cells.

    Parameters
    ----------
    chapter : SampleChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: a heading, then for reconstructed rows how many printed cells are
        reproduced and where the article's text and Table 1 disagree; for other data, how many
        cells happen to coincide.
    """
    table = comparison_with_published(chapter)
    same = int((table["Same"] == "yes").sum())
    printed = int((table["Same"] != "not printed").sum())
    if chapter.data.reconstructed:
        higher = chapter.numbers["higher_education_pct"]
        lead = (
            "Recomputed from the reconstructed rows, with percentages rounded half-up as in the "
            f"article, {same} of the {printed} printed cells of Table 1 are reproduced exactly. "
            "The article prints only the number of women; the reconstruction counts everyone else "
            "as men.\n\n"
            "Two figures of the article's text are printed differently from its Table 1. "
            + _age_sentence(chapter)
            + " The text "
            f"also says that {published.value('no_txt_higher_education_pct')} % had higher "
            "education, while the two higher-education rows of the table add up to "
            f"{chapter.numbers['higher_education_n']} of {chapter.numbers['n_respondents']} "
            f"({higher:.1f} %). The table cannot give both; the reconstruction follows the table. "
            "The audit chapter lists every such check."
        )
    else:
        lead = (
            "For orientation, the cells of this data beside those of the Norwegian sample "
            f"(Foldal et al. 2021, Table 1); {same} of {len(table)} happen to coincide."
        )
    return "## Compared with the published Table 1\n\n" + lead


def table1_display(characteristics: pd.DataFrame, age: pd.DataFrame, n_total: int) -> PageTable:
    """Sample characteristics laid out like Table 1 of Foldal et al. (2021).

    Rows are labelled as in the article; the single column holds ``n (%)`` cells and the age
    row ``mean (SD)`` with the article's precision (whole years, SD to one decimal).

    Parameters
    ----------
    characteristics : pandas.DataFrame
        ``sample_characteristics.csv`` (:func:`mibook.analysis.categories.sample_characteristics`).
    age : pandas.DataFrame
        ``sample_age.csv`` (:func:`mibook.analysis.categories.sample_age`).
    n_total : int
        The number of respondents, for the column header ``N = …``.

    Returns
    -------
    PageTable
        Indexed by (characteristic, category), in words; percents rounded half-up, a zero
        count printed bare, ``–`` for the age when nobody gave one.

    Examples
    --------
    >>> from mibook.analysis.categories import sample_age, sample_characteristics
    >>> df = pd.DataFrame(
    ...     {
    ...         "gender": ["female", "male", "female"],
    ...         "education": ["high_school", None, "higher_over_3_years"],
    ...         "sick_leave_length": ["lt_2m", "2_4m", None],
    ...         "age": [34, 51, None],
    ...     }
    ... )
    >>> table = table1_display(sample_characteristics(df), sample_age(df), len(df))
    >>> table.columns.tolist(), table.index[2]
    (['N = 3'], ('Age', 'Mean (SD)'))
    >>> table.iloc[:4, 0].tolist()
    ['2 (67%)', '1 (33%)', '43 (12.0)', '1 (50%)']
    """
    rows = []
    for variable in CHARACTERISTICS:
        part = characteristics[characteristics["variable"] == variable]
        for record in part.itertuples():
            rows.append(
                (
                    LABELS.get(variable, label(variable)),
                    label(record.category),
                    str(record.n)
                    if record.category == DONT_KNOW  # outside the denominator: no percent
                    else format_count_percent(record.n, record.denominator),
                )
            )
        if variable == "gender":
            a = age.iloc[0]
            sd = "–" if pd.isna(a["sd"]) else round_half_up(a["sd"], 1)
            cell = "–" if a["n"] == 0 else f"{round_half_up(a['mean'])} ({sd})"
            rows.append((LABELS["age"], "Mean (SD)", cell))
    out = pd.DataFrame(rows, columns=["Characteristic", "Category", f"N = {n_total}"])
    return shown(out.set_index(["Characteristic", "Category"]))


# --------------------------------------------------------------------------- report mode

#: How the report names the measures the sample shares with Table 1, and their units.
BENCHMARK_LABELS = {"female": "Women", "age": "Age (years)"}
BENCHMARK_UNITS = {"female": "points", "age": "years"}


@dataclass
class SampleReport:
    """The sample chapter of a report about the user's own study.

    Attributes
    ----------
    chapter : SampleChapter
        The tables, figure and numbers of :func:`run` on the user's file.
    summary : str
        The chapter's answer in a few sentences (MyST), made from the numbers.
    benchmark : pandas.DataFrame
        The rows of ``benchmark.csv`` this chapter gives (women, age).
    compared : dict
        The "compared with the published study" section: ``text``, ``table``, ``figure``.
    """

    chapter: SampleChapter
    summary: str
    benchmark: pd.DataFrame
    compared: dict


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def summary_sentences(chapter: SampleChapter) -> str:
    """Who answered, in words made from the numbers (true for any valid data).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     f = pathlib.Path(folder) / "r.csv"
    ...     _ = f.write_text("respondent_id,gender,age\\nA,female,40\\nB,female,\\n")
    ...     text = summary_sentences(run(str(f), folder))
    >>> text.splitlines()[0]
    '2 people answered the questionnaire. Of the 2 who gave their gender, 2 (100.0 %) were women.'
    """
    n = chapter.numbers
    lines = [f"{_people(n['n_respondents'])} answered the questionnaire."]
    if n["women_denominator"] == 1:
        gender = chapter.characteristics[
            (chapter.characteristics["variable"] == "gender")
            & (chapter.characteristics["n"] > 0)
            & (chapter.characteristics["category"] != DONT_KNOW)
        ]
        lines[0] += f" The one gender given was *{label(gender['category'].iloc[0]).lower()}*."
    elif n["women_denominator"]:
        lines[0] += (
            f" Of the {n['women_denominator']} who gave their gender, {n['women_n']} "
            f"({n['women_pct']:.1f} %) were women."
        )
    else:
        lines[0] += " Nobody gave their gender."
    if n["age_n"] == 1:
        lines.append(f"One age was recorded: {n['age_min']} years.")
    elif n["age_n"]:
        lines.append(
            f"The {n['age_n']} with a recorded age were {n['age_mean']:.1f} years old on average "
            f"(SD {n['age_sd']:.1f}; from {n['age_min']} to {n['age_max']})."
        )
    for variable, what in (("education", "education"), ("sick_leave_length", "sick leave")):
        part = chapter.characteristics[
            (chapter.characteristics["variable"] == variable)
            & (chapter.characteristics["category"] != DONT_KNOW)
        ]
        answered = int(part["denominator"].iloc[0]) if len(part) else 0
        if not answered:
            lines.append(f"Nobody answered the question on {what}.")
            continue
        top = part[part["n"] == part["n"].max()]
        listed = [f"*{label(c).lower()}*" for c in top["category"]]
        names = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
        tie = " each" if len(top) > 1 else ""
        lines.append(
            f"The most common {what} answer{'s were' if len(top) > 1 else ' was'} {names}"
            f"{tie}: {int(top['n'].iloc[0])} of the {answered} who answered "
            f"({100.0 * int(top['n'].iloc[0]) / answered:.1f} %)."
        )
    return " ".join(lines[:1]) + ("\n\n" + " ".join(lines[1:]) if len(lines) > 1 else "")


def report(respondents_csv: str = "", output_dir: str = "tables", codebook_yaml: str = ""):
    """The sample chapter of a report: :func:`run` on the user's file, a summary in words, and
    the comparison with Table 1 of Foldal et al. (2021).

    Writes ``benchmark_sample_characteristics.csv`` beside the chapter's tables (``mibook run``
    gathers the chapters' parts into ``benchmark.csv``).

    Returns
    -------
    SampleReport
    """
    chapter = run(respondents_csv, output_dir, "observed", codebook_yaml)
    rows = benchmark.respondents_rows(
        chapter.data.frame, chapter.data.loaded.items, "sample_characteristics"
    )
    chapter.written.append(write_table(rows, output_dir, "benchmark_sample_characteristics.csv"))
    compared = published_comparison.section(rows, BENCHMARK_LABELS, BENCHMARK_UNITS)
    return SampleReport(chapter, summary_sentences(chapter), rows, compared)
