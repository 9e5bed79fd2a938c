"""Composite scores (the average of two ratings) against their parts: means and SDs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    Interval,
    _clip_nonnegative,
    _fmt,
    _fmt_frac,
    _rule_note,
    _value,
    _weight,
    reported_interval,
)

# ----------------------------------------------------------------------------- composites


def _weights(k: int, weights: Sequence[Any] | None) -> list[Fraction]:
    if weights is None:
        return [Fraction(1, k)] * k
    ws = [_weight(w) for w in weights]
    if len(ws) != k:
        raise ValueError(f"{len(ws)} weights for {k} components")
    return ws


def composite_check(
    component_means: Sequence[str],
    composite_mean: str,
    weights: Sequence[Any] | None = None,
    rounding: str = "either",
) -> CheckResult:
    """The mean of a composite score must equal the weighted combination of the component means.

    By linearity of the mean; by default the composite is the plain average, e.g. technical =
    (change talk + sustain talk)/2. This assumes the composite and the components were computed
    on the same people (complete data).

    Parameters
    ----------
    component_means : sequence of str
        The printed means of the components.
    composite_mean : str
        The printed mean of the composite.
    weights : sequence of numbers, optional
        One weight per component (Fraction, Decimal, int, str, or float read through its
        repr); default ``1/k`` each, the average.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).

    Returns
    -------
    CheckResult
        Extras: ``implied`` (the interval of composite means the components allow) and
        ``point`` (the combination of the printed values, a Fraction).

    Raises
    ------
    ValueError
        If no component means are given, or the number of weights differs from theirs.

    Notes
    -----
    Each printed component mean ``m_i`` is known only within its rounding interval ``I_i``,
    so the composite's mean lies in ``sum(w_i * I_i)``; consistent when that interval meets
    the printed composite's interval.

    Examples
    --------
    >>> composite_check(["3.10", "2.90"], "3.00").consistent
    True
    >>> print(composite_check(["3.1", "2.9"], "3.2").detail)  # doctest: +NORMALIZE_WHITESPACE
    The composite mean must equal (3.1 + 2.9)/2 = 3 at the printed values; allowing for their
    rounding it lies in [2.95, 3.05]. The printed composite 3.2 stands for [3.15, 3.25], which
    does not overlap (gap 0.1): inconsistent.
    """
    comps = list(component_means)
    if not comps:
        raise ValueError("no component means")
    ws = _weights(len(comps), weights)
    acc = Interval(Fraction(0), Fraction(0))
    for m, w in zip(comps, ws):
        acc = acc + reported_interval(m, rounding).scale(w)
    point = sum((w * _value(m) for m, w in zip(comps, ws)), Fraction(0))
    reported = reported_interval(composite_mean, rounding)
    ok = acc.overlaps(reported)
    if weights is None:
        formula = f"({' + '.join(comps)})/{len(comps)}"
    else:
        formula = " + ".join(f"{_fmt_frac(w)}·{m}" for m, w in zip(comps, ws))
    detail = (
        f"The composite mean must equal {formula} = {_fmt(point, 6)} at the printed values; "
        "allowing for "
        f"their rounding{_rule_note(rounding)} it lies in {acc.describe()}. The printed composite "
        f"{composite_mean} stands for {reported.describe()}"
    )
    if ok:
        detail += ", which overlaps: consistent."
    else:
        gap = reported.lo - acc.hi if reported.lo > acc.hi else acc.lo - reported.hi
        detail += f", which does not overlap (gap {_fmt(gap, 6)}): inconsistent."
    return _result("composite_check", ok, detail, implied=acc, point=point)


def _r_at(s1: float, s2: float, c: float, w1: float, w2: float) -> float | None:
    den = 2 * w1 * w2 * s1 * s2
    if den == 0:
        return None
    return (c * c - (w1 * s1) ** 2 - (w2 * s2) ** 2) / den


def composite_sd_bounds(
    component_sds: Sequence[str],
    composite_sd: str,
    weights: Sequence[Any] | None = None,
    rounding: str = "either",
) -> CheckResult:
    """Can the printed SD of a composite of two components be right, given their SDs?

    The SD of a weighted combination of two components, ``w1*X1 + w2*X2`` (default: their
    average), lies between ``|w1*s1 - w2*s2|`` and ``|w1|*s1 + |w2|*s2`` (correlation -1 and +1;
    for the average: |s1 - s2|/2 and (s1 + s2)/2), widened by the rounding of s1 and s2.
    Consistent when the printed composite SD can lie in that range.

    Parameters
    ----------
    component_sds : sequence of str
        The printed SDs ``s1`` and ``s2`` of exactly two components.
    composite_sd : str
        The printed SD of the composite.
    weights : sequence of numbers, optional
        ``(w1, w2)``; default ``(1/2, 1/2)``, the average.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).

    Returns
    -------
    CheckResult
        Extras: ``possible`` (the interval of composite SDs the components allow),
        ``implied_r`` (the correlation implied at the printed values, a float, or None when a
        component SD is 0) and ``implied_r_range`` (its range over the rounding intervals,
        floats, or None).

    Raises
    ------
    ValueError
        If there are not exactly two components, or not two weights.

    Notes
    -----
    The detail also solves ::

        sd_c**2 = w1**2 * s1**2 + w2**2 * s2**2 + 2 * r * w1 * w2 * s1 * s2

    for the implied correlation ``r`` between the components; a value outside -1 … 1 is
    pointed out. The SD check itself is exact; ``r`` is computed in floats, for display.

    Examples
    --------
    >>> result = composite_sd_bounds(["0.80", "0.60"], "0.65")
    >>> result.consistent, round(result.implied_r, 2)
    (True, 0.72)
    >>> print(composite_sd_bounds(["0.80", "0.60"], "0.75").detail)
    ... # doctest: +NORMALIZE_WHITESPACE
    The SD of the average of two components with SDs s1 = 0.80 and s2 = 0.60 lies between
    |s1 − s2|/2 = 0.1 (correlation −1) and (s1 + s2)/2 = 0.7 (correlation +1); allowing for
    rounding, in [0.095, 0.705]. The printed composite SD 0.75 stands for [0.745, 0.755]:
    inconsistent. Solving sd_c² = (s1² + s2² + 2·r·s1·s2)/4 at the printed values gives
    r = 1.30 (between 1.24 and 1.37 allowing for rounding), outside the possible range −1 … 1.
    """
    sds = list(component_sds)
    if len(sds) != 2:
        raise ValueError("composite_sd_bounds handles exactly two components")
    w1, w2 = _weights(2, weights)
    i1 = _clip_nonnegative(reported_interval(sds[0], rounding)).scale(abs(w1))
    i2 = _clip_nonnegative(reported_interval(sds[1], rounding)).scale(abs(w2))
    upper = i1 + i2
    diff = i1 - i2  # a1 - a2 ranges over this interval; the lower bound is min |a1 - a2|
    if Fraction(0) in diff:
        low, low_closed = Fraction(0), True
    elif diff.lo > 0:
        low, low_closed = diff.lo, diff.lo_closed
    else:
        low, low_closed = -diff.hi, diff.hi_closed
    possible = Interval(low, upper.hi, low_closed, upper.hi_closed)
    reported = _clip_nonnegative(reported_interval(composite_sd, rounding))
    ok = possible.overlaps(reported)
    s1, s2, c = (_value(s) for s in (*sds, composite_sd))
    a1, a2 = abs(w1) * s1, abs(w2) * s2
    avg = weights is None
    if avg:
        lo_txt = f"|s1 − s2|/2 = {_fmt(abs(s1 - s2) / 2, 6)}"
        hi_txt = f"(s1 + s2)/2 = {_fmt((s1 + s2) / 2, 6)}"
    else:
        lo_txt = f"|w1·s1 − w2·s2| = {_fmt(abs(a1 - a2), 6)}"
        hi_txt = f"|w1|·s1 + |w2|·s2 = {_fmt(a1 + a2, 6)}"
    what = "average of two components" if avg else "weighted sum of two components"
    detail = (
        f"The SD of the {what} with SDs s1 = {sds[0]} and s2 = {sds[1]} lies between {lo_txt} "
        f"(correlation −1) and {hi_txt} (correlation +1); "
        f"allowing for rounding{_rule_note(rounding)}, "
        f"in {possible.describe()}. The printed composite SD {composite_sd} stands for "
        f"{reported.describe()}: {'consistent' if ok else 'inconsistent'}."
    )
    fw1, fw2 = float(w1), float(w2)
    r0 = _r_at(float(s1), float(s2), float(c), fw1, fw2)
    r_range = None
    if r0 is not None:
        # r is increasing in the composite SD; over (s1, s2) its extremes lie at corners or where
        # d r / d s_i = 0, i.e. (w_i s_i)^2 = (w_j s_j)^2 - c^2.
        j1 = _clip_nonnegative(reported_interval(sds[0], rounding))
        j2 = _clip_nonnegative(reported_interval(sds[1], rounding))
        cands = []
        for cc in (float(reported.lo), float(reported.hi)):
            for x2 in (float(j2.lo), float(j2.hi)):
                xs1 = [float(j1.lo), float(j1.hi)]
                crit = (fw2 * x2) ** 2 - cc**2
                if crit > 0 and float(j1.lo) < math.sqrt(crit) / abs(fw1) < float(j1.hi):
                    xs1.append(math.sqrt(crit) / abs(fw1))
                cands += [(x1, x2, cc) for x1 in xs1]
            for x1 in (float(j1.lo), float(j1.hi)):
                crit = (fw1 * x1) ** 2 - cc**2
                if crit > 0 and float(j2.lo) < math.sqrt(crit) / abs(fw2) < float(j2.hi):
                    cands.append((x1, math.sqrt(crit) / abs(fw2), cc))
        rs = [r for r in (_r_at(x1, x2, cc, fw1, fw2) for x1, x2, cc in cands) if r is not None]
        if rs:
            r_range = (min(rs), max(rs))
        equation = "(s1² + s2² + 2·r·s1·s2)/4" if avg else "w1²s1² + w2²s2² + 2·r·w1·w2·s1·s2"
        detail += f" Solving sd_c² = {equation} at the printed values gives r = {r0:.2f}"
        if r_range is not None:
            lo_r, hi_r = r_range
            detail += f" (between {lo_r:.2f} and {hi_r:.2f} allowing for rounding)"
        if not -1 <= r0 <= 1:
            detail += ", outside the possible range −1 … 1"
        detail += "."
    else:
        detail += (
            " The correlation between the components is not determinable (a component SD is 0)."
        )
    return _result(
        "composite_sd_bounds", ok, detail, possible=possible, implied_r=r0, implied_r_range=r_range
    )
