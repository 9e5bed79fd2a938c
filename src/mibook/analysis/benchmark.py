"""A user's study against the published ones: differences with 95 % intervals and p-values.

``benchmark.csv`` (the contract's "Version 2") has one row per measure that both the user's data
and a published table give: this study minus the published study.

* **Shares** (a Likert item answered 4 or 5, women, timing appropriate, preferring earlier
  sessions): the difference in percentage points with Newcombe's hybrid score interval for two
  independent proportions (``statsmodels.stats.proportion.confint_proportions_2indep``,
  ``method="newcomb"``) and the p-value of the score test of equal proportions
  (``test_proportions_2indep``, ``method="score"``, with statsmodels' Miettinen–Nurminen
  variance). The interval and the test are computed differently and can disagree close to the
  5 % level, so the chapters name a direction only from the interval.
* **Means** (age, the MITI global ratings and composites): Welch's t from the summary statistics
  (``scipy.stats.ttest_ind_from_stats``, ``equal_var=False``), the published SD read with divisor
  n − 1; the interval of the difference uses Welch's degrees of freedom.

The published side comes from ``data/published/numbers.csv`` by id (Foldal et al. 2021, Tables 1,
2 and 3), so every published value is the printed one. The comparison is only as good as the
likeness of the two questionnaires and populations; the chapters say so beside every table.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import pandas as pd
from scipy import stats
from statsmodels.stats import proportion

from mibook import published
from mibook.inputs.miti_scores import COMPOSITES
from mibook.published.reading import AGREE, EARLIER, N_SESSIONS

COLUMNS = [
    "chapter",
    "measure",
    "this_n",
    "this_value",
    "published_n",
    "published_value",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "method",
    "source",
]
NEWCOMBE = "difference of proportions (percentage points), Newcombe hybrid score interval"
WELCH = "difference of means, Welch t from summary statistics"
#: The published Table 2 items in words, for the ``source`` column.
ITEM_WORDS = {
    "satisfaction": "satisfied with the conversations",
    "useful_first": "first conversation useful",
    "useful_second": "second conversation useful",
    "useful_overall": "conversations useful",
}
SHARE_SOURCES = {
    "female": "Foldal et al. 2021, Table 1: gender, female",
    "timing_appropriate": "Foldal et al. 2021, Table 2: appropriate timing, yes",
    "preferred_earlier": "Foldal et al. 2021, Table 2: preferred timing, 1 or 2 months earlier",
}


@dataclass(frozen=True)
class Share:
    """A count of one group out of those who answered."""

    count: int
    n: int

    @property
    def percent(self) -> float:
        """The share in percent (NaN when nobody answered)."""
        return 100.0 * self.count / self.n if self.n else math.nan


def compare_shares(this: Share, other: Share, level: float = 0.95) -> dict:
    """This share minus the published one, in percentage points, with its interval and p.

    Parameters
    ----------
    this, other
        The user's share and the published one.
    level
        Confidence level of the Newcombe interval.

    Returns
    -------
    dict
        ``this_value``, ``published_value`` (percent), ``difference``, ``ci_low``, ``ci_high``
        (percentage points) and ``p_value``; NaN where a side has no answers.

    Examples
    --------
    >>> r = compare_shares(Share(58, 80), Share(110, 111))
    >>> round(r["difference"], 1), round(r["ci_low"], 1), round(r["ci_high"], 1)
    (-26.6, -37.3, -17.1)
    """
    out = {"this_value": this.percent, "published_value": other.percent}
    if not this.n or not other.n:
        return {
            **out,
            "difference": math.nan,
            "ci_low": math.nan,
            "ci_high": math.nan,
            "p_value": math.nan,
        }
    with warnings.catch_warnings():  # statsmodels divides by zero on the way for 0 % or 100 %
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = proportion.confint_proportions_2indep(
            this.count,
            this.n,
            other.count,
            other.n,
            method="newcomb",
            compare="diff",
            alpha=1 - level,
        )
        if this.count * other.n == other.count * this.n and this.count in (0, this.n):
            p = 1.0  # identical shares of 0 % or 100 %: the score statistic is 0/0
        else:
            p = float(
                proportion.test_proportions_2indep(
                    this.count, this.n, other.count, other.n, method="score", compare="diff"
                ).pvalue
            )
    return {
        **out,
        "difference": this.percent - other.percent,
        "ci_low": 100.0 * float(low),
        "ci_high": 100.0 * float(high),
        "p_value": p,
    }


def compare_means(
    mean: float,
    sd: float,
    n: int,
    other_mean: float,
    other_sd: float,
    other_n: int,
    level: float = 0.95,
) -> dict:
    """This mean minus the published one, with Welch's interval and two-sided p.

    Examples
    --------
    >>> r = compare_means(44.0, 9.8, 78, 45.0, 9.7, 112)
    >>> round(r["difference"], 2), round(r["p_value"], 3)
    (-1.0, 0.488)
    """
    out = {"this_value": mean, "published_value": other_mean, "difference": mean - other_mean}
    if n < 2 or other_n < 2 or not all(map(math.isfinite, (mean, sd, other_mean, other_sd))):
        return {**out, "ci_low": math.nan, "ci_high": math.nan, "p_value": math.nan}
    se2 = sd**2 / n + other_sd**2 / other_n
    if se2 == 0:
        p = 1.0 if mean == other_mean else 0.0
        return {**out, "ci_low": out["difference"], "ci_high": out["difference"], "p_value": p}
    df = se2**2 / ((sd**2 / n) ** 2 / (n - 1) + (other_sd**2 / other_n) ** 2 / (other_n - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df)) * math.sqrt(se2)
    p = float(
        stats.ttest_ind_from_stats(
            mean, sd, n, other_mean, other_sd, other_n, equal_var=False
        ).pvalue
    )
    return {
        **out,
        "ci_low": out["difference"] - half,
        "ci_high": out["difference"] + half,
        "p_value": p,
    }


def _row(chapter, measure, this_n, other_n, result, method, source) -> dict:
    return {
        "chapter": chapter,
        "measure": measure,
        "this_n": this_n,
        "published_n": other_n,
        **result,
        "method": method,
        "source": source,
    }


def published_share(location: str, variable: str, categories) -> Share:
    """A share of the printed counts of one variable of Table 1 or 2 (Foldal et al. 2021)."""
    counts = published.counts(location, variable)
    n = published.denominator(location, variable)
    if n is None:
        n = int(published.value("no_t1_n_total"))
    return Share(sum(counts.get(str(c), 0) for c in categories), int(n))


def _share_in(frame: pd.DataFrame, column: str, categories) -> Share:
    answered = frame[column].dropna().astype(str) if column in frame else pd.Series(dtype=str)
    return Share(int(answered.isin([str(c) for c in categories]).sum()), int(len(answered)))


def respondents_rows(frame: pd.DataFrame, items, chapter: str) -> pd.DataFrame:
    """Benchmark rows of the questionnaire chapters.

    Parameters
    ----------
    frame
        Validated respondents data.
    items
        The codebook's Likert items; a 1–5 item with a published counterpart
        (:attr:`mibook.inputs.codebook.Item.published_item`) is compared on the share
        answering 4 or 5.
    chapter
        ``"sample_characteristics"`` (gender, age) or ``"satisfaction_timing"`` (items and
        timing).
    """
    rows = []
    if chapter == "sample_characteristics":
        this = _share_in(frame, "gender", ["female"])
        if this.n:
            other = published_share("Table 1", "gender", ["female"])
            rows.append(
                _row(
                    chapter,
                    "female",
                    this.n,
                    other.n,
                    compare_shares(this, other),
                    NEWCOMBE,
                    SHARE_SOURCES["female"],
                )
            )
        ages = frame["age"].dropna().astype(float) if "age" in frame else pd.Series(dtype=float)
        if len(ages):
            # the text's 45.5 is the mean to one decimal; Table 1 prints it rounded, with the SD
            m = float(published.value("no_txt_age_mean"))
            s = float(published.value("no_t1_age_sd"))
            n = int(published.value("no_t1_n_total"))
            result = compare_means(
                float(ages.mean()),
                float(ages.std(ddof=1)) if len(ages) > 1 else math.nan,
                len(ages),
                m,
                s,
                n,
            )
            rows.append(
                _row(
                    chapter,
                    "age",
                    int(len(ages)),
                    n,
                    result,
                    WELCH,
                    "Foldal et al. 2021, Results (mean age) and Table 1 (SD)",
                )
            )
    else:
        for item in items:
            target = item.published_item
            if target is None or tuple(item.scale) != (1, 5) or item.name not in frame:
                continue
            this = _share_in(frame, item.name, [4, 5])
            if not this.n:
                continue
            other = published_share("Table 2", target, AGREE)
            rows.append(
                _row(
                    chapter,
                    item.name,
                    this.n,
                    other.n,
                    compare_shares(this, other),
                    NEWCOMBE,
                    f"Foldal et al. 2021, Table 2: {target}, answers 4 or 5",
                )
            )
        for measure, column, categories in (
            ("timing_appropriate", "timing_appropriate", ["yes"]),
            ("preferred_earlier", "preferred_timing", EARLIER),
        ):
            this = _share_in(frame, column, categories)
            if this.n:
                other = published_share("Table 2", column, categories)
                rows.append(
                    _row(
                        chapter,
                        measure,
                        this.n,
                        other.n,
                        compare_shares(this, other),
                        NEWCOMBE,
                        SHARE_SOURCES[measure],
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def miti_rows(summary: pd.DataFrame, chapter: str = "miti_fidelity") -> pd.DataFrame:
    """Benchmark rows of the MITI chapter: each global rating and composite of Table 3.

    ``summary`` is ``miti_summary.csv`` (``measure, n, mean, sd, …``) of the user's sessions.
    """
    rows = []
    table3 = {
        "cultivating_change_talk",
        "softening_sustain_talk",
        "partnership",
        "empathy",
        *COMPOSITES,
    }
    for record in summary.itertuples():
        if record.measure not in table3 or not record.n:
            continue
        m = float(published.value(f"no_t3_{record.measure}_mean"))
        s = float(published.value(f"no_t3_{record.measure}_sd"))
        result = compare_means(
            float(record.mean), float(record.sd), int(record.n), m, s, N_SESSIONS
        )
        rows.append(
            _row(
                chapter,
                record.measure,
                int(record.n),
                N_SESSIONS,
                result,
                WELCH,
                f"Foldal et al. 2021, Table 3: {record.measure.replace('_', ' ')}, mean (SD)",
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)
