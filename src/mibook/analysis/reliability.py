"""Inter-rater reliability of double-coded MITI sessions: ICC(2,1) and agreement between coders.

Over the *reliability subset* (the sessions that the primary and the second coder both rated,
:mod:`mibook.analysis.coders`), for each global rating, composite and behaviour count present:

* ``miti_reliability.csv`` (contract): ICC(2,1) — two-way random effects, absolute agreement,
  single rater; ``ICC(A,1)`` in :func:`pingouin.intraclass_corr` (0.7), whose unrounded 95 %
  interval is kept — and its band after Cicchetti (1994): ``poor`` below .40, ``fair`` below
  .60, ``good`` below .75, else ``excellent``;
* :func:`agreement`: for each global rating, the share of sessions where the two coders give the
  same rating, and a rating at most one point apart.

A measure is compared over the shared sessions where both coders have a value. With fewer than
:data:`MIN_SESSIONS` such sessions the ICC is not estimated (``icc`` empty, band ``too_few``).
Where the contract is silent: when the ICC is undefined although there are enough sessions —
both coders give every session the same value, so there is no variation to agree on — ``icc``
is empty and the band is ``no_variance``.
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from mibook.inputs.contracts import MITI_COUNTS, MITI_GLOBALS
from mibook.inputs.miti_scores import COMPOSITES, session_scores

#: Columns of ``miti_reliability.csv`` (contract).
RELIABILITY_COLUMNS = [
    "measure",
    "n_sessions",
    "coder_a",
    "coder_b",
    "icc",
    "ci_low",
    "ci_high",
    "band",
]
#: Columns of ``miti_agreement.csv``.
AGREEMENT_COLUMNS = [
    "measure",
    "n_sessions",
    "coder_a",
    "coder_b",
    "exact_n",
    "exact_percent",
    "within_one_n",
    "within_one_percent",
]
#: Fewest shared sessions for which an ICC is estimated (contract).
MIN_SESSIONS = 5
#: Cicchetti (1994): upper limits of the bands below ``excellent``.
BANDS = (("poor", 0.40), ("fair", 0.60), ("good", 0.75))


def band(icc: float) -> str:
    """Cicchetti's (1994) label of an ICC.

    Examples
    --------
    >>> [band(x) for x in (-0.1, 0.39, 0.4, 0.74, 0.75)]
    ['poor', 'poor', 'fair', 'good', 'excellent']
    """
    for label, limit in BANDS:
        if icc < limit:
            return label
    return "excellent"


def measures(present: list[str] | None, scores: pd.DataFrame) -> list[str]:
    """The measures compared: global ratings, composites, then behaviour counts present."""
    wanted = [*MITI_GLOBALS, *COMPOSITES, *MITI_COUNTS]
    have = set(scores.columns) if present is None else set(present) | set(COMPOSITES)
    return [m for m in wanted if m in scores and m in have and scores[m].notna().any()]


def paired(
    frame: pd.DataFrame, first: str, second: str, present: list[str] | None = None
) -> pd.DataFrame:
    """The two coders' values side by side, one row per shared session and measure.

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI rows with ``coder_id`` (a session once per coder).
    first, second : str
        The two coders (``coder_a``, ``coder_b``).
    present : list of str, optional
        The columns the file has (default: those with a value).

    Returns
    -------
    pandas.DataFrame
        ``session_id, measure, a, b``: every shared session and measure of :func:`measures`
        where both coders have a value, sessions in the first coder's order.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S1", "S2", "S2"],
    ...                       "coder_id": ["A", "B", "A", "B"], "empathy": [4, 3, 5, 5]})
    >>> print(paired(frame, "A", "B").to_string(index=False))
    session_id measure   a   b
            S1 empathy 4.0 3.0
            S2 empathy 5.0 5.0
    """
    scores = session_scores(frame, present)
    have = set(present) if present is not None else set(frame.columns)
    for count in MITI_COUNTS:  # behaviour counts are compared as they are
        if count in frame and count in have:
            scores[count] = pd.to_numeric(frame[count], errors="coerce").astype(float).to_numpy()
    scores["coder_id"] = frame["coder_id"].to_numpy()
    a = scores[scores["coder_id"] == first].drop_duplicates("session_id").set_index("session_id")
    b = scores[scores["coder_id"] == second].drop_duplicates("session_id").set_index("session_id")
    shared = [s for s in a.index if s in b.index]
    rows = []
    for measure in measures(present, scores):
        x = a.loc[shared, measure].astype(float)
        y = b.loc[shared, measure].astype(float)
        keep = x.notna() & y.notna()
        rows.append(
            pd.DataFrame(
                {
                    "session_id": np.asarray(shared, dtype=object)[keep.to_numpy()],
                    "measure": measure,
                    "a": x[keep].to_numpy(),
                    "b": y[keep].to_numpy(),
                }
            )
        )
    if not rows:
        return pd.DataFrame(columns=["session_id", "measure", "a", "b"])
    return pd.concat(rows, ignore_index=True)


@contextmanager
def _unrounded():
    """pingouin rounds its ICC intervals to two decimals by default (``pingouin.options``)."""
    import pingouin

    previous = pingouin.options.get("round.column.CI95")
    pingouin.options["round.column.CI95"] = None
    try:
        yield
    finally:
        pingouin.options["round.column.CI95"] = previous


def icc_a1(a, b) -> tuple[float, float, float]:
    """ICC(2,1), absolute agreement, single rater, of two coders' values, with its 95 % CI.

    Parameters
    ----------
    a, b : array_like
        The two coders' values of the same sessions, in the same order.

    Returns
    -------
    tuple of float
        ``(icc, ci_low, ci_high)`` from :func:`pingouin.intraclass_corr` (row ``ICC(A,1)``);
        NaN where pingouin gives no finite value (no variation at all).

    Notes
    -----
    With the two-way ANOVA mean squares for sessions (MSR), coders (MSC) and error (MSE), k = 2
    coders and n sessions (McGraw and Wong 1996, case 2A)::

        ICC(A,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n)

    Examples
    --------
    >>> icc, low, high = icc_a1([1, 2, 3, 4, 5], [1, 2, 3, 4, 4])
    >>> round(icc, 3), round(low, 3), round(high, 3)
    (0.952, 0.695, 0.995)
    """
    import pingouin

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = len(a)
    long = pd.DataFrame(
        {
            "session": np.tile(np.arange(n), 2),
            "coder": np.repeat(["a", "b"], n),
            "value": np.concatenate([a, b]),
        }
    )
    with warnings.catch_warnings(), np.errstate(all="ignore"), _unrounded():
        warnings.simplefilter("ignore")
        try:
            table = pingouin.intraclass_corr(long, "session", "coder", "value")
        except (ValueError, ZeroDivisionError, FloatingPointError, AssertionError):
            return math.nan, math.nan, math.nan
    row = table.set_index("Type").loc["ICC(A,1)"]
    low, high = (float(x) for x in row["CI95"])

    def finite(x: float) -> float:
        return float(x) if math.isfinite(float(x)) else math.nan

    return finite(row["ICC"]), finite(low), finite(high)


def icc_table(
    frame: pd.DataFrame, first: str | None, second: str | None, present: list[str] | None = None
) -> pd.DataFrame:
    """``miti_reliability.csv``: ICC(2,1) of every measure over the reliability subset.

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI rows with ``coder_id``.
    first, second : str or None
        The primary and the second coder; no rows when either is None.
    present : list of str, optional
        The columns the file has.

    Returns
    -------
    pandas.DataFrame
        :data:`RELIABILITY_COLUMNS`, one row per measure of :func:`measures`: ``n_sessions``
        (shared sessions where both have a value), the coders, ``icc``, ``ci_low``,
        ``ci_high`` and ``band`` (``too_few`` below :data:`MIN_SESSIONS` sessions,
        ``no_variance`` when the ICC is undefined).

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": [f"S{k}" for k in range(6)] * 2,
    ...                       "coder_id": ["A"] * 6 + ["B"] * 6,
    ...                       "empathy": [1, 2, 3, 4, 5, 3, 1, 2, 3, 4, 4, 3]})
    >>> icc_table(frame, "A", "B")[["measure", "n_sessions", "icc", "band"]].round(3)
       measure  n_sessions   icc       band
    0  empathy           6  0.95  excellent
    >>> icc_table(frame.iloc[[0, 1, 6, 7]], "A", "B")[["n_sessions", "icc", "band"]]
       n_sessions  icc     band
    0           2  NaN  too_few
    """
    if first is None or second is None:
        return pd.DataFrame(columns=RELIABILITY_COLUMNS)
    pairs = paired(frame, first, second, present)
    rows = []
    for measure, part in pairs.groupby("measure", sort=False):
        n = len(part)
        icc = low = high = math.nan
        if n < MIN_SESSIONS:
            label = "too_few"
        else:
            icc, low, high = icc_a1(part["a"], part["b"])
            label = band(icc) if math.isfinite(icc) else "no_variance"
        rows.append(
            {
                "measure": measure,
                "n_sessions": n,
                "coder_a": first,
                "coder_b": second,
                "icc": icc,
                "ci_low": low,
                "ci_high": high,
                "band": label,
            }
        )
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def agreement(
    frame: pd.DataFrame, first: str | None, second: str | None, present: list[str] | None = None
) -> pd.DataFrame:
    """For each global rating, how often the two coders agree exactly and within one point.

    Returns
    -------
    pandas.DataFrame
        :data:`AGREEMENT_COLUMNS`, one row per global rating both coders rated in at least one
        shared session; percents of ``n_sessions``.

    Examples
    --------
    >>> frame = pd.DataFrame({"session_id": ["S1", "S2", "S1", "S2"],
    ...                       "coder_id": ["A", "A", "B", "B"], "partnership": [4, 2, 4, 4]})
    >>> agreement(frame, "A", "B")[["measure", "exact_percent", "within_one_percent"]]
           measure  exact_percent  within_one_percent
    0  partnership           50.0                50.0
    """
    if first is None or second is None:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    pairs = paired(frame, first, second, present)
    rows = []
    for measure in MITI_GLOBALS:
        part = pairs[pairs["measure"] == measure]
        if part.empty:
            continue
        gap = (part["a"] - part["b"]).abs()
        n = len(part)
        exact, within = int((gap == 0).sum()), int((gap <= 1).sum())
        rows.append(
            {
                "measure": measure,
                "n_sessions": n,
                "coder_a": first,
                "coder_b": second,
                "exact_n": exact,
                "exact_percent": 100.0 * exact / n,
                "within_one_n": within,
                "within_one_percent": 100.0 * within / n,
            }
        )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


__all__ = [
    "AGREEMENT_COLUMNS",
    "MIN_SESSIONS",
    "RELIABILITY_COLUMNS",
    "agreement",
    "band",
    "icc_a1",
    "icc_table",
    "paired",
]
