"""Summaries of MITI 4.2.1 session scores, sessions over thresholds, and a t-test from summaries.

n, mean, SD and range of each score; the sessions at or above the fair and good thresholds;
means per caseworker; a one-sample t-test from summary statistics. The per-session scores and
their formulas come from :mod:`mibook.inputs.miti_scores`.

Why hand-written
----------------
:func:`one_sample_t` works from a mean, an SD and n alone, because Table 3 of Foldal et al.
(2021) prints nothing else: :func:`scipy.stats.ttest_1samp` and :func:`pingouin.ttest` need the
raw values. Its interval for Cohen's d inverts the noncentral t distribution
(:data:`scipy.stats.nct`); :func:`pingouin.compute_esci` gives d's interval from an
approximate standard error instead, rounded to two decimals.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from mibook.inputs.miti_scores import SUMMARY_MEASURES, session_scores

SUMMARY_COLUMNS = ["measure", "n", "mean", "sd", "min", "max"]

PROFICIENCY_MEASURES = (
    "technical",
    "relational",
    "percent_complex_reflections",
    "reflection_to_question",
)

PROFICIENCY_COLUMNS = ["measure", "level", "threshold", "n", "n_at_or_above", "percent_at_or_above"]

#: MITI 4.2.1 default thresholds (fair, good)
DEFAULT_THRESHOLDS = {
    "technical": {"fair": 3.0, "good": 4.0},
    "relational": {"fair": 3.5, "good": 4.0},
    "percent_complex_reflections": {"fair": 40.0, "good": 50.0},
    "reflection_to_question": {"fair": 1.0, "good": 2.0},
}


def _describe(values: pd.Series) -> dict:
    v = values.dropna().astype(float)
    n = int(len(v))
    return {
        "n": n,
        "mean": float(v.mean()) if n else math.nan,
        "sd": float(v.std(ddof=1)) if n > 1 else math.nan,
        "min": float(v.min()) if n else math.nan,
        "max": float(v.max()) if n else math.nan,
    }


def summary(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame:
    """``miti_summary.csv``: n, mean, sample SD (n−1), min, max of each computable measure.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated MITI data, one row per coded session.
    present : list of str, optional
        The columns the file has (from the loader); by default, every column with a value.

    Returns
    -------
    pandas.DataFrame
        Columns ``measure, n, mean, sd, min, max``: one row per measure of
        :data:`mibook.inputs.miti_scores.SUMMARY_MEASURES` (the four global ratings, then the
        summary scores) that has a value in at least one session, in that order. ``n`` counts
        the sessions with a value; ``sd`` is NaN when ``n`` is 1.

    Examples
    --------
    >>> sessions = pd.DataFrame(
    ...     {"session_id": ["S1", "S2", "S3"], "partnership": [3, 4, 5], "empathy": [4, 4, 5]}
    ... )
    >>> summary(sessions)
           measure  n      mean        sd  min  max
    0  partnership  3  4.000000  1.000000  3.0  5.0
    1      empathy  3  4.333333  0.577350  4.0  5.0
    2   relational  3  4.166667  0.763763  3.5  5.0
    """
    scores = session_scores(frame, present)
    rows = []
    for m in SUMMARY_MEASURES:
        if m in scores and scores[m].notna().any():
            rows.append({"measure": m, **_describe(scores[m])})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def check_thresholds(thresholds: dict) -> dict:
    """Validate ``{measure: {"fair": x, "good": y}}``; missing measures take the MITI defaults.

    Parameters
    ----------
    thresholds : dict
        Thresholds to change, by measure and level; an empty dict (or None) keeps every
        default of :data:`DEFAULT_THRESHOLDS`.

    Returns
    -------
    dict
        Every measure of :data:`DEFAULT_THRESHOLDS` with both levels, as floats.

    Raises
    ------
    ValueError
        For a measure without MITI thresholds, a level other than ``"fair"`` and ``"good"``,
        a value that is not a finite number, or a fair threshold above the good one.

    Examples
    --------
    >>> check_thresholds({"technical": {"good": 3.5}})["technical"]
    {'fair': 3.0, 'good': 3.5}
    >>> check_thresholds({"technical": {"fair": 4.5}})
    Traceback (most recent call last):
    ...
    ValueError: the fair threshold of technical (4.5) exceeds the good one (4.0)
    """
    result = {m: dict(levels) for m, levels in DEFAULT_THRESHOLDS.items()}
    for measure, levels in (thresholds or {}).items():
        if measure not in DEFAULT_THRESHOLDS:
            raise ValueError(f"no proficiency threshold is defined for {measure!r}")
        for level, value in levels.items():
            if level not in ("fair", "good"):
                raise ValueError(f"threshold level must be 'fair' or 'good', not {level!r}")
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
            ):
                raise ValueError(
                    f"threshold {measure}/{level} must be a finite number, got {value!r}"
                )
            result[measure][level] = float(value)
        if result[measure]["fair"] > result[measure]["good"]:
            raise ValueError(
                f"the fair threshold of {measure} ({result[measure]['fair']}) exceeds the good "
                f"one ({result[measure]['good']})"
            )
    return result


def proficiency(
    frame: pd.DataFrame, thresholds: dict | None = None, present: list[str] | None = None
) -> pd.DataFrame:
    """``miti_proficiency.csv``: sessions at or above the fair and good thresholds of each score.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated MITI data, one row per coded session.
    thresholds : dict, optional
        Thresholds that replace MITI 4.2.1's defaults (see :func:`check_thresholds`).
    present : list of str, optional
        The columns the file has (from the loader); by default, every column with a value.

    Returns
    -------
    pandas.DataFrame
        Columns ``measure, level, threshold, n, n_at_or_above, percent_at_or_above``: two rows
        (fair, good) for each score of :data:`PROFICIENCY_MEASURES` that has a value in at
        least one session. ``n`` counts the sessions with a value.

    Raises
    ------
    ValueError
        When ``thresholds`` is invalid (see :func:`check_thresholds`).

    Notes
    -----
    A session counts when its score is at or above the threshold, with a tolerance of 1e-12
    for scores that are averages or ratios of integers (see :func:`at_or_above`)::

        percent_at_or_above = 100 * n_at_or_above / n

    Examples
    --------
    >>> sessions = pd.DataFrame(
    ...     {"session_id": ["S1", "S2", "S3"], "partnership": [3, 4, 5], "empathy": [4, 4, 5]}
    ... )
    >>> proficiency(sessions)
          measure level  threshold  n  n_at_or_above  percent_at_or_above
    0  relational  fair        3.5  3              3           100.000000
    1  relational  good        4.0  3              2            66.666667
    """
    limits = check_thresholds(thresholds or {})
    scores = session_scores(frame, present)
    rows = []
    for m in PROFICIENCY_MEASURES:
        if m not in scores or not scores[m].notna().any():
            continue
        v = scores[m].dropna()
        for level in ("fair", "good"):
            t = limits[m][level]
            k = int((v >= t - 1e-12).sum())
            rows.append(
                {
                    "measure": m,
                    "level": level,
                    "threshold": t,
                    "n": int(len(v)),
                    "n_at_or_above": k,
                    "percent_at_or_above": 100.0 * k / len(v),
                }
            )
    return pd.DataFrame(rows, columns=PROFICIENCY_COLUMNS)


def by_caseworker(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame | None:
    """Mean of each computable measure per caseworker (with the session count).

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated MITI data, one row per coded session.
    present : list of str, optional
        The columns the file has (from the loader); by default, every column with a value.

    Returns
    -------
    pandas.DataFrame or None
        Indexed by ``caseworker_id`` (sorted), a column ``sessions`` and one column per
        computable measure; None when the file gives no caseworker ids. Sessions without an
        id are left out.

    Examples
    --------
    >>> sessions = pd.DataFrame(
    ...     {
    ...         "session_id": ["S1", "S2", "S3"],
    ...         "caseworker_id": ["CW1", "CW1", "CW2"],
    ...         "partnership": [3, 4, 5],
    ...         "empathy": [4, 4, 5],
    ...     }
    ... )
    >>> print(by_caseworker(sessions).reset_index().to_string(index=False))
    caseworker_id  sessions  partnership  empathy  relational
              CW1         2          3.5      4.0        3.75
              CW2         1          5.0      5.0        5.00
    >>> by_caseworker(sessions.drop(columns="caseworker_id")) is None
    True
    """
    scores = session_scores(frame, present)
    if "caseworker_id" not in scores or not scores["caseworker_id"].notna().any():
        return None
    measures = [m for m in SUMMARY_MEASURES if m in scores and scores[m].notna().any()]
    grouped = scores.dropna(subset=["caseworker_id"]).groupby("caseworker_id", sort=True)
    table = grouped[measures].mean()
    table.insert(0, "sessions", grouped.size())
    table.index.name = "caseworker_id"
    return table


def at_or_above(values: np.ndarray, threshold: float) -> int:
    """Number of values at or above a threshold (float-safe for averages of integers).

    Parameters
    ----------
    values : array_like
        Scores, e.g. the ratings of one feasible sample.
    threshold : float
        The threshold.

    Returns
    -------
    int
        How many values satisfy ``value >= threshold - 1e-12``.

    Notes
    -----
    The tolerance of 1e-12 lets a value that equals the threshold in exact arithmetic count
    even when floating point leaves it a hair below (``1 - 0.9`` is 0.09999999999999998).

    Examples
    --------
    >>> at_or_above([1 - 0.9, 0.05, 0.2], 0.1)
    2
    """
    return int((np.asarray(values, dtype=float) >= threshold - 1e-12).sum())


def one_sample_t(mean: float, sd: float, n: int, mu0: float, confidence: float = 0.95) -> dict:
    """One-sample t-test of a mean against ``mu0`` from the summaries alone (sample SD, n−1).

    Parameters
    ----------
    mean : float
        The sample mean.
    sd : float
        The sample SD (divisor n − 1).
    n : int
        The sample size.
    mu0 : float
        The value the mean is tested against (e.g. a MITI threshold).
    confidence : float, default 0.95
        Level of the confidence intervals.

    Returns
    -------
    dict
        The inputs (``mean``, ``sd``, ``n``, ``mu0``) and ``t``, ``df``, the p-values
        ``p_two_sided``, ``p_greater`` (alternative: mean > mu0) and ``p_less``, the interval of
        the mean ``ci_low``, ``ci_high``, Cohen's ``d`` and its interval ``d_ci_low``,
        ``d_ci_high``.

    Raises
    ------
    ValueError
        When the noncentrality parameter of a bound of d's interval lies more than 10 from t
        (a very large t with very few degrees of freedom), so that the root search finds no
        sign change.

    Notes
    -----
    With the standard error ``se = sd / sqrt(n)`` and ``df = n - 1``::

        t = (mean - mu0) / se
        p_two_sided = 2 * P(T_df > |t|)
        CI of the mean = mean ± q * se,  q = the (1 + confidence) / 2 quantile of T_df
        d = (mean - mu0) / sd

    The interval of d is ``(λ_low / sqrt(n), λ_high / sqrt(n))``, where the noncentrality
    parameters λ solve ``F(t; df, λ) = 1 - α/2`` and ``α/2`` for the noncentral t distribution
    function F, ``α = 1 - confidence`` (found with :func:`scipy.optimize.brentq` within t ± 10).

    Examples
    --------
    >>> result = one_sample_t(mean=3.5, sd=0.8, n=20, mu0=3.0)
    >>> round(result["t"], 3), result["df"], round(float(result["p_two_sided"]), 4)
    (2.795, 19, 0.0115)
    >>> round(float(result["ci_low"]), 3), round(float(result["ci_high"]), 3)
    (3.126, 3.874)
    >>> round(result["d"], 3), round(result["d_ci_low"], 3), round(result["d_ci_high"], 3)
    (0.625, 0.138, 1.099)
    """
    from scipy import optimize, stats

    df = n - 1
    se = sd / math.sqrt(n)
    t = (mean - mu0) / se
    p = 2 * stats.t.sf(abs(t), df)
    q = stats.t.ppf(0.5 + confidence / 2, df)
    d = (mean - mu0) / sd
    alpha = 1 - confidence

    def _nc(target):
        return optimize.brentq(lambda nc: stats.nct.cdf(t, df, nc) - target, t - 10, t + 10)

    nc_lo, nc_hi = _nc(1 - alpha / 2), _nc(alpha / 2)
    return {
        "mean": mean,
        "sd": sd,
        "n": n,
        "mu0": mu0,
        "t": t,
        "df": df,
        "p_two_sided": p,
        "p_greater": stats.t.sf(t, df),
        "p_less": stats.t.cdf(t, df),
        "ci_low": mean - q * se,
        "ci_high": mean + q * se,
        "d": d,
        "d_ci_low": nc_lo / math.sqrt(n),
        "d_ci_high": nc_hi / math.sqrt(n),
    }
