"""Independent computations for the benchmark tests (issue 15): the Wilson and Newcombe intervals,
the score test of two proportions and Welch's t, written out by hand from their formulas. Nothing
here imports mibook, statsmodels or scipy's proportion code; only the t distribution comes from
scipy."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from statistics import NormalDist

from scipy import stats


def wilson(count: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for count / n, as proportions."""
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(c1: int, n1: int, c2: int, n2: int, level: float = 0.95) -> tuple[float, float]:
    """Newcombe (1998) method 10, the hybrid score interval for p1 − p2, in percentage points."""
    p1, p2 = c1 / n1, c2 / n2
    l1, u1 = wilson(c1, n1, level)
    l2, u2 = wilson(c2, n2, level)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * low, 100 * high


def score_p(c1: int, n1: int, c2: int, n2: int) -> float:
    """Two-sided p of the score test of p1 = p2: the pooled variance under the null, times the
    Miettinen–Nurminen factor N / (N − 1) (statsmodels' default); NaN when the pooled share is 0
    or 1 (the statistic is 0/0)."""
    n = n1 + n2
    pooled = (c1 + c2) / n
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2) * n / (n - 1)
    if variance == 0:
        return math.nan
    z = (c1 / n1 - c2 / n2) / math.sqrt(variance)
    return 2 * (1 - NormalDist().cdf(abs(z)))


def welch(m1, s1, n1, m2, s2, n2, level=0.95) -> dict:
    """Welch's t from summary statistics: difference, interval (Welch–Satterthwaite df), p."""
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    t = (m1 - m2) / se
    q = stats.t.ppf(0.5 + level / 2, df)
    return {
        "difference": m1 - m2,
        "ci_low": m1 - m2 - q * se,
        "ci_high": m1 - m2 + q * se,
        "p_value": 2 * stats.t.sf(abs(t), df),
        "df": df,
    }


# --- the printed numbers of Foldal et al. (2021), read with the csv module ----------------------

NUMBERS = Path(__file__).resolve().parent.parent / "data" / "published" / "numbers.csv"


def printed() -> dict[str, str]:
    """``id -> value`` of ``data/published/numbers.csv``."""
    with NUMBERS.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["value"] for row in csv.DictReader(handle)}


def published_shares() -> dict[str, tuple[int, int]]:
    """Measure -> (count, denominator) of the printed Tables 1 and 2: women, each item answered
    4 or 5, timing appropriate, preferred one or two months earlier."""
    v = printed()

    def count(key):
        return int(float(v[key]))

    shares = {"female": (count("no_t1_gender_female_n"), count("no_t1_n_total"))}
    for item in ("satisfaction", "useful_first", "useful_second", "useful_overall"):
        shares[item] = (
            count(f"no_t2_{item}_4_n") + count(f"no_t2_{item}_5_n"),
            count(f"no_t2_{item}_denominator"),
        )
    shares["timing_appropriate"] = (
        count("no_t2_timing_appropriate_yes_n"),
        count("no_t2_timing_appropriate_denominator"),
    )
    shares["preferred_earlier"] = (
        count("no_t2_preferred_timing_2_months_earlier_n")
        + count("no_t2_preferred_timing_1_month_earlier_n"),
        count("no_t2_preferred_timing_denominator"),
    )
    return shares


def published_age() -> tuple[float, float, int]:
    """(mean, SD, n) of the published age: the text's mean to one decimal (Results), Table 1's
    SD and N, as printed."""
    v = printed()
    return float(v["no_txt_age_mean"]), float(v["no_t1_age_sd"]), int(float(v["no_t1_n_total"]))
