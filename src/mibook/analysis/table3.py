"""What Table 3 of Foldal et al. (2021) allows: feasible ratings, bounds, printed vs recomputed.

The feasible sets of its ratings, the bounds on sessions over a threshold, and how a set of
sessions compares with the printed means and SDs.

Table 3 prints a mean and SD for each MITI global rating over the coded sessions (Methods) and
for the two composites. :func:`rating_sets` lists every sample of integer ratings that agrees with
a printed pair (:func:`mibook.checks.feasible.feasible_samples`), or the nearest possible samples
when none does; the reconstruction (:mod:`mibook.reconstruct.miti`) draws its ratings from them
and the MITI chapter shows what they allow.

Why hand-written
----------------
The feasible sets come from the project's CLOSURE engine (:mod:`mibook.checks.feasible`, which
says why it is hand-written). The bounds for the composites are a sorting argument over the
pairings of two samples (see :func:`share_bounds`); no library computes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mibook import published
from mibook.analysis.miti import at_or_above
from mibook.checks import computed_rounds_to
from mibook.checks.feasible import feasible_samples, nearest_feasible
from mibook.inputs.contracts import MITI_GLOBAL_SCALE, MITI_GLOBALS
from mibook.inputs.miti_scores import COMPOSITES, composite
from mibook.published.reading import N_SESSIONS

SCALE = MITI_GLOBAL_SCALE
RATINGS = MITI_GLOBALS


def printed(measure: str) -> tuple[str, str]:
    """Table 3's mean and SD strings of a rating or composite.

    Parameters
    ----------
    measure : str
        A MITI global rating or composite (``"partnership"``, ``"technical"`` …).

    Returns
    -------
    tuple of str
        ``(mean, sd)`` as printed.

    Examples
    --------
    >>> printed("partnership")
    ('3.55', '0.67')
    """
    return published.value(f"no_t3_{measure}_mean"), published.value(f"no_t3_{measure}_sd")


def _unit(text: str) -> float:
    return 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)


def distance(mean: float, sd: float, printed_mean: str, printed_sd: str) -> float:
    """How far a mean and SD lie from the printed ones, in units of the last printed decimal.

    Parameters
    ----------
    mean, sd : float
        Computed values.
    printed_mean, printed_sd : str
        The printed values; their decimals set the units.

    Returns
    -------
    float
        The larger of the two distances; at most 0.5 when both round to the printed values.

    Notes
    -----
    With ``u_m`` and ``u_s`` one unit of the last printed decimal of ``m`` and ``s``::

        distance = max(|mean − m| / u_m, |sd − s| / u_s)

    Examples
    --------
    >>> round(distance(3.52, 0.61, "3.5", "0.6"), 2)
    0.2
    """
    return max(
        abs(mean - float(printed_mean)) / _unit(printed_mean),
        abs(sd - float(printed_sd)) / _unit(printed_sd),
    )


@dataclass
class RatingSets:
    """The feasible sets of one rating under both divisors, and the candidates used.

    Attributes
    ----------
    measure : str
        The rating.
    mean, sd : str
        Its printed mean and SD.
    feasible : dict
        SD divisor (``"n-1"``, ``"n"``) → the frequency vectors (an array of shape (K, 5),
        counts of the ratings 1–5) of every sample that agrees with the printed pair; K may
        be 0.
    nearest : dict
        SD divisor → ``(freqs, mean, sd)`` of the nearest possible samples
        (:func:`mibook.checks.feasible.nearest_feasible`).
    candidates : numpy.ndarray
        The frequency vectors the reconstruction chooses among.
    source : str
        Where the candidates come from: ``"feasible (n-1)"`` or ``"nearest (n-1)"``.
    """

    measure: str
    mean: str
    sd: str
    feasible: dict  # divisor -> (K, 5) array (possibly empty)
    nearest: dict  # divisor -> (freqs, mean, sd) from nearest_feasible
    candidates: np.ndarray  # the frequency vectors the reconstruction chooses among
    source: str  # "feasible (n-1)" or "nearest (n-1)"

    def working(self, divisor: str) -> tuple[np.ndarray, str]:
        """The feasible set under ``divisor``, or the nearest samples when it is empty.

        Parameters
        ----------
        divisor : {"n-1", "n"}
            The SD divisor.

        Returns
        -------
        freqs : numpy.ndarray
            Frequency vectors, one row per sample.
        kind : str
            ``"feasible"`` or ``"nearest"``.

        Examples
        --------
        >>> freqs, kind = rating_sets("partnership").working("n")
        >>> kind, freqs.shape
        ('feasible', (3, 5))
        """
        if len(self.feasible[divisor]):
            return self.feasible[divisor], "feasible"
        return self.nearest[divisor][0], "nearest"


def rating_sets(measure: str, n: int = N_SESSIONS) -> RatingSets:
    """Feasible and nearest sets of one rating of Table 3 (n sessions, scale 1–5).

    Parameters
    ----------
    measure : str
        One of the four MITI global ratings.
    n : int, default N_SESSIONS
        The number of sessions (the article: 20).

    Returns
    -------
    RatingSets
        The candidates are the feasible set under the sample SD (n − 1) when it is not
        empty, else the nearest possible samples under it.

    Examples
    --------
    >>> sets = rating_sets("partnership")
    >>> sets.mean, sets.sd, sets.source
    ('3.55', '0.67', 'nearest (n-1)')
    >>> len(sets.feasible["n-1"]), len(sets.feasible["n"])
    (0, 3)
    """
    mean, sd = printed(measure)
    feasible = {d: feasible_samples(mean, sd, n, scale=SCALE, sd_divisor=d) for d in ("n-1", "n")}
    nearest = {d: nearest_feasible(mean, sd, n, scale=SCALE, sd_divisor=d) for d in ("n-1", "n")}
    if len(feasible["n-1"]):
        return RatingSets(measure, mean, sd, feasible, nearest, feasible["n-1"], "feasible (n-1)")
    return RatingSets(measure, mean, sd, feasible, nearest, nearest["n-1"][0], "nearest (n-1)")


def _values(freq: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(SCALE[0], SCALE[1] + 1), np.asarray(freq, dtype=int))


def _fmt(x: float, text: str) -> str:
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return f"{x:.{decimals + 3}f}"


def deviations(frame: pd.DataFrame, sets: dict | None = None) -> pd.DataFrame:
    """Printed versus recomputed mean and SD for every rating and composite of Table 3.

    Parameters
    ----------
    frame : pandas.DataFrame
        MITI sessions with the four global ratings (e.g. the book's reconstruction).
    sets : dict, optional
        Rating → :class:`RatingSets`; computed when not given.

    Returns
    -------
    pandas.DataFrame
        Two rows (mean, SD) per rating and composite: ``measure, statistic, printed,
        recomputed`` (three more decimals than printed), ``rounds_to_printed`` (``yes`` or
        ``no``), ``source`` (the rating's candidate set, or ``pairing`` for a composite) and
        ``note``, a sentence on why a value does or does not match.

    Examples
    --------
    >>> from mibook.inputs.provenance import chapter_data
    >>> table = deviations(chapter_data("miti").frame)
    >>> table.loc[table["measure"] == "partnership", ["statistic", "printed", "recomputed"]]
      statistic printed recomputed
    4      mean    3.55    3.55000
    5        sd    0.67    0.68633
    >>> for part in table.loc[5, "note"].split("; "):
    ...     print(part)
    no 20 ratings give mean 3.55 and sample SD 0.67
    the nearest sample is used
    its population SD (divisor n), 0.6690, rounds to 0.67
    """
    sets = sets or {r: rating_sets(r) for r in RATINGS}
    rows = []
    data = {r: frame[r].astype(float) for r in RATINGS}
    for c, (r1, r2) in COMPOSITES.items():
        data[c] = composite(data[r1], data[r2])
    for measure, values in data.items():
        m, s = printed(measure)
        mean, sd, sd_pop = (
            float(values.mean()),
            float(values.std(ddof=1)),
            float(values.std(ddof=0)),
        )
        for stat, rep, got in (("mean", m, mean), ("sd", s, sd)):
            ok = computed_rounds_to(got, rep)
            if measure in sets:
                rs = sets[measure]
                if ok:
                    note = "rounds to the printed value"
                elif (
                    len(rs.feasible["n-1"]) == 0
                    and len(rs.feasible["n"])
                    and stat == "sd"
                    and computed_rounds_to(sd_pop, rep)
                ):
                    note = (
                        f"no {N_SESSIONS} ratings give mean {m} and sample SD {s}; the nearest "
                        f"sample is used; its population SD (divisor n), {sd_pop:.4f}, rounds "
                        f"to {s}"
                    )
                elif stat == "mean":
                    note = (
                        f"no {N_SESSIONS} integer ratings average {m} (GRIM); the nearest "
                        "possible sample is used"
                    )
                else:
                    note = (
                        f"no {N_SESSIONS} ratings give mean {m} and SD {s} with either divisor; "
                        "the nearest possible sample is used"
                    )
            else:
                if ok:
                    note = "rounds to the printed value"
                elif stat == "mean":
                    note = (
                        "the composite's mean is fixed by its two ratings' means and cannot match"
                    )
                else:
                    note = (
                        "the nearest SD that any pairing of these ratings allows (the sum of "
                        "squares moves in steps of 2)"
                    )
            rows.append(
                {
                    "measure": measure,
                    "statistic": stat,
                    "printed": rep,
                    "recomputed": _fmt(got, rep),
                    "rounds_to_printed": "yes" if ok else "no",
                    "source": sets[measure].source if measure in sets else "pairing",
                    "note": note,
                }
            )
    return pd.DataFrame(rows)


def feasible_distribution() -> pd.DataFrame:
    """How often each rating value can occur in the samples that agree with Table 3.

    For each rating and SD divisor: per rating value 1–5 the min, median and max count over
    the feasible set (or, when it is empty, over the nearest possible samples).

    Returns
    -------
    pandas.DataFrame
        One row per rating, divisor and value: ``measure, divisor, set`` (``feasible`` or
        ``nearest``), ``size`` (samples in that set), ``feasible_size``, ``value``, ``n`` (the
        sessions in each sample), ``min``, ``median`` and ``max``.

    Examples
    --------
    >>> table = feasible_distribution()
    >>> part = table[(table["measure"] == "partnership") & (table["divisor"] == "n")]
    >>> part[["value", "set", "size", "min", "median", "max"]]
        value       set  size  min  median  max
    25      1  feasible     3    0     0.0    0
    26      2  feasible     3    0     1.0    2
    27      3  feasible     3    5     8.0   11
    28      4  feasible     3    7    10.0   13
    29      5  feasible     3    0     1.0    2
    """
    rows = []
    for r in RATINGS:
        sets = rating_sets(r)
        for divisor in ("n-1", "n"):
            freqs, kind = sets.working(divisor)
            for k, value in enumerate(range(SCALE[0], SCALE[1] + 1)):
                col = freqs[:, k]
                rows.append(
                    {
                        "measure": r,
                        "divisor": divisor,
                        "set": kind,
                        "size": int(len(freqs)),
                        "feasible_size": int(len(sets.feasible[divisor])),
                        "value": value,
                        "n": int(freqs[0].sum()),
                        "min": int(col.min()),
                        "median": float(np.median(col)),
                        "max": int(col.max()),
                    }
                )
    return pd.DataFrame(rows)


def _max_pairs_at_least(a: np.ndarray, b: np.ndarray, total: float) -> int:
    """Most pairs (a value of ``a`` with one of ``b``) whose sum is >= total, over all pairings."""
    a, b = np.sort(a), np.sort(b)
    n = len(a)
    for k in range(n, 0, -1):  # k largest of a against the k largest of b, in reverse order
        if np.all(a[n - k :] + b[n - k :][::-1] >= total - 1e-9):
            return k
    return 0


def _max_pairs_below(a: np.ndarray, b: np.ndarray, total: float) -> int:
    a, b = np.sort(a), np.sort(b)
    for k in range(len(a), 0, -1):  # k smallest of a against the k smallest of b, reversed
        if np.all(a[:k] + b[:k][::-1] < total - 1e-9):
            return k
    return 0


def share_bounds(thresholds: dict) -> pd.DataFrame:
    """Fewest and most sessions at or above each threshold that Table 3's ratings allow.

    Ratings use their own feasible set; composites every pairing of every pair of component
    samples (the composite's own printed SD is not imposed, so the bounds are wide rather than
    tight).

    Parameters
    ----------
    thresholds : dict
        ``{measure: [(label, value), ...]}`` for ratings and composites.

    Returns
    -------
    pandas.DataFrame
        One row per measure, threshold and SD divisor: ``measure, level, threshold, divisor,
        set`` (``feasible`` or ``nearest``; for a composite, ``feasible`` only when both of
        its ratings have a feasible set), ``n``, ``min_at_or_above``, ``max_at_or_above``,
        ``min_percent`` and ``max_percent``.

    Notes
    -----
    For a rating, the count of sessions at or above the threshold is taken in every sample
    of its set, and the bounds are the smallest and largest count. For a composite, whose
    session scores are ``(a_i + b_j) / 2`` for some pairing of a sample ``a`` of one rating
    with a sample ``b`` of the other, the most sessions reaching ``t`` over all pairings is
    the largest k for which the k largest values of ``a``, paired in reverse order with the k
    largest of ``b``, all reach ``2 t``; the fewest is n minus the most that can stay below,
    found the same way from the smallest values. The bounds are the extremes over every pair
    of samples.

    Examples
    --------
    >>> levels = {"technical": [("article", 3.0)], "partnership": [("article", 4.0)]}
    >>> bounds = share_bounds(levels)
    >>> bounds[["measure", "divisor", "set", "min_at_or_above", "max_at_or_above"]]
           measure divisor       set  min_at_or_above  max_at_or_above
    0    technical     n-1   nearest               10               20
    1    technical       n   nearest               10               20
    2  partnership     n-1   nearest                9               13
    3  partnership       n  feasible                9               13
    """
    sets = {r: rating_sets(r) for r in RATINGS}
    rows = []
    for measure, levels in thresholds.items():
        for divisor in ("n-1", "n"):
            if measure in sets:
                freqs, kind = sets[measure].working(divisor)
                per_level = {
                    label: [at_or_above(_values(f), t) for f in freqs] for label, t in levels
                }
            else:
                r1, r2 = COMPOSITES[measure]
                f1, k1 = sets[r1].working(divisor)
                f2, k2 = sets[r2].working(divisor)
                kind = "feasible" if k1 == k2 == "feasible" else "nearest"
                per_level = {}
                for label, t in levels:
                    lo, hi = [], []
                    for a in f1:
                        for b in f2:
                            va, vb = _values(a), _values(b)
                            hi.append(_max_pairs_at_least(va, vb, 2 * t))
                            lo.append(len(va) - _max_pairs_below(va, vb, 2 * t))
                    per_level[label] = lo + hi
            for label, t in levels:
                c = per_level[label]
                rows.append(
                    {
                        "measure": measure,
                        "level": label,
                        "threshold": float(t),
                        "divisor": divisor,
                        "set": kind,
                        "n": N_SESSIONS,
                        "min_at_or_above": int(min(c)),
                        "max_at_or_above": int(max(c)),
                        "min_percent": 100.0 * min(c) / N_SESSIONS,
                        "max_percent": 100.0 * max(c) / N_SESSIONS,
                    }
                )
    return pd.DataFrame(rows)
