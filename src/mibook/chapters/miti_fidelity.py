"""The MITI fidelity chapter (``notebooks/miti_fidelity.ipynb``): session scores and Table 3.

The scores of the user's or the book's sessions (:mod:`mibook.analysis.miti`) — one rating per
session from the primary coder (:mod:`mibook.analysis.coders`), the agreement of two coders on
the sessions both rated (:mod:`mibook.analysis.reliability`), and the scores over time per
caseworker when sessions have dates (:mod:`mibook.analysis.fidelity_trend`) — and what Table 3
of Foldal et al. (2021) allows (:mod:`mibook.analysis.table3`): feasible ratings, bounds on the
sessions over a threshold, and one-sample t-tests from the printed summaries, with the sessions
and with the caseworkers as the units.

Tables written: ``miti_summary.csv``, ``miti_proficiency.csv`` and ``miti_sessions.csv``
always; ``miti_reliability.csv`` and ``miti_agreement.csv`` when the file has ``coder_id``;
``miti_trend.csv`` when sessions have a ``date``; on observed data
``benchmark_miti_fidelity.csv``, this chapter's rows of ``benchmark.csv`` (each global rating and
composite against Table 3, :func:`mibook.analysis.benchmark.miti_rows`), which ``mibook run``
gathers with the other chapters'.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from mibook import figures, markup
from mibook.analysis import benchmark, fidelity_trend, reliability
from mibook.analysis import coders as coding
from mibook.analysis import table3 as t3
from mibook.analysis.miti import (
    SESSION_COLUMNS,
    by_caseworker,
    caseworker_means,
    check_thresholds,
    one_sample_t,
    per_session,
    proficiency,
    summary,
)
from mibook.analysis.table3 import feasible_distribution, share_bounds
from mibook.chapters import labels, notes, published_comparison
from mibook.chapters.labels import ICC_BANDS, MITI_COLUMNS, MITI_HEADS, MITI_LEVELS, SD_DIVISORS
from mibook.chapters.page_table import PageTable, shown
from mibook.figures.coder_agreement import coder_agreement
from mibook.figures.fidelity_trend import fidelity_over_time
from mibook.files import write_table
from mibook.inputs import pseudonyms, utterances
from mibook.inputs.contracts import MITI_GLOBALS
from mibook.inputs.miti_scores import LABELS, not_computable, session_scores
from mibook.inputs.provenance import ChapterData, chapter_data
from mibook.published.reading import N_CASEWORKERS, N_SESSIONS

#: Rows of ``miti_sessions.csv`` shown in the chapter at most (the file holds every session).
SESSIONS_SHOWN = 40
#: The scores a table with a column per score shows, in groups by priority: the scores with a
#: MITI threshold, then the global ratings, then the counts of MI-adherent and non-adherent
#: behaviour. A group is shown only whole, and only while the table stays narrow enough to fit
#: the page (:func:`shown_scores`); ``miti_sessions.csv`` keeps every score of every session.
SCORE_GROUPS = (
    ("technical", "relational", "percent_complex_reflections", "reflection_to_question"),
    MITI_GLOBALS,
    ("total_mi_adherent", "total_mi_non_adherent"),
)
#: Score columns of the per-caseworker and per-session tables at most (the first group always).
SCORE_COLUMNS = {"caseworkers": 6, "sessions": 4}
#: The paragraph that opens the comparison with Table 3 in a report about the user's study.
REPORT_COMPARISON_INTRO = (
    "The Norwegian study this book re-analyses printed the mean and SD of each global rating and "
    "composite for its coded sessions (Foldal et al. 2021, Table 3). Where this file gives the "
    "same score, the difference of the means is below, with its 95 % interval; the rows are in "
    "{download}`benchmark.csv <tables/benchmark.csv>`."
)
#: The statistics of each t-test put into :attr:`MitiChapter.numbers`.
TTEST_STATS = (
    "mean",
    "sd",
    "n",
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
)
#: The t-tests, by source: the key of their numbers.
TTEST_KEYS = {
    "Table 3": "pub",
    "Table 3, caseworkers as units": "pubcw",
    "this data": "data",
    "this data, caseworker means": "datacw",
}


@dataclass
class MitiChapter:
    """Everything the MITI fidelity chapter shows, as returned by :func:`run`.

    Attributes
    ----------
    data : mibook.inputs.provenance.ChapterData
        The rows the chapter ran on (with coders, one per session and coder).
    sessions : pandas.DataFrame
        One row per session: the primary coder's ratings (:mod:`mibook.analysis.coders`).
    scores : pandas.DataFrame
        One row per session with every computable score.
    summary, proficiency, per_session : pandas.DataFrame
        ``miti_summary.csv``, ``miti_proficiency.csv`` and ``miti_sessions.csv``.
    caseworkers : pandas.DataFrame or None
        Mean scores per caseworker; None without caseworker ids.
    not_computable : list of str
        Sentences naming the scores the file does not allow.
    coders : dict
        ``primary``, ``second`` (None when absent), ``chosen`` (True when ``primary_coder``
        named the primary coder), ``order`` (every coder, most sessions first).
    reliability, agreement : pandas.DataFrame or None
        ``miti_reliability.csv`` and ``miti_agreement.csv``; None without ``coder_id``.
    trend : pandas.DataFrame or None
        ``miti_trend.csv``; None without dated sessions.
    over_time : pandas.DataFrame or None
        The dated session scores in long form (the over-time figure's data).
    table3 : pandas.DataFrame or None
        Table 3 printed beside recomputed, for the book's reconstructed sessions only.
    distribution : pandas.DataFrame
        How often each rating value occurs in the samples that agree with Table 3.
    bounds : pandas.DataFrame
        Fewest and most sessions over each threshold that Table 3 allows.
    ttests : pandas.DataFrame
        One-sample t-tests of the composites, from Table 3 and from this data, with the
        sessions and with the caseworkers as units.
    figure : matplotlib.figure.Figure
        :func:`mibook.figures.miti_feasible_ranges`.
    agreement_figure, trend_figure : matplotlib.figure.Figure or None
        Coder A against coder B on the global ratings; the scores over time.
    comparison : dict or None
        On observed data, the section comparing this data with Table 3
        (:func:`mibook.chapters.published_comparison.section`: ``text``, ``table``, ``figure``).
    written : list of pathlib.Path
        The tables written.
    numbers : dict
        The values the prose glues, by name.
    thresholds : dict
        The MITI thresholds used (:func:`mibook.analysis.miti.check_thresholds`).
    """

    data: ChapterData
    sessions: pd.DataFrame
    scores: pd.DataFrame
    summary: pd.DataFrame
    proficiency: pd.DataFrame
    per_session: pd.DataFrame
    caseworkers: pd.DataFrame | None
    not_computable: list
    coders: dict
    reliability: pd.DataFrame | None
    agreement: pd.DataFrame | None
    trend: pd.DataFrame | None
    over_time: pd.DataFrame | None
    table3: pd.DataFrame | None
    distribution: pd.DataFrame
    bounds: pd.DataFrame
    ttests: pd.DataFrame
    figure: object
    agreement_figure: object
    trend_figure: object
    comparison: dict | None
    written: list
    numbers: dict = field(default_factory=dict)
    thresholds: dict = field(default_factory=dict)


def _fmt_table(table: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    out = table.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].map(lambda v: "–" if pd.isna(v) else f"{v:.{digits}f}")
    return out


def _num(value: float, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def load_sessions(
    miti_csv: str = "",
    miti_utterances_csv: str = "",
    data_kind: str = "auto",
    codebook_yaml: str = "",
) -> ChapterData:
    """The chapter's input: a MITI file, an utterance file, or both merged.

    Parameters
    ----------
    miti_csv : str
        A MITI file (or a typed intermediate); empty for the book's sessions unless
        ``miti_utterances_csv`` is given.
    miti_utterances_csv : str
        An utterance file, counted per session (:func:`mibook.inputs.utterances.combine`);
        with an empty ``miti_csv`` the sessions come from it alone, never from the book's data.
    data_kind : {"auto", "observed", "reconstructed"}
        As for :func:`mibook.inputs.provenance.chapter_data`.
    codebook_yaml : str
        The study's codebook; empty for the book's own.

    Returns
    -------
    mibook.inputs.provenance.ChapterData
    """
    if not miti_utterances_csv:
        return chapter_data("miti", miti_csv, data_kind, codebook_yaml)
    base = chapter_data("miti", miti_csv, data_kind, codebook_yaml) if miti_csv else None
    counted = utterances.load(miti_utterances_csv, codebook_yaml or None)
    loaded = utterances.combine(base.loaded if base else None, counted)
    kind = data_kind if data_kind != "auto" else "observed"
    label = base.label if base else Path(miti_utterances_csv).name
    return ChapterData(loaded=loaded, kind=kind, label=label)


def _levels(article: dict, limits: dict) -> dict:
    return {
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


def _ttests(scores: pd.DataFrame, article: dict, sd_divisor: str, observed: bool) -> pd.DataFrame:
    """The t-tests of the two composites: Table 3 with the sessions and with the caseworkers
    as units, and this data (caseworker means only on observed data, where the ids are real)."""
    n = N_SESSIONS
    rows = []
    for c in ("technical", "relational"):
        m, s = t3.printed(c)
        sd = float(s) * (math.sqrt(n / (n - 1)) if sd_divisor == "n" else 1.0)
        rows.append(
            {"source": "Table 3", "measure": c, **one_sample_t(float(m), sd, n, article[c])}
        )
        rows.append(
            {
                "source": "Table 3, caseworkers as units",
                "measure": c,
                **one_sample_t(float(m), sd, N_CASEWORKERS, article[c]),
            }
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
        means = caseworker_means(scores, c)
        if observed and len(means) > 1:
            rows.append(
                {
                    "source": "this data, caseworker means",
                    "measure": c,
                    **one_sample_t(
                        float(means.mean()), float(means.std(ddof=1)), int(len(means)), article[c]
                    ),
                }
            )
    return pd.DataFrame(rows)


def run(
    miti_csv: str = "",
    output_dir: str = "tables",
    data_kind: str = "auto",
    thresholds: dict | None = None,
    article_thresholds: dict | None = None,
    sd_divisor: str = "n-1",
    miti_utterances_csv: str = "",
    primary_coder: str = "",
    pseudonymise: bool = False,
    codebook_yaml: str = "",
) -> MitiChapter:
    """Load the MITI sessions, write the chapter's tables, and compute what the chapter shows.

    Writes ``miti_summary.csv``, ``miti_proficiency.csv`` and ``miti_sessions.csv`` to
    ``output_dir``; with ``coder_id`` also ``miti_reliability.csv`` and ``miti_agreement.csv``,
    with dated sessions ``miti_trend.csv``, on observed data ``benchmark_miti_fidelity.csv``.
    Computes the Table 3 reproduction, the feasible sets, the bounds and the t-tests.

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
    miti_utterances_csv : str, default ""
        An utterance-level file whose codes give the behaviour counts (:func:`load_sessions`).
    primary_coder : str, default ""
        The coder whose ratings every summary uses; empty for the contract's default (the
        coder with the most sessions, ties by sorted name). With ``pseudonymise`` it may be
        the original id or the pseudonym.
    pseudonymise : bool, default False
        Replace caseworker and coder ids by ``Caseworker A``, ``Coder A`` …
        (:mod:`mibook.inputs.pseudonyms`).
    codebook_yaml : str, default ""
        The study's codebook; empty for the book's own.

    Returns
    -------
    MitiChapter

    Raises
    ------
    ValueError
        For an unknown ``sd_divisor``, a threshold that is not a finite number, or a
        ``primary_coder`` that rated no session.
    mibook.inputs.problems.InvalidInput
        For a file that does not satisfy the contract.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = run(output_dir=folder)
    ...     print(sorted(path.name for path in chapter.written))
    ['miti_proficiency.csv', 'miti_sessions.csv', 'miti_summary.csv']
    >>> chapter.numbers["n_sessions"], chapter.data.reconstructed
    (20, True)
    >>> print(proficiency_note(chapter))  # doctest: +NORMALIZE_WHITESPACE
    The proficiency table counts sessions at or above the MITI 4.2.1 fair and good thresholds
    (parameters of this chapter). These sessions are reconstructed, so their own counts are one
    possibility among many: the table gives instead the range that Table 3's printed means and
    SDs allow. For example, between 10 and 20 of 20 sessions could reach the fair threshold of 3
    for the technical global score.
    >>> close_figures(chapter)
    """
    if sd_divisor not in ("n-1", "n"):
        raise ValueError(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    limits = check_thresholds(thresholds or {})
    article = {"technical": 3.0, "relational": 4.0, **(article_thresholds or {})}
    for k, v in article.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"article threshold of {k} must be a finite number, got {v!r}")
    data = load_sessions(miti_csv, miti_utterances_csv, data_kind, codebook_yaml)
    primary_coder = str(primary_coder or "")
    if pseudonymise:
        data.loaded, mapping = pseudonyms.pseudonymise(data.loaded)
        primary_coder = mapping.get("coder_id", {}).get(primary_coder, primary_coder)
    frame, present = data.frame, data.loaded.present
    coded = "coder_id" in present
    if primary_coder and not coded:
        raise ValueError(
            f"primary_coder {primary_coder!r} was given, but the MITI file has no coder_id column"
        )
    primary = primary_coder or coding.default_primary(frame)
    sessions = coding.one_per_session(frame, primary) if coded else frame
    second = coding.second_coder(frame, primary) if coded else None

    scores = session_scores(sessions, present)
    if "date" in present:
        scores["date"] = sessions["date"].to_numpy()
    summ = summary(sessions, present)
    prof = proficiency(sessions, limits, present)
    table = per_session(sessions, present)
    written = [
        write_table(summ, output_dir, "miti_summary.csv"),
        write_table(prof, output_dir, "miti_proficiency.csv"),
        write_table(table, output_dir, "miti_sessions.csv"),
    ]

    rel = agree = None
    agreement_figure = None
    if coded:
        rel = reliability.icc_table(frame, primary, second, present)
        agree = reliability.agreement(frame, primary, second, present)
        written.append(write_table(rel, output_dir, "miti_reliability.csv"))
        written.append(write_table(agree, output_dir, "miti_agreement.csv"))
    figures.use_book_style()
    if coded and second is not None:
        pairs = reliability.paired(frame, primary, second, present)
        pairs = pairs[pairs["measure"].isin(MITI_GLOBALS)]
        if len(pairs):
            agreement_figure = coder_agreement(pairs, LABELS, str(primary), str(second))

    trend = long = None
    trend_figure = None
    if "date" in scores and scores["date"].notna().any():
        long = fidelity_trend.over_time(scores)
        if len(long):
            fair = {m: levels["fair"] for m, levels in limits.items()}
            trend = fidelity_trend.trend_table(long, fair)
            written.append(write_table(trend, output_dir, "miti_trend.csv"))
            trend_figure = fidelity_over_time(long, limits, LABELS)

    table3 = (
        t3.deviations(frame)
        if data.reconstructed and all(r in present for r in t3.RATINGS)
        else None
    )
    distribution = feasible_distribution()
    bounds = share_bounds(_levels(article, limits))
    ttests = _ttests(scores, article, sd_divisor, observed=not data.reconstructed)
    figure = figures.miti_feasible_ranges(distribution, LABELS)
    comparison = None
    if not data.reconstructed:  # the reconstruction was built from Table 3: nothing to compare
        rows = benchmark.miti_rows(summ)
        written.append(write_table(rows, output_dir, "benchmark_miti_fidelity.csv"))
        units = {m: "rating" for m in rows["measure"]}
        comparison = published_comparison.section(rows, LABELS, units)

    sizes = {
        (r, d): int(len(t3.rating_sets(r).feasible[d])) for r in t3.RATINGS for d in ("n-1", "n")
    }
    numbers = {
        "n_sessions": int(len(sessions)),
        "n_rows": int(len(frame)),
        "n_caseworkers_pub": int(N_CASEWORKERS),
        "df_caseworkers_pub": int(N_CASEWORKERS - 1),
        "article_technical_threshold": article["technical"],
        "article_relational_threshold": article["relational"],
        "sd_divisor": sd_divisor,
    }
    for (r, d), k in sizes.items():
        numbers[f"k_{r}_{'n1' if d == 'n-1' else 'n'}"] = k
    for row in ttests.itertuples():
        key = f"{row.measure}_{TTEST_KEYS[row.source]}"
        for stat in TTEST_STATS:
            numbers[f"t_{key}_{stat}"] = float(getattr(row, stat))
    for row in bounds[(bounds["divisor"] == sd_divisor)].itertuples():
        suffix = "" if row.level == "article" else f"_{row.level}"
        numbers[f"b_{row.measure}{suffix}_min"] = int(row.min_at_or_above)
        numbers[f"b_{row.measure}{suffix}_max"] = int(row.max_at_or_above)
    for row in summ.itertuples():
        numbers[f"s_{row.measure}_mean"] = float(row.mean)
        numbers[f"s_{row.measure}_sd"] = float(row.sd)
    for row in prof.itertuples():
        numbers[f"p_{row.measure}_{row.level}_n"] = int(row.n_at_or_above)
        numbers[f"p_{row.measure}_{row.level}_pct"] = float(row.percent_at_or_above)
    order = coding.coder_order(frame) if coded else []
    return MitiChapter(
        data=data,
        sessions=sessions,
        scores=scores,
        summary=summ,
        proficiency=prof,
        per_session=table,
        caseworkers=by_caseworker(sessions, present),
        not_computable=not_computable(sessions, present),
        coders={
            "primary": primary,
            "second": second,
            "chosen": bool(primary_coder),
            "order": order,
        },
        reliability=rel,
        agreement=agree,
        trend=trend,
        over_time=long,
        table3=table3,
        distribution=distribution,
        bounds=bounds,
        ttests=ttests,
        figure=figure,
        agreement_figure=agreement_figure,
        trend_figure=trend_figure,
        comparison=comparison,
        written=written,
        numbers=numbers,
        thresholds=limits,
    )


def close_figures(ch: MitiChapter) -> None:
    """Close the chapter's figures (after gluing or displaying them).

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.
    """
    shown = (ch.comparison or {}).get("figure")
    for fig in (ch.figure, ch.agreement_figure, ch.trend_figure, shown):
        if fig is not None:
            plt.close(fig)


# ------------------------------------------------------------------------ tables for readers


def _measure(code: str) -> str:
    """A MITI score by name (a behaviour count without one, in words)."""
    return labels.label(code, LABELS)


def _head(code: str) -> str:
    """The short column head of a score, or of a column of the sessions file."""
    return labels.label(code, {**MITI_COLUMNS, **MITI_HEADS})


def _level(code: str) -> str:
    return labels.label(code, MITI_LEVELS)


def summary_display(ch: MitiChapter) -> PageTable:
    """The summary table for readers: measures by name, numbers with two decimals.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Measure`` (its name); ``n``, ``Mean``, ``SD``, ``Min``, ``Max`` as text
        (``–`` for missing).
    """
    t = ch.summary.copy()
    t["measure"] = t["measure"].map(_measure)
    t = t.rename(
        columns={"measure": "Measure", "mean": "Mean", "sd": "SD", "min": "Min", "max": "Max"}
    )
    return shown(_fmt_table(t.set_index("Measure")))


def _ranges(ch: MitiChapter) -> dict:
    """(measure, level) -> "min–max of n" of the bounds Table 3 allows, under ``sd_divisor``."""
    b = ch.bounds[ch.bounds["divisor"] == ch.numbers["sd_divisor"]]
    return {
        (r.measure, r.level): (int(r.min_at_or_above), int(r.max_at_or_above), int(r.n))
        for r in b.itertuples()
    }


def proficiency_display(ch: MitiChapter) -> PageTable:
    """The proficiency table for readers: by measure name and level, one decimal.

    On reconstructed sessions a count of sessions over a threshold is not a finding: the
    counts are replaced by the range that Table 3's printed summaries allow
    (``miti_proficiency.csv`` keeps the reconstruction's own counts).

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Measure`` and ``Level`` (in words); ``Threshold``, the sessions at or above
        it (``12 of 20``; on reconstructed sessions the range Table 3 allows) and their
        ``Percent``, as text.
    """
    t = ch.proficiency
    rows = []
    ranges = _ranges(ch)
    for r in t.itertuples():
        if ch.data.reconstructed:
            if (r.measure, r.level) in ranges:
                low, high, n = ranges[(r.measure, r.level)]
                count = f"{low}–{high} of {n}"
                percent = f"{100 * low / n:.0f}–{100 * high / n:.0f}"
            else:
                count, percent = "–", "–"
            head = "Sessions at or above (Table 3 allows)"
        else:
            count = f"{int(r.n_at_or_above)} of {int(r.n)}"
            percent = _num(r.percent_at_or_above, 1)
            head = "Sessions at or above"
        rows.append(
            {
                "Measure": _measure(r.measure),
                "Level": _level(r.level),
                "Threshold": _num(r.threshold, 1),
                head: count,
                "Percent": percent,
            }
        )
    columns = ["Measure", "Level", "Threshold", "Sessions at or above", "Percent"]
    if not rows:
        return shown(pd.DataFrame(columns=columns).set_index(["Measure", "Level"]))
    return shown(pd.DataFrame(rows).set_index(["Measure", "Level"]))


def shown_scores(available, room: int) -> list[str]:
    """The scores a table with a column per score shows: whole groups of :data:`SCORE_GROUPS`,
    by priority, while they fit in ``room`` columns (the first group always).

    Parameters
    ----------
    available : iterable of str
        The scores the table could show.
    room : int
        Score columns at most.

    Returns
    -------
    list of str
        In the order of ``available``.

    Examples
    --------
    >>> every = ["cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy",
    ...          "technical", "relational", "percent_complex_reflections", "total_mi_adherent"]
    >>> shown_scores(every, 6)
    ['technical', 'relational', 'percent_complex_reflections', 'total_mi_adherent']
    >>> shown_scores(every[:6], 6) == every[:6]  # the global ratings fit beside the composites
    True
    """
    available = list(available)
    chosen: set[str] = set()
    for k, group in enumerate(SCORE_GROUPS):
        here = [m for m in group if m in available]
        if k == 0 or len(chosen) + len(here) <= room:
            chosen.update(here)
    return [m for m in available if m in chosen]


def _left_out(available, shown_: list[str]) -> list[str]:
    return [m for m in available if m not in shown_]


def sessions_display(ch: MitiChapter) -> PageTable:
    """``miti_sessions.csv`` for readers: its first :data:`SESSIONS_SHOWN` rows, two decimals.

    Columns the file does not have (no coder, caseworker or date at all) are left out, and so
    are scores beyond :data:`SCORE_COLUMNS` (:func:`shown_scores`; the file keeps them); the
    others are headed in words, the scores by their short names (:data:`labels.MITI_HEADS`).

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Session``.
    """
    t = ch.per_session.head(SESSIONS_SHOWN).copy()
    t = t[[c for c in SESSION_COLUMNS if ch.per_session[c].notna().any() or c == "session_id"]]
    scores = [c for c in t.columns if c in LABELS]
    t = t.drop(columns=_left_out(scores, shown_scores(scores, SCORE_COLUMNS["sessions"])))
    for c in t.columns:
        if t[c].dtype == object or pd.api.types.is_string_dtype(t[c]):
            t[c] = t[c].where(t[c].notna(), "–")
    t = t.rename(columns={c: _head(c) for c in t.columns})
    return shown(_fmt_table(t.set_index(_head("session_id"))))


def sessions_note(ch: MitiChapter) -> str:
    """The sentence above the per-session table: what it holds and where the rest is.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown.
    """
    n = len(ch.per_session)
    scores = [c for c in SESSION_COLUMNS if c in LABELS and ch.per_session[c].notna().any()]
    hidden = _left_out(scores, shown_scores(scores, SCORE_COLUMNS["sessions"]))
    also = (
        " and the scores left out here (" + ", ".join(_measure(m).lower() for m in hidden) + ")"
        if hidden
        else ""
    )
    shown_rows = (
        f"The first {SESSIONS_SHOWN} of the {n} sessions are shown; `miti_sessions.csv` holds "
        f"all{also}."
        if n > SESSIONS_SHOWN
        else f"`miti_sessions.csv` holds the same rows{also}."
    )
    whose = (
        " With several coders, each session's values are those of the coder its row names."
        if ch.reliability is not None
        else ""
    )
    return (
        "Each session's summary scores, the values behind every table of this chapter; a score "
        "that cannot be computed for a session (a missing rating, no questions or no "
        f"reflections) is empty. {shown_rows}{whose}"
    )


#: How the t-test table names the units of each test.
TTEST_UNITS = {
    "Table 3": "Table 3, sessions",
    "Table 3, caseworkers as units": "Table 3, caseworkers",
    "this data": "This data, sessions",
    "this data, caseworker means": "This data, caseworker means",
}


def ttest_display(ch: MitiChapter) -> PageTable:
    """The one-sample t-tests for readers, with the intervals written out.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Measure`` (its name and the threshold tested) and ``Data`` (Table 3 or
        this data, with the sessions or the caseworkers as units); ``Mean (SD)``, ``n``,
        ``t (df)``, ``p (two-sided)``, the 95 % interval of the mean and Cohen's d with its
        interval, as text (``–`` where a test is not defined).
    """
    rows = []
    for r in ch.ttests.itertuples():
        rows.append(
            {
                "Measure": f"{_measure(r.measure)} (threshold {r.mu0:g})",
                "Data": TTEST_UNITS.get(r.source, r.source),
                "Mean (SD)": f"{_num(r.mean, 3)} ({_num(r.sd, 3)})",
                "n": int(r.n),
                "t (df)": f"{_num(r.t, 3)} ({r.df:g})",
                "p (two-sided)": _num(r.p_two_sided, 4),
                "95 % CI of mean": f"{_num(r.ci_low, 3)} to {_num(r.ci_high, 3)}",
                "Cohen's d (95 % CI)": f"{_num(r.d)} ({_num(r.d_ci_low)} to {_num(r.d_ci_high)})",
            }
        )
    return shown(pd.DataFrame(rows).set_index(["Measure", "Data"]))


def reliability_display(ch: MitiChapter) -> PageTable | None:
    """``miti_reliability.csv`` for readers (measure names, intervals written out), or None.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable or None
        Indexed by ``Measure``: ``Sessions``, the ICC with its interval and Cicchetti's band in
        words; None without ``coder_id`` or a second coder.
    """
    if ch.reliability is None or ch.reliability.empty:
        return None
    t = ch.reliability
    return shown(
        pd.DataFrame(
            {
                "Measure": t["measure"].map(_measure),
                "Sessions": t["n_sessions"],
                "ICC(2,1) (95 % CI)": [
                    "–"
                    if pd.isna(r.icc)
                    else f"{r.icc:.2f} ({_num(r.ci_low)} to {_num(r.ci_high)})"
                    for r in t.itertuples()
                ],
                "Band": t["band"].map(lambda b: labels.label(b, ICC_BANDS)),
            }
        ).set_index("Measure")
    )


def agreement_display(ch: MitiChapter) -> PageTable | None:
    """``miti_agreement.csv`` for readers, or None when no session was rated twice.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable or None
        Indexed by ``Measure`` (the rating's name): ``Sessions``, exact agreement and
        agreement within one point.
    """
    if ch.agreement is None or ch.agreement.empty:
        return None
    t = ch.agreement
    return shown(
        pd.DataFrame(
            {
                "Measure": t["measure"].map(_measure),
                "Sessions": t["n_sessions"],
                "Same rating": [f"{r.exact_n} ({r.exact_percent:.0f} %)" for r in t.itertuples()],
                "At most one point apart": [
                    f"{r.within_one_n} ({r.within_one_percent:.0f} %)" for r in t.itertuples()
                ],
            }
        ).set_index("Measure")
    )


def trend_display(ch: MitiChapter) -> PageTable | None:
    """``miti_trend.csv`` for readers: per caseworker and score, or None without dates.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable or None
        Indexed by ``Caseworker`` and ``Measure``: ``Sessions``, ``First`` and ``Last`` date,
        ``Mean``, the sessions at or above fair and the slope per month (95 % CI).
    """
    if ch.trend is None:
        return None
    t = ch.trend
    slopes = [
        "–"
        if pd.isna(r.slope_per_month)
        else f"{r.slope_per_month:.3f} ({_num(r.slope_ci_low, 3)} to {_num(r.slope_ci_high, 3)})"
        for r in t.itertuples()
    ]
    out = pd.DataFrame(
        {
            "Caseworker": t["caseworker_id"],
            "Measure": t["measure"].map(_measure),
            "Sessions": t["sessions"],
            "First": t["first_date"],
            "Last": t["last_date"],
            "Mean": t["mean"].map(_num),
            "At or above fair": [
                f"{r.n_at_or_above_fair} ({r.percent_at_or_above_fair:.0f} %)"
                for r in t.itertuples()
            ],
            "Slope per month (95 % CI)": slopes,
        }
    )
    return shown(_fmt_table(out.set_index(["Caseworker", "Measure"])))


def bounds_display(ch: MitiChapter) -> PageTable:
    """The bounds on sessions over each threshold for readers, both SD divisors side by side.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable
        Indexed by ``Measure`` and ``Level`` (in words); ``Threshold`` and, for each SD
        divisor, the sessions at or above as ``min–max of n`` with the samples they rest on
        (those agreeing with Table 3, or the nearest ones).
    """
    rows: dict = {}
    for r in ch.bounds.itertuples():
        row = rows.setdefault(
            (r.measure, r.level, r.threshold),
            {
                "Measure": _measure(r.measure),
                "Level": _level(r.level),
                "Threshold": f"{r.threshold:.1f}",
            },
        )
        samples = labels.label(r.set, labels.SAMPLE_SETS).lower()
        row[f"SD divisor {SD_DIVISORS.get(r.divisor, r.divisor)}"] = (
            f"{int(r.min_at_or_above)}–{int(r.max_at_or_above)} of {int(r.n)} ({samples})"
        )
    return shown(pd.DataFrame(list(rows.values())).set_index(["Measure", "Level"]))


def table3_display(ch: MitiChapter) -> PageTable | None:
    """Table 3, printed beside recomputed, or None for data other than the book's.

    The notes are whole sentences; the table never cuts a cell short.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable or None
        The table of :func:`mibook.analysis.table3.deviations` in words, indexed by
        ``Measure`` and ``Statistic``; None when the chapter did not run on the book's
        reconstructed sessions.
    """
    if ch.table3 is None:
        return None
    t = ch.table3
    out = pd.DataFrame(
        {
            "Measure": t["measure"].map(_measure),
            "Statistic": t["statistic"].map(lambda x: {"mean": "Mean", "sd": "SD"}.get(x, x)),
            "Printed": t["printed"],
            "Recomputed": [f"{float(v):.3f}" for v in t["recomputed"]],
            "Matches print": [
                v if isinstance(v, str) else ("yes" if v else "no") for v in t["rounds_to_printed"]
            ],
            "Sample used": [_sample_used(v) for v in t["source"]],
            "Note": t["note"].map(labels.in_words),
        }
    )
    return shown(out.set_index(["Measure", "Statistic"]))


def _sample_used(source: str) -> str:
    """``nearest (n-1)`` as ``nearest samples (n − 1)``; ``pairing`` as ``pairing of ratings``."""
    text = str(source)
    for code, name in SD_DIVISORS.items():
        text = text.replace(f"({code})", f"({name})")
    for code, name in labels.SAMPLE_SETS.items():
        text = re.sub(rf"\b{code}\b", name, text)
    return "pairing of ratings" if text == "pairing" else text


def feasible_sizes_display() -> PageTable:
    """How many samples of 20 ratings agree with each printed mean and SD, under both divisors.

    Returns
    -------
    PageTable
        Indexed by ``Rating``: the printed mean (SD), the number of agreeing samples with SD
        divisor n − 1 and n, and the mean and SD of the nearest possible sample (n − 1).

    Examples
    --------
    >>> feasible_sizes_display().iloc[:, 1:3]  # doctest: +NORMALIZE_WHITESPACE
                             Samples, SD divisor n − 1  Samples, SD divisor n
    Rating
    Cultivating change talk                          0                      0
    Softening sustain talk                           0                      0
    Partnership                                      0                      3
    Empathy                                          0                      5
    """
    rows = []
    for r in t3.RATINGS:
        s = t3.rating_sets(r)
        rows.append(
            {
                "Rating": LABELS[r],
                "Printed mean (SD)": f"{s.mean} ({s.sd})",
                "Samples, SD divisor n − 1": len(s.feasible["n-1"]),
                "Samples, SD divisor n": len(s.feasible["n"]),
                "Nearest possible mean, SD (n − 1)": (
                    f"{s.nearest['n-1'][1]:.3f}, {s.nearest['n-1'][2]:.3f}"
                ),
            }
        )
    return shown(pd.DataFrame(rows).set_index("Rating"))


def caseworkers_display(ch: MitiChapter) -> PageTable | None:
    """Mean scores per caseworker for readers (two decimals), or None without caseworker ids.

    The scores are headed by their short names (:data:`labels.MITI_HEADS`), and no more of
    them are shown than fit the page (:func:`shown_scores`); :func:`caseworkers_note` names
    the others.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    PageTable or None
        Indexed by ``Caseworker``: ``Sessions`` and the mean of each score.
    """
    if ch.caseworkers is None:
        return None
    scores = [c for c in ch.caseworkers.columns if c in LABELS]
    t = ch.caseworkers.drop(
        columns=_left_out(scores, shown_scores(scores, SCORE_COLUMNS["caseworkers"]))
    )
    t = t.rename(columns={c: _head(c) for c in t.columns})
    t.index.name = _head("caseworker_id")
    return shown(_fmt_table(t))


# ------------------------------------------------------------------------ sentences


def _ids(values) -> str:
    return ", ".join(markup.text(v) for v in values)


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
    ids = []
    if "caseworker_id" in data.frame:
        ids = list(pd.unique(data.frame["caseworker_id"].dropna()))
    invented = (
        f"and the caseworker ids ({_ids(ids)}, assigned in turn), are invented"
        if ids
        else "is invented"
    )
    reconstructed = (
        f"```{{important}}\nThe {len(data.frame)} sessions behind this chapter "
        f"({markup.code(data.label)}) "
        "are **reconstructed**, not observed. The article prints only a mean and SD per rating. "
        f"The book lists every set of {N_SESSIONS} ratings agreeing with them (or, when none "
        "exists, the nearest possible ones) and pairs the ratings into sessions so that the two "
        "composites come as close as possible to their printed values. Which ratings share a "
        f"session, {invented}. Any count of these sessions over a threshold is one possibility "
        "among many; the chapter gives the range the printed summaries allow instead.\n```"
    )
    unit = "rows" if "coder_id" in data.loaded.present else "sessions"
    lines = [notes.provenance_note(data, unit, reconstructed)]
    if ch.not_computable:
        lines.append(
            "Not computed from this file:\n" + "".join(f"\n* {r}" for r in ch.not_computable)
        )
    return "\n\n".join(lines)


def coders_note(ch: MitiChapter) -> str:
    """Whose ratings the summaries use, when the file names coders; empty otherwise.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: rows, sessions and coders, the primary coder and how the sessions the
        primary coder did not rate are summarised.
    """
    if ch.reliability is None:
        return ""
    primary = ch.coders["primary"]
    order = ch.coders["order"]
    n_rows, n_sessions = ch.numbers["n_rows"], ch.numbers["n_sessions"]
    own = int((ch.sessions["coder_id"] == primary).sum())
    rest = n_sessions - own
    how = (
        "named by the parameter `primary_coder`"
        if ch.coders["chosen"]
        else "the coder with the most sessions, ties broken by name"
    )
    text = (
        f"The file has {n_rows} rows: {n_sessions} sessions rated by {len(order)} coder(s) "
        f"({_ids(order)}). Every summary below uses one rating per session: those of "
        f"{markup.text(primary)} (the primary coder, {how}) for the {own} session(s) "
        f"{markup.text(primary)} rated"
    )
    if rest:
        text += (
            f", and for the other {rest} those of the coder who rated the most sessions among "
            "the session's coders (ties by name)"
        )
    return (
        text + ". The column `coder_id` of `miti_sessions.csv` names whose values each row holds."
    )


def reliability_note(ch: MitiChapter) -> str:
    """What the reliability section can say for this file.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown: without coder ids, what double coding would add; otherwise the coders
        compared, the sessions both rated, and the range of the ICCs where they are estimable.
    """
    if ch.reliability is None:
        return (
            "These sessions carry no coder ids, so the chapter cannot say how far two coders "
            "would agree. In a file with a `coder_id` column, where some sessions were rated by "
            "two coders, this section gives the intraclass correlation ICC(2,1) of every rating, "
            "composite and behaviour count on the sessions both coded (with its 95 % interval "
            "and Cicchetti's band, in `miti_reliability.csv`), how often the two coders gave the "
            "same global rating or one within a point, and a figure of one coder's global "
            "ratings against the other's."
        )
    primary, second = ch.coders["primary"], ch.coders["second"]
    if second is None:
        return (
            f"No session was rated by a second coder besides {markup.text(primary)}, so there is "
            "no reliability subset and `miti_reliability.csv` has no rows."
        )
    shared = len(coding.shared_sessions(ch.data.frame, primary, second))
    lines = [
        f"{markup.text(primary)} (the primary coder) and {markup.text(second)} (the coder who "
        f"shares the most sessions with {markup.text(primary)}) both rated {shared} session(s); "
        "these form the reliability subset. The ICC is ICC(2,1): two-way random effects, "
        "absolute agreement, single rater, so a coder who rates consistently higher than the "
        "other lowers it. Bands after Cicchetti (1994): poor below 0.40, fair below 0.60, good "
        "below 0.75, excellent from 0.75."
    ]
    rel = ch.reliability
    estimable = rel[rel["icc"].notna()]
    if estimable.empty:
        too_few = rel["band"].eq("too_few").any()
        lines.append(
            f"With fewer than {reliability.MIN_SESSIONS} sessions that both coders rated, the "
            f"ICC is not estimable (band: {ICC_BANDS['too_few']})."
            if too_few
            else "No ICC is defined: the ratings do not vary over the shared sessions."
        )
    else:
        low = estimable.loc[estimable["icc"].idxmin()]
        high = estimable.loc[estimable["icc"].idxmax()]
        name = lambda m: _measure(m).lower()  # noqa: E731
        band = lambda b: labels.label(b, ICC_BANDS)  # noqa: E731
        if len(estimable) == 1:
            lines.append(
                f"The one estimable ICC, for {name(low.measure)}, is {low.icc:.2f} "
                f"({band(low.band)})."
            )
        else:
            lines.append(
                f"The {len(estimable)} estimable ICCs run from {low.icc:.2f} "
                f"({name(low.measure)}, {band(low.band)}) to {high.icc:.2f} "
                f"({name(high.measure)}, {band(high.band)})."
            )
        if (estimable["ci_low"].isna() | estimable["ci_high"].isna()).any():
            lines.append(
                "An interval shown as – could not be computed, as happens when the two coders' "
                "values differ by the same amount in every shared session (for instance when "
                "they always agree)."
            )
        if int(estimable["n_sessions"].max()) < 30:
            lines.append(
                "On so few sessions the intervals are wide: read the band of the lower end of "
                "the interval as well as that of the estimate."
            )
    return " ".join(lines)


def trend_note(ch: MitiChapter) -> str:
    """What the section on time says: the dated sessions, or what a date column would add.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown.
    """
    if ch.trend is None:
        reason = (
            "The file has a `date` column, but no session with a score has a date"
            if "date" in ch.data.loaded.present
            else "These sessions have no `date` column"
        )
        return (
            f"{reason}, so nothing shows whether fidelity rose or fell over time. With the date "
            "of each session, this section draws each caseworker's technical and relational "
            "scores (and percent complex reflections and the reflection-to-question ratio, "
            "where counted) over time against the fair and good thresholds, and tabulates per "
            "caseworker the sessions, the first and last date, the mean, the share at or above "
            "the fair threshold and the trend per month with its 95 % interval "
            "(`miti_trend.csv`)."
        )
    dated = int(ch.scores["date"].notna().sum())
    total = len(ch.scores)
    long = ch.over_time
    first, last = long["date"].min(), long["date"].max()
    parts = [
        f"{dated} of the {total} sessions have a date, from {first:%Y-%m-%d} to {last:%Y-%m-%d}."
    ]
    if dated < total:
        parts.append(f"The {total - dated} without one are left out of this section.")
    slopes = ch.trend.dropna(subset=["slope_per_month"])
    parts.append(
        "The slope is the least-squares change per month within each caseworker's own sessions "
        f"(a month is {fidelity_trend.DAYS_PER_MONTH:.2f} days); it needs at least "
        f"{fidelity_trend.MIN_SESSIONS_FOR_SLOPE} dated sessions on two or more dates."
    )
    if slopes.empty:
        parts.append("No caseworker has enough dated sessions for a slope.")
    else:
        clear = slopes[(slopes["slope_ci_low"] > 0) | (slopes["slope_ci_high"] < 0)]
        parts.append(
            f"{len(clear)} of the {len(slopes)} slopes have a 95 % interval that excludes zero; "
            "with few sessions per caseworker, an interval that includes zero says that the "
            "trend is unknown, not that there is none."
        )
    return " ".join(parts)


def caseworkers_note(ch: MitiChapter) -> str:
    """The line above the per-caseworker means; says the ids are invented only when they are.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        Empty without caseworker ids.
    """
    if ch.caseworkers is None:
        return ""
    scores = [c for c in ch.caseworkers.columns if c in LABELS]
    hidden = _left_out(scores, shown_scores(scores, SCORE_COLUMNS["caseworkers"]))
    where = []
    if any(m in MITI_GLOBALS for m in hidden):
        where.append("each session's global ratings are in the MITI file the chapter read")
    if any(m not in MITI_GLOBALS for m in hidden):
        where.append("each session's other scores in `miti_sessions.csv`")
    others = (
        " To fit the page, the table leaves out the means of "
        + ", ".join(_measure(m).lower() for m in hidden)
        + "; "
        + " and ".join(where)
        + "."
        if hidden
        else ""
    )
    if ch.data.reconstructed:
        return (
            "Mean scores per caseworker (in reconstructed data the caseworker ids are invented)."
            + others
        )
    return "Mean scores per caseworker." + others


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

    On reconstructed sessions the example is the range Table 3 allows, not the
    reconstruction's own count.

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
    head = (
        "The proficiency table counts sessions at or above the MITI 4.2.1 fair and good "
        "thresholds (parameters of this chapter)."
    )
    what = (
        f"the {first.level} threshold of {first.threshold:g} for the "
        f"{LABELS[first.measure].lower()} score"
    )
    ranges = _ranges(ch)
    if ch.data.reconstructed and (first.measure, first.level) in ranges:
        low, high, n = ranges[(first.measure, first.level)]
        return (
            f"{head} These sessions are reconstructed, so their own counts are one possibility "
            "among many: the table gives instead the range that Table 3's printed means and SDs "
            f"allow. For example, between {low} and {high} of {n} sessions could reach {what}."
        )
    return (
        f"{head} For example, {int(first.n_at_or_above)} of {int(first.n)} sessions reach {what}."
    )


def _reading(low: float, high: float, mu0: float, units: str) -> str:
    if low > mu0:
        return (
            f"the whole interval lies above {mu0:g}: if the {units} were independent, a mean this "
            "far above the threshold would rarely arise by chance"
        )
    if high < mu0:
        return (
            f"the whole interval lies below {mu0:g}: if the {units} were independent, a shortfall "
            "this large would rarely arise by chance"
        )
    return (
        f"the interval includes {mu0:g}, so the printed mean describes these {units} but does "
        "not show on which side of the threshold the caseworkers' typical level lies"
    )


def ttest_note(ch: MitiChapter) -> str:
    """What the one-sample t-tests of the published composites say about 'over the threshold'.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run`.

    Returns
    -------
    str
        MyST Markdown paragraphs: how the tests are computed; one paragraph per composite with
        the sessions as units (t, df, p, the 95 % interval of the mean, Cohen's d and a reading
        in words that depends on where the interval lies); why the sessions are not
        independent; the same tests with the caseworkers as units, with their assumptions; and
        what the table adds.
    """
    n, k = N_SESSIONS, N_CASEWORKERS
    num = ch.numbers
    lines = [
        "A one-sample t-test needs only a mean, an SD and n, so it is computed exactly from "
        f"Table 3 (n = {n} sessions, the printed SD read with divisor {num['sd_divisor']})."
    ]
    for c in ("technical", "relational"):
        key = f"t_{c}_pub"
        mean, mu0 = num[f"{key}_mean"], num[f"{key}_mu0"]
        low, high = num[f"{key}_ci_low"], num[f"{key}_ci_high"]
        t, df, p = num[f"{key}_t"], num[f"{key}_df"], num[f"{key}_p_two_sided"]
        d, dlo, dhi = num[f"{key}_d"], num[f"{key}_d_ci_low"], num[f"{key}_d_ci_high"]
        lines.append(
            f"**{LABELS[c]}.** Printed mean {mean:.2f} against the threshold {mu0:g}: t = {t:.2f} "
            f"with {df:.0f} degrees of freedom, two-sided p = {p:.4f}; the 95 % interval for the "
            f"mean runs from {low:.2f} to {high:.2f} and Cohen's d is {d:.2f} ({_num(dlo)} to "
            f"{_num(dhi)}). In words: {_reading(low, high, mu0, f'{n} sessions')}."
        )
    lines.append(
        f"**The sessions are not independent.** The {n} sessions come from {k} caseworkers "
        "(Methods). Sessions of one caseworker share that caseworker's habits, so they resemble "
        "each other more than sessions of different caseworkers: they carry less information "
        f"than {n} independent sessions would. The effective number of independent observations "
        f"lies between {k} (if the caseworkers differ and each one's sessions do not) and {n} "
        "(if the caseworker makes no difference), so the intervals above are too narrow and "
        "the p-values too small. The article does not print the sessions of each caseworker, "
        f"so the clustering cannot be modelled; a conservative check takes the {k} caseworkers "
        f"as the units: a t-test of their means, with {k - 1} degrees of freedom. From the "
        "printed numbers alone it assumes that every caseworker contributed equally many "
        "sessions, so that the mean of the caseworker means is the printed mean, and it uses "
        "the printed SD of single sessions for the caseworker means. That SD includes the "
        "variation within caseworkers, which averaging removes, so it is usually larger than "
        "the SD of the caseworker means, and the check is, if anything, too cautious."
    )
    for c in ("technical", "relational"):
        key = f"t_{c}_pubcw"
        mu0 = num[f"{key}_mu0"]
        low, high = num[f"{key}_ci_low"], num[f"{key}_ci_high"]
        t, df, p = num[f"{key}_t"], num[f"{key}_df"], num[f"{key}_p_two_sided"]
        lines.append(
            f"**{LABELS[c]}, caseworkers as units.** t = {t:.2f} with {df:.0f} degrees of "
            f"freedom, two-sided p = {p:.4f}; the 95 % interval for the mean runs from {low:.2f} "
            f"to {high:.2f}. In words: {_reading(low, high, mu0, f'{k} caseworkers')}."
        )
    lines.append(
        "The intervals for d come from the noncentral t distribution. The table adds the same "
        "tests on this chapter's data where its composites can be computed, and, for observed "
        "data with caseworker ids, on the means of its caseworkers."
    )
    return "\n\n".join(lines)


def report_summary(ch: MitiChapter) -> str:
    """The opening paragraph of a report's MITI chapter: what the file holds and what it found.

    Parameters
    ----------
    ch : MitiChapter
        The result of :func:`run` on the user's file.

    Returns
    -------
    str
        MyST Markdown: the sessions, caseworkers and coders; the mean of each composite that
        can be computed; for each score with a threshold, how many sessions reach its fair
        level; and, with two coders, how far they agreed. Every clause depends on the file, so
        a file without global ratings (utterance counts only) gets sentences about the counts.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "m.csv"
    ...     _ = path.write_text("session_id,partnership,empathy\\nS1,4,4\\nS2,3,3\\n")
    ...     chapter = run(str(path), folder, "observed")
    >>> print(report_summary(chapter))  # doctest: +NORMALIZE_WHITESPACE
    The MITI file holds 2 sessions. The relational global score averages 3.50 (SD 0.71).
    1 of the 2 sessions (50 %) reaches the fair level of the relational global score (3.5).
    >>> close_figures(chapter)
    """
    n = ch.numbers["n_sessions"]
    who = []
    if ch.caseworkers is not None:
        who.append(f"{len(ch.caseworkers)} caseworker{'s' if len(ch.caseworkers) != 1 else ''}")
    if ch.coders["order"]:
        k = len(ch.coders["order"])
        who.append(f"rated by {k} coder{'s' if k != 1 else ''}")
    noun = "session" if n == 1 else "sessions"
    parts = [f"The MITI file holds {n} {noun}" + (f" ({', '.join(who)})." if who else ".")]
    for c in ("technical", "relational"):
        if f"s_{c}_mean" in ch.numbers and not math.isnan(ch.numbers[f"s_{c}_mean"]):
            mean, sd = ch.numbers[f"s_{c}_mean"], ch.numbers[f"s_{c}_sd"]
            spread = "" if math.isnan(sd) else f" (SD {sd:.2f})"
            parts.append(f"The {LABELS[c].lower()} score averages {mean:.2f}{spread}.")
    fair = ch.proficiency[ch.proficiency["level"] == "fair"]
    for row in fair.itertuples():
        reached, of = int(row.n_at_or_above), int(row.n)
        parts.append(
            f"{reached} of the {of} {'session' if of == 1 else 'sessions'} "
            f"({row.percent_at_or_above:.0f} %) {'reaches' if reached == 1 else 'reach'} the fair "
            f"level of the {LABELS[row.measure].lower()} score ({row.threshold:g})."
        )
    if fair.empty:
        parts.append("No score with a MITI threshold can be computed from this file.")
    rel = ch.reliability
    if rel is not None and rel["icc"].notna().any():
        estimable = rel[rel["icc"].notna()]
        parts.append(
            f"Where two coders rated the same sessions, their agreement (ICC) runs from "
            f"{estimable['icc'].min():.2f} to {estimable['icc'].max():.2f} over "
            f"{len(estimable)} measure{'s' if len(estimable) != 1 else ''}."
        )
    return " ".join(parts)


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
