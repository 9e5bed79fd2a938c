"""Reconstructed MITI global ratings for 20 sessions from Table 3 of Foldal et al. (2021).

Table 3 prints, for each of the four MITI global ratings, a mean and SD over the 20 coded
sessions (Methods), and the same for the technical and relational composites. For each rating:

1. :func:`rating_sets` lists every distinct sample of 20 integers on 1–5 whose mean and SD
   round to the printed ones (:func:`mibook.feasible.feasible_samples`), with the sample SD
   (divisor n−1) and the population SD (divisor n).
2. If the n−1 set is non-empty the reconstruction draws from it; otherwise the printed pair is
   impossible, which is recorded, and the samples *nearest* to it
   (:func:`mibook.feasible.nearest_feasible`, divisor n−1) are used instead; the deviation
   (recomputed minus printed) is recorded in :data:`DEVIATIONS` form by :func:`reconstruct`.
3. The ratings are paired into sessions so that the technical and relational composites'
   means and SDs come as close as possible to the printed ones: for every combination of
   candidate frequency vectors, a seeded set of random pairings plus the sorted and
   anti-sorted pairings are improved by pairwise swaps; the pairing with the smallest
   sum of mean and SD distances wins (ties: first found). Everything is deterministic.
4. Sessions are put in a seeded random order, named S01..S20 and given caseworkers CW1..CW4
   round-robin. That assignment is invented: the article reports no per-caseworker scores.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from mibook import paths, published
from mibook.consistency import computed_rounds_to
from mibook.feasible import feasible_samples, nearest_feasible, samples_to_values

SEED = 20210521
N_SESSIONS = int(published.value("no_txt_recorded_sessions"))  # Methods: MI Fidelity
N_CASEWORKERS = int(published.value("no_txt_recording_caseworkers"))
SCALE = (1, 5)
RATINGS = ("cultivating_change_talk", "softening_sustain_talk", "partnership", "empathy")
COMPOSITES = {"technical": ("cultivating_change_talk", "softening_sustain_talk"), "relational": ("partnership", "empathy")}
COLUMNS = ["session_id", "caseworker_id", *RATINGS]
N_RANDOM_PAIRINGS = 12


def printed(measure: str) -> tuple[str, str]:
    """Table 3's mean and SD strings of a rating or composite."""
    return published.value(f"no_t3_{measure}_mean"), published.value(f"no_t3_{measure}_sd")


def _unit(text: str) -> float:
    return 10.0 ** -(len(text.split(".", 1)[1]) if "." in text else 0)


def distance(mean: float, sd: float, printed_mean: str, printed_sd: str) -> float:
    """max(|mean − m| / u_m, |sd − s| / u_s) in units of the last printed decimal (≤ 0.5: rounds)."""
    return max(abs(mean - float(printed_mean)) / _unit(printed_mean), abs(sd - float(printed_sd)) / _unit(printed_sd))


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


def _composite_distance(a: np.ndarray, b: np.ndarray, target: tuple[str, str]) -> float:
    """Mean distance plus SD distance (in printed units): a sum, so that the SD is still fitted
    when the mean cannot be (the composite mean is fixed by the two ratings' means)."""
    c = (a + b) / 2
    m, s = target
    return abs(float(c.mean()) - float(m)) / _unit(m) + abs(float(c.std(ddof=1)) - float(s)) / _unit(s)


def _improve(a: np.ndarray, b: np.ndarray, target: tuple[str, str]) -> tuple[np.ndarray, float]:
    """Pairwise swaps of ``b`` while the composite distance decreases (first improvement)."""
    b = b.copy()
    best = _composite_distance(a, b, target)
    improved = True
    while improved:
        improved = False
        for i, j in itertools.combinations(range(len(b)), 2):
            if b[i] == b[j] or a[i] == a[j]:
                continue
            b[i], b[j] = b[j], b[i]
            d = _composite_distance(a, b, target)
            if d < best - 1e-12:
                best, improved = d, True
            else:
                b[i], b[j] = b[j], b[i]
    return b, best


def best_pairing(first: np.ndarray, second: np.ndarray, target: tuple[str, str], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    """Pair the values of two ratings so that their composite is nearest the printed pair."""
    a = np.sort(_values(first))
    b0 = np.sort(_values(second))
    starts = [b0, b0[::-1].copy()] + [rng.permutation(b0) for _ in range(N_RANDOM_PAIRINGS)]
    best = None
    for start in starts:
        b, d = _improve(a, start, target)
        if best is None or d < best[2] - 1e-12:
            best = (a, b, d)
    return best


def reconstruct(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 20 reconstructed sessions and a table of what was matched and what deviates.

    Returns ``(sessions, deviations)``; ``deviations`` has one row per measure and statistic:
    ``measure, statistic, printed, recomputed, rounds_to_printed, source, note``.
    """
    rng = np.random.default_rng(seed)
    sets = {r: rating_sets(r) for r in RATINGS}
    columns = {}
    for composite, (r1, r2) in COMPOSITES.items():
        target = printed(composite)
        best = None
        for f1 in sets[r1].candidates:
            for f2 in sets[r2].candidates:
                a, b, d = best_pairing(f1, f2, target, rng)
                if best is None or d < best[2] - 1e-12:
                    best = (a, b, d)
        columns[r1], columns[r2] = best[0], best[1]
    frame = pd.DataFrame(columns)[list(RATINGS)]
    order = rng.permutation(N_SESSIONS)
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "caseworker_id", [f"CW{i % N_CASEWORKERS + 1}" for i in range(N_SESSIONS)])
    frame.insert(0, "session_id", [f"S{i + 1:02d}" for i in range(N_SESSIONS)])
    return frame, deviations(frame, sets)


def _fmt(x: float, text: str) -> str:
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return f"{x:.{decimals + 3}f}"


def _rounds(x: float, text: str) -> bool:
    return computed_rounds_to(x, text)


def deviations(frame: pd.DataFrame, sets: dict | None = None) -> pd.DataFrame:
    """Printed versus recomputed mean and SD for every rating and composite of Table 3."""
    sets = sets or {r: rating_sets(r) for r in RATINGS}
    rows = []
    data = {r: frame[r].astype(float) for r in RATINGS}
    for c, (r1, r2) in COMPOSITES.items():
        data[c] = (data[r1] + data[r2]) / 2
    for measure, values in data.items():
        m, s = printed(measure)
        mean, sd, sd_pop = float(values.mean()), float(values.std(ddof=1)), float(values.std(ddof=0))
        for stat, rep, got in (("mean", m, mean), ("sd", s, sd)):
            ok = _rounds(got, rep)
            if measure in sets:
                rs = sets[measure]
                if ok:
                    note = "rounds to the printed value"
                elif len(rs.feasible["n-1"]) == 0 and len(rs.feasible["n"]) and stat == "sd" and _rounds(sd_pop, rep):
                    note = (f"no {N_SESSIONS} ratings give mean {m} and sample SD {s}; the nearest sample is used; its "
                            f"population SD (divisor n), {sd_pop:.4f}, rounds to {s}")
                elif stat == "mean":
                    note = f"no {N_SESSIONS} integer ratings average {m} (GRIM); the nearest possible sample is used"
                else:
                    note = f"no {N_SESSIONS} ratings give mean {m} and SD {s} with either divisor; the nearest possible sample is used"
            else:
                if ok:
                    note = "rounds to the printed value"
                elif stat == "mean":
                    note = "the composite's mean is fixed by its two ratings' means and cannot match"
                else:
                    note = "the nearest SD that any pairing of these ratings allows (the sum of squares moves in steps of 2)"
            rows.append({"measure": measure, "statistic": stat, "printed": rep, "recomputed": _fmt(got, rep),
                         "rounds_to_printed": "yes" if ok else "no",
                         "source": sets[measure].source if measure in sets else "pairing", "note": note})
    return pd.DataFrame(rows)


def write(path: Path = paths.RECONSTRUCTED_MITI, seed: int = SEED) -> Path:
    """Write the reconstructed sessions to ``path`` (atomically, LF line ends)."""
    from mibook.reconstruct import write_csv_atomic

    frame, _ = reconstruct(seed)
    rows = [{c: (int(v) if c in RATINGS else v) for c, v in row.items()} for row in frame.to_dict("records")]
    write_csv_atomic(rows, COLUMNS, Path(path))
    return Path(path)
