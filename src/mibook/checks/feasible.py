"""Exact enumeration of the samples that agree with a reported mean and SD (CLOSURE).

Given a reported mean and standard deviation (as *strings*, so that their number of
decimals gives the reporting precision), a sample size ``n`` and the integer bounds of a
response scale, :func:`feasible_samples` lists every distinct sample of ``n`` integers on the
scale whose exact mean and SD both round to the reported strings. This is the problem solved
by CLOSURE (Complete Listing of Original Samples of Underlying Raw Evidence), an algorithm that
Nathanael Larigaldie first wrote in Python (CLOSURE-Python); Lukas Jung's R package *unsum* is an
interface to a faster implementation of it in Rust (the crate *closure-core*).

Rounding rule
-------------
A computed value ``x`` rounds to a reported string ``r`` with ``d`` decimals when
``|x - r| <= 0.5 * 10**-d``: ties are included, so a value exactly half-way between two
reportable numbers is accepted for both (rounding up or down). Every comparison is done with
exact integer / :class:`fractions.Fraction` arithmetic, never with floats:

* the mean is ``S / n`` for an integer sum ``S``, so the admissible sums form one integer
  interval ``[ceil(n (m - h)), floor(n (m + h))]``;
* with the sum of squares ``Q``, the variance is ``W / D`` with ``W = n Q - S**2`` and
  ``D = n (n - 1)`` (``sd_divisor="n-1"``) or ``D = n**2`` (``"n"``). The SD lies in
  ``[max(0, s - h), s + h]`` exactly when ``W`` lies in ``[ceil(lo**2 D), floor(hi**2 D)]``,
  so for each admissible ``S`` the admissible ``Q`` form one integer interval too.

Algorithm
---------
A distinct sample is a multiset, i.e. a frequency vector ``(c_0, ..., c_{k-1})`` of counts of
the ``k`` scale values (shifted to ``0..k-1``; the SD is shift invariant). The task is to
list all non-negative integer vectors with ``sum c = n``, ``sum v c = S`` and
``sum v**2 c = Q`` for each admissible pair. The search fixes the counts of the highest values
first, level by level, *vectorised over all partial samples at once with NumPy* (a
breadth-first search over arrays rather than a recursive Python loop):

1. For value ``j`` and a partial state (remaining count ``r``, remaining sum ``s``, sum of
   squares so far ``q``), the count ``c_j`` ranges over
   ``max(0, s - (j-1) r) .. min(r, s // j)`` (the remaining values ``0..j-1`` must be able
   to carry the rest of the sum).
2. States whose sum-of-squares window can no longer be reached are pruned: for ``r`` values
   on ``0..j-1`` with sum ``s``, the sum of squares is minimised by the most equal split and
   maximised by the most extreme split (all at ``0`` or ``j-1`` but one).
3. When only the values ``0, 1, 2`` remain, the counts are solved in closed form:
   ``c_1 + 2 c_2 = s`` and ``c_1 + 4 c_2 = q_rest`` give ``c_2 = (q_rest - s) / 2``, so each
   state yields an integer *interval* of ``c_2`` directly (no search at all).

Large searches are processed in chunks (depth first over chunks of states) so that memory
stays bounded; :func:`count_feasible` counts without materialising the samples.

Why hand-written
----------------
No maintained Python library enumerates the full CLOSURE set exactly and fast enough for
interactive use: Larigaldie's original Python code is a script rather than an installable
library, and ``scrutipy.closure`` (Python bindings to the Rust CLOSURE core) compares
with floating point tolerances and takes seconds for the README example (mean 2.7, SD 1.9,
n = 130 on 1..5), while this module needs milliseconds. ``scrutipy`` is used as the
*test oracle* (``tests/checks/test_feasible.py``), together with brute-force enumeration, and the
speed ratio is measured by ``benchmarks/bench_feasible.py``.

Conventions of ``scrutipy.closure`` (version 0.1.12) worth knowing when comparing:
``closure(mean, sd, n, scale_min, scale_max, rounding_error_mean=0.05,
rounding_error_sd=0.05)`` takes *floats* and explicit half-widths (pass
``0.5 * 10**-decimals`` yourself; the defaults suit one decimal only), returns raw sorted
samples (lists of ``n`` values, one per distinct multiset), uses the sample SD (``n - 1``)
only, and compares in floating point, so exact ties are usually but not always accepted
(mean "1.3", n = 12: 15/12 = 1.25 is dropped, while this module keeps it). For ``n = 2`` it
returns every pair of scale values regardless of mean and SD.

Examples
--------
>>> from mibook.checks.feasible import count_feasible, feasible_samples
>>> count_feasible("2.7", "1.9", 130)
5359
>>> feasible_samples("3.0", "1.41", 4)          # scale 1..5, sample SD
array([[0, 2, 1, 0, 1],
       [1, 0, 1, 2, 0]])
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np

from mibook.files import write_text_atomic

__all__ = [
    "feasible_samples",
    "count_feasible",
    "samples_to_values",
    "nearest_feasible",
    "write_frequencies_csv",
]

_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_SD_DIVISORS = ("n-1", "n")
# Maximum number of partial states created in one vectorised expansion step; larger
# expansions are split into chunks that are processed one after another.
_CHUNK_ROWS = 2_000_000


# --------------------------------------------------------------------------------------
# Argument parsing and validation
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Reported:
    """A reported decimal string as an exact fraction plus its number of decimals."""

    value: Fraction
    decimals: int

    @property
    def unit(self) -> Fraction:
        """One unit of the last reported decimal, e.g. 1/10 for "2.7"."""
        return Fraction(1, 10**self.decimals)


def _parse_reported(text: object, name: str) -> _Reported:
    if not isinstance(text, str):
        raise ValueError(
            f"{name} must be given as a string such as '2.7' (its decimals carry the "
            f"reporting precision), got {text!r} of type {type(text).__name__}"
        )
    stripped = text.strip()
    if not _NUMBER_RE.match(stripped):
        raise ValueError(f"{name} must be a plain decimal number such as '2.7', got {text!r}")
    decimals = len(stripped.split(".", 1)[1]) if "." in stripped else 0
    return _Reported(Fraction(Decimal(stripped)), decimals)


def _validate(mean, sd, n, scale, sd_divisor) -> tuple[_Reported, _Reported, int, int, int]:
    m = _parse_reported(mean, "mean")
    s = _parse_reported(sd, "sd")
    if s.value < 0:
        raise ValueError(f"sd must not be negative, got {sd!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"n must be an integer, got {n!r}")
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    lo, hi = _validate_scale(scale)
    if sd_divisor not in _SD_DIVISORS:
        raise ValueError(
            f"sd_divisor must be 'n-1' (sample SD) or 'n' (population SD), got {sd_divisor!r}"
        )
    if sd_divisor == "n-1" and n == 1:
        raise ValueError(
            "the sample SD (sd_divisor='n-1') is undefined for n = 1; use sd_divisor='n'"
        )
    return m, s, n, lo, hi


def _validate_scale(scale) -> tuple[int, int]:
    try:
        lo, hi = scale
    except (TypeError, ValueError):
        raise ValueError(f"scale must be a pair (min, max) of integers, got {scale!r}") from None
    for v in (lo, hi):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"scale bounds must be integers, got {scale!r}")
    lo, hi = int(lo), int(hi)
    if lo >= hi:
        raise ValueError(f"scale minimum must be smaller than its maximum, got {scale!r}")
    return lo, hi


# --------------------------------------------------------------------------------------
# Exact admissible (S, Q) windows
# --------------------------------------------------------------------------------------
def _windows(
    m: Fraction, hm: Fraction, s: Fraction, hs: Fraction, n: int, lo: int, k: int, divisor: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Admissible shifted sums S' and, per S', the inclusive window [Qlo, Qhi] of the shifted
    sum of squares, for |mean - m| <= hm and |sd - s| <= hs (exact arithmetic)."""
    s_min = max(math.ceil(n * (m - hm)) - n * lo, 0)
    s_max = min(math.floor(n * (m + hm)) - n * lo, n * (k - 1))
    D = n * (n - 1) if divisor == "n-1" else n * n
    sd_lo = max(Fraction(0), s - hs)
    sd_hi = s + hs
    w_lo = math.ceil(sd_lo * sd_lo * D)
    w_hi = math.floor(sd_hi * sd_hi * D)
    sums, qlos, qhis = [], [], []
    for S in range(s_min, s_max + 1):
        q_lo = -((-(S * S + w_lo)) // n)  # ceil
        q_hi = (S * S + w_hi) // n
        if q_lo <= q_hi:
            sums.append(S)
            qlos.append(q_lo)
            qhis.append(q_hi)
    as_arr = lambda x: np.asarray(x, dtype=np.int64)  # noqa: E731
    return as_arr(sums), as_arr(qlos), as_arr(qhis)


# --------------------------------------------------------------------------------------
# Vectorised search
# --------------------------------------------------------------------------------------
@dataclass
class _States:
    """Partial samples: counts already fixed for the highest values (``fixed[:, i]`` is the
    count of value ``k-1-i``), remaining count ``r``, remaining sum ``s``, sum of squares so
    far ``q``, and the target window ``[qlo, qhi]`` of the total sum of squares."""

    fixed: np.ndarray
    r: np.ndarray
    s: np.ndarray
    q: np.ndarray
    qlo: np.ndarray
    qhi: np.ndarray

    def take(self, idx) -> _States:
        return _States(
            self.fixed[idx], self.r[idx], self.s[idx], self.q[idx], self.qlo[idx], self.qhi[idx]
        )

    def __len__(self) -> int:
        return len(self.r)


@dataclass
class _Leaves:
    """Final search stage: per state, all ``c_2`` in ``[a, b]`` give a solution, with
    ``c_1 = s - 2 c_2`` and ``c_0 = r - s + c_2`` (for ``k == 2``: ``a == b == 0``)."""

    states: _States
    a: np.ndarray
    b: np.ndarray


def _expand_ranges(cmin: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index and value for every integer in ``cmin[i] .. cmin[i] + length[i] - 1``."""
    total = int(length.sum())
    idx = np.repeat(np.arange(len(length)), length)
    starts = np.cumsum(length) - length
    vals = np.arange(total, dtype=np.int64) - np.repeat(starts - cmin, length)
    return idx, vals


def _sq_bounds(r: np.ndarray, s: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max sum of squares of ``r`` integers in ``0..top`` summing to ``s``."""
    a = s // np.maximum(r, 1)
    b = s - a * r
    qmin = (r - b) * a * a + b * (a + 1) * (a + 1)
    t = s // top
    rem = s - t * top
    qmax = t * top * top + rem * rem
    return qmin, qmax


def _descend(j: int, st: _States, k: int) -> Iterator[_Leaves]:
    """Fix the count of value ``j`` for every state (then ``j-1``, ...), yielding leaves."""
    if len(st) == 0:
        return
    if j == 2:  # closed form for the values 0, 1, 2
        rest_lo = st.qlo - st.q - st.s
        rest_hi = st.qhi - st.q - st.s
        a = np.maximum(np.maximum(-((-rest_lo) // 2), st.s - st.r), 0)
        b = np.minimum(rest_hi // 2, st.s // 2)
        keep = a <= b
        yield _Leaves(st.take(keep), a[keep], b[keep])
        return
    if j == 1:  # only possible when k == 2: c_1 = s, sum of squares = s
        qtot = st.q + st.s
        keep = (qtot >= st.qlo) & (qtot <= st.qhi)
        zeros = np.zeros(int(keep.sum()), dtype=np.int64)
        yield _Leaves(st.take(keep), zeros, zeros)
        return
    cmin = np.maximum(st.s - (j - 1) * st.r, 0)
    cmax = np.minimum(st.r, st.s // j)
    length = np.maximum(cmax - cmin + 1, 0)
    total = int(length.sum())
    if total > _CHUNK_ROWS and len(st) > 1:
        # process in chunks of states whose expansion fits into _CHUNK_ROWS (depth first)
        csum = np.cumsum(length)
        start = 0
        while start < len(st):
            base = csum[start - 1] if start else 0
            stop = int(np.searchsorted(csum, base + _CHUNK_ROWS, side="right"))
            stop = max(stop, start + 1)
            yield from _descend(j, st.take(slice(start, stop)), k)
            start = stop
        return
    idx, c = _expand_ranges(cmin, length)
    r = st.r[idx] - c
    s = st.s[idx] - j * c
    q = st.q[idx] + (j * j) * c
    qlo, qhi = st.qlo[idx], st.qhi[idx]
    rmin, rmax = _sq_bounds(r, s, j - 1)
    keep = (q + rmin <= qhi) & (q + rmax >= qlo)
    fixed = np.concatenate([st.fixed[idx][keep], c[keep, None]], axis=1)
    nxt = _States(fixed, r[keep], s[keep], q[keep], qlo[keep], qhi[keep])
    yield from _descend(j - 1, nxt, k)


def _search(
    m: Fraction, hm: Fraction, s: Fraction, hs: Fraction, n: int, lo: int, k: int, divisor: str
) -> Iterator[_Leaves]:
    sums, qlos, qhis = _windows(m, hm, s, hs, n, lo, k, divisor)
    if len(sums) == 0:
        return
    st = _States(
        fixed=np.zeros((len(sums), 0), dtype=np.int64),
        r=np.full(len(sums), n, dtype=np.int64),
        s=sums,
        q=np.zeros(len(sums), dtype=np.int64),
        qlo=qlos,
        qhi=qhis,
    )
    yield from _descend(k - 1, st, k)


def _leaves_to_freqs(leaves: _Leaves, k: int) -> np.ndarray:
    length = leaves.b - leaves.a + 1
    idx, c2 = _expand_ranges(leaves.a, length)
    st = leaves.states
    r, s = st.r[idx], st.s[idx]
    out = np.empty((len(idx), k), dtype=np.int64)
    if k == 2:
        out[:, 0] = r - s
        out[:, 1] = s
        return out
    out[:, 0] = r - s + c2
    out[:, 1] = s - 2 * c2
    out[:, 2] = c2
    # fixed[:, i] holds the count of value k-1-i; place them as columns 3..k-1
    out[:, 3:] = st.fixed[idx][:, ::-1]
    return out


def _lexsort_rows(freqs: np.ndarray) -> np.ndarray:
    """Sort rows lexicographically (column 0 first)."""
    if len(freqs) <= 1:
        return freqs
    k = freqs.shape[1]
    base = int(freqs.max()) + 1
    if base**k < 2**62:
        # one mixed-radix integer key per row: a single argsort, much faster than lexsort
        weights = np.array([base ** (k - 1 - i) for i in range(k)], dtype=np.int64)
        order = np.argsort(freqs @ weights, kind="stable")
    else:
        order = np.lexsort(freqs.T[::-1])
    return freqs[order]


def _half_unit(rep: _Reported, width: Fraction = Fraction(1, 2)) -> Fraction:
    return width * rep.unit


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------
def feasible_samples(
    mean: str, sd: str, n: int, scale: tuple[int, int] = (1, 5), sd_divisor: str = "n-1"
) -> np.ndarray:
    """All distinct samples whose mean and SD round to the reported strings.

    Parameters
    ----------
    mean, sd : str
        Reported mean and standard deviation as strings; their number of decimals is the
        reporting precision ("2.7" means 1 decimal, "3.10" means 2). A computed value is
        accepted when it lies within half a unit of the last decimal, ties included.
    n : int
        Sample size (at least 1; at least 2 for ``sd_divisor="n-1"``).
    scale : tuple of int, default (1, 5)
        Inclusive integer bounds ``(min, max)`` of the response scale.
    sd_divisor : {"n-1", "n"}, default "n-1"
        Sample SD (divide the sum of squared deviations by ``n - 1``) or population SD
        (divide by ``n``).

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(K, max - min + 1)``: one row per distinct sample, giving
        the count of each scale value (column ``i`` is the value ``min + i``), rows sorted
        lexicographically. ``K == 0`` when the reported statistics are inconsistent.

    Raises
    ------
    ValueError
        On a non-numeric mean or sd string, a negative sd, ``n < 1``, scale min >= max,
        an unknown ``sd_divisor``, or ``n == 1`` with ``sd_divisor="n-1"``.

    Examples
    --------
    >>> from mibook.checks.feasible import feasible_samples
    >>> f = feasible_samples("2.7", "1.9", 130)
    >>> f.shape
    (5359, 5)
    >>> f[0].tolist(), int(f[0] @ [1, 2, 3, 4, 5])   # counts of 1..5, and the sum
    ([56, 23, 0, 0, 51], 357)
    """
    m, s, n, lo, hi = _validate(mean, sd, n, scale, sd_divisor)
    k = hi - lo + 1
    blocks = [
        _leaves_to_freqs(lv, k)
        for lv in _search(m.value, _half_unit(m), s.value, _half_unit(s), n, lo, k, sd_divisor)
    ]
    if not blocks:
        return np.zeros((0, k), dtype=np.int64)
    return _lexsort_rows(np.concatenate(blocks, axis=0))


def count_feasible(
    mean: str, sd: str, n: int, scale: tuple[int, int] = (1, 5), sd_divisor: str = "n-1"
) -> int:
    """Number of distinct samples whose mean and SD round to the reported strings.

    Same rule and arguments as :func:`feasible_samples`, but the samples are counted
    without being materialised (the last three scale values are solved as integer
    intervals), so memory stays small even when there are millions of samples.

    Parameters
    ----------
    mean, sd : str
        Reported mean and SD as strings (decimals give the precision).
    n : int
        Sample size.
    scale : tuple of int, default (1, 5)
        Inclusive integer bounds of the scale.
    sd_divisor : {"n-1", "n"}, default "n-1"
        Sample or population SD.

    Returns
    -------
    int
        ``len(feasible_samples(mean, sd, n, scale, sd_divisor))``.

    Raises
    ------
    ValueError
        For invalid arguments, as :func:`feasible_samples`.

    Examples
    --------
    >>> from mibook.checks.feasible import count_feasible
    >>> count_feasible("2.7", "1.9", 130)
    5359
    >>> count_feasible("5.19", "1.00", 28, scale=(1, 9))   # GRIM-inconsistent mean
    0
    """
    m, s, n, lo, hi = _validate(mean, sd, n, scale, sd_divisor)
    k = hi - lo + 1
    return sum(
        int((lv.b - lv.a + 1).sum())
        for lv in _search(m.value, _half_unit(m), s.value, _half_unit(s), n, lo, k, sd_divisor)
    )


def samples_to_values(freqs: np.ndarray, scale: tuple[int, int] = (1, 5)) -> np.ndarray:
    """Expand frequency vectors into sorted raw values, one sample per row.

    Parameters
    ----------
    freqs : array_like of int, shape (K, k)
        Frequency vectors as returned by :func:`feasible_samples`; all rows must have the
        same total ``n``.
    scale : tuple of int, default (1, 5)
        Inclusive bounds of the scale; ``k`` must equal ``max - min + 1``.

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(K, n)``, each row sorted ascending (shape ``(0, 0)`` when
        ``K == 0``, because ``n`` cannot be inferred).

    Raises
    ------
    ValueError
        If ``freqs`` does not have one column per scale value, holds a negative count, or its
        rows have different totals.

    Examples
    --------
    >>> import numpy as np
    >>> from mibook.checks.feasible import samples_to_values
    >>> samples_to_values(np.array([[2, 0, 1], [1, 1, 1]]), scale=(0, 2))
    array([[0, 0, 2],
           [0, 1, 2]])
    """
    lo, hi = _validate_scale(scale)
    freqs = np.asarray(freqs)
    k = hi - lo + 1
    if freqs.ndim != 2 or freqs.shape[1] != k:
        raise ValueError(f"freqs must have shape (K, {k}) for scale {scale!r}, got {freqs.shape}")
    if freqs.size and (freqs < 0).any():
        raise ValueError("freqs must not contain negative counts")
    if len(freqs) == 0:
        return np.zeros((0, 0), dtype=np.int64)
    totals = freqs.sum(axis=1)
    if (totals != totals[0]).any():
        raise ValueError("all frequency vectors must have the same total n")
    values = np.arange(lo, hi + 1, dtype=np.int64)
    flat = np.repeat(np.tile(values, len(freqs)), freqs.astype(np.int64).ravel())
    return flat.reshape(len(freqs), int(totals[0]))


def _distance(S: int, Q: int, n: int, lo: int, m: _Reported, s: _Reported, divisor: str):
    """Distance of the shifted moments (S, Q) from the reported pair, in units of the last
    reported decimals: (mean part, SD part) as 60-digit Decimals, plus the exact mean and SD
    as floats."""
    D = n * (n - 1) if divisor == "n-1" else n * n
    mean_exact = Fraction(S + n * lo, n)
    var_exact = Fraction(n * Q - S * S, D)
    with localcontext() as ctx:
        ctx.prec = 60
        dm = abs(mean_exact - m.value) / m.unit
        dm_dec = Decimal(dm.numerator) / Decimal(dm.denominator)
        sd_dec = (Decimal(var_exact.numerator) / Decimal(var_exact.denominator)).sqrt()
        s_dec = Decimal(s.value.numerator) / Decimal(s.value.denominator)
        ds_dec = abs(sd_dec - s_dec) * (10**s.decimals)
        return dm_dec, ds_dec, float(mean_exact), float(sd_dec)


def _moments_achievable(S: int, Q: int, n: int, k: int) -> bool:
    """Is there a sample of n values on 0..k-1 with sum S and sum of squares Q?

    Depth-first search with the same pruning as the enumeration, stopping at the first
    solution, with memoised failures (so the work stays polynomial)."""
    failed: set[tuple[int, int, int, int]] = set()

    def rec(j: int, r: int, s: int, q: int) -> bool:
        if s < 0 or q < 0 or s > j * r:
            return False
        if j == 1:
            return q == s
        if j == 2:
            twice = q - s
            if twice % 2:
                return False
            c2 = twice // 2
            return max(0, s - r) <= c2 <= s // 2
        if r == 0:
            return s == 0 and q == 0
        a = s // r
        b = s - a * r
        if q < (r - b) * a * a + b * (a + 1) * (a + 1):
            return False
        t = s // j
        if q > t * j * j + (s - t * j) ** 2:
            return False
        key = (j, r, s, q)
        if key in failed:
            return False
        for c in range(min(r, s // j), max(0, s - (j - 1) * r) - 1, -1):
            if rec(j - 1, r - c, s - j * c, q - j * j * c):
                return True
        failed.add(key)
        return False

    return rec(k - 1, n, S, Q)


def nearest_feasible(
    mean: str, sd: str, n: int, scale: tuple[int, int] = (1, 5), sd_divisor: str = "n-1"
) -> tuple[np.ndarray, float, float]:
    """The samples whose exact mean and SD come nearest to the reported pair.

    Meant for inconsistent reports (empty :func:`feasible_samples`): it shows how far off the
    closest possible data are. The distance of a sample is
    ``max(|mean - m| / u_m, |sd - s| / u_s)`` where ``u_m``, ``u_s`` are the units of the last
    reported decimals ("5.19" has ``u_m = 0.01``); a sample is feasible exactly when its
    distance is at most 0.5. It also works for consistent reports (then the returned samples
    are feasible).

    The distance depends only on the sum ``S`` and sum of squares ``Q``, so the search runs
    over moment pairs: sums in order of their mean distance, and for each sum the sums of
    squares (same parity as ``S``) walking outwards from the value that would hit the
    reported SD, each checked for achievability by a depth-first search that stops at the
    first sample. Distances are compared with 60-digit decimals. Ties are broken
    deterministically: among all samples at the minimal distance, the lexicographically
    smallest frequency vector fixes the (mean, sd) pair, and all samples with exactly that
    pair are returned.

    Parameters
    ----------
    mean, sd : str
        Reported mean and SD as strings.
    n : int
        Sample size.
    scale : tuple of int, default (1, 5)
        Inclusive integer bounds of the scale.
    sd_divisor : {"n-1", "n"}, default "n-1"
        Sample or population SD.

    Returns
    -------
    freqs : numpy.ndarray
        Shape ``(K, k)``, ``K >= 1``: the frequency vectors sharing the nearest achievable
        (mean, sd), sorted lexicographically (row 0 is the tie-break winner).
    mean : float
        Their exact mean (as a float).
    sd : float
        Their exact SD with the requested divisor (as a float).

    Raises
    ------
    ValueError
        For invalid arguments, as :func:`feasible_samples`.

    Examples
    --------
    >>> from mibook.checks.feasible import nearest_feasible
    >>> freqs, m, s = nearest_feasible("5.19", "1.00", 28, scale=(1, 9))
    >>> round(m, 4), round(s, 4)   # 145/28: the closest mean a sample of 28 can have
    (5.1786, 0.9833)
    >>> len(freqs), freqs[0].tolist()
    (54, [0, 0, 0, 2, 24, 0, 0, 1, 1])
    """
    m, s, n, lo, hi = _validate(mean, sd, n, scale, sd_divisor)
    k = hi - lo + 1
    D = n * (n - 1) if sd_divisor == "n-1" else n * n
    eps = Decimal("1e-40")
    s_sq_D = s.value * s.value * D

    with localcontext() as ctx:
        ctx.prec = 80  # comparisons with eps below must not round the 60-digit distances
        # sums in order of their (exact) mean distance
        target_S = m.value * n - n * lo
        sums = sorted(range(0, n * (k - 1) + 1), key=lambda S: (abs(S - target_S), S))
        best: Decimal | None = None
        hits: list[tuple[Decimal, int, int]] = []
        for S in sums:
            dm = abs(Fraction(S + n * lo, n) - m.value) / m.unit
            dm_dec = Decimal(dm.numerator) / Decimal(dm.denominator)
            if best is not None and dm_dec > best + eps:
                break
            # feasible range of Q for this S (parity of Q equals parity of S)
            a, b = divmod(S, n)
            q_min = (n - b) * a * a + b * (a + 1) * (a + 1)
            t = S // (k - 1)
            q_max = t * (k - 1) ** 2 + (S - t * (k - 1)) ** 2
            q_star = (S * S + s_sq_D) / n
            start = min(max(math.floor(q_star), q_min), q_max)
            if (start - S) % 2:
                start -= 1
            for direction in (-1, 1):
                q = start if direction == -1 else start + 2
                while q_min <= q <= q_max:
                    d_m, d_s, _, _ = _distance(S, q, n, lo, m, s, sd_divisor)
                    dist = max(d_m, d_s)
                    # moving away from q_star only increases the SD distance
                    moving_away = (q <= q_star) if direction == -1 else (q >= q_star)
                    if best is not None and dist > best + eps and moving_away:
                        break
                    if _moments_achievable(S, q, n, k):
                        if best is None or dist < best - eps:
                            best, hits = dist, [(dist, S, q)]
                        elif dist <= best + eps:
                            hits.append((dist, S, q))
                        # no break: farther q can still tie when the mean part dominates
                    q += 2 * direction
    assert best is not None  # some sample always exists
    # The lexicographically smallest sample over all tied moment pairs decides which
    # (mean, sd) pair is returned. Within a leaf of the search, c_0 = r - s + c_2 grows with
    # c_2, so each leaf's smallest row is the one at c_2 = a: only those rows are built.
    sums_arr = np.array([S for _, S, _ in hits], dtype=np.int64)
    qs_arr = np.array([Q for _, _, Q in hits], dtype=np.int64)
    winner = None
    for lv in _search_exact_moments(sums_arr, qs_arr, n, k):
        first_rows = _lexsort_rows(_leaves_to_freqs(_Leaves(lv.states, lv.a, lv.a), k))
        if len(first_rows) and (winner is None or tuple(first_rows[0].tolist()) < winner):
            winner = tuple(first_rows[0].tolist())
    vals = np.arange(k, dtype=np.int64)
    w = np.asarray(winner, dtype=np.int64)
    S, Q = int(w @ vals), int(w @ (vals * vals))
    one = np.ones(1, dtype=np.int64)
    blocks = [_leaves_to_freqs(lv, k) for lv in _search_exact_moments(one * S, one * Q, n, k)]
    freqs = _lexsort_rows(np.concatenate(blocks, axis=0))
    _, _, mean_f, sd_f = _distance(S, Q, n, lo, m, s, sd_divisor)
    return freqs, mean_f, sd_f


def _search_exact_moments(
    sums: np.ndarray, sqsums: np.ndarray, n: int, k: int
) -> Iterator[_Leaves]:
    """All samples whose shifted (sum, sum of squares) is one of the given pairs."""
    m = len(sums)
    st = _States(
        fixed=np.zeros((m, 0), dtype=np.int64),
        r=np.full(m, n, dtype=np.int64),
        s=np.asarray(sums, dtype=np.int64),
        q=np.zeros(m, dtype=np.int64),
        qlo=np.asarray(sqsums, dtype=np.int64),
        qhi=np.asarray(sqsums, dtype=np.int64),
    )
    yield from _descend(k - 1, st, k)


def write_frequencies_csv(
    freqs: np.ndarray, scale: tuple[int, int], path: str | os.PathLike
) -> None:
    """Write frequency vectors to CSV atomically.

    The header row lists the scale values (e.g. ``1,2,3,4,5``); each following row is one
    sample's counts. The file is first written to a temporary file in the destination
    folder and then moved into place with :func:`os.replace`, so readers never see a
    half-written file.

    Parameters
    ----------
    freqs : array_like of int, shape (K, k)
        Frequency vectors, e.g. from :func:`feasible_samples`.
    scale : tuple of int
        Inclusive bounds of the scale; ``k`` must equal ``max - min + 1``.
    path : str or os.PathLike
        Destination file; a missing folder is created.

    Raises
    ------
    ValueError
        If ``scale`` is not a pair of integers with min < max, or ``freqs`` does not have one
        column per scale value.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mibook.checks.feasible import feasible_samples, write_frequencies_csv
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = pathlib.Path(folder) / "closure.csv"
    ...     write_frequencies_csv(feasible_samples("3.0", "1.41", 4), (1, 5), out)
    ...     print(out.read_text(), end="")
    1,2,3,4,5
    0,2,1,0,1
    1,0,1,2,0
    """
    lo, hi = _validate_scale(scale)
    freqs = np.asarray(freqs)
    k = hi - lo + 1
    if freqs.ndim != 2 or freqs.shape[1] != k:
        raise ValueError(f"freqs must have shape (K, {k}) for scale {scale!r}, got {freqs.shape}")
    path = Path(path)
    lines = [",".join(str(v) for v in range(lo, hi + 1))]
    lines.extend(",".join(map(str, row)) for row in freqs.astype(np.int64).tolist())
    text = "\n".join(lines) + "\n"
    write_text_atomic(path, text)
