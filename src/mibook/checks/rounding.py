"""Printed numbers as exact intervals, and the rounding rules the checks share.

A printed value with d decimals stands for every unrounded value that rounds to it; the
``rounding`` rule decides the ties (see :mod:`mibook.checks`). This module is the one home of
rounding in the package: the book's half-up formatting (:func:`round_half_up`) and the
contract's *rounds to* (:func:`rounds_to`, :func:`computed_rounds_to`) live here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

#: Every accepted value of the ``rounding`` parameter.
ROUNDING_RULES = (
    "either",
    "up_or_down",
    "half_up",
    "half_down",
    "half_even",
    "truncate",
    "ceiling",
    "floor",
)

#: The single-valued rules reported by :func:`rounding_rules_that_agree`, in this order.
DIRECTED_RULES = ("half_up", "half_even", "half_down", "truncate", "ceiling")


_RULE_PHRASE = {
    "either": "rounding half a unit either way at a tie",
    "half_up": "half-up rounding (ties away from zero)",
    "half_down": "half-down rounding (ties towards zero)",
    "half_even": "half-even rounding (ties to the even digit)",
    "truncate": "truncation",
    "ceiling": "rounding up (ceiling)",
    "floor": "rounding down (floor)",
}


# A limit on enumerations (totals, counts) so that absurd inputs fail loudly, not slowly.
_MAX_ENUMERATION = 1_000_000


# ----------------------------------------------------------------------------- parsing


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _clean(reported: str) -> str:
    """Normalise a printed number: strip blanks and a trailing %, accept a Unicode minus."""
    if not isinstance(reported, str):
        raise TypeError(
            "reported statistics must be strings (trailing zeros matter), "
            f"got {type(reported).__name__}: "
            f"{reported!r}"
        )
    text = reported.strip().replace("\u2212", "-")
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if not _NUMBER.match(text):
        raise ValueError(f"not a plainly printed number: {reported!r}")
    return text


def decimals(reported: str) -> int:
    """Number of printed decimals of a printed number.

    Parameters
    ----------
    reported : str
        A number as printed; blanks, a trailing ``%`` and a Unicode minus are accepted.

    Returns
    -------
    int
        The digits after the decimal point, trailing zeros included.

    Raises
    ------
    TypeError
        If ``reported`` is not a string (a float has lost its trailing zeros).
    ValueError
        If ``reported`` is not a plainly printed number.

    Examples
    --------
    >>> decimals("5.190"), decimals("12"), decimals("67.4 %")
    (3, 0, 1)
    """
    text = _clean(reported)
    return len(text.split(".", 1)[1]) if "." in text else 0


def _value(reported: str) -> Fraction:
    return Fraction(Decimal(_clean(reported)))


def _to_fraction(value: Any) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("a Boolean is not a value")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, Decimal)):
        return Fraction(value)
    if isinstance(value, str):
        return _value(value)
    if isinstance(value, float):
        raise TypeError(
            "floats are not accepted at a rounding boundary; "
            "pass a Fraction, Decimal, int or string"
        )
    raise TypeError(f"cannot use {type(value).__name__} as an exact value")


def _weight(value: Any) -> Fraction:
    """Weights may be floats (read through their decimal repr: 0.3 -> 3/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return _to_fraction(value)


def _check_rule(rounding: str, allow_either: bool = True) -> str:
    if rounding == "up_or_down":
        rounding = "either"
    if rounding not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding {rounding!r}; use one of {ROUNDING_RULES}")
    if rounding == "either" and not allow_either:
        raise ValueError("'either' does not give a single rounded value; use a directed rule")
    return rounding


# ----------------------------------------------------------------------------- formatting


def _fmt(x: Fraction | int, places: int = 4) -> str:
    """A number for prose: exact if it terminates within ``places`` decimals, else rounded."""
    x = Fraction(x)
    scaled = x * 10**places
    if scaled.denominator == 1:
        text = str(Decimal(scaled.numerator).scaleb(-places))
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return round_exact(x, places, "half_even")


def _fmt_frac(x: Fraction) -> str:
    return f"{x.numerator}/{x.denominator}" if x.denominator != 1 else str(x.numerator)


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# ----------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Interval:
    """An interval of exact rationals with open or closed ends.

    The set of unrounded values behind a printed number is such an interval (see
    :func:`reported_interval`); the checks add, scale, intersect and square them exactly.
    ``x in interval`` accepts exact values (Fraction, Decimal, int, printed string) and refuses
    floats; ``a + b``, ``a - b`` and ``-a`` are interval arithmetic; ``str(interval)`` is
    :meth:`describe`.

    Parameters
    ----------
    lo, hi : fractions.Fraction
        The ends; ``lo > hi`` gives an empty interval.
    lo_closed, hi_closed : bool, default True
        Whether each end belongs to the interval.

    Examples
    --------
    >>> from fractions import Fraction
    >>> interval = Interval(Fraction(1), Fraction(2), hi_closed=False)
    >>> str(interval), 2 in interval, "1.5" in interval
    ('[1, 2)', False, True)
    >>> print(interval + Interval(Fraction(0), Fraction(1)), -interval)
    [1, 3) (-2, -1]
    """

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    @property
    def empty(self) -> bool:
        """Whether the interval holds no value (``lo > hi``, or one open end at ``lo == hi``).

        Examples
        --------
        >>> from fractions import Fraction
        >>> point = Interval(Fraction(1), Fraction(1))
        >>> point.empty, Interval(Fraction(1), Fraction(1), lo_closed=False).empty
        (False, True)
        """
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def __contains__(self, value: Any) -> bool:
        x = _to_fraction(value)
        above = x > self.lo or (x == self.lo and self.lo_closed)
        below = x < self.hi or (x == self.hi and self.hi_closed)
        return above and below

    def intersect(self, other: Interval) -> Interval:
        """The values in both intervals (possibly an empty interval).

        Parameters
        ----------
        other : Interval

        Returns
        -------
        Interval
            An end shared by both intervals is closed only if it is closed in both.

        Examples
        --------
        >>> from fractions import Fraction
        >>> a = Interval(Fraction(1), Fraction(2), hi_closed=False)
        >>> print(a.intersect(Interval(Fraction(3, 2), Fraction(5))))
        [1.5, 2)
        """
        if self.lo > other.lo:
            lo, lo_closed = self.lo, self.lo_closed
        elif self.lo < other.lo:
            lo, lo_closed = other.lo, other.lo_closed
        else:
            lo, lo_closed = self.lo, self.lo_closed and other.lo_closed
        if self.hi < other.hi:
            hi, hi_closed = self.hi, self.hi_closed
        elif self.hi > other.hi:
            hi, hi_closed = other.hi, other.hi_closed
        else:
            hi, hi_closed = self.hi, self.hi_closed and other.hi_closed
        return Interval(lo, hi, lo_closed, hi_closed)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one value.

        Examples
        --------
        >>> from fractions import Fraction
        >>> a = Interval(Fraction(1), Fraction(2), hi_closed=False)
        >>> a.overlaps(Interval(Fraction(2), Fraction(3)))
        False
        >>> a.overlaps(Interval(Fraction(0), Fraction(1)))
        True
        """
        return not self.intersect(other).empty

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_closed and other.lo_closed,
            self.hi_closed and other.hi_closed,
        )

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.hi_closed, self.lo_closed)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def scale(self, factor: Any) -> Interval:
        """The interval multiplied by ``factor`` (a negative factor swaps the ends).

        Parameters
        ----------
        factor : Fraction, Decimal, int, str or float
            A float is read through its decimal repr (0.3 -> 3/10), as weights may be floats.

        Returns
        -------
        Interval
            ``[0, 0]`` for a factor of 0.

        Examples
        --------
        >>> from fractions import Fraction
        >>> print(Interval(Fraction(1), Fraction(2), hi_closed=False).scale(-2))
        (-4, -2]
        """
        w = _weight(factor)
        if w == 0:
            return Interval(Fraction(0), Fraction(0))
        if w > 0:
            return Interval(self.lo * w, self.hi * w, self.lo_closed, self.hi_closed)
        return Interval(self.hi * w, self.lo * w, self.hi_closed, self.lo_closed)

    def shift(self, offset: Any) -> Interval:
        """The interval moved by an exact ``offset`` (floats are refused).

        Examples
        --------
        >>> from fractions import Fraction
        >>> print(Interval(Fraction(1), Fraction(2)).shift("0.5"))
        [1.5, 2.5]
        """
        c = _to_fraction(offset)
        return Interval(self.lo + c, self.hi + c, self.lo_closed, self.hi_closed)

    def integers(self) -> range:
        """The integers in the interval, as a range (possibly empty).

        Examples
        --------
        >>> from fractions import Fraction
        >>> Interval(Fraction(1, 2), Fraction(3), hi_closed=False).integers()
        range(1, 3)
        """
        first = math.ceil(self.lo)
        if first == self.lo and not self.lo_closed:
            first += 1
        last = math.floor(self.hi)
        if last == self.hi and not self.hi_closed:
            last -= 1
        return range(first, max(first, last + 1))

    def squared(self) -> Interval:
        """The image under x -> x**2 of a non-negative interval.

        Raises
        ------
        ValueError
            If the interval reaches below 0.

        Examples
        --------
        >>> from fractions import Fraction
        >>> print(Interval(Fraction(1), Fraction(2), hi_closed=False).squared())
        [1, 4)
        """
        if self.lo < 0:
            raise ValueError("squared() needs a non-negative interval")
        return Interval(self.lo**2, self.hi**2, self.lo_closed, self.hi_closed)

    def describe(self, places: int = 6) -> str:
        """The interval for prose, e.g. ``"[5.185, 5.195)"``.

        Parameters
        ----------
        places : int, default 6
            An end is printed exactly if it terminates within ``places`` decimals, else rounded
            half-even to ``places`` decimals.

        Examples
        --------
        >>> from fractions import Fraction
        >>> Interval(Fraction(1, 3), Fraction(1, 2), False).describe(3)
        '(0.333, 0.5]'
        """
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{left}{_fmt(self.lo, places)}, {_fmt(self.hi, places)}{right}"

    def __str__(self) -> str:
        return self.describe()


def _clip_nonnegative(interval: Interval) -> Interval:
    if interval.lo < 0:
        return Interval(Fraction(0), interval.hi, True, interval.hi_closed)
    return interval


def reported_interval(reported: str, rounding: str = "either") -> Interval:
    """The set of unrounded values that print as ``reported`` under ``rounding``.

    Parameters
    ----------
    reported : str
        A printed number; its decimals ``d`` give the unit ``u = 10**-d``.
    rounding : str, default "either"
        One of :data:`ROUNDING_RULES` (see :mod:`mibook.checks`).

    Returns
    -------
    Interval
        ``[r - u/2, r + u/2]`` for the rounding rules (with each tie end open or closed as the
        rule decides), ``[r, r + u)`` for ``"floor"``, ``(r - u, r]`` for ``"ceiling"``, and the
        interval towards zero for ``"truncate"``.

    Raises
    ------
    ValueError
        For an unknown ``rounding`` or a string that is not a plainly printed number.

    Examples
    --------
    >>> print(reported_interval("5.19"), reported_interval("5.19", "half_up"))
    [5.185, 5.195] [5.185, 5.195)

    Under ``"half_even"`` ``"5.18"`` owns both of its ties, ``"5.19"`` neither:

    >>> print(reported_interval("5.18", "half_even"), reported_interval("5.19", "half_even"))
    [5.175, 5.185] (5.185, 5.195)
    """
    rule = _check_rule(rounding)
    r = _value(reported)
    d = decimals(reported)
    unit = Fraction(1, 10**d)
    half = unit / 2
    if rule == "either":
        return Interval(r - half, r + half, True, True)
    if rule == "half_up":
        if r > 0:
            return Interval(r - half, r + half, True, False)
        if r < 0:
            return Interval(r - half, r + half, False, True)
        return Interval(-half, half, False, False)
    if rule == "half_down":
        if r > 0:
            return Interval(r - half, r + half, False, True)
        if r < 0:
            return Interval(r - half, r + half, True, False)
        return Interval(-half, half, True, True)
    if rule == "half_even":
        even = (r / unit).numerator % 2 == 0
        return Interval(r - half, r + half, even, even)
    if rule == "truncate":
        if r > 0:
            return Interval(r, r + unit, True, False)
        if r < 0:
            return Interval(r - unit, r, False, True)
        return Interval(-unit, unit, False, False)
    if rule == "ceiling":
        return Interval(r - unit, r, False, True)
    # floor
    return Interval(r, r + unit, True, False)


def rounds_to(
    value: Fraction | Decimal | int | str, reported: str, rounding: str = "either"
) -> bool:
    """Does the exact ``value`` print as ``reported`` under ``rounding``?

    Parameters
    ----------
    value : Fraction, Decimal, int or str
        The exact unrounded value. Floats are refused (use :func:`computed_rounds_to`).
    reported : str
        The printed number.
    rounding : str, default "either"
        One of :data:`ROUNDING_RULES`.

    Returns
    -------
    bool
        Whether ``value`` lies in ``reported_interval(reported, rounding)``.

    Raises
    ------
    TypeError
        For a float (or Boolean) ``value``.

    Examples
    --------
    62.5 is a tie: it prints as 63 under ``"half_up"``, not under ``"half_even"``, and under
    ``"either"`` (the default) a tie may go either way.

    >>> from fractions import Fraction
    >>> rounds_to(Fraction(125, 2), "63", "half_up"), rounds_to(Fraction(125, 2), "63", "half_even")
    (True, False)
    >>> rounds_to(Fraction(125, 2), "63"), rounds_to("62.5", "62")
    (True, True)
    """
    return _to_fraction(value) in reported_interval(reported, rounding)


def computed_rounds_to(value: float, reported: str, rounding: str = "either") -> bool:
    """:func:`rounds_to` for a value computed in floating point (a mean, a percent).

    The float is read at 12 significant digits first, so that 13.499999999999998 from a division
    counts as the 13.5 it stands for; NaN and None never round to anything.

    Parameters
    ----------
    value : float or None
        A computed value.
    reported : str
        The printed number.
    rounding : str, default "either"
        One of :data:`ROUNDING_RULES`.

    Returns
    -------
    bool

    Examples
    --------
    >>> computed_rounds_to(100 * 15 / 111, "14"), computed_rounds_to(88.5, "89")
    (True, True)
    >>> computed_rounds_to(float("nan"), "1"), computed_rounds_to(None, "1")
    (False, False)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return rounds_to(Decimal(f"{value:.12g}"), reported, rounding)


def _round_integer(q: Fraction, rule: str) -> int:
    """Round the exact rational ``q`` to an integer under a directed rule."""
    fl = math.floor(q)
    frac = q - fl
    if rule == "floor":
        return fl
    if rule == "ceiling":
        return fl + (frac > 0)
    if rule == "truncate":
        return fl if q >= 0 else fl + (frac > 0)
    if frac > Fraction(1, 2):
        return fl + 1
    if frac < Fraction(1, 2):
        return fl
    # an exact tie
    if rule == "half_up":
        return fl + 1 if q > 0 else fl
    if rule == "half_down":
        return fl if q > 0 else fl + 1
    if rule == "half_even":
        return fl if fl % 2 == 0 else fl + 1
    raise ValueError(f"not a directed rounding rule: {rule!r}")


def _digits_string(m: int, places: int) -> str:
    text = str(Decimal(m).scaleb(-places)) if places else str(m)
    if text.startswith("-") and m == 0:
        text = text[1:]
    return text


def round_exact(
    value: Fraction | Decimal | int | str, places: int, rounding: str = "half_up"
) -> str:
    """Round an exact value to ``places`` decimals under a directed rule, as printed.

    Parameters
    ----------
    value : Fraction, Decimal, int or str
        The exact value (floats are refused).
    places : int
        Decimals to print, at least 0.
    rounding : str, default "half_up"
        A directed rule: any of :data:`ROUNDING_RULES` except ``"either"``.

    Returns
    -------
    str
        The rounded value with exactly ``places`` decimals (no ``"-0"``).

    Raises
    ------
    ValueError
        For ``"either"`` or an unknown rule, or ``places < 0``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> round_exact(Fraction(145, 28), 2), round_exact(Fraction(125, 2), 0, "half_even")
    ('5.18', '62')
    >>> round_exact("-2.5", 0), round_exact("-2.5", 0, "half_down"), round_exact(3, 2)
    ('-3', '-2', '3.00')
    """
    rule = _check_rule(rounding, allow_either=False)
    if places < 0:
        raise ValueError("places must be >= 0")
    m = _round_integer(_to_fraction(value) * 10**places, rule)
    return _digits_string(m, places)


def round_sqrt_exact(
    square: Fraction | Decimal | int | str, places: int, rounding: str = "half_up"
) -> str:
    """Round ``sqrt(square)`` exactly to ``places`` decimals (e.g. an SD from an exact variance).

    Parameters
    ----------
    square : Fraction, Decimal, int or str
        A non-negative exact value, e.g. a variance.
    places : int
        Decimals to print.
    rounding : str, default "half_up"
        A directed rule: any of :data:`ROUNDING_RULES` except ``"either"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For a negative ``square``, or ``"either"`` or an unknown rule.

    Notes
    -----
    With ``q = square * 10**(2 * places)``, the rounded digits are ``floor(sqrt(q))`` or one
    more, found with :func:`math.isqrt`; ties are detected by comparing ``q`` with
    ``(floor(sqrt(q)) + 1/2)**2``, so no float is involved.

    Examples
    --------
    >>> round_sqrt_exact(2, 3)
    '1.414'
    >>> round_sqrt_exact("6.25", 0), round_sqrt_exact("6.25", 0, "half_even")  # sqrt = 2.5
    ('3', '2')
    """
    rule = _check_rule(rounding, allow_either=False)
    x = _to_fraction(square)
    if x < 0:
        raise ValueError("cannot take the square root of a negative number")
    q2 = x * 10 ** (2 * places)  # (sqrt(x) * 10**places) ** 2
    fl = math.isqrt(math.floor(q2))  # floor(sqrt(q2)) == isqrt(floor(q2))
    exact = fl * fl == q2
    if rule == "floor" or rule == "truncate":
        m = fl
    elif rule == "ceiling":
        m = fl if exact else fl + 1
    else:
        mid = Fraction(2 * fl + 1, 2) ** 2  # compare sqrt(q2) with fl + 1/2 via squares
        if q2 > mid:
            m = fl + 1
        elif q2 < mid:
            m = fl
        elif rule == "half_up":
            m = fl + 1
        elif rule == "half_down":
            m = fl
        else:  # half_even
            m = fl if fl % 2 == 0 else fl + 1
    return _digits_string(m, places)


def _roundings(value: Fraction, places: int, rounding: str) -> list[str]:
    """The printed value(s) of ``value``: two strings for a tie under 'either'."""
    rule = _check_rule(rounding)
    if rule == "either":
        out = {round_exact(value, places, "half_up"), round_exact(value, places, "half_down")}
        return sorted(out, key=Decimal)
    return [round_exact(value, places, rule)]


def _rounded_phrase(value: Fraction, places: int, rounding: str) -> str:
    return " or ".join(_roundings(value, places, rounding))


def _rule_note(rounding: str) -> str:
    rule = _check_rule(rounding)
    return "" if rule == "either" else f" under {_RULE_PHRASE[rule]}"


def round_half_up(value: float, decimals: int = 0) -> str:
    """Format a number rounded half-up (``62.5`` → ``"63"``), as printed tables do.

    The float is first written with 12 significant digits so that 62.49999999999 from a
    division is not mistaken for a value below the tie.

    Parameters
    ----------
    value : float
        A computed value, e.g. a percent.
    decimals : int, default 0
        Decimals to print.

    Returns
    -------
    str

    Examples
    --------
    >>> round_half_up(62.5), round_half_up(37.5), round_half_up(9.66, 1)
    ('63', '38', '9.7')
    """
    exact = Decimal(f"{value:.12g}")
    quantum = Decimal(1).scaleb(-decimals)
    return str(exact.quantize(quantum, rounding=ROUND_HALF_UP))
