"""Percents against their counts, counts against their totals, percents against 100."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    DIRECTED_RULES,
    Interval,
    _clean,
    _fmt,
    _rounded_phrase,
    _rule_note,
    _value,
    decimals,
    reported_interval,
    rounds_to,
)

# ----------------------------------------------------------------------------- percents and sums


def rounding_rules_that_agree(count: int, denominator: int, reported: str) -> list[str]:
    """Which directed rounding rules print 100 * count / denominator as ``reported``.

    Parameters
    ----------
    count : int
        The count.
    denominator : int
        The number the percentage is of.
    reported : str
        The printed percentage.

    Returns
    -------
    list of str
        The rules of :data:`~mibook.checks.rounding.DIRECTED_RULES` (half_up, half_even,
        half_down, truncate, ceiling) that agree, in that order.

    Examples
    --------
    70/112 = 62.5 % is a tie:

    >>> rounding_rules_that_agree(70, 112, "63")
    ['half_up', 'ceiling']
    >>> rounding_rules_that_agree(70, 112, "62")
    ['half_even', 'half_down', 'truncate']
    """
    value = Fraction(100 * count, denominator)
    return [rule for rule in DIRECTED_RULES if rounds_to(value, reported, rule)]


def percent_from_count(
    count: int, denominator: int, reported: str, rounding: str = "either"
) -> CheckResult:
    """Is the printed percent ``reported`` what count/denominator gives, under ``rounding``?

    Parameters
    ----------
    count : int
        The count, at least 0.
    denominator : int
        The number the percentage is of, at least 1.
    reported : str
        The printed percentage (a trailing ``%`` is accepted); its decimals set the precision.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).

    Returns
    -------
    CheckResult
        Extras: ``exact`` (the exact percentage, a Fraction) and ``agreeing_rules`` (the
        directed rules that print it as ``reported``, see :func:`rounding_rules_that_agree`).

    Raises
    ------
    ValueError
        If ``count < 0`` or ``denominator <= 0``.

    Notes
    -----
    The exact percentage ``100 * count / denominator`` must lie in the interval of values that
    print as ``reported`` (:func:`~mibook.checks.rounding.reported_interval`).

    Examples
    --------
    >>> result = percent_from_count(70, 112, "63")
    >>> result.consistent, result.agreeing_rules
    (True, ('half_up', 'ceiling'))
    >>> print(percent_from_count(70, 112, "63", rounding="half_even").detail)
    ... # doctest: +NORMALIZE_WHITESPACE
    70/112 = 62.5% exactly, which prints as 62 with 0 decimals under half-even rounding (ties
    to the even digit), not 63%: inconsistent. It is a tie (62.5 is exactly halfway), so the
    printed value depends on the rule. Rules that reproduce 63: half_up, ceiling.
    """
    if denominator <= 0 or count < 0:
        raise ValueError("need count >= 0 and denominator > 0")
    value = Fraction(100 * count, denominator)
    d = decimals(reported)
    ok = rounds_to(value, reported, rounding)
    agree = rounding_rules_that_agree(count, denominator, reported)
    exactness = "exactly" if (value * 10 ** (d + 4)).denominator == 1 else "approximately"
    rounded = _rounded_phrase(value, d, rounding)
    shown = f"{count}/{denominator} = {_fmt(value, d + 4)}% {exactness}"
    tie = (value * 10**d - math.floor(value * 10**d)) == Fraction(1, 2)
    prints = (
        f"{shown}, which prints as {rounded} "
        f"with {d} decimal{'s' if d != 1 else ''}{_rule_note(rounding)}"
    )
    if ok:
        detail = f"{prints}; the reported {reported}% agrees: consistent."
    else:
        detail = f"{prints}, not {reported}%: inconsistent."
    if tie:
        detail += (
            f" It is a tie ({_fmt(value, d + 1)} is exactly halfway), "
            "so the printed value depends on the rule."
        )
    if agree:
        detail += f" Rules that reproduce {reported}: {', '.join(agree)}."
    else:
        detail += f" No rounding rule gives {reported}."
    return _result("percent_from_count", ok, detail, exact=value, agreeing_rules=tuple(agree))


def sum_check(parts: Iterable[int], total: int) -> CheckResult:
    """Category counts must add up to the stated total.

    Parameters
    ----------
    parts : iterable of int
        The printed counts of the categories.
    total : int
        The printed total.

    Returns
    -------
    CheckResult
        Extras: ``sum`` (of the parts) and ``difference`` (sum minus total).

    Raises
    ------
    TypeError
        If a count is not an integer (Booleans included).

    Examples
    --------
    >>> result = sum_check([41, 70], 112)
    >>> result.consistent, result.difference
    (False, -1)
    >>> print(result.detail)  # doctest: +NORMALIZE_WHITESPACE
    41 + 70 = 111, but the stated total is 112: the parts add up to 1 fewer than the total
    (difference -1).
    """
    parts = list(parts)
    for p in [*parts, total]:
        if not isinstance(p, int) or isinstance(p, bool):
            raise TypeError(f"counts must be integers, got {p!r}")
    s = sum(parts)
    diff = s - total
    shown = " + ".join(str(p) for p in parts) + f" = {s}"
    if diff == 0:
        detail = f"{shown}, the stated total: consistent."
    else:
        how = f"{abs(diff)} {'more' if diff > 0 else 'fewer'} than"
        detail = (
            f"{shown}, but the stated total is {total}: the parts add up to {how} the total "
            f"(difference {diff:+d})."
        )
    return _result("sum_check", diff == 0, detail, sum=s, difference=diff)


def percent_sum_check(
    percents: Sequence[str], rounding: str = "either", total: str = "100"
) -> CheckResult:
    """Printed percents of all categories of one variable must add up to 100 within rounding.

    Parameters
    ----------
    percents : sequence of str
        The printed percents of every category (a trailing ``%`` is accepted).
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).
    total : str, default "100"
        What the unrounded values must add up to.

    Returns
    -------
    CheckResult
        Extras: ``printed_sum`` (Fraction) and ``possible_sums`` (the interval the unrounded
        values add up to).

    Raises
    ------
    ValueError
        If ``percents`` is empty.

    Notes
    -----
    Each printed percent stands for an interval of unrounded values (half a unit either side
    with ``"either"``); the sum of the unrounded values lies in the sum of those intervals,
    which must contain 100: ``|sum - 100| <= sum of the half units``.

    Examples
    --------
    >>> percent_sum_check(["33", "33", "33"]).consistent
    True
    >>> print(percent_sum_check(["33", "33", "32"]).detail)  # doctest: +NORMALIZE_WHITESPACE
    33 + 33 + 32 = 98. Allowing for rounding, the 3 unrounded values add up to something in
    [96.5, 99.5], which excludes 100: inconsistent (the printed sum misses 100 by -2).
    """
    percents = list(percents)
    if not percents:
        raise ValueError("no percents given")
    acc = Interval(Fraction(0), Fraction(0))
    for p in percents:
        acc = acc + reported_interval(p, rounding)
    printed = sum((_value(p) for p in percents), Fraction(0))
    target = _value(total)
    ok = target in acc
    shown = " + ".join(_clean(p) for p in percents) + f" = {_fmt(printed, 6)}"
    detail = (
        f"{shown}. Allowing for rounding{_rule_note(rounding)}, "
        f"the {len(percents)} unrounded values add up "
        f"to something in {acc.describe()}, "
        f"which {'includes' if ok else 'excludes'} {_clean(total)}"
        + (
            ": consistent."
            if ok
            else f": inconsistent (the printed sum misses {_clean(total)} "
            f"by {_fmt(printed - target, 6)})."
        )
    )
    return _result("percent_sum_check", ok, detail, printed_sum=printed, possible_sums=acc)
