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
    """DEBIT (Heathers & Brown 2019) for binary data: can a proportion ``mean`` of 1s among ``n``
    values have the printed ``sd``?

    The sample SD of binary data is ``sqrt(n/(n-1) * p(1-p))`` (``sd_divisor="n"``:
    ``sqrt(p(1-p))``). Consistent when some p printing as ``mean`` gives an SD printing as ``sd``
    -- the whole interval of p is used, including the maximum at p = 1/2 (scrutiny only evaluates
    the interval's two ends). With ``exact_counts=True`` p must also be k/n for an integer k.
    Extras: ``p_interval``, ``sd_range`` (floats, for display).
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
        f"For binary data with a proportion p of 1s the sample SD is {formula}. The mean {mean} means p "
        f"lies in {p_int.describe()}{_rule_note(rounding)}, which gives SDs from {sd_lo:.4f} to {sd_hi:.4f} "
        f"(printed as {rounded_lo} to {rounded_hi}){peak}; the reported SD {sd} stands for "
        f"{sd_int.describe()}: {'consistent' if ok else 'inconsistent'}." + counts_note
    )
    return _result(check, ok, detail, p_interval=p_int, sd_range=(sd_lo, sd_hi), n=n)
