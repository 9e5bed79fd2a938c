"""Answers to Likert and timing questions: item tables, shares with Wilson intervals, Cronbach's
alpha, the paired Wilcoxon test and the cross-table of the two timing questions.

Choices made here (the data contract is silent on them):

* Every percentage is of the people who answered *that* question; a blank answer is left out of
  that question only (per-item handling, never listwise across the table).
* Confidence intervals for shares are Wilson score intervals
  (``statsmodels.stats.proportion.proportion_confint(method="wilson")``); a question nobody
  answered has no interval (NaN).
* Cronbach's alpha uses the respondents who answered all four Likert questions (listwise), so the
  alpha and its interval refer to one well-defined group; pingouin gives the interval.
* The paired Wilcoxon test uses the respondents who rated both the first and the second session;
  pairs with equal ratings are dropped before ranking (scipy's default ``zero_method="wilcox"``).
* An analysis that cannot be computed on the data (too few answers, no variation) is returned as
  not computable with the reason; nothing raises.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from mibook import published
from mibook.analysis.categories import category_table
from mibook.checks import computed_rounds_to
from mibook.inputs.contracts import LIKERT_ITEMS, RESPONDENT_CODES
from mibook.published.reading import AGREE, CLAIMS

LIKERT_RESPONSES = ("1", "2", "3", "4", "5")

TIMING_ITEMS = ("timing_appropriate", "preferred_timing")

TIDY_COLUMNS = ["item", "response", "n", "denominator", "percent"]


# --------------------------------------------------------------------------- tidy tables


def item_table(frame: pd.DataFrame, item: str, responses) -> pd.DataFrame:
    """Counts of one item, every response listed, as ``item, response, n, denominator, percent``.

    The denominator is the number of non-missing answers to this item; percents are unrounded
    and NaN when nobody answered.

    Examples
    --------
    >>> df = pd.DataFrame({"satisfaction": pd.array([5, 4, None, 5], dtype="Int64")})
    >>> item_table(df, "satisfaction", LIKERT_RESPONSES)[["response", "n", "denominator"]].values.tolist()[-2:]
    [['4', 1, 3], ['5', 2, 3]]
    """
    part = category_table(frame, item, responses)
    return part.rename(columns={"variable": "item", "category": "response"})[TIDY_COLUMNS]


def satisfaction_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``satisfaction.csv``: the four Likert items × responses 1–5."""
    return pd.concat(
        [item_table(frame, item, LIKERT_RESPONSES) for item in LIKERT_ITEMS], ignore_index=True
    )


def timing_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``timing.csv``: ``timing_appropriate`` × yes, no and ``preferred_timing`` × its six codes."""
    return pd.concat(
        [item_table(frame, item, RESPONDENT_CODES[item]) for item in TIMING_ITEMS],
        ignore_index=True,
    )


def _item(tidy: pd.DataFrame, item: str) -> pd.DataFrame:
    return tidy[tidy["item"] == item]


def _denominator(tidy: pd.DataFrame, item: str) -> int:
    part = _item(tidy, item)
    return int(part["denominator"].iloc[0]) if len(part) else 0


# --------------------------------------------------------------------------- the article's claims


def wilson_interval(count: int, nobs: int, ci_level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, from statsmodels; ``(nan, nan)`` when ``nobs`` is 0.

    Examples
    --------
    >>> low, high = wilson_interval(110, 111)
    >>> round(low, 4), round(high, 4)
    (0.9507, 0.9984)
    """
    from statsmodels.stats.proportion import proportion_confint

    if nobs <= 0:
        return float("nan"), float("nan")
    low, high = proportion_confint(
        int(count), int(nobs), alpha=1.0 - float(ci_level), method="wilson"
    )
    return float(low), float(high)


def claims_table(satisfaction: pd.DataFrame, timing: pd.DataFrame, ci_level: float) -> pd.DataFrame:
    """The four summary claims of the article's Results text, recomputed with Wilson intervals."""
    rows = []
    for claim in CLAIMS:
        tidy = satisfaction if claim.item in LIKERT_ITEMS else timing
        part = _item(tidy, claim.item)
        n = int(part[part["response"].isin(claim.responses)]["n"].sum())
        d = _denominator(tidy, claim.item)
        low, high = wilson_interval(n, d, ci_level)
        percent = 100.0 * n / d if d else float("nan")
        reported = published.value(claim.published_id)
        rows.append(
            {
                "claim": claim.key,
                "description": claim.description,
                "item": claim.item,
                "n": n,
                "denominator": d,
                "percent": percent,
                "ci_low": 100.0 * low,
                "ci_high": 100.0 * high,
                "published": reported,
                "rounds_to_published": computed_rounds_to(percent, reported),
            }
        )
    return pd.DataFrame(rows)


def useful_items(satisfaction: pd.DataFrame) -> pd.DataFrame:
    """Share agreeing (4–5) for each usefulness item, and whether it rounds to the text's figure."""
    reported = published.value("no_txt_useful_pct")
    rows = []
    for item in ("useful_first", "useful_second", "useful_overall"):
        part = _item(satisfaction, item)
        n = int(part[part["response"].isin(AGREE)]["n"].sum())
        d = _denominator(satisfaction, item)
        pct = 100.0 * n / d if d else float("nan")
        rows.append(
            {
                "item": item,
                "n": n,
                "denominator": d,
                "percent": pct,
                "rounds_to_text": computed_rounds_to(pct, reported),
            }
        )
    return pd.DataFrame(rows)


def published_useful_items() -> pd.DataFrame:
    """From the *printed* Table 2 counts: the share agreeing (4–5) with each usefulness question,
    and whether it rounds to the text's usefulness figure. Shows which item the text summarises."""
    reported = published.value("no_txt_useful_pct")
    rows = []
    for item in ("useful_first", "useful_second", "useful_overall"):
        counts = published.counts("Table 2", item)
        d = published.denominator("Table 2", item)
        n = sum(counts.get(r, 0) for r in AGREE)
        pct = 100.0 * n / d
        rows.append(
            {
                "item": item,
                "n": n,
                "denominator": d,
                "percent": pct,
                "rounds_to_text": computed_rounds_to(pct, reported),
            }
        )
    return pd.DataFrame(rows)


def wald_interval(count: int, nobs: int, ci_level: float = 0.95) -> tuple[float, float]:
    """The simple normal-approximation (Wald) interval, unclipped; shown only to contrast with Wilson."""
    from scipy.stats import norm

    if nobs <= 0:
        return float("nan"), float("nan")
    p = count / nobs
    half = float(norm.ppf(0.5 + ci_level / 2)) * math.sqrt(p * (1 - p) / nobs)
    return p - half, p + half


# --------------------------------------------------------------------------- respondent-level analyses


def _not_computable(reason: str, **extra) -> dict:
    """A result that could not be computed; ``reason`` is a code the chapter puts into words."""
    return {"computable": False, "reason": reason, **extra}


def cronbach(frame: pd.DataFrame, ci_level: float = 0.95, items=LIKERT_ITEMS) -> dict:
    """Cronbach's alpha of Likert items (complete answers), with pingouin's interval.

    Returns a dict: ``computable``, ``alpha``, ``ci_low``, ``ci_high``, ``n_complete`` and
    ``n_items``; when not computable, ``reason`` is one of ``unanswered`` (with the list
    ``unanswered``), ``too_few_complete``, ``no_variance`` or ``not_finite``.
    """
    import pingouin as pg  # on first use: importing pingouin costs every notebook kernel ~1 s

    items = list(items)
    answers = frame[items].astype("float64")
    empty = [i for i in items if answers[i].notna().sum() == 0]
    complete = answers.dropna()
    base = {"n_complete": int(len(complete)), "n_items": len(items)}
    if empty:
        return _not_computable("unanswered", unanswered=empty, **base)
    if len(complete) < 2:
        return _not_computable("too_few_complete", **base)
    if complete.sum(axis=1).var(ddof=1) == 0:
        return _not_computable("no_variance", **base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha, ci = pg.cronbach_alpha(data=complete, nan_policy="listwise", ci=float(ci_level))
    if not math.isfinite(float(alpha)):
        return _not_computable("not_finite", **base)
    return {
        "computable": True,
        "reason": "",
        "alpha": float(alpha),
        "ci_low": float(ci[0]),
        "ci_high": float(ci[1]),
        **base,
    }


def paired_wilcoxon(frame: pd.DataFrame) -> dict:
    """Wilcoxon signed-rank test, usefulness of the first vs the second session, complete pairs.

    When not computable, ``reason`` is ``too_few_pairs`` or ``all_tied``.
    """
    import pingouin as pg  # on first use: importing pingouin costs every notebook kernel ~1 s

    pairs = frame[["useful_first", "useful_second"]].astype("float64").dropna()
    difference = pairs["useful_second"] - pairs["useful_first"]
    base = {
        "n_pairs": int(len(pairs)),
        "n_higher_second": int((difference > 0).sum()),
        "n_lower_second": int((difference < 0).sum()),
        "n_tied": int((difference == 0).sum()),
        "median_first": float(pairs["useful_first"].median()) if len(pairs) else float("nan"),
        "median_second": float(pairs["useful_second"].median()) if len(pairs) else float("nan"),
    }
    if len(pairs) < 2:
        return _not_computable("too_few_pairs", **base)
    nonzero = base["n_higher_second"] + base["n_lower_second"]
    if nonzero == 0:
        return _not_computable("all_tied", **base)
    if len(pairs) > PINGOUIN_WILCOXON_MAX_PAIRS:
        return _wilcoxon_large(difference, base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = pg.wilcoxon(pairs["useful_second"], pairs["useful_first"])
    row = result.iloc[0]
    return {
        "computable": True,
        "reason": "",
        "W": float(row["W_val"]),
        "p": float(row["p_val"]),
        "rbc": float(row["RBC"]),
        **base,
    }


# pingouin.wilcoxon also computes a common-language effect size from all n × n pairs of
# observations, which needs n² memory (7 TiB for a million respondents). Above this size the
# same test comes from scipy (the function pingouin itself calls) and the matched-pairs
# rank-biserial correlation from the signed ranks, both linear in memory.
PINGOUIN_WILCOXON_MAX_PAIRS = 5000


def _wilcoxon_large(difference: pd.Series, base: dict) -> dict:
    from scipy import stats

    nonzero = difference[difference != 0].to_numpy()
    ranks = stats.rankdata(np.abs(nonzero))
    positive, negative = float(ranks[nonzero > 0].sum()), float(ranks[nonzero < 0].sum())
    result = stats.wilcoxon(difference.to_numpy(), zero_method="wilcox", alternative="two-sided")
    return {
        "computable": True,
        "reason": "",
        "W": float(result.statistic),
        "p": float(result.pvalue),
        "rbc": (positive - negative) / (positive + negative),
        **base,
    }


def _crosstab_numbers(frame: pd.DataFrame) -> dict:
    """What the two timing questions say together: observed cells and the bound from the margins."""
    answered = frame[list(TIMING_ITEMS)]
    yes = int((answered["timing_appropriate"] == "yes").sum())
    other_time = int(
        (answered["preferred_timing"].notna() & (answered["preferred_timing"] != "good")).sum()
    )
    both = answered.dropna()
    return {
        "timing_both_n": int(len(both)),
        "timing_yes_but_other_n": int(
            ((both["timing_appropriate"] == "yes") & (both["preferred_timing"] != "good")).sum()
        ),
        "timing_no_but_good_n": int(
            ((both["timing_appropriate"] == "no") & (both["preferred_timing"] == "good")).sum()
        ),
        "timing_yes_n": yes,
        "timing_other_time_n": other_time,
        "timing_rows_n": int(len(frame)),
        # Both groups are subsets of the file's rows, so at least this many people are in both,
        # whatever the pairing of the two columns (a Fréchet bound).
        "timing_yes_but_other_min": max(0, yes + other_time - int(len(frame))),
    }
