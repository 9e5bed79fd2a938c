"""Summaries of MITI 4.2.1 session scores: n, mean, SD, range; sessions over the fair and good
thresholds; means per caseworker; a one-sample t-test from summary statistics.
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
    """``miti_summary.csv``: n, mean, sample SD (n−1), min, max of each computable measure."""
    scores = session_scores(frame, present)
    rows = []
    for m in SUMMARY_MEASURES:
        if m in scores and scores[m].notna().any():
            rows.append({"measure": m, **_describe(scores[m])})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def check_thresholds(thresholds: dict) -> dict:
    """Validate ``{measure: {"fair": x, "good": y}}``; missing measures take the MITI defaults."""
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
                f"the fair threshold of {measure} ({result[measure]['fair']}) exceeds the good one ({result[measure]['good']})"
            )
    return result


def proficiency(
    frame: pd.DataFrame, thresholds: dict | None = None, present: list[str] | None = None
) -> pd.DataFrame:
    """``miti_proficiency.csv``: sessions at or above the fair and good thresholds of each score."""
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
    """Mean of each computable measure per caseworker (with the session count); None without ids."""
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
    """Number of values at or above a threshold (float-safe for averages of integers)."""
    return int((np.asarray(values, dtype=float) >= threshold - 1e-12).sum())


def one_sample_t(mean: float, sd: float, n: int, mu0: float, confidence: float = 0.95) -> dict:
    """One-sample t-test of a mean against ``mu0`` from the summaries alone (sample SD, n−1).

    Returns t, df, two-sided p, the CI of the mean, Cohen's d = (mean − mu0) / sd and its CI
    from the noncentral t distribution.
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
