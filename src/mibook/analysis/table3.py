"""What Table 3 of Foldal et al. (2021) allows: the feasible sets of its ratings, the bounds on
sessions over a threshold, and how a set of sessions compares with the printed means and SDs.

Table 3 prints a mean and SD for each MITI global rating over the coded sessions (Methods) and
for the two composites. :func:`rating_sets` lists every sample of integer ratings that agrees with
a printed pair (:func:`mibook.checks.feasible.feasible_samples`), or the nearest possible samples
when none does; the reconstruction (:mod:`mibook.reconstruct.miti`) draws its ratings from them
and the MITI chapter shows what they allow.
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
    """Table 3's mean and SD strings of a rating or composite."""
    return published.value(f"no_t3_{measure}_mean"), published.value(f"no_t3_{measure}_sd")


def _unit(text: str) -> float:
    return 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)


def distance(mean: float, sd: float, printed_mean: str, printed_sd: str) -> float:
    """max(|mean − m| / u_m, |sd − s| / u_s) in units of the last printed decimal (≤ 0.5: rounds)."""
    return max(
        abs(mean - float(printed_mean)) / _unit(printed_mean),
        abs(sd - float(printed_sd)) / _unit(printed_sd),
    )


@dataclass
class RatingSets:
    """The feasible sets of one rating under both divisors, and the candidates used."""

    measure: str
    mean: str
    sd: str
    feasible: dict  # divisor -> (K, 5) array (possibly empty)
    nearest: dict  # divisor -> (freqs, mean, sd) from nearest_feasible
    candidates: np.ndarray  # the frequency vectors the reconstruction chooses among
    source: str  # "feasible (n-1)" or "nearest (n-1)"

    def working(self, divisor: str) -> tuple[np.ndarray, str]:
        """The feasible set under ``divisor``, or the nearest samples when it is empty."""
        if len(self.feasible[divisor]):
            return self.feasible[divisor], "feasible"
        return self.nearest[divisor][0], "nearest"


def rating_sets(measure: str, n: int = N_SESSIONS) -> RatingSets:
    """Feasible and nearest sets of one rating of Table 3 (n sessions, scale 1–5)."""
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
    """Printed versus recomputed mean and SD for every rating and composite of Table 3."""
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
                        f"no {N_SESSIONS} ratings give mean {m} and sample SD {s}; the nearest sample is used; its "
                        f"population SD (divisor n), {sd_pop:.4f}, rounds to {s}"
                    )
                elif stat == "mean":
                    note = f"no {N_SESSIONS} integer ratings average {m} (GRIM); the nearest possible sample is used"
                else:
                    note = f"no {N_SESSIONS} ratings give mean {m} and SD {s} with either divisor; the nearest possible sample is used"
            else:
                if ok:
                    note = "rounds to the printed value"
                elif stat == "mean":
                    note = (
                        "the composite's mean is fixed by its two ratings' means and cannot match"
                    )
                else:
                    note = "the nearest SD that any pairing of these ratings allows (the sum of squares moves in steps of 2)"
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
    """For each rating and SD divisor: per rating value 1–5 the min, median and max count over
    the feasible set (or, when it is empty, over the nearest possible samples)."""
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
                        "min": int(col.min()),
                        "median": float(np.median(col)),
                        "max": int(col.max()),
                    }
                )
    return pd.DataFrame(rows)


def _max_pairs_at_least(a: np.ndarray, b: np.ndarray, total: float) -> int:
    """Most pairs (one value of ``a`` with one of ``b``) whose sum is >= total, over all pairings."""
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

    ``thresholds``: ``{measure: [(label, value), ...]}`` for ratings and composites. Ratings use
    their own feasible set; composites every pairing of every pair of component samples (the
    composite's own printed SD is not imposed, so the bounds are wide rather than tight).
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
