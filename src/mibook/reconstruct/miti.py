"""Reconstructed MITI global ratings for 20 sessions from Table 3 of Foldal et al. (2021).

Table 3 prints, for each of the four MITI global ratings, a mean and SD over the 20 coded
sessions (Methods), and the same for the technical and relational composites. For each rating:

1. :func:`mibook.analysis.table3.rating_sets` lists every distinct sample of 20 integers on 1–5
   whose mean and SD round to the printed ones (:func:`mibook.checks.feasible.feasible_samples`),
   with the sample SD (divisor n−1) and the population SD (divisor n).
2. If the n−1 set is non-empty the reconstruction draws from it; otherwise the printed pair is
   impossible, which is recorded, and the samples *nearest* to it
   (:func:`mibook.checks.feasible.nearest_feasible`, divisor n−1) are used instead; the deviation
   (printed versus recomputed) is recorded in the table of deviations that :func:`reconstruct`
   returns (:func:`mibook.analysis.table3.deviations`).
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
from pathlib import Path

import numpy as np
import pandas as pd

from mibook import paths
from mibook.analysis.table3 import RATINGS, _unit, _values, deviations, printed, rating_sets
from mibook.files import write_csv_atomic
from mibook.inputs.miti_scores import COMPOSITES, composite
from mibook.published.reading import N_CASEWORKERS, N_SESSIONS

SEED = 20210521

#: The columns of ``data/reconstructed/miti.csv``.
COLUMNS = ["session_id", "caseworker_id", *RATINGS]

#: Random starting pairings tried per combination of candidates (besides sorted, anti-sorted).
N_RANDOM_PAIRINGS = 12


def _composite_distance(a: np.ndarray, b: np.ndarray, target: tuple[str, str]) -> float:
    """Mean distance plus SD distance (in printed units): a sum, so that the SD is still fitted
    when the mean cannot be (the composite mean is fixed by the two ratings' means)."""
    c = composite(a, b)
    m, s = target
    return abs(float(c.mean()) - float(m)) / _unit(m) + abs(
        float(c.std(ddof=1)) - float(s)
    ) / _unit(s)


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


def best_pairing(
    first: np.ndarray, second: np.ndarray, target: tuple[str, str], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, float]:
    """Pair the values of two ratings so that their composite is nearest the printed pair.

    Parameters
    ----------
    first, second : numpy.ndarray
        Frequency vectors of the two ratings on the MITI scale 1–5 (as from
        :func:`~mibook.checks.feasible.feasible_samples`).
    target : tuple of str
        The composite's printed mean and SD.
    rng : numpy.random.Generator
        Draws the random starting pairings.

    Returns
    -------
    first_values, second_values : numpy.ndarray
        The values of the first rating sorted, and of the second in the paired order.
    distance : float
        ``|mean - m| / u_m + |sd - s| / u_s`` of the composite, in units of the last printed
        decimals (0 would be an exact hit).

    Notes
    -----
    The sorted, the anti-sorted and :data:`N_RANDOM_PAIRINGS` random pairings are each
    improved by pairwise swaps while the distance decreases; the best result wins (ties: the
    first found).

    Examples
    --------
    Ten 3s and ten 4s in each rating, paired for a composite with mean 3.5 and SD 0.40:

    >>> from mibook.inputs.miti_scores import composite
    >>> counts = np.array([0, 0, 10, 10, 0])
    >>> a, b, d = best_pairing(counts, counts, ("3.5", "0.40"), np.random.default_rng(0))
    >>> c = composite(a, b)
    >>> float(c.mean()), round(float(c.std(ddof=1)), 3), round(d, 3)
    (3.5, 0.397, 0.264)
    """
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

    Parameters
    ----------
    seed : int, default SEED
        Seed of the generator for the pairings and the order of the sessions.

    Returns
    -------
    sessions : pandas.DataFrame
        One row per session: :data:`COLUMNS`, ratings as integers.
    deviations : pandas.DataFrame
        One row per measure and statistic: ``measure, statistic, printed, recomputed,
        rounds_to_printed, source, note`` (:func:`mibook.analysis.table3.deviations`).

    Examples
    --------
    >>> sessions, deviations = reconstruct()
    >>> sessions["session_id"].iloc[0], sessions["caseworker_id"].iloc[:5].tolist()
    ('S01', ['CW1', 'CW2', 'CW3', 'CW4', 'CW1'])
    >>> deviations.iloc[3][["measure", "statistic", "printed", "recomputed"]].tolist()
    ['softening_sustain_talk', 'sd', '0.67', '0.67082']
    """
    rng = np.random.default_rng(seed)
    sets = {r: rating_sets(r) for r in RATINGS}
    columns = {}
    for name, (r1, r2) in COMPOSITES.items():
        target = printed(name)
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


def write(path: Path = paths.RECONSTRUCTED_MITI, seed: int = SEED) -> Path:
    """Write the reconstructed sessions to ``path`` (atomically, LF line ends).

    Parameters
    ----------
    path : pathlib.Path, default ``data/reconstructed/miti.csv``
        The target.
    seed : int, default SEED
        Passed to :func:`reconstruct`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    frame, _ = reconstruct(seed)
    rows = [
        {c: (int(v) if c in RATINGS else v) for c, v in row.items()}
        for row in frame.to_dict("records")
    ]
    write_csv_atomic(rows, COLUMNS, Path(path))
    return Path(path)
