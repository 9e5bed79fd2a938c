"""MITI fidelity over time, per caseworker: did the scores rise or fall over the months?

With a ``date`` per session, :func:`over_time` gives the dated session scores in long form (for
the figure) and :func:`trend_table` one row per caseworker and score (``miti_trend.csv``): the
sessions, the first and last date, the mean, the share at or above the fair threshold, and the
trend as a slope per month with its 95 % confidence interval — the ordinary least-squares slope of
the score on the months since that caseworker's first session (statsmodels ``OLS``; a month is
365.25 / 12 days).

A slope needs at least three dated sessions on at least two dates (one residual degree of
freedom); otherwise it is left empty. The interval treats a caseworker's sessions as independent
given the trend, which a handful of sessions cannot check, so it shows how little a few sessions
pin a trend down rather than proving one. Sessions without a date are left out; a file without
``caseworker_id`` is treated as one caseworker, ``all sessions``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from mibook.analysis.miti import at_or_above

#: The scores followed over time (those with MITI thresholds), in the order shown.
TREND_MEASURES = (
    "technical",
    "relational",
    "percent_complex_reflections",
    "reflection_to_question",
)
#: Columns of ``miti_trend.csv``.
TREND_COLUMNS = [
    "caseworker_id",
    "measure",
    "sessions",
    "first_date",
    "last_date",
    "mean",
    "fair_threshold",
    "n_at_or_above_fair",
    "percent_at_or_above_fair",
    "slope_per_month",
    "slope_ci_low",
    "slope_ci_high",
]
#: Days in the average month of the slope's unit.
DAYS_PER_MONTH = 365.25 / 12
#: The group of a file without caseworker ids.
ALL_SESSIONS = "all sessions"
#: Fewest dated sessions (on at least two dates) for a slope with an interval.
MIN_SESSIONS_FOR_SLOPE = 3


def over_time(scores: pd.DataFrame) -> pd.DataFrame:
    """The dated session scores in long form, one row per session and score.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per session: ``session_id``, ``date`` (ISO text or missing), ``caseworker_id``
        if the file has one, and scores of :data:`TREND_MEASURES`
        (:func:`mibook.inputs.miti_scores.session_scores` plus the date).

    Returns
    -------
    pandas.DataFrame
        ``session_id, caseworker_id, date`` (datetime64), ``measure, value``: the sessions with a
        date and a value, sorted by caseworker (first appearance), measure and date.

    Examples
    --------
    >>> scores = pd.DataFrame({"session_id": ["S1", "S2", "S3"],
    ...                        "date": ["2025-01-10", None, "2025-03-01"],
    ...                        "technical": [3.0, 4.0, 3.5]})
    >>> print(over_time(scores)[["caseworker_id", "measure", "value"]].to_string(index=False))
    caseworker_id   measure  value
     all sessions technical    3.0
     all sessions technical    3.5
    """
    columns = ["session_id", "caseworker_id", "date", "measure", "value"]
    if "date" not in scores or not scores["date"].notna().any():
        return pd.DataFrame(columns=columns)
    dated = scores[scores["date"].notna()].copy()
    dated["date"] = pd.to_datetime(dated["date"], format="%Y-%m-%d")
    if "caseworker_id" in dated and dated["caseworker_id"].notna().any():
        dated["caseworker_id"] = dated["caseworker_id"].astype(object)
    else:
        dated["caseworker_id"] = ALL_SESSIONS
    dated = dated[dated["caseworker_id"].notna()]
    measures = [m for m in TREND_MEASURES if m in dated]
    if not measures:
        return pd.DataFrame(columns=columns)
    long = dated.melt(
        id_vars=["session_id", "caseworker_id", "date"],
        value_vars=measures,
        var_name="measure",
        value_name="value",
    ).dropna(subset=["value"])
    order = {c: k for k, c in enumerate(pd.unique(dated["caseworker_id"]))}
    rank = {m: k for k, m in enumerate(TREND_MEASURES)}
    long = long.assign(
        _c=long["caseworker_id"].map(order), _m=long["measure"].map(rank)
    ).sort_values(["_c", "_m", "date", "session_id"], kind="stable")
    long["value"] = long["value"].astype(float)
    return long.drop(columns=["_c", "_m"]).reset_index(drop=True)[columns]


def slope_per_month(dates: pd.Series, values: pd.Series) -> tuple[float, float, float]:
    """OLS slope of ``values`` on months since the first date, with its 95 % CI.

    Parameters
    ----------
    dates : pandas.Series of datetime64
    values : pandas.Series of float

    Returns
    -------
    tuple of float
        ``(slope, ci_low, ci_high)`` per month; NaN with fewer than
        :data:`MIN_SESSIONS_FOR_SLOPE` sessions or fewer than two distinct dates.

    Examples
    --------
    >>> dates = pd.to_datetime(pd.Series(["2025-01-01", "2025-03-02", "2025-05-01", "2025-06-15"]))
    >>> slope, low, high = slope_per_month(dates, pd.Series([3.0, 3.5, 3.5, 4.5]))
    >>> round(slope, 3), round(low, 3), round(high, 3)
    (0.24, -0.115, 0.595)
    """
    import statsmodels.api as sm

    months = ((dates - dates.min()).dt.days / DAYS_PER_MONTH).to_numpy(dtype=float)
    y = np.asarray(values, dtype=float)
    if len(y) < MIN_SESSIONS_FOR_SLOPE or len(np.unique(months)) < 2:
        return math.nan, math.nan, math.nan
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = sm.OLS(y, sm.add_constant(months)).fit()
        low, high = fit.conf_int(alpha=0.05)[1]
    values = (float(fit.params[1]), float(low), float(high))
    return tuple(v if math.isfinite(v) else math.nan for v in values)


def trend_table(long: pd.DataFrame, fair: dict) -> pd.DataFrame:
    """``miti_trend.csv``: per caseworker and score, the dated sessions, level and trend.

    Parameters
    ----------
    long : pandas.DataFrame
        From :func:`over_time`.
    fair : dict
        Score -> its fair threshold (e.g. ``{"technical": 3.0}``).

    Returns
    -------
    pandas.DataFrame
        :data:`TREND_COLUMNS`, caseworkers in order of first appearance, scores in the order of
        :data:`TREND_MEASURES`; dates as ISO text. A session counts at or above the threshold
        with the tolerance of :func:`mibook.analysis.miti.at_or_above`.

    Examples
    --------
    >>> scores = pd.DataFrame({"session_id": ["S1", "S2", "S3"],
    ...                        "date": ["2025-01-01", "2025-03-02", "2025-05-01"],
    ...                        "caseworker_id": ["Caseworker A"] * 3,
    ...                        "technical": [2.5, 3.0, 4.0]})
    >>> row = trend_table(over_time(scores), {"technical": 3.0}).iloc[0]
    >>> int(row["sessions"]), row["first_date"], row["last_date"], int(row["n_at_or_above_fair"])
    (3, '2025-01-01', '2025-05-01', 2)
    """
    rows = []
    for (caseworker, measure), part in long.groupby(["caseworker_id", "measure"], sort=False):
        slope, low, high = slope_per_month(part["date"], part["value"])
        threshold = float(fair.get(measure, math.nan))
        k = at_or_above(part["value"], threshold) if math.isfinite(threshold) else 0
        rows.append(
            {
                "caseworker_id": caseworker,
                "measure": measure,
                "sessions": int(len(part)),
                "first_date": part["date"].min().strftime("%Y-%m-%d"),
                "last_date": part["date"].max().strftime("%Y-%m-%d"),
                "mean": float(part["value"].mean()),
                "fair_threshold": threshold,
                "n_at_or_above_fair": int(k),
                "percent_at_or_above_fair": 100.0 * k / len(part),
                "slope_per_month": slope,
                "slope_ci_low": low,
                "slope_ci_high": high,
            }
        )
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


__all__ = [
    "ALL_SESSIONS",
    "DAYS_PER_MONTH",
    "TREND_COLUMNS",
    "TREND_MEASURES",
    "over_time",
    "slope_per_month",
    "trend_table",
]
