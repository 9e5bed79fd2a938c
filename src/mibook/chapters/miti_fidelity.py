"""The MITI fidelity chapter (``notebooks/miti_fidelity.ipynb``): session scores and Table 3.

The scores of the user's or the book's sessions (:mod:`mibook.analysis.miti`), and what Table 3
of Foldal et al. (2021) allows (:mod:`mibook.analysis.table3`): feasible ratings, bounds on the
sessions over a threshold, and one-sample t-tests from the printed summaries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML

from mibook import figures, markup
from mibook.analysis import table3 as t3
from mibook.analysis.miti import (
    by_caseworker,
    check_thresholds,
    one_sample_t,
    proficiency,
    summary,
)
from mibook.analysis.table3 import feasible_distribution, share_bounds
from mibook.chapters import notes
from mibook.files import write_table
from mibook.inputs.miti_scores import LABELS, not_computable, session_scores
from mibook.inputs.provenance import chapter_data
from mibook.published.reading import N_CASEWORKERS, N_SESSIONS


@dataclass
class MitiChapter:
    """Everything the MITI fidelity chapter shows, as returned by :func:`run`.

    Attributes
    ----------
    data : mibook.inputs.provenance.ChapterData
        The sessions the chapter ran on.
    scores : pandas.DataFrame
        One row per session with every computable score.
    summary, proficiency : pandas.DataFrame
        ``miti_summary.csv`` and ``miti_proficiency.csv``.
    caseworkers : pandas.DataFrame or None
        Mean scores per caseworker; None without caseworker ids.
    not_computable : list of str
        Sentences naming the scores the file does not allow.
    table3 : pandas.DataFrame or None
        Table 3 printed beside recomputed, for the book's reconstructed sessions only.
    distribution : pandas.DataFrame
        How often each rating value occurs in the samples that agree with Table 3.
    bounds : pandas.DataFrame
        Fewest and most sessions over each threshold that Table 3 allows.
    ttests : pandas.DataFrame
        One-sample t-tests of the composites, from Table 3 and from this data.
    figure : matplotlib.figure.Figure
        :func:`mibook.figures.miti_feasible_ranges`.
    written : list of pathlib.Path
        The tables written.
    numbers : dict
        The values the prose glues, by name.
    """

    data: object
    scores: pd.DataFrame
    summary: pd.DataFrame
    proficiency: pd.DataFrame
    caseworkers: pd.DataFrame | None
    not_computable: list
    table3: pd.DataFrame | None
    distribution: pd.DataFrame
    bounds: pd.DataFrame
    ttests: pd.DataFrame
    figure: object
    written: list
    numbers: dict = field(default_factory=dict)


def _fmt_table(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    out = table.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].map(lambda v: "–" if pd.isna(v) else f"{v:.{digits}f}")
    return out


def run(
    miti_csv: str = "",
    output_dir: str = "tables",
    data_kind: str = "auto",
    thresholds: dict | None = None,
    article_thresholds: dict | None = None,
    sd_divisor: str = "n-1",
) -> MitiChapter:
    """Load the MITI file, write its summary tables, and compute what the chapter shows.

    Writes ``miti_summary.csv`` and ``miti_proficiency.csv`` to ``output_dir``; computes the
    Table 3 reproduction, the feasible sets, the bounds and the t-tests.

    Parameters
    ----------
    miti_csv : str, default ""
        A MITI file; empty for the book's reconstructed sessions.
    output_dir : str, default "tables"
        Folder for the chapter's tables; created if missing.
    data_kind : {"auto", "observed", "reconstructed"}, default "auto"
        What the rows are (see :func:`mibook.inputs.provenance.chapter_data`).
    thresholds : dict, optional
        MITI proficiency thresholds that replace the defaults
        (:func:`mibook.analysis.miti.check_thresholds`).
    article_thresholds : dict, optional
        The thresholds the article's claims are tested against, by composite (default:
        technical 3.0, relational 4.0).
    sd_divisor : {"n-1", "n"}, default "n-1"
        How Table 3's SDs are read.

    Returns
    -------
    MitiChapter

    Raises
    ------
    ValueError
        For an unknown ``sd_divisor`` or a threshold that is not a finite number.
    mibook.inputs.problems.InvalidInput
        For a file that does not satisfy the contract.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = run(output_dir=folder)
    ...     print(sorted(path.name for path in chapter.written))
    ['miti_proficiency.csv', 'miti_summary.csv']
    >>> chapter.numbers["n_sessions"], chapter.data.reconstructed
    (20, True)
    >>> print(proficiency_note(chapter))  # doctest: +NORMALIZE_WHITESPACE
    The proficiency table counts sessions at or above the MITI 4.2.1 fair and good thresholds
    (parameters of this chapter). For example, 16 of 20 sessions reach the fair threshold of 3
    for the technical global score.
    >>> plt.close(chapter.figure)
    """
    if sd_divisor not in ("n-1", "n"):
        raise ValueError(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    limits = check_thresholds(thresholds or {})
    article = {"technical": 3.0, "relational": 4.0, **(article_thresholds or {})}
    for k, v in article.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"article threshold of {k} must be a finite number, got {v!r}")
    data = chapter_data("miti", miti_csv, data_kind)
    frame, present = data.frame, data.loaded.present
    scores = session_scores(frame, present)
    summ = summary(frame, present)
    prof = proficiency(frame, limits, present)
    written = [
        write_table(summ, output_dir, "miti_summary.csv"),
        write_table(prof, output_dir, "miti_proficiency.csv"),
    ]

    table3 = (
        t3.deviations(frame)
        if data.reconstructed and all(r in present for r in t3.RATINGS)
        else None
    )
    distribution = feasible_distribution()
    levels = {
        "technical": [
            ("article", article["technical"]),
            ("fair", limits["technical"]["fair"]),
            ("good", limits["technical"]["good"]),
        ],
        "relational": [
            ("article", article["relational"]),
            ("fair", limits["relational"]["fair"]),
            ("good", limits["relational"]["good"]),
        ],
        "cultivating_change_talk": [("article", article["technical"])],
        "softening_sustain_talk": [("article", article["technical"])],
        "partnership": [("article", article["relational"])],
        "empathy": [("article", article["relational"])],
    }
    bounds = share_bounds(levels)

    n = N_SESSIONS
    rows = []
    for c in ("technical", "relational"):
        m, s = t3.printed(c)
        sd = float(s) * (math.sqrt(n / (n - 1)) if sd_divisor == "n" else 1.0)
        rows.append(
            {"source": "Table 3", "measure": c, **one_sample_t(float(m), sd, n, article[c])}
        )
        if c in scores and scores[c].notna().sum() > 1:
            v = scores[c].dropna()
            rows.append(
                {
                    "source": "this data",
                    "measure": c,
                    **one_sample_t(float(v.mean()), float(v.std(ddof=1)), int(len(v)), article[c]),
                }
            )
    ttests = pd.DataFrame(rows)

    figures.use_book_style()
    figure = figures.miti_feasible_ranges(distribution, LABELS)
    sizes = {
        (r, d): int(len(t3.rating_sets(r).feasible[d])) for r in t3.RATINGS for d in ("n-1", "n")
    }
    numbers = {
        "n_sessions": int(len(frame)),
        "article_technical_threshold": article["technical"],
        "article_relational_threshold": article["relational"],
        "sd_divisor": sd_divisor,
    }
    for (r, d), k in sizes.items():
        numbers[f"k_{r}_{'n1' if d == 'n-1' else 'n'}"] = k
    for row in ttests.itertuples():
        key = f"{row.measure}_{'pub' if row.source == 'Table 3' else 'data'}"
        for stat in (
            "mean",
            "sd",
            "t",
            "df",
            "p_two_sided",
            "p_greater",
            "p_less",
            "ci_low",
            "ci_high",
            "d",
            "d_ci_low",
            "d_ci_high",
            "mu0",
        ):
            numbers[f"t_{key}_{stat}"] = float(getattr(row, stat))
    for row in bounds[
        (bounds["level"] == "article") & (bounds["divisor"] == sd_divisor)
    ].itertuples():
        numbers[f"b_{row.measure}_min"] = int(row.min_at_or_above)
        numbers[f"b_{row.measure}_max"] = int(row.max_at_or_above)
    for row in summ.itertuples():
        numbers[f"s_{row.measure}_mean"] = float(row.mean)
        numbers[f"s_{row.measure}_sd"] = float(row.sd)
    for row in prof.itertuples():
        numbers[f"p_{row.measure}_{row.level}_n"] = int(row.n_at_or_above)
        numbers[f"p_{row.measure}_{row.level}_pct"] = float(row.percent_at_or_above)
    return MitiChapter(
        data,
        scores,
        summ,
        prof,
        by_caseworker(frame, present),
        not_computable(frame, present),
        table3,
        distribution,
        bounds,
        ttests,
        figure,
        written,
        numbers,
    )


def summary_display(ch: MitiChapter) -> pd.DataFrame:
    """The summary table for readers: measures by name, numbers with two decimals.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure name; float columns as text (``–`` for missing).
    """
    t = ch.summary.copy()
    t["measure"] = t["measure"].map(LABELS)
    return _fmt_table(t.set_index("measure"))


def proficiency_display(ch: MitiChapter) -> pd.DataFrame:
    """The proficiency table for readers: by measure name and level, one decimal.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure name and level; float columns as text.
    """
    t = ch.proficiency.copy()
    t["measure"] = t["measure"].map(LABELS)
    return _fmt_table(t.set_index(["measure", "level"]), 1)


def bounds_display(ch: MitiChapter) -> pd.DataFrame:
    """The bounds on sessions over each threshold for readers, as ``min–max of n``.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure name, level, threshold and SD divisor; columns ``set`` and
        ``sessions at or above``.
    """
    t = ch.bounds.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["sessions at or above"] = (
        t["min_at_or_above"].astype(str)
        + "–"
        + t["max_at_or_above"].astype(str)
        + " of "
        + t["n"].astype(str)
    )
    t = t[["measure", "level", "threshold", "divisor", "set", "sessions at or above"]]
    return _fmt_table(t.set_index(["measure", "level", "threshold", "divisor"]), 1)


def ttest_display(ch: MitiChapter) -> pd.DataFrame:
    """The one-sample t-tests for readers, with the intervals written out.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure name and source (``Table 3`` or ``this data``); mean, SD, n,
        threshold, t, df, p, the 95 % interval of the mean and Cohen's d with its interval, as
        text.
    """
    t = ch.ttests.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["95% CI of mean"] = t.apply(lambda r: f"{r.ci_low:.2f} to {r.ci_high:.2f}", axis=1)
    t["Cohen's d (95% CI)"] = t.apply(
        lambda r: f"{r.d:.2f} ({r.d_ci_low:.2f} to {r.d_ci_high:.2f})", axis=1
    )
    t["p (two-sided)"] = t["p_two_sided"].map(lambda p: f"{p:.4f}")
    t = t[
        [
            "source",
            "measure",
            "mean",
            "sd",
            "n",
            "mu0",
            "t",
            "df",
            "p (two-sided)",
            "95% CI of mean",
            "Cohen's d (95% CI)",
        ]
    ]
    t = t.rename(columns={"mu0": "threshold"})
    return _fmt_table(t.set_index(["measure", "source"]), 3)


def table3_display(ch: MitiChapter):
    """Table 3, printed beside recomputed, as HTML, or None for data other than the book's.

    HTML because the notes are sentences and must not be cut short the way a DataFrame's repr
    truncates long cells.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    IPython.display.HTML or None
        The table of :func:`mibook.analysis.table3.deviations`, escaped; None when the chapter
        did not run on the book's reconstructed sessions.
    """
    if ch.table3 is None:
        return None
    t = ch.table3.copy()
    t["measure"] = t["measure"].map(LABELS)
    t["recomputed"] = t["recomputed"].map(lambda v: f"{float(v):.3f}")
    t["rounds_to_printed"] = t["rounds_to_printed"].map(
        lambda v: v if isinstance(v, str) else ("yes" if v else "no")
    )
    t = t.rename(columns={"rounds_to_printed": "matches print", "source": "sample used"})
    return HTML(
        t.set_index(["measure", "statistic"]).to_html(classes="dataframe", border=0, escape=True)
    )


def feasible_sizes_display() -> pd.DataFrame:
    """How many samples of 20 ratings agree with each printed mean and SD, under both divisors.

    Returns
    -------
    pandas.DataFrame
        Indexed by rating name: the printed mean (SD), the number of agreeing samples with SD
        divisor n − 1 and n, and the mean and SD of the nearest possible sample (n − 1).

    Examples
    --------
    >>> feasible_sizes_display().iloc[:, 1:3]  # doctest: +NORMALIZE_WHITESPACE
                             samples, SD divisor n−1  samples, SD divisor n
    rating
    Cultivating change talk                        0                      0
    Softening sustain talk                         0                      0
    Partnership                                    0                      3
    Empathy                                        0                      5
    """
    rows = []
    for r in t3.RATINGS:
        s = t3.rating_sets(r)
        rows.append(
            {
                "rating": LABELS[r],
                "printed mean (SD)": f"{s.mean} ({s.sd})",
                "samples, SD divisor n−1": len(s.feasible["n-1"]),
                "samples, SD divisor n": len(s.feasible["n"]),
                "nearest possible mean, SD (n−1)": (
                    f"{s.nearest['n-1'][1]:.3f}, {s.nearest['n-1'][2]:.3f}"
                ),
            }
        )
    return pd.DataFrame(rows).set_index("rating")


def provenance_note(ch: MitiChapter) -> str:
    """What kind of data the chapter ran on, and which scores the file does not allow.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: for the book's sessions an ``important`` admonition on how they were
        reconstructed, otherwise the file and its notices
        (:func:`mibook.chapters.notes.provenance_note`); then a list of the scores not
        computed, if any.
    """
    data = ch.data
    reconstructed = (
        f"```{{important}}\nThe {len(data.frame)} sessions behind this chapter "
        f"({markup.code(data.label)}) "
        "are **reconstructed**, not observed. The article prints only a mean and SD per rating. "
        f"The book lists every set of {N_SESSIONS} ratings agreeing with them (or, when none "
        "exists, the nearest possible ones) and pairs the ratings into sessions so that the two "
        "composites come as close as possible to their printed values. Which ratings share a "
        f"session, and the caseworker ids CW1–CW{N_CASEWORKERS} (assigned in turn), are "
        "invented.\n```"
    )
    lines = [notes.provenance_note(data, "sessions", reconstructed)]
    if ch.not_computable:
        lines.append(
            "Not computed from this file:\n" + "".join(f"\n* {r}" for r in ch.not_computable)
        )
    return "\n\n".join(lines)


def summary_note(ch: MitiChapter) -> str:
    """The paragraph above the summary table, for whatever scores this file allows.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        The mean and SD of the technical and relational scores when computable, or a sentence
        saying that they are not.
    """
    parts = ["Every score is computed per session and then summarised."]
    composites = [c for c in ("technical", "relational") if f"s_{c}_mean" in ch.numbers]
    for c in composites:
        mean, sd = ch.numbers[f"s_{c}_mean"], ch.numbers[f"s_{c}_sd"]
        sd_text = "SD not defined for one session" if math.isnan(sd) else f"SD {sd:.3f}"
        parts.append(f"The {LABELS[c].lower()} score has mean {mean:.3f} ({sd_text}).")
    if not composites:
        parts.append(
            "This file has no global ratings, so the technical and relational scores are not "
            "computed."
        )
    return " ".join(parts)


def proficiency_note(ch: MitiChapter) -> str:
    """Reads the proficiency table in one or two sentences.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        What the table counts, with its first row as an example; a sentence saying there is no
        table when no score with a threshold can be computed.
    """
    if ch.proficiency.empty:
        return (
            "No score with a MITI threshold can be computed from this file, so there is no "
            "proficiency table."
        )
    first = ch.proficiency.iloc[0]
    return (
        "The proficiency table counts sessions at or above the MITI 4.2.1 fair and good "
        f"thresholds (parameters of this chapter). For example, {int(first.n_at_or_above)} of "
        f"{int(first.n)} sessions reach the {first.level} threshold of {first.threshold:g} for the "
        f"{LABELS[first.measure].lower()} score."
    )


def ttest_note(ch: MitiChapter) -> str:
    """What each one-sample t-test of the published composites says about 'over the threshold'.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown paragraphs: how the tests are computed, one paragraph per composite
        (t, df, p, the 95 % interval of the mean, Cohen's d and a reading in words that
        depends on where the interval lies), and the tests' caveat.
    """
    n = N_SESSIONS
    lines = [
        "A one-sample t-test needs only a mean, an SD and n, so it is computed exactly from "
        f"Table 3 (n = {n} sessions, the printed SD read with divisor {ch.numbers['sd_divisor']})."
    ]
    for c in ("technical", "relational"):
        key = f"t_{c}_pub"
        mean, mu0 = ch.numbers[f"{key}_mean"], ch.numbers[f"{key}_mu0"]
        low, high = ch.numbers[f"{key}_ci_low"], ch.numbers[f"{key}_ci_high"]
        t, df, p = ch.numbers[f"{key}_t"], ch.numbers[f"{key}_df"], ch.numbers[f"{key}_p_two_sided"]
        d, dlo, dhi = (
            ch.numbers[f"{key}_d"],
            ch.numbers[f"{key}_d_ci_low"],
            ch.numbers[f"{key}_d_ci_high"],
        )
        side = "above" if mean >= mu0 else "below"
        if low > mu0:
            reading = (
                f"the whole interval lies above {mu0:g}, so the sessions' mean is above the "
                "threshold beyond chance variation"
            )
        elif high < mu0:
            reading = (
                f"the whole interval lies below {mu0:g}, so the shortfall is not a chance result "
                f"of having only {n} sessions"
            )
        else:
            reading = (
                f"the interval includes {mu0:g}, so a printed mean {side} the threshold describes "
                f"these {n} sessions but does not show where the caseworkers' typical level lies"
            )
        lines.append(
            f"**{LABELS[c]}.** Printed mean {mean:.2f} against the threshold {mu0:g}: t = {t:.2f} "
            f"with {df:.0f} degrees of freedom, two-sided p = {p:.4f}; the 95 % interval for the "
            f"mean runs from {low:.2f} to {high:.2f} and Cohen's d is {d:.2f} ({dlo:.2f} to "
            f"{dhi:.2f}). In words: {reading}."
        )
    lines.append(
        "Both tests treat the sessions as independent although a few caseworkers delivered them, "
        "so the intervals are if anything too narrow. The intervals for d come from the "
        "noncentral t distribution. The table adds the same tests on this chapter's data where "
        "its composites can be computed."
    )
    return "\n\n".join(lines)


def published_n() -> int:
    """Sessions behind Table 3 (Methods: MI Fidelity), as the reconstruction assumes.

    Returns
    -------
    int

    Examples
    --------
    >>> published_n()
    20
    """
    return int(N_SESSIONS)
