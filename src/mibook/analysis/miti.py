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


#: Columns of ``miti_sessions.csv`` (contract).
SESSION_COLUMNS = [
    "session_id",
    "caseworker_id",
    "coder_id",
    "date",
    "technical",
    "relational",
    "percent_complex_reflections",
    "reflection_to_question",
    "total_mi_adherent",
    "total_mi_non_adherent",
]


def per_session(frame: pd.DataFrame, present: list[str] | None = None) -> pd.DataFrame:
    """``miti_sessions.csv``: each session's ids, date and summary scores.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated MITI data, one row per session (with coders: the rows of
        :func:`mibook.analysis.coders.one_per_session`).
    present : list of str, optional
        The columns the file has (from the loader); by default, every column with a value.

    Returns
    -------
    pandas.DataFrame
        :data:`SESSION_COLUMNS`, one row per row of ``frame`` in its order; a column the file
        lacks, or a score that cannot be computed for a session, is empty (NaN).

    Examples
    --------
    >>> sessions = pd.DataFrame({"session_id": ["S1", "S2"], "partnership": [3, 4],
    ...                          "empathy": [4, 4], "date": ["2025-02-01", None]})
    >>> per_session(sessions)[["session_id", "date", "relational", "technical"]]
      session_id        date  relational  technical
    0         S1  2025-02-01         3.5        NaN
    1         S2         NaN         4.0        NaN
    """
    have = set(present) if present is not None else set(frame.columns)
    scores = session_scores(frame, present).reset_index(drop=True)
    out = pd.DataFrame(index=scores.index)
    for column in SESSION_COLUMNS:
        if column in scores:
            out[column] = scores[column]
        elif column in frame and column in have:
            out[column] = frame[column].to_numpy()
        elif column in ("caseworker_id", "coder_id", "date"):
            out[column] = pd.Series(np.nan, index=out.index, dtype=object)
        else:
            out[column] = np.nan
    return out[SESSION_COLUMNS]


def caseworker_means(scores: pd.DataFrame, measure: str) -> pd.Series:
    """The mean of one score per caseworker (sessions without an id or a value left out).

    Examples
    --------
    >>> scores = pd.DataFrame({"caseworker_id": ["A", "A", "B"], "technical": [3.0, 4.0, 2.0]})
    >>> caseworker_means(scores, "technical").to_dict()
    {'A': 3.5, 'B': 2.0}
    """
    if "caseworker_id" not in scores or measure not in scores:
        return pd.Series(dtype=float)
    known = scores.dropna(subset=["caseworker_id", measure])
    return known.groupby("caseworker_id", sort=True)[measure].mean().astype(float)


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


def _nct_cdf(t: float, df: float, nc: float) -> float:
    """The noncentral t distribution function, finite where scipy's is not.

    :data:`scipy.stats.nct` returns NaN far in a tail (a large t with few degrees of freedom,
    or a noncentrality far from t); there the same probability is read from the other tail,
    ``F(t; df, nc) = 1 − F(−t; df, −nc)``, which scipy computes.
    """
    import warnings

    from scipy import stats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(stats.nct.cdf(t, df, nc))
        if not math.isfinite(value):
            value = float(stats.nct.sf(-t, df, -nc))
    return value


def noncentrality(t: float, df: float, probability: float) -> float:
    """The noncentrality λ at which the noncentral t distribution function at ``t`` is
    ``probability``.

    Parameters
    ----------
    t : float
        The observed t statistic.
    df : float
        Its degrees of freedom (> 0).
    probability : float
        Strictly between 0 and 1.

    Returns
    -------
    float
        λ with ``F(t; df, λ) = probability``; NaN when ``t`` is not finite or no bracket is
        found.

    Notes
    -----
    ``F(t; df, λ)`` falls as λ grows, so the root is bracketed by widening an interval around
    ``t`` (by half again each step, up to 200 steps) until F lies above ``probability`` at its
    lower end and below it at its upper end; :func:`scipy.optimize.brentq` then finds λ. The
    starting half-width, ``1 + |t| / sqrt(2 df)``, is about the standard error of λ, so the
    usual case needs one step, and a very large |t| with one or two degrees of freedom (the
    case that a fixed bracket of t ± 10 missed) a few more.

    Examples
    --------
    >>> round(noncentrality(2.795, 19, 0.975), 3)
    0.615
    >>> round(noncentrality(32.909, 2, 0.025), 1)  # t of 32.9 on 2 df
    63.3
    """
    from scipy import optimize

    if not (math.isfinite(t) and df > 0 and 0 < probability < 1):
        return math.nan

    def excess(nc: float) -> float:
        return _nct_cdf(t, df, nc) - probability

    width = 1.0 + abs(t) / math.sqrt(2 * df)
    low, high = t - width, t + width
    for _ in range(200):
        below, above = excess(low), excess(high)
        if below > 0 > above:
            return float(optimize.brentq(excess, low, high, xtol=1e-12))
        if below <= 0:
            low -= width
        if above >= 0:
            high += width
        width *= 1.5
    return math.nan


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
        ``d_ci_high``. With fewer than two values, or an SD that is zero or not finite, the
        test is not defined: every statistic is NaN (``df`` too when n < 2). Never raises for
        finite inputs.

    Notes
    -----
    With the standard error ``se = sd / sqrt(n)`` and ``df = n - 1``::

        t = (mean - mu0) / se
        p_two_sided = 2 * P(T_df > |t|)
        CI of the mean = mean ± q * se,  q = the (1 + confidence) / 2 quantile of T_df
        d = (mean - mu0) / sd

    The interval of d is ``(λ_low / sqrt(n), λ_high / sqrt(n))``, where the noncentrality
    parameters λ solve ``F(t; df, λ) = 1 - α/2`` and ``α/2`` for the noncentral t distribution
    function F, ``α = 1 - confidence`` (:func:`noncentrality`, which widens its bracket until
    it holds the root, so that a large t with few degrees of freedom has an interval too).

    Examples
    --------
    >>> result = one_sample_t(mean=3.5, sd=0.8, n=20, mu0=3.0)
    >>> round(result["t"], 3), result["df"], round(float(result["p_two_sided"]), 4)
    (2.795, 19, 0.0115)
    >>> round(float(result["ci_low"]), 3), round(float(result["ci_high"]), 3)
    (3.126, 3.874)
    >>> round(result["d"], 3), round(result["d_ci_low"], 3), round(result["d_ci_high"], 3)
    (0.625, 0.138, 1.099)

    A very large t on few degrees of freedom still has an interval for d:

    >>> result = one_sample_t(mean=4.9, sd=0.1, n=3, mu0=3.0)
    >>> round(result["t"], 1), round(result["d_ci_low"], 2), round(result["d_ci_high"], 1)
    (32.9, 2.97, 36.5)
    """
    from scipy import stats

    nan = math.nan
    out = {"mean": mean, "sd": sd, "n": n, "mu0": mu0}
    defined = n >= 2 and math.isfinite(sd) and sd > 0 and math.isfinite(mean)
    if not defined:
        keys = ("t", "p_two_sided", "p_greater", "p_less", "ci_low", "ci_high", "d")
        return {
            **out,
            **dict.fromkeys(keys, nan),
            "df": n - 1 if n >= 2 else nan,
            "d_ci_low": nan,
            "d_ci_high": nan,
        }
    df = n - 1
    se = sd / math.sqrt(n)
    t = (mean - mu0) / se
    q = float(stats.t.ppf(0.5 + confidence / 2, df))
    alpha = 1 - confidence
    return {
        **out,
        "t": t,
        "df": df,
        "p_two_sided": float(2 * stats.t.sf(abs(t), df)),
        "p_greater": float(stats.t.sf(t, df)),
        "p_less": float(stats.t.cdf(t, df)),
        "ci_low": mean - q * se,
        "ci_high": mean + q * se,
        "d": (mean - mu0) / sd,
        "d_ci_low": noncentrality(t, df, 1 - alpha / 2) / math.sqrt(n),
        "d_ci_high": noncentrality(t, df, alpha / 2) / math.sqrt(n),
    }
