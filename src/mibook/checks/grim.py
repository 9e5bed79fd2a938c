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
    """scrutiny's ``grim_total``: how many printable values no integer total can produce.

    Parameters
    ----------
    mean : str
        The printed mean (or percentage); only its number of decimals ``d`` is used.
    n : int
        Number of participants.
    items : int, default 1
        Number of integer items averaged per participant.
    percent : bool, default False
        ``mean`` is a percentage: ``d`` includes two more decimals.

    Returns
    -------
    int
        Negative when ``n*items > 10**d``.

    Notes
    -----
    ``grim_total = 10**d - n * items``, with ``d`` the printed decimals (+2 for a percentage).

    Examples
    --------
    >>> grim_total("5.19", 28), grim_total("67.4", 46, percent=True)
    (72, 954)
    """
    return 10 ** _effective_decimals(mean, percent) - n * items


def grim_ratio(mean: str, n: int, items: int = 1, percent: bool = False) -> float:
    """scrutiny's ``grim_ratio``: the share of printable values no integer total can produce.

    A descriptive ratio (a float): how much room a mean with ``d`` decimals leaves for GRIM to
    find an inconsistency.

    Parameters
    ----------
    mean : str
        The printed mean (or percentage); only its number of decimals ``d`` is used.
    n : int
        Number of participants.
    items : int, default 1
        Number of integer items averaged per participant.
    percent : bool, default False
        ``mean`` is a percentage: ``d`` includes two more decimals.

    Returns
    -------
    float
        Negative when ``n*items > 10**d``.

    Notes
    -----
    ``grim_ratio = 1 - n * items / 10**d``, with ``d`` the printed decimals (+2 for a
    percentage).

    Examples
    --------
    >>> grim_ratio("5.19", 28), grim_ratio("5.19", 200)
    (0.72, -1.0)
    """
    d = _effective_decimals(mean, percent)
    return float(1 - Fraction(n * items, 10**d))


def grim_probability(mean: str, n: int, items: int = 1, percent: bool = False) -> float:
    """scrutiny's ``grim_probability``: :func:`grim_ratio`, but never below 0.

    Parameters
    ----------
    mean : str
        The printed mean (or percentage); only its number of decimals is used.
    n : int
        Number of participants.
    items : int, default 1
        Number of integer items averaged per participant.
    percent : bool, default False
        ``mean`` is a percentage.

    Returns
    -------
    float

    Notes
    -----
    ``grim_probability = max(0, grim_ratio)``.

    Examples
    --------
    >>> grim_probability("5.19", 28), grim_probability("5.19", 200)
    (0.72, 0.0)
    """
    return max(0.0, grim_ratio(mean, n, items, percent))


def grim(
    mean: str, n: int, items: int = 1, percent: bool = False, rounding: str = "either"
) -> CheckResult:
    """GRIM: is there an integer total T with T / (n * items) printing as ``mean``?

    The GRIM test (Brown & Heathers 2017): the mean of ``n`` integer answers is a multiple of
    1/n, so not every printed mean is possible.

    Parameters
    ----------
    mean : str
        The printed mean, or with ``percent=True`` a printed percentage.
    n : int
        Number of participants, at least 1.
    items : int, default 1
        Number of integer items averaged into each participant's score.
    percent : bool, default False
        The printed value is a percentage ("67.4"), i.e. a proportion with two more decimals.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).

    Returns
    -------
    CheckResult
        Extras: ``totals`` (range of integer totals that work), ``possible_means`` (their
        exact means, at most 20), ``n_items``, ``decimals`` (of the proportion or mean),
        ``grim_ratio``; when inconsistent also ``nearest`` (the two nearest possible means).

    Raises
    ------
    ValueError
        If ``n`` or ``items`` is not a positive integer, or ``mean`` is not a printed number.

    Notes
    -----
    With ``N = n * items``, a scale ``s`` (100 for a percentage, else 1) and the interval ``I``
    of unrounded values behind the printed value
    (:func:`~mibook.checks.rounding.reported_interval`), the mean is consistent when some
    integer total ``T`` has ``s * T / N`` in ``I``, i.e. when the interval ``I * N / s``
    contains an integer. When ``N >= 10**d`` (``d`` decimals of the proportion or mean) every
    printed value passes, and the detail says that GRIM cannot detect anything.

    Examples
    --------
    >>> grim("5.19", 28).consistent
    False
    >>> print(grim("5.19", 28).detail)  # doctest: +NORMALIZE_WHITESPACE
    With n = 28, the mean must be k/28; the nearest possible values are 5.1786 (145/28) and
    5.2143 (146/28), which round to 5.18 and 5.21, not 5.19.
    >>> result = grim("67.4", 46, percent=True)
    >>> result.consistent, list(result.totals)
    (True, [31])
    >>> print(result.detail)  # doctest: +NORMALIZE_WHITESPACE
    With n = 46, the percentage must be 100k/46; the only possible value is 31/46 = 67.391%,
    which rounds to 67.4%: consistent.
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
        detail = (
            f"{intro}; {head}, which rounds to "
            f"{_clean(mean)}{unit}{_rule_note(rounding)}: consistent."
        )
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
        f"{intro}; the nearest possible values are {show(near[0][0])} and {show(near[1][0])}, "
        "which round "
        f"to {near[0][2]}{unit} and {near[1][2]}{unit}{_rule_note(rounding)}, "
        f"not {_clean(mean)}{unit}."
    )
    return _result("grim", False, detail, nearest=(near[0][1], near[1][1]), **extras)


def grim_values(
    mean: str, n: int, items: int = 1, percent: bool = False, rounding: str = "either"
) -> list[Fraction]:
    """The exact means T/(n*items) (percentages if ``percent``) that print as ``mean``.

    Like rsprite2's ``GRIM_test(..., return_values = TRUE)`` for a passing mean.

    Parameters
    ----------
    mean : str
        The printed mean, or with ``percent=True`` a printed percentage.
    n : int
        Number of participants, at least 1.
    items : int, default 1
        Number of integer items averaged into each participant's score.
    percent : bool, default False
        The printed value is a percentage.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES`.

    Returns
    -------
    list of fractions.Fraction
        In increasing order; empty when GRIM fails.

    Raises
    ------
    ValueError
        If there are more than a million such values to list, or for invalid arguments as in
        :func:`grim`.

    Examples
    --------
    With n = 20, "5.2" can be 103/20, 104/20 or 105/20 (5.15, 5.20 and 5.25; the ends are ties):

    >>> grim_values("5.2", 20)
    [Fraction(103, 20), Fraction(26, 5), Fraction(21, 4)]
    >>> grim_values("5.19", 28)
    []
    """
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
    """Printable means with ``decimals`` decimals that an integer total over n*items can produce.

    Without ``near``: every such value from 0 to 1 (the pattern repeats for each integer part,
    since (T + N)/N = T/N + 1). With ``near`` (a value with at most ``decimals`` decimals): the
    possible printed value(s) closest to it -- ``[near]`` itself if it is possible, otherwise the
    nearest one, or two when equally near (rsprite2's "closest consistent value").

    Parameters
    ----------
    n : int
        Number of participants.
    decimals : int
        Printed decimals, at least 0.
    items : int, default 1
        Number of integer items averaged into each participant's score.
    near : str, int, Decimal, Fraction or None, default None
        A printed value to find the closest possible means to.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES`; under ``"either"`` a tie gives
        both of its printed values.

    Returns
    -------
    list of str
        Printed values in increasing order.

    Raises
    ------
    ValueError
        If ``n * items < 1``, ``decimals < 0``, ``near`` has more than ``decimals`` decimals,
        or (without ``near``) ``n * items`` exceeds a million.

    Examples
    --------
    >>> grim_possible_means(28, 2, near="5.19"), grim_possible_means(50, 2, near="5.83")
    (['5.18'], ['5.82', '5.84'])

    Means of four integers, printed with one decimal (0.25 and 0.75 are ties):

    >>> grim_possible_means(4, 1)
    ['0.0', '0.2', '0.3', '0.5', '0.7', '0.8', '1.0']
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
