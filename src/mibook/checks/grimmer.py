"""GRIMMER: can a printed mean and SD come from n integer answers together?"""

from __future__ import annotations

from fractions import Fraction

from mibook.checks.grim import _grim_core, grim
from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    _MAX_ENUMERATION,
    _clip_nonnegative,
    _fmt,
    _join,
    _rule_note,
    reported_interval,
)

# ----------------------------------------------------------------------------- GRIMMER


def _divisor(n: int, sd_divisor: str) -> int:
    if sd_divisor == "n-1":
        return n - 1
    if sd_divisor == "n":
        return n
    raise ValueError("sd_divisor must be 'n-1' (sample SD) or 'n' (population SD)")


def _min_sum_squares(total: int, n: int) -> int:
    """The smallest sum of squares of n integers with the given sum (values as equal as can be)."""
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
    """GRIMMER: can n integer scores have the printed mean and SD together?

    GRIMMER (Anaya 2016) in Allard's analytic version, as in scrutiny; each score may be the
    mean of ``items`` integer items. The tests, in order; ``failed_test`` names the first one
    that fails:

    ``"grim"``
        the mean fails GRIM (scrutiny: "GRIM inconsistent");
    ``"sd_range"``
        no integer sum of squares gives an SD that prints as ``sd`` (scrutiny's tests 1-2);
    ``"parity"``
        the only such sums of squares have the wrong parity: a sum of squares of integers is
        even exactly when their sum is (scrutiny's test 3);
    ``"min_variance"``
        (only with ``check_min_variance=True``, not in scrutiny) every remaining sum of
        squares is below the minimum for n integers with that total.

    Parameters
    ----------
    mean, sd : str
        The printed mean and SD.
    n : int
        Number of participants, at least 1.
    items : int, default 1
        Number of integer items averaged into each participant's score.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).
    sd_divisor : {"n-1", "n"}, default "n-1"
        The sample SD (divisor n - 1) or the population SD (divisor n).
    check_min_variance : bool, default False
        Also require the sum of squares to reach the smallest one possible for n integers
        with the total (values as equal as possible).

    Returns
    -------
    CheckResult
        Undetermined (``consistent`` None) when the SD is undefined (n = 1 with
        ``sd_divisor="n-1"``). Extras: ``failed_test`` (above, or None), ``n``, ``items``,
        ``sd_divisor``; after GRIM passes also ``totals`` (the integer totals tried),
        ``total`` (the one described), ``sum_squares`` (range of integer sums of squares in
        range for it) and ``witness`` (a (total, sum of squares) pair that works, or None).

    Raises
    ------
    ValueError
        For an unknown ``sd_divisor`` or ``rounding``, invalid ``n`` or ``items``, or more
        than a million possible totals.

    Notes
    -----
    For every integer total ``T`` that passes GRIM, the sum of squares ``Q`` of the n
    participants' item sums follows from the SD::

        Q = div * items**2 * SD**2 + T**2 / n        (div = n - 1, or n with sd_divisor="n")

    The printed SD stands for an interval (clipped at 0), so ``Q`` must be an integer in the
    image of that interval, with the parity of ``T``, because ``x**2`` and ``x`` have the
    same parity for every integer ``x``.

    Examples
    --------
    >>> result = grimmer("5.18", "1.00", 28)
    >>> result.consistent, result.failed_test
    (False, 'parity')
    >>> print(result.detail)  # doctest: +NORMALIZE_WHITESPACE
    The mean 5.18 is GRIM-consistent with n = 28 (total 145: 145/28 = 5.1786). An SD printed
    as 1.00 lies in [0.995, 1.005], so the sum of squares = 27·SD² + total²/28 must lie in
    [777.62, 778.16]; the only integer there (778) is even, but a sum of squares of integers
    has the same parity as their sum, 145 (odd): inconsistent (parity test).
    >>> grimmer("5.18", "1.02", 28).witness, grimmer("5.18", "1.01", 28).failed_test
    ((145, 779), 'sd_range')

    Ten integers summing to 15 have an SD of at least 0.527 (five 1s and five 2s):

    >>> grimmer("1.5", "0.24", 10).consistent
    True
    >>> grimmer("1.5", "0.24", 10, check_min_variance=True).failed_test
    'min_variance'
    """
    check = "grimmer"
    g_res = grim(mean, n, items, rounding=rounding)
    common = dict(n=n, items=items, sd_divisor=sd_divisor)
    if not g_res.consistent:
        return _result(
            check, False, "The mean fails GRIM. " + g_res.detail, failed_test="grim", **common
        )
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
            else f" ({len(g.totals)} possible totals, {g.totals[0]} to {g.totals[-1]}, "
            "were each tried)"
        )
        + ". "
    )
    sd_text = (
        f"An SD printed as {sd} lies in {sd_int.describe()}{_rule_note(rounding)}, "
        f"so the {formula} "
        f"must lie in {q_int0.describe(2)}" + (f" for the total {t0}" if several else "")
    )
    extras = dict(common, totals=g.totals, total=t0, sum_squares=qs0, witness=witness)
    if witness is not None:
        t, q = witness
        parity = "even" if t % 2 == 0 else "odd"
        detail = (
            lead
            + sd_text
            + f"; the integer {q} qualifies"
            + f" and has the same parity as the total ({parity}), "
            "so the SD is possible: consistent."
        )
        return _result(check, True, detail, failed_test=None, **extras)
    if stage == 0:
        detail = (
            lead
            + sd_text
            + ", and no integer lies in that range: no set of integer scores has this SD."
        )
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
            + f"{'are' if len(ints) > 1 else 'is'} {wrong}, "
            "but a sum of squares of integers has the same "
            + f"parity as their sum, {t0} ({parity}): inconsistent (parity test)."
        )
        return _result(check, False, detail, failed_test="parity", **extras)
    q_min = _min_sum_squares(t0, n)
    detail = (
        lead
        + sd_text
        + f"; but {n} integers summing to {t0} have a sum of squares of at least {q_min} "
        + "(values as equal as possible), "
        "and no integer of the right parity at or above it qualifies: "
        + "the SD is too small for this mean."
    )
    return _result(check, False, detail, failed_test="min_variance", **extras)
