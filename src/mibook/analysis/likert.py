"""Answers to Likert and timing questions: item tables, shares, alpha and the Wilcoxon test.

Item tables, shares with Wilson intervals, Cronbach's alpha, the paired Wilcoxon test and the
cross-table of the two timing questions.

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

Why hand-written
----------------
The statistics come from statsmodels, pingouin and scipy; three small pieces are written here.
:func:`wald_interval` is the textbook interval left unclipped, because statsmodels'
``method="normal"`` clips it to [0, 1], and the chapter contrasts it with Wilson's where it runs
past 100 % (the book's satisfaction share). Above
:data:`PINGOUIN_WILCOXON_MAX_PAIRS` pairs the rank-biserial correlation is computed from the
signed ranks, because :func:`pingouin.wilcoxon` needs memory quadratic in the number of pairs
(see the comment at that constant). What the two timing questions say together
(:func:`_crosstab_numbers`) is plain counting.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from mibook import published
from mibook.analysis.categories import DONT_KNOW, category_table
from mibook.checks import computed_rounds_to
from mibook.inputs.contracts import LIKERT_ITEMS, RESPONDENT_CODES
from mibook.published.reading import AGREE, CLAIMS

LIKERT_RESPONSES = ("1", "2", "3", "4", "5")

TIMING_ITEMS = ("timing_appropriate", "preferred_timing")

TIDY_COLUMNS = ["item", "response", "n", "denominator", "percent"]


# --------------------------------------------------------------------------- tidy tables


def item_table(frame: pd.DataFrame, item: str, responses) -> pd.DataFrame:
    """Counts of one item, every response listed, as ``item, response, n, denominator, percent``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data.
    item : str
        The question's column.
    responses : iterable
        Every response, in display order (e.g. :data:`LIKERT_RESPONSES`).

    Returns
    -------
    pandas.DataFrame
        One row per response. The denominator is the number of non-missing answers to this
        item; percents are unrounded and NaN when nobody answered.

    See Also
    --------
    mibook.analysis.categories.category_table : The same table for any categorical column.

    Examples
    --------
    >>> df = pd.DataFrame({"satisfaction": pd.array([5, 4, None, 5], dtype="Int64")})
    >>> item_table(df, "satisfaction", LIKERT_RESPONSES)
               item response  n  denominator    percent
    0  satisfaction        1  0            3   0.000000
    1  satisfaction        2  0            3   0.000000
    2  satisfaction        3  0            3   0.000000
    3  satisfaction        4  1            3  33.333333
    4  satisfaction        5  2            3  66.666667
    """
    part = category_table(frame, item, responses)
    return part.rename(columns={"variable": "item", "category": "response"})[TIDY_COLUMNS]


def satisfaction_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``satisfaction.csv``: the four Likert items × responses 1–5.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data with the columns of
        :data:`mibook.inputs.contracts.LIKERT_ITEMS` (integers 1–5 or missing).

    Returns
    -------
    pandas.DataFrame
        :func:`item_table` of each Likert item, stacked: 4 × 5 rows.

    Examples
    --------
    >>> answers = pd.array([5, 4, None], dtype="Int64")
    >>> frame = pd.DataFrame({item: answers for item in LIKERT_ITEMS})
    >>> table = satisfaction_table(frame)
    >>> table.shape
    (20, 5)
    >>> table["item"].unique().tolist()
    ['satisfaction', 'useful_first', 'useful_second', 'useful_overall']
    """
    return pd.concat(
        [item_table(frame, item, LIKERT_RESPONSES) for item in LIKERT_ITEMS], ignore_index=True
    )


def timing_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``timing.csv``: ``timing_appropriate`` × yes, no and ``preferred_timing`` × its six codes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data with the columns of :data:`TIMING_ITEMS`.

    Returns
    -------
    pandas.DataFrame
        :func:`item_table` of the two timing questions, stacked: 2 + 6 rows.

    Examples
    --------
    >>> frame = pd.DataFrame(
    ...     {
    ...         "timing_appropriate": ["yes", "yes", "no"],
    ...         "preferred_timing": ["good", "1_month_earlier", None],
    ...     }
    ... )
    >>> table = timing_table(frame)
    >>> len(table)
    8
    >>> table[table["n"] > 0]
                     item         response  n  denominator    percent
    0  timing_appropriate              yes  2            3  66.666667
    1  timing_appropriate               no  1            3  33.333333
    3    preferred_timing  1_month_earlier  1            2  50.000000
    4    preferred_timing             good  1            2  50.000000
    """
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

    Parameters
    ----------
    count : int
        Number of successes (e.g. respondents who agree).
    nobs : int
        Number of trials (respondents who answered).
    ci_level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(low, high)`` as proportions between 0 and 1.

    See Also
    --------
    wald_interval : The normal-approximation interval, for contrast.

    Notes
    -----
    :func:`statsmodels.stats.proportion.proportion_confint` with ``method="wilson"``. With
    ``p = count / nobs``, ``n = nobs`` and ``z`` the ``(1 + ci_level) / 2`` quantile of the
    standard normal distribution::

        (p + z²/(2n) ± z * sqrt(p(1 - p)/n + z²/(4n²))) / (1 + z²/n)

    Unlike the Wald interval it stays within [0, 1] and does not collapse to a point when
    every answer is the same.

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
    """The four summary claims of the article's Results text, recomputed with Wilson intervals.

    Parameters
    ----------
    satisfaction : pandas.DataFrame
        :func:`satisfaction_table` of the data.
    timing : pandas.DataFrame
        :func:`timing_table` of the data.
    ci_level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per claim of :data:`mibook.published.reading.CLAIMS`, columns ``claim,
        description, item, n, denominator, percent, ci_low, ci_high, published,
        rounds_to_published``; percents and bounds in percent, ``published`` the printed
        string.

    Examples
    --------
    >>> from mibook.inputs.provenance import chapter_data
    >>> frame = chapter_data("respondents").frame  # the book's reconstructed rows
    >>> claims = claims_table(satisfaction_table(frame), timing_table(frame), 0.95)
    >>> claims[["claim", "n", "denominator", "published", "rounds_to_published"]]
             claim    n  denominator published  rounds_to_published
    0    satisfied  110          111        99                 True
    1       useful   96          108        89                 True
    2  appropriate   96          112        86                 True
    3      earlier   36           99        36                 True
    """
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
    """Share agreeing (4–5) for each usefulness item, and whether it rounds to the text's figure.

    Parameters
    ----------
    satisfaction : pandas.DataFrame
        :func:`satisfaction_table` of the data.

    Returns
    -------
    pandas.DataFrame
        One row per usefulness item (first session, second session, overall), columns ``item,
        n, denominator, percent, rounds_to_text``, where ``rounds_to_text`` says whether the
        percent rounds to the usefulness figure of the article's Results text.

    See Also
    --------
    published_useful_items : The same from the printed Table 2 counts.
    """
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
    """The share agreeing (4–5) with each usefulness question, from the *printed* Table 2 counts.

    Shows which item the article's usefulness figure summarises.

    Returns
    -------
    pandas.DataFrame
        As :func:`useful_items`: ``item, n, denominator, percent, rounds_to_text``, where
        ``rounds_to_text`` says whether the percent rounds to the text's usefulness figure.

    Examples
    --------
    >>> published_useful_items()
                 item   n  denominator    percent  rounds_to_text
    0    useful_first  90          112  80.357143           False
    1   useful_second  97          111  87.387387           False
    2  useful_overall  96          108  88.888889            True
    """
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
    """The simple normal-approximation (Wald) interval, unclipped; only to contrast with Wilson.

    Parameters
    ----------
    count : int
        Number of successes.
    nobs : int
        Number of trials.
    ci_level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(low, high)`` as proportions; they may lie below 0 or above 1. ``(nan, nan)`` when
        ``nobs`` is 0.

    See Also
    --------
    wilson_interval : The interval the book reports.

    Notes
    -----
    With ``p = count / nobs`` and ``z`` the ``(1 + ci_level) / 2`` quantile of the standard
    normal distribution::

        p ± z * sqrt(p * (1 - p) / nobs)

    Written here rather than taken from statsmodels, whose ``method="normal"`` clips the
    interval to [0, 1]: the chapter shows it to contrast with Wilson's, and near 100 % the
    unclipped bound runs past it, as below.

    Examples
    --------
    >>> low, high = wald_interval(110, 111)
    >>> round(low, 4), round(high, 4)
    (0.9734, 1.0086)
    """
    from scipy.stats import norm

    if nobs <= 0:
        return float("nan"), float("nan")
    p = count / nobs
    half = float(norm.ppf(0.5 + ci_level / 2)) * math.sqrt(p * (1 - p) / nobs)
    return p - half, p + half


# ------------------------------------------------------------------------ respondent-level analyses


def _not_computable(reason: str, **extra) -> dict:
    """A result that could not be computed; ``reason`` is a code the chapter puts into words."""
    return {"computable": False, "reason": reason, **extra}


def cronbach(frame: pd.DataFrame, ci_level: float = 0.95, items=LIKERT_ITEMS) -> dict:
    """Cronbach's alpha of Likert items (complete answers), with pingouin's interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data.
    ci_level : float, default 0.95
        Confidence level of the interval.
    items : iterable of str, default LIKERT_ITEMS
        The items of the scale.

    Returns
    -------
    dict
        ``computable``, ``reason``, ``alpha``, ``ci_low``, ``ci_high``, ``n_complete`` (the
        respondents who answered every item) and ``n_items``. When not computable, ``reason``
        is one of ``unanswered`` (with the list ``unanswered``), ``too_few_complete``,
        ``no_variance`` or ``not_finite``, and there is no alpha.

    Notes
    -----
    :func:`pingouin.cronbach_alpha` on the complete answers (listwise). For k items with
    variances ``var_i`` and a total score (the sum of the items) with variance ``var_total``::

        alpha = k / (k - 1) * (1 - sum(var_i) / var_total)

    The interval is pingouin's, from the F distribution, rounded to three decimals.

    Examples
    --------
    >>> ratings = pd.DataFrame(
    ...     {
    ...         "satisfaction": [5, 4, 4, 3, 5],
    ...         "useful_first": [4, 4, 3, 3, 5],
    ...         "useful_second": [5, 4, 4, 2, 5],
    ...         "useful_overall": [5, 3, 4, 3, 4],
    ...     },
    ...     dtype="Int64",
    ... )
    >>> result = cronbach(ratings)
    >>> round(result["alpha"], 3), round(result["ci_low"], 3), round(result["ci_high"], 3)
    (0.905, 0.608, 0.989)
    >>> cronbach(ratings.iloc[:1])
    {'computable': False, 'reason': 'too_few_complete', 'n_complete': 1, 'n_items': 4}
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

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data with ``useful_first`` and ``useful_second``.

    Returns
    -------
    dict
        ``computable``, ``reason``, ``W``, ``p`` (two-sided), ``rbc`` (the matched-pairs
        rank-biserial correlation), ``n_pairs``, ``n_higher_second``, ``n_lower_second``,
        ``n_tied``, ``median_first`` and ``median_second``. When not computable, ``reason`` is
        ``too_few_pairs`` or ``all_tied``, and there is no ``W``, ``p`` or ``rbc``.

    Notes
    -----
    The differences are ``useful_second - useful_first`` over the respondents who rated both;
    zero differences are dropped and the rest ranked by absolute value (ties get average
    ranks). With ``R+`` and ``R-`` the rank sums of the positive and the negative
    differences::

        W = min(R+, R-)
        rbc = (R+ - R-) / (R+ + R-)

    so ``rbc`` is positive when the second session is rated higher. :func:`pingouin.wilcoxon`
    gives all three up to :data:`PINGOUIN_WILCOXON_MAX_PAIRS` pairs; above it,
    :func:`scipy.stats.wilcoxon` gives W and p (without the continuity correction pingouin
    asks scipy for) and ``rbc`` is computed from the ranks as above.

    Examples
    --------
    >>> ratings = pd.DataFrame(
    ...     {"useful_first": [4, 4, 3, 3, 5], "useful_second": [5, 4, 4, 2, 5]}, dtype="Int64"
    ... )
    >>> result = paired_wilcoxon(ratings)
    >>> result["W"], round(result["rbc"], 3), result["n_higher_second"], result["n_tied"]
    (2.0, 0.333, 2, 2)
    >>> paired_wilcoxon(ratings.assign(useful_second=ratings["useful_first"]))["reason"]
    'all_tied'
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


#: Columns of ``items.csv`` and ``item_missing.csv`` (the contract's "Version 2").
ITEMS_COLUMNS = ["item", "text", "response", "label", "n", "denominator", "percent"]
ITEM_MISSING_COLUMNS = ["item", "answered", "dont_know", "blank"]


def point_labels(item) -> dict[int, str]:
    """Each scale point of a codebook item with its answer label (the first label given for it;
    ``""`` for a point no label names).

    Examples
    --------
    >>> from mibook.inputs.codebook import Item
    >>> point_labels(Item(name="q", scale=(1, 3), labels={"Low": 1, "lav": 1, "High": 3}))
    {1: 'Low', 2: '', 3: 'High'}
    """
    names: dict[int, str] = {}
    for label, point in item.labels.items():
        names.setdefault(point, label)
    return {point: names.get(point, "") for point in item.points}


def items_table(frame: pd.DataFrame, items) -> pd.DataFrame:
    """``items.csv``: every Likert item of the codebook × every point of its scale.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated respondents data (whole-number answers; missing and "don't know" are NA).
    items : sequence of mibook.inputs.codebook.Item
        The study's items; one absent from ``frame`` is counted as unanswered.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ITEMS_COLUMNS`; the denominator of an item is the number who gave it a
        point of the scale.

    Examples
    --------
    >>> from mibook.inputs.codebook import Item
    >>> df = pd.DataFrame({"q7": pd.array([7, 6, None, 7], dtype="Int64")})
    >>> t = items_table(df, [Item(name="q7", text="Q7", scale=(1, 7))])
    >>> t[t["n"] > 0][["response", "n", "denominator"]].values.tolist()
    [['6', 1, 3], ['7', 2, 3]]
    """
    parts = []
    for item in items:
        column = frame[item.name] if item.name in frame else pd.Series(dtype="Int64")
        answered = column.dropna().astype(int)
        counts = answered.value_counts()
        labels = point_labels(item)
        for point in item.points:
            n = int(counts.get(point, 0))
            parts.append(
                {
                    "item": item.name,
                    "text": item.text or item.name,
                    "response": str(point),
                    "label": labels[point],
                    "n": n,
                    "denominator": int(len(answered)),
                    "percent": 100.0 * n / len(answered) if len(answered) else float("nan"),
                }
            )
    return pd.DataFrame(parts, columns=ITEMS_COLUMNS)


def item_missing_table(
    frame: pd.DataFrame, items, dont_know: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``item_missing.csv``: per item, how many answered, answered "don't know", left it blank.

    Examples
    --------
    >>> from mibook.inputs.codebook import Item
    >>> df = pd.DataFrame({"q": pd.array([1, None, None], dtype="Int64")})
    >>> mask = pd.DataFrame({"q": [False, True, False]})
    >>> item_missing_table(df, [Item(name="q")], mask).values.tolist()
    [['q', 1, 1, 1]]
    """
    rows = []
    for item in items:
        column = frame[item.name] if item.name in frame else pd.Series(pd.NA, index=frame.index)
        answered = int(column.notna().sum())
        unknown = (
            int(dont_know[item.name].sum())
            if dont_know is not None and item.name in dont_know
            else 0
        )
        rows.append(
            {
                "item": item.name,
                "answered": answered,
                "dont_know": unknown,
                "blank": int(len(frame)) - answered - unknown,
            }
        )
    return pd.DataFrame(rows, columns=ITEM_MISSING_COLUMNS)


def with_dont_know(tidy: pd.DataFrame, dont_know: pd.DataFrame | None) -> pd.DataFrame:
    """A tidy item table (``item, response, n, denominator, percent``) with, after each item's
    rows, a ``dont_know`` row counting its "don't know" answers (no percent), where there are any.

    The rows the analyses read are unchanged; this is the table as written for readers.

    Examples
    --------
    >>> tidy = pd.DataFrame({"item": ["q", "q"], "response": ["yes", "no"], "n": [2, 1],
    ...                      "denominator": [3, 3], "percent": [66.7, 33.3]})
    >>> with_dont_know(tidy, pd.DataFrame({"q": [True, False, False, False]}))["response"].tolist()
    ['yes', 'no', 'dont_know']
    """
    if dont_know is None or not dont_know.to_numpy().any():
        return tidy
    parts = []
    for item, part in tidy.groupby("item", sort=False):
        parts.append(part)
        unknown = int(dont_know[item].sum()) if item in dont_know else 0
        if unknown:
            extra = {"item": item, "response": DONT_KNOW, "n": unknown}
            extra["denominator"] = int(part["denominator"].iloc[0])
            extra["percent"] = float("nan")
            parts.append(pd.DataFrame([extra]))
    return pd.concat(parts, ignore_index=True)[list(tidy.columns)]
