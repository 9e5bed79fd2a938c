"""Consistency checks for reported summary statistics (GRIM, GRIMMER, DEBIT, percents, sums,
composite scores, text versus table).

The book audits numbers that the two source articles print: means, SDs, percents and counts.
Each check here is a small pure function that takes the *printed* statistics as strings
(``"5.19"``, ``"54.0"``, ``"2.50"``) because the number of printed decimals is information:
``"5.19"`` claims a precision of one hundredth, ``"5.190"`` of one thousandth, and a mean of
``"5.20"`` is not the same claim as ``"5.2"``. Every check returns a :class:`CheckResult`:

    ``consistent``  True / False, or None when the check cannot be applied (e.g. an SD with n = 1);
    ``detail``      one or two plain-English sentences with the arithmetic, for the book's pages;
    ``check``       the name of the check;
    ``extras``      check-specific numbers, also readable as attributes (``result.failed_test``).

Rounding conventions
--------------------
Every check takes ``rounding`` (default ``"either"``). A printed value ``r`` with ``d`` decimals
stands for the set of unrounded values that round to ``r``; the rule decides what happens at the
ties (a value exactly half a unit from two printable values):

``"either"`` / ``"up_or_down"``  the tie may have gone either way: the closed interval
    ``[r - u/2, r + u/2]`` (u = 10**-d). This is scrutiny's default and the right default for an
    audit, because the article does not tell us which software rounded the numbers.
``"half_up"``    ties away from zero (Excel, SPSS, Python's ``ROUND_HALF_UP``): 62.5 -> 63.
``"half_down"``  ties towards zero: 62.5 -> 62.
``"half_even"``  ties to the even digit (IEC 60559, numpy, R's ``round()``): 62.5 -> 62.
``"truncate"``   towards zero; ``"ceiling"`` towards +inf; ``"floor"`` towards -inf.

All arithmetic is exact: printed strings become :class:`fractions.Fraction` via
:class:`decimal.Decimal`, intervals keep track of open and closed ends, and square roots are
rounded exactly with integer square roots. No float is ever compared at a rounding boundary;
floats appear only in the prose of ``detail`` (and in :func:`grim_ratio`/:func:`grim_probability`,
which are descriptive ratios).

Relation to scrutiny and scrutipy
---------------------------------
The design follows the R package scrutiny (L. Jung) and rsprite2: small pure functions, reported
statistics as strings, rounding as an explicit parameter; GRIMMER follows Allard's analytic
GRIMMER with scrutiny's three tests; DEBIT follows scrutiny's formula for binary data.
``scrutipy`` 0.1.12 (a Rust port of scrutiny) is installed with the test extras and used in
``tests/test_consistency.py`` as a *test oracle*: our verdicts are compared with its verdicts on
scrutiny's worked examples and on thousands of random cases where the conventions coincide.
The implementation the project uses is this hand-written one, because

* each check needs an explicit, per-check rounding convention that is applied *exactly*;
  scrutipy computes in floats and blurs every reconstructed value by +-1e-12 ("dustify") and a
  tolerance of sqrt(machine epsilon), so an exact tie passes under every tie rule (``"up"``,
  ``"down"`` and ``"even"`` all accept 5.25 -> "5.2" *and* "5.3"): its directed tie rules cannot
  change a verdict, which is exactly what the book needs to show for e.g. 70/112 -> "63";
* the book needs a plain-English explanation with the numbers, not only a Boolean;
* the book needs checks scrutiny does not have (percent-from-count with the agreeing rounding
  rules, sums, percent sums, composite means and SDs, text versus table);
* scrutipy has sharp edges that would break or silently corrupt an audit (found while writing
  the tests): ``grim_scalar`` and ``grimmer`` panic on a string without decimals (``"6"``, an
  integer percent, an SD of ``"0"``); ``grimmer`` zips its inputs with ``items`` (default
  ``[1]``), so a vector call returns only the first verdict unless ``items`` is passed with the
  full length, it panics for ``items > 1``, and ``show_reason`` prints the reason instead of
  returning it; ``debit`` panics when the mean's rounding interval reaches below 0 or above 1
  (``"0.0"``, ``"1.00"``), where ours clips the interval to [0, 1].

scrutiny/scrutipy conventions, as inspected (and where ours differ):

* GRIM: ``N = n * items``; the candidate means are ``floor(x*N)/N`` and ``ceiling(x*N)/N``,
  rounded to the reported decimals with ``"up_or_down"`` and compared with a tolerance.
  ``percent=True`` divides the value by 100 and adds two decimals ("67.4" -> 0.674 with 3
  decimals). Ours is the same test done exactly (all integer totals T with T/N in the interval
  of the printed mean) and agrees on every case tried.
  ``grim_ratio = 1 - N / 10**d`` (may be negative), ``grim_total = 10**d - N``,
  ``grim_probability = max(0, grim_ratio)``, with ``d`` including the +2 for percentages.
* GRIMMER: GRIM first; then the reported SD's interval ``sd +- u/2`` (lower end clipped at 0)
  gives a range for the sum of squares ``(n-1)*SD**2 + n*mean**2`` in which an integer must
  lie (scrutiny's tests 1 and 2, here ``failed_test="sd_range"``); then the parity test (test
  3, ``"parity"``): a sum of squares of integers is even exactly when their sum is. The SD is
  the sample SD (divisor n - 1); scrutiny has no other option (ours: ``sd_divisor="n"``).
  scrutiny uses only the total ``round(x*n)``; ours tries every total consistent with the
  mean, which matters only when ``n*items >= 10**d``. With ``items > 1`` ours uses
  participants' item sums (sum of squares ``(n-1)*items**2*SD**2 + T**2/n``), as in rsprite2;
  scrutipy refuses items > 1.
* DEBIT: the sample SD of binary data with proportion p is ``sqrt(n/(n-1) * p*(1-p))``
  (scrutiny's ``"mean_n"`` formula). scrutiny "unrounds" the mean to ``[x - u/2, x + u/2]``,
  computes the SD at the two *ends* of that interval, rounds those SDs to the reported
  decimals and accepts when the reported SD lies between them. Ours takes the whole image of
  the mean interval, including the maximum at p = 0.5 when the interval contains 0.5; scrutiny
  misses that peak (``debit("0.5", "0.527", 10)``: 5 ones out of 10 give SD 0.52705, scrutipy
  says inconsistent, we say consistent). ``exact_counts=True`` additionally requires p = k/n.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

__all__ = [
    "CheckResult",
    "Interval",
    "ROUNDING_RULES",
    "DIRECTED_RULES",
    "decimals",
    "reported_interval",
    "rounds_to",
    "round_exact",
    "round_sqrt_exact",
    "grim",
    "grim_ratio",
    "grim_total",
    "grim_probability",
    "grim_values",
    "grim_possible_means",
    "grimmer",
    "debit",
    "percent_from_count",
    "rounding_rules_that_agree",
    "sum_check",
    "percent_sum_check",
    "composite_check",
    "composite_sd_bounds",
    "text_vs_table",
]

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


# ----------------------------------------------------------------------------- result type


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one consistency check.

    ``consistent`` is True, False, or None ("cannot be checked"); ``detail`` explains it with
    the arithmetic. Check-specific values live in ``extras`` and can also be read as
    attributes, e.g. ``grimmer(...).failed_test``. ``bool(result)`` is ``consistent``; it raises
    ``ValueError`` for an undetermined result rather than guessing.
    """

    consistent: bool | None
    detail: str
    check: str = ""
    extras: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extras", MappingProxyType(dict(self.extras)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "extras":
            raise AttributeError(name)
        extras = object.__getattribute__(self, "extras")
        try:
            return extras[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute or extra {name!r}") from None

    def __bool__(self) -> bool:
        if self.consistent is None:
            raise ValueError(f"the {self.check or 'consistency'} check is undetermined: {self.detail}")
        return self.consistent

    def __str__(self) -> str:
        verdict = {True: "consistent", False: "INCONSISTENT", None: "not checkable"}[self.consistent]
        return f"{self.check}: {verdict}. {self.detail}"


def _result(check: str, consistent: bool | None, detail: str, **extras: Any) -> CheckResult:
    return CheckResult(consistent=consistent, detail=detail, check=check, extras=extras)


# ----------------------------------------------------------------------------- parsing


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _clean(reported: str) -> str:
    """Normalise a printed number: strip blanks and a trailing %, accept a Unicode minus."""
    if not isinstance(reported, str):
        raise TypeError(
            f"reported statistics must be strings (trailing zeros matter), got {type(reported).__name__}: "
            f"{reported!r}"
        )
    text = reported.strip().replace("\u2212", "-")
    if text.endswith("%"):
        text = text[:-1].rstrip()
    if not _NUMBER.match(text):
        raise ValueError(f"not a plainly printed number: {reported!r}")
    return text


def decimals(reported: str) -> int:
    """Number of printed decimals: ``decimals("5.190") == 3``, ``decimals("12") == 0``."""
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
            "floats are not accepted at a rounding boundary; pass a Fraction, Decimal, int or string"
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
    """An interval of exact rationals with open or closed ends."""

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    @property
    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def __contains__(self, value: Any) -> bool:
        x = _to_fraction(value)
        above = x > self.lo or (x == self.lo and self.lo_closed)
        below = x < self.hi or (x == self.hi and self.hi_closed)
        return above and below

    def intersect(self, other: Interval) -> Interval:
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
        w = _weight(factor)
        if w == 0:
            return Interval(Fraction(0), Fraction(0))
        if w > 0:
            return Interval(self.lo * w, self.hi * w, self.lo_closed, self.hi_closed)
        return Interval(self.hi * w, self.lo * w, self.hi_closed, self.lo_closed)

    def shift(self, offset: Any) -> Interval:
        c = _to_fraction(offset)
        return Interval(self.lo + c, self.hi + c, self.lo_closed, self.hi_closed)

    def integers(self) -> range:
        """The integers in the interval, as a range (possibly empty)."""
        first = math.ceil(self.lo)
        if first == self.lo and not self.lo_closed:
            first += 1
        last = math.floor(self.hi)
        if last == self.hi and not self.hi_closed:
            last -= 1
        return range(first, max(first, last + 1))

    def squared(self) -> Interval:
        """The image under x -> x**2 of a non-negative interval."""
        if self.lo < 0:
            raise ValueError("squared() needs a non-negative interval")
        return Interval(self.lo**2, self.hi**2, self.lo_closed, self.hi_closed)

    def describe(self, places: int = 6) -> str:
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

    ``reported_interval("5.19")`` is ``[5.185, 5.195]``; under ``"half_up"`` it is
    ``[5.185, 5.195)``; under ``"half_even"`` ``"5.18"`` owns both of its ties, ``"5.19"`` neither.
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


def rounds_to(value: Fraction | Decimal | int | str, reported: str, rounding: str = "either") -> bool:
    """Does the exact ``value`` print as ``reported`` under ``rounding``?

    ``rounds_to(Fraction(125, 2), "63", "half_up")`` is True, under ``"half_even"`` False, and under
    ``"either"`` (the default) True: a tie may go either way. Floats are refused.
    """
    return _to_fraction(value) in reported_interval(reported, rounding)


def computed_rounds_to(value: float, reported: str, rounding: str = "either") -> bool:
    """:func:`rounds_to` for a value computed in floating point (a mean, a percent).

    The float is read at 12 significant digits first, so that 13.499999999999998 from a division
    counts as the 13.5 it stands for; NaN and None never round to anything.

    >>> computed_rounds_to(100 * 15 / 111, "14"), computed_rounds_to(88.5, "89"), computed_rounds_to(float("nan"), "1")
    (True, True, False)
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


def round_exact(value: Fraction | Decimal | int | str, places: int, rounding: str = "half_up") -> str:
    """Round an exact value to ``places`` decimals under a directed rule; return the printed string.

    ``round_exact(Fraction(145, 28), 2) == "5.18"``;
    ``round_exact(Fraction(125, 2), 0, "half_even") == "62"``.
    """
    rule = _check_rule(rounding, allow_either=False)
    if places < 0:
        raise ValueError("places must be >= 0")
    m = _round_integer(_to_fraction(value) * 10**places, rule)
    return _digits_string(m, places)


def round_sqrt_exact(square: Fraction | Decimal | int | str, places: int, rounding: str = "half_up") -> str:
    """Round ``sqrt(square)`` exactly to ``places`` decimals (e.g. an SD from an exact variance)."""
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


def grim(mean: str, n: int, items: int = 1, percent: bool = False, rounding: str = "either") -> CheckResult:
    """GRIM: is there an integer total T with T / (n * items) printing as ``mean``?

    With ``percent=True`` the printed value is a percentage ("67.4"), i.e. a proportion with two
    more decimals. ``grim("5.19", 28).consistent is False``. Extras: ``totals`` (range of integer
    totals that work), ``possible_means`` (their exact means, at most 20), ``n_items``,
    ``grim_ratio``.
    """
    g = _grim_core(mean, n, items, percent, rounding)
    N = g.n_items
    unit = "%" if percent else ""
    who = f"n = {n}" if items == 1 else f"n = {n} participants x {items} items = {N} integer responses"
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


# ----------------------------------------------------------------------------- GRIMMER


def _divisor(n: int, sd_divisor: str) -> int:
    if sd_divisor == "n-1":
        return n - 1
    if sd_divisor == "n":
        return n
    raise ValueError("sd_divisor must be 'n-1' (sample SD) or 'n' (population SD)")


def _min_sum_squares(total: int, n: int) -> int:
    """The smallest sum of squares of n integers with the given sum (values as equal as possible)."""
    q, r = divmod(total, n)
    return n * q * q + 2 * q * r + r


def grimmer(
    mean: str,
    sd: str,
    n: int,
    items: int = 1,
    rounding: str = "either",
    sd_divisor: str = "n-1",
    check_min_variance: bool = False,
) -> CheckResult:
    """GRIMMER (Anaya 2016; Allard's analytic version, as in scrutiny): can n integer scores
    (each the mean of ``items`` integer items) have the printed mean and SD?

    The tests, in order; ``failed_test`` names the first one that fails:

    ``"grim"``      the mean fails GRIM (scrutiny: "GRIM inconsistent");
    ``"sd_range"``  no integer sum of squares gives an SD that prints as ``sd`` (scrutiny's tests 1-2);
    ``"parity"``    the only such sums of squares have the wrong parity: a sum of squares of
                    integers is even exactly when their sum is (scrutiny's test 3);
    ``"min_variance"`` (only with ``check_min_variance=True``, not in scrutiny) every remaining
                    sum of squares is below the minimum for n integers with that total.

    ``sd_divisor="n-1"`` (default) is the sample SD; ``"n"`` the population SD.
    """
    check = "grimmer"
    g_res = grim(mean, n, items, rounding=rounding)
    common = dict(n=n, items=items, sd_divisor=sd_divisor)
    if not g_res.consistent:
        return _result(check, False, "The mean fails GRIM. " + g_res.detail, failed_test="grim", **common)
    div = _divisor(n, sd_divisor)
    if div == 0:
        return _result(
            check,
            None,
            f"An SD with divisor {sd_divisor} is undefined for n = {n}.",
            failed_test=None,
            **common,
        )
    g = _grim_core(mean, n, items, False, rounding)
    if len(g.totals) > _MAX_ENUMERATION:
        raise ValueError("too many possible totals to check")
    sd_int = _clip_nonnegative(reported_interval(sd, rounding))
    var_int = sd_int.squared()
    k = items * items * div  # Q = k * SD**2 + T**2 / n, with Q the sum of squared item sums
    ss_label = "sum of squares" if items == 1 else "sum of squared item sums"
    formula = (
        f"{ss_label} = {div}·SD² + total²/{n}"
        if items == 1
        else f"{ss_label} = {div}·{items}²·SD² + total²/{n}"
    )
    stage = 0  # 1: some integer sum of squares in range; 2: ... with the right parity
    witness = None
    shown = None  # (total, interval of sums of squares, its integers) described in the prose
    for t in g.totals:
        q_int = var_int.scale(k).shift(Fraction(t * t, n))
        qs = q_int.integers()
        if shown is None:
            shown = (t, q_int, qs)
        if not len(qs):
            continue
        stage = max(stage, 1)
        q = qs.start + (qs.start - t) % 2  # the smallest candidate with the parity of t
        if q > qs[-1]:
            continue
        stage = max(stage, 2)
        if check_min_variance:
            q = max(q, _min_sum_squares(t, n))  # the minimum has the parity of t as well
            if q > qs[-1]:
                shown = (t, q_int, qs)
                continue
        witness = (t, q)
        shown = (t, q_int, qs)
        break
    assert shown is not None
    t0, q_int0, qs0 = shown
    several = len(g.totals) > 1
    lead = (
        f"The mean {mean} is GRIM-consistent with n = {n}"
        + (f" x {items} items" if items > 1 else "")
        + (
            f" (total {t0}: {t0}/{g.n_items} = {_fmt(Fraction(t0, g.n_items), g.places + 2)})"
            if not several
            else f" ({len(g.totals)} possible totals, {g.totals[0]} to {g.totals[-1]}, were each tried)"
        )
        + ". "
    )
    sd_text = (
        f"An SD printed as {sd} lies in {sd_int.describe()}{_rule_note(rounding)}, so the {formula} "
        f"must lie in {q_int0.describe(2)}"
        + (f" for the total {t0}" if several else "")
    )
    extras = dict(common, totals=g.totals, total=t0, sum_squares=qs0, witness=witness)
    if witness is not None:
        t, q = witness
        parity = "even" if t % 2 == 0 else "odd"
        detail = (
            lead
            + sd_text
            + f"; the integer {q} qualifies"
            + f" and has the same parity as the total ({parity}), so the SD is possible: consistent."
        )
        return _result(check, True, detail, failed_test=None, **extras)
    if stage == 0:
        detail = lead + sd_text + ", and no integer lies in that range: no set of integer scores has this SD."
        return _result(check, False, detail, failed_test="sd_range", **extras)
    if stage == 1:
        parity = "even" if t0 % 2 == 0 else "odd"
        ints = list(qs0)
        ints_text = _join([str(q) for q in ints]) if len(ints) <= 5 else f"{ints[0]}…{ints[-1]}"
        wrong = "odd" if parity == "even" else "even"
        detail = (
            lead
            + sd_text
            + f"; the only integer{'s' if len(ints) > 1 else ''} there ({ints_text}) "
            + f"{'are' if len(ints) > 1 else 'is'} {wrong}, but a sum of squares of integers has the same "
            + f"parity as their sum, {t0} ({parity}): inconsistent (parity test)."
        )
        return _result(check, False, detail, failed_test="parity", **extras)
    q_min = _min_sum_squares(t0, n)
    detail = (
        lead
        + sd_text
        + f"; but {n} integers summing to {t0} have a sum of squares of at least {q_min} "
        + "(values as equal as possible), and no integer of the right parity at or above it qualifies: "
        + "the SD is too small for this mean."
    )
    return _result(check, False, detail, failed_test="min_variance", **extras)


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
        return _result(check, False, f"A proportion of 1s must lie between 0 and 1; {mean} does not.")
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
        f"{sd_int.describe()}: {'consistent' if ok else 'inconsistent'}."
        + counts_note
    )
    return _result(check, ok, detail, p_interval=p_int, sd_range=(sd_lo, sd_hi), n=n)


# ----------------------------------------------------------------------------- percents and sums


def rounding_rules_that_agree(count: int, denominator: int, reported: str) -> list[str]:
    """Which directed rules (half_up, half_even, half_down, truncate, ceiling) print
    100 * count / denominator as ``reported``: for 70/112 = 62.5 %, "63" -> ["half_up", "ceiling"]."""
    value = Fraction(100 * count, denominator)
    return [rule for rule in DIRECTED_RULES if rounds_to(value, reported, rule)]


def percent_from_count(count: int, denominator: int, reported: str, rounding: str = "either") -> CheckResult:
    """Is the printed percent ``reported`` what count/denominator gives, under ``rounding``?"""
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
    prints = f"{shown}, which prints as {rounded} with {d} decimal{'s' if d != 1 else ''}{_rule_note(rounding)}"
    if ok:
        detail = f"{prints}; the reported {reported}% agrees: consistent."
    else:
        detail = f"{prints}, not {reported}%: inconsistent."
    if tie:
        detail += (
            f" It is a tie ({_fmt(value, d + 1)} is exactly halfway), so the printed value depends on the rule."
        )
    if agree:
        detail += f" Rules that reproduce {reported}: {', '.join(agree)}."
    else:
        detail += f" No rounding rule gives {reported}."
    return _result("percent_from_count", ok, detail, exact=value, agreeing_rules=tuple(agree))


def sum_check(parts: Iterable[int], total: int) -> CheckResult:
    """Category counts must add up to the stated total."""
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


def percent_sum_check(percents: Sequence[str], rounding: str = "either", total: str = "100") -> CheckResult:
    """Printed percents of all categories of one variable must add up to 100 within rounding slack.

    Each printed percent stands for an interval of unrounded values (half a unit either side with
    ``"either"``); the sum of the unrounded values lies in the sum of those intervals, which must
    contain 100: |sum - 100| <= sum of the half units.
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
        f"{shown}. Allowing for rounding{_rule_note(rounding)}, the {len(percents)} unrounded values add up "
        f"to something in {acc.describe()}, which {'includes' if ok else 'excludes'} {_clean(total)}"
        + (
            ": consistent."
            if ok
            else f": inconsistent (the printed sum misses {_clean(total)} by {_fmt(printed - target, 6)})."
        )
    )
    return _result("percent_sum_check", ok, detail, printed_sum=printed, possible_sums=acc)


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
    """The mean of a composite score equals the weighted combination of the component means
    (linearity; by default the plain average, e.g. technical = (change talk + sustain talk)/2).

    Each printed component mean is known only within its rounding interval, so the composite's
    mean lies in the weighted sum of those intervals; consistent when that interval meets the
    printed composite's interval. This assumes the composite and the components were computed on
    the same people (complete data).
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
        f"The composite mean must equal {formula} = {_fmt(point, 6)} at the printed values; allowing for "
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
    """The SD of a weighted combination of two components, ``w1*X1 + w2*X2`` (default: their
    average), lies between ``|w1*s1 - w2*s2|`` and ``|w1|*s1 + |w2|*s2`` (correlation -1 and +1;
    for the average: |s1 - s2|/2 and (s1 + s2)/2), widened by the rounding of s1 and s2.

    Consistent when the printed composite SD can lie in that range. The detail also solves
    sd_c² = w1²s1² + w2²s2² + 2 r w1 w2 s1 s2 for the implied correlation r between the
    components at the printed values (extra ``implied_r``), and its range over the rounding
    intervals (``implied_r_range``, floats).
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
        f"(correlation −1) and {hi_txt} (correlation +1); allowing for rounding{_rule_note(rounding)}, "
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
        detail += " The correlation between the components is not determinable (a component SD is 0)."
    return _result(
        "composite_sd_bounds", ok, detail, possible=possible, implied_r=r0, implied_r_range=r_range
    )


# ----------------------------------------------------------------------------- text vs table


def text_vs_table(
    text_value: str, table_value: str, rounding: str = "either", from_unrounded: bool = False
) -> CheckResult:
    """The same quantity printed twice (e.g. in the text and in a table), possibly with different
    precision.

    By default the coarser figure is taken to be the finer one rounded again ("re-rounded"): text
    "45.5" and table "45" agree under ``"either"`` (45.5 is exactly on the boundary, and a tie may
    go either way) but not under ``"half_up"`` or ``"half_even"`` (both give 46). With
    ``from_unrounded=True`` both are taken to be rounded independently from one unrounded value,
    and they agree when their rounding intervals overlap. Figures with the same number of decimals
    must be equal. Extra ``agreeing_rules`` lists the directed rules under which the re-rounding
    reproduces the coarser figure.
    """
    rule = _check_rule(rounding)
    dt, db = decimals(text_value), decimals(table_value)
    vt, vb = _value(text_value), _value(table_value)
    if dt == db:
        ok = vt == vb
        detail = (
            f"Text {text_value} and table {table_value} have the same precision and "
            + ("are equal: consistent." if ok else "differ: inconsistent.")
        )
        return _result("text_vs_table", ok, detail, agreeing_rules=tuple(DIRECTED_RULES) if ok else ())
    fine, coarse = (text_value, table_value) if dt > db else (table_value, text_value)
    fine_where, coarse_where = ("text", "table") if dt > db else ("table", "text")
    dc = decimals(coarse)
    vf = _value(fine)
    agree = tuple(r for r in DIRECTED_RULES if rounds_to(vf, coarse, r))
    fine_int = reported_interval(fine, rule)
    coarse_int = reported_interval(coarse, rule)
    overlap = fine_int.intersect(coarse_int)
    if from_unrounded:
        ok = not overlap.empty
        df = decimals(fine)
        detail = (
            f"The {fine_where} gives {fine} ({df} decimal{'s' if df != 1 else ''}), i.e. an unrounded value "
            f"in {fine_int.describe()}; the {coarse_where} gives {coarse}, i.e. {coarse_int.describe()}"
            f"{_rule_note(rule)}. "
            + (
                f"Both can be rounded from one value in {overlap.describe()}: consistent."
                if ok
                else "No unrounded value prints as both: inconsistent."
            )
        )
        return _result("text_vs_table", ok, detail, agreeing_rules=agree, common_values=overlap)
    ok = rounds_to(vf, coarse, rule)
    unit = Fraction(1, 10**dc)
    tie = (vf / unit - math.floor(vf / unit)) == Fraction(1, 2)
    rounded = _rounded_phrase(vf, dc, rule)
    places = f"{dc} decimal{'s' if dc != 1 else ''}"
    detail = f"Rounding the {fine_where}'s {fine} to {places}{_rule_note(rule)} gives {rounded}"
    if tie:
        lo_v = _digits_string(math.floor(vf / unit), dc)
        hi_v = _digits_string(math.floor(vf / unit) + 1, dc)
        detail = (
            f"The {fine_where}'s {fine} is exactly halfway between {lo_v} and {hi_v}, on the boundary of "
            f"the {coarse_where}'s {coarse}. " + detail
        )
    detail += f"; the {coarse_where} prints {coarse}: {'consistent' if ok else 'inconsistent'}."
    if tie:
        detail += (
            f" Rules that give {coarse}: {', '.join(agree) if agree else 'none'}"
            + ("; under 'either' a tie may go either way" if rule != "either" else "")
            + "."
        )
    if not ok and not overlap.empty:
        detail += (
            f" (If both were rounded independently from one unrounded value in {overlap.describe()}, "
            "both could be right.)"
        )
    return _result("text_vs_table", ok, detail, agreeing_rules=agree)
