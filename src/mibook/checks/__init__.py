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
``tests/checks/`` as a *test oracle*: our verdicts are compared with its verdicts on
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

from mibook.checks.composites import composite_check, composite_sd_bounds
from mibook.checks.debit import debit
from mibook.checks.grim import (
    grim,
    grim_possible_means,
    grim_probability,
    grim_ratio,
    grim_total,
    grim_values,
)
from mibook.checks.grimmer import grimmer
from mibook.checks.percents import (
    percent_from_count,
    percent_sum_check,
    rounding_rules_that_agree,
    sum_check,
)
from mibook.checks.result import CheckResult
from mibook.checks.rounding import (
    DIRECTED_RULES,
    ROUNDING_RULES,
    Interval,
    computed_rounds_to,
    decimals,
    reported_interval,
    round_exact,
    round_sqrt_exact,
    rounds_to,
)
from mibook.checks.text_table import text_vs_table

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
    "computed_rounds_to",
]
