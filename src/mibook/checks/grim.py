"""GRIM: can a printed mean (or percent) come from n integer answers?"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    _MAX_ENUMERATION,
    Interval,
    _clean,
    _fmt,
    _rounded_phrase,
    _roundings,
    _rule_note,
    _to_fraction,
    _value,
    decimals,
    reported_interval,
)

# ----------------------------------------------------------------------------- GRIM


@dataclass(frozen=True)
class _Grim:
    x: Fraction  # reported value on the printed scale (percent if percent=True)
    places: int  # printed decimals
    scale: int  # 100 for percentages, else 1
    n_items: int
    interval: Interval  # printed scale
    totals: range


def _grim_core(mean: str, n: int, items: int, percent: bool, rounding: str) -> _Grim:
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not isinstance(items, int) or isinstance(items, bool) or items < 1:
        raise ValueError(f"items must be a positive integer, got {items!r}")
    interval = reported_interval(mean, rounding)
    scale = 100 if percent else 1
    n_items = n * items
    # T / N * scale must lie in the interval  <=>  T in interval * N / scale
    totals = interval.scale(Fraction(n_items, scale)).integers()
    return _Grim(_value(mean), decimals(mean), scale, n_items, interval, totals)


def _effective_decimals(mean: str, percent: bool) -> int:
    return decimals(mean) + (2 if percent else 0)


def grim_total(mean: str, n: int, items: int = 1, percent: bool = False) -> int:
    """scrutiny's ``grim_total``: ``10**d - n*items`` (d includes +2 for percentages)."""
    return 10 ** _effective_decimals(mean, percent) - n * items


def grim_ratio(mean: str, n: int, items: int = 1, percent: bool = False) -> float:
    """scrutiny's ``grim_ratio``: ``1 - n*items / 10**d``, the share of printable values with
    ``d`` decimals that no integer total can produce; negative when ``n*items > 10**d``."""
    d = _effective_decimals(mean, percent)
    return float(1 - Fraction(n * items, 10**d))


def grim_probability(mean: str, n: int, items: int = 1, percent: bool = False) -> float:
    """scrutiny's ``grim_probability``: ``max(0, grim_ratio)``."""
    return max(0.0, grim_ratio(mean, n, items, percent))


def grim(
    mean: str, n: int, items: int = 1, percent: bool = False, rounding: str = "either"
) -> CheckResult:
    """GRIM: is there an integer total T with T / (n * items) printing as ``mean``?

    With ``percent=True`` the printed value is a percentage ("67.4"), i.e. a proportion with two
    more decimals. ``grim("5.19", 28).consistent is False``. Extras: ``totals`` (range of integer
    totals that work), ``possible_means`` (their exact means, at most 20), ``n_items``,
    ``grim_ratio``.
    """
    g = _grim_core(mean, n, items, percent, rounding)
    N = g.n_items
    unit = "%" if percent else ""
    who = (
        f"n = {n}"
        if items == 1
        else f"n = {n} participants x {items} items = {N} integer responses"
    )
    what = "percentage must be 100k/" if percent else "mean must be k/"
    intro = f"With {who}, the {what}{N}"
    shown = list(g.totals[:20])
    possible = [Fraction(t * g.scale, N) for t in shown]
    extras = dict(
        totals=g.totals,
        possible_means=tuple(possible),
        n_items=N,
        decimals=g.places + (2 if percent else 0),
        grim_ratio=grim_ratio(mean, n, items, percent),
    )
    places = g.places + 2

    def show(t: int) -> str:
        m = Fraction(t * g.scale, N)
        if percent:
            return f"{t}/{N} = {_fmt(m, places)}%"
        return f"{_fmt(m, places)} ({t}/{N})"

    if len(g.totals):
        t = min(g.totals, key=lambda k: abs(Fraction(k * g.scale, N) - g.x))
        if len(g.totals) == 1:
            head = f"the only possible value is {show(t)}"
        else:
            head = f"{len(g.totals)} totals qualify, e.g. {show(t)}"
        detail = f"{intro}; {head}, which rounds to {_clean(mean)}{unit}{_rule_note(rounding)}: consistent."
        if N >= 10 ** extras["decimals"]:
            detail += (
                f" (With n x items = {N} >= 10^{extras['decimals']} every value printed with "
                f"{extras['decimals']} decimals is possible, so GRIM cannot detect anything here.)"
            )
        return _result("grim", True, detail, **extras)
    # inconsistent: show the two nearest possible values
    lo_t = math.floor(g.x * N / g.scale)
    near = []
    for t in (lo_t, lo_t + 1):
        m = Fraction(t * g.scale, N)
        near.append((t, m, _rounded_phrase(m, g.places, rounding)))
    detail = (
        f"{intro}; the nearest possible values are {show(near[0][0])} and {show(near[1][0])}, which round "
        f"to {near[0][2]}{unit} and {near[1][2]}{unit}{_rule_note(rounding)}, not {_clean(mean)}{unit}."
    )
    return _result("grim", False, detail, nearest=(near[0][1], near[1][1]), **extras)


def grim_values(
    mean: str, n: int, items: int = 1, percent: bool = False, rounding: str = "either"
) -> list[Fraction]:
    """The exact means T/(n*items) (percentages if ``percent``) that print as ``mean``; empty when
    GRIM fails. Like rsprite2's ``GRIM_test(..., return_values = TRUE)`` for a passing mean:
    ``grim_values("5.2", 20) == [103/20, 104/20, 105/20]`` (5.15, 5.20, 5.25)."""
    g = _grim_core(mean, n, items, percent, rounding)
    if len(g.totals) > _MAX_ENUMERATION:
        raise ValueError("too many possible totals to list")
    return [Fraction(t * g.scale, g.n_items) for t in g.totals]


def grim_possible_means(
    n: int,
    decimals: int,  # shadows decimals() inside this function only; the name is the brief's
    items: int = 1,
    near: str | int | Decimal | Fraction | None = None,
    rounding: str = "either",
) -> list[str]:
    """Printable means with ``decimals`` decimals that some integer total over n*items can produce.

    Without ``near``: every such value from 0 to 1 (the pattern repeats for each integer part,
    since (T + N)/N = T/N + 1). With ``near`` (a value with at most ``decimals`` decimals): the
    possible printed value(s) closest to it -- ``[near]`` itself if it is possible, otherwise the
    nearest one, or two when equally near (rsprite2's "closest consistent value"):
    ``grim_possible_means(28, 2, near="5.19") == ["5.18"]``,
    ``grim_possible_means(50, 2, near="5.83") == ["5.82", "5.84"]``.
    """
    places = decimals
    N = n * items
    if N < 1 or places < 0:
        raise ValueError("n, items must be positive and decimals >= 0")
    if near is None:
        if N > _MAX_ENUMERATION:
            raise ValueError("n * items too large to enumerate")
        out: set[str] = set()
        for t in range(0, N + 1):
            out.update(_roundings(Fraction(t, N), places, rounding))
        return sorted(out, key=Decimal)
    x = _to_fraction(near)
    if (x * 10**places).denominator != 1:
        raise ValueError(f"near={near!r} has more than {places} decimals")
    lo_t = math.floor(x * N)
    candidates: set[str] = set()
    for t in (lo_t, lo_t + 1) if x * N != lo_t else (lo_t,):
        candidates.update(_roundings(Fraction(t, N), places, rounding))
    best = min(abs(Fraction(Decimal(c)) - x) for c in candidates)
    return sorted((c for c in candidates if abs(Fraction(Decimal(c)) - x) == best), key=Decimal)
