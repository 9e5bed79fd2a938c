"""DEBIT: can a printed proportion and SD come from binary (0/1) data?"""

from __future__ import annotations

import math
from fractions import Fraction

from mibook.checks.grimmer import _divisor
from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    _MAX_ENUMERATION,
    Interval,
    _clip_nonnegative,
    _join,
    _rounded_phrase,
    _rule_note,
    decimals,
    reported_interval,
)

# ----------------------------------------------------------------------------- DEBIT


def _p_image(piece: Interval) -> Interval:
    """Image of p -> p(1-p) over an interval lying on one side of 1/2."""
    lo, hi = piece.lo * (1 - piece.lo), piece.hi * (1 - piece.hi)
    if piece.hi <= Fraction(1, 2):
        return Interval(lo, hi, piece.lo_closed, piece.hi_closed)
    return Interval(hi, lo, piece.hi_closed, piece.lo_closed)


def debit(
    mean: str,
    sd: str,
    n: int,
    rounding: str = "either",
    sd_divisor: str = "n-1",
    exact_counts: bool = False,
) -> CheckResult:
    """DEBIT: can a proportion ``mean`` of 1s among ``n`` binary values have the printed ``sd``?

    DEBIT (Heathers & Brown 2019). Consistent when some p printing as ``mean`` gives an SD
    printing as ``sd`` -- the whole interval of p is used, including the maximum at p = 1/2
    (scrutiny only evaluates the interval's two ends).

    Parameters
    ----------
    mean : str
        The printed proportion of 1s (between 0 and 1, not a percentage).
    sd : str
        The printed SD.
    n : int
        Number of values.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).
    sd_divisor : {"n-1", "n"}, default "n-1"
        The sample SD (divisor n - 1) or the population SD (divisor n).
    exact_counts : bool, default False
        Also require p = k/n for an integer k.

    Returns
    -------
    CheckResult
        Undetermined (``consistent`` None) for n = 1 with the sample SD; inconsistent when
        the mean cannot be a proportion. Extras: ``p_interval`` (the interval of p, clipped
        to [0, 1]), ``sd_range`` (lowest and highest SD over it, floats for display), ``n``.

    Raises
    ------
    ValueError
        For an unknown ``sd_divisor`` or ``rounding``, or, with ``exact_counts``, more than a
        million counts to try.

    Notes
    -----
    The SD of binary data with a proportion p of 1s is::

        SD = sqrt(n / (n - 1) * p * (1 - p))     (sd_divisor="n":  sqrt(p * (1 - p)))

    ``p * (1 - p)`` increases up to p = 1/2 and decreases after it, so the image of the
    interval of p is found exactly on each side of 1/2 and compared with the squared interval
    of the printed SD.

    Examples
    --------
    Five 1s among ten values give SD 0.52705, at the peak p = 0.5 that scrutiny misses:

    >>> result = debit("0.5", "0.527", 10)
    >>> result.consistent
    True
    >>> print(result.detail)  # doctest: +NORMALIZE_WHITESPACE
    For binary data with a proportion p of 1s the sample SD is √(10/9·p(1−p)). The mean 0.5
    means p lies in [0.45, 0.55], which gives SDs from 0.5244 to 0.5270 (printed as 0.524 to
    0.527); the SD is largest at p = 0.5, which is inside this interval; the reported SD 0.527
    stands for [0.5265, 0.5275]: consistent.

    With 20 values p must be a multiple of 0.05, and none prints as 0.37:

    >>> debit("0.37", "0.50", 20).consistent
    True
    >>> debit("0.37", "0.50", 20, exact_counts=True).consistent
    False
    """
    check = "debit"
    div = _divisor(n, sd_divisor)
    if div == 0:
        return _result(check, None, f"A sample SD is undefined for n = {n}.")
    c = Fraction(n, div)
    p_int = reported_interval(mean, rounding).intersect(Interval(Fraction(0), Fraction(1)))
    sd_int = _clip_nonnegative(reported_interval(sd, rounding))
    target = sd_int.squared().scale(1 / c)  # the interval p(1-p) must hit
    formula = f"√({n}/{div}·p(1−p))" if div != n else "√(p(1−p))"
    if p_int.empty:
        return _result(
            check, False, f"A proportion of 1s must lie between 0 and 1; {mean} does not."
        )
    half = Fraction(1, 2)
    pieces = [
        p_int.intersect(Interval(Fraction(0), half)),
        p_int.intersect(Interval(half, Fraction(1))),
    ]
    images = [_p_image(p) for p in pieces if not p.empty]
    lo_img = min(images, key=lambda i: i.lo)
    hi_img = max(images, key=lambda i: i.hi)
    sd_lo = math.sqrt(c * lo_img.lo)
    sd_hi = math.sqrt(c * hi_img.hi)
    ok = any(img.overlaps(target) for img in images)
    counts_note = ""
    if exact_counts and ok:
        ks = p_int.scale(n).integers()
        if len(ks) > _MAX_ENUMERATION:
            raise ValueError("too many counts to enumerate")
        good = [k for k in ks if Fraction(k * (n - k), n * n) in target]
        ok = bool(good)
        counts_note = (
            f" With exactly k of {n} values equal to 1, k = {good[0]} works."
            if good
            else f" But p must be k/{n}: none of k = {_join([str(k) for k in ks[:6]], 'or')}"
            + ("…" if len(ks) > 6 else "")
            + " gives an SD that prints as "
            + sd
            + "."
        )
    peak = "; the SD is largest at p = 0.5, which is inside this interval" if half in p_int else ""
    rounded_lo = _rounded_phrase(Fraction(sd_lo).limit_denominator(10**12), decimals(sd), rounding)
    rounded_hi = _rounded_phrase(Fraction(sd_hi).limit_denominator(10**12), decimals(sd), rounding)
    detail = (
        f"For binary data with a proportion p of 1s the sample SD is {formula}. "
        f"The mean {mean} means p "
        f"lies in {p_int.describe()}{_rule_note(rounding)}, "
        f"which gives SDs from {sd_lo:.4f} to {sd_hi:.4f} "
        f"(printed as {rounded_lo} to {rounded_hi}){peak}; the reported SD {sd} stands for "
        f"{sd_int.describe()}: {'consistent' if ok else 'inconsistent'}." + counts_note
    )
    return _result(check, ok, detail, p_interval=p_int, sd_range=(sd_lo, sd_hi), n=n)
