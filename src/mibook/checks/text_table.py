"""The same statistic printed twice (in the text and in a table): can both be right?"""

from __future__ import annotations

import math
from fractions import Fraction

from mibook.checks.result import CheckResult, _result
from mibook.checks.rounding import (
    DIRECTED_RULES,
    _check_rule,
    _digits_string,
    _rounded_phrase,
    _rule_note,
    _value,
    decimals,
    reported_interval,
    rounds_to,
)

# ----------------------------------------------------------------------------- text vs table


def text_vs_table(
    text_value: str, table_value: str, rounding: str = "either", from_unrounded: bool = False
) -> CheckResult:
    """The same quantity printed twice, possibly with different precision: can both be right?

    E.g. a figure printed in the text and again in a table. By default the coarser figure is
    taken to be the finer one rounded again ("re-rounded"): text "45.5" and table "45" agree
    under ``"either"`` (45.5 is exactly on the boundary, and a tie may go either way) but not
    under ``"half_up"`` or ``"half_even"`` (both give 46). With ``from_unrounded=True`` both are
    taken to be rounded independently from one unrounded value, and they agree when their
    rounding intervals overlap. Figures with the same number of decimals must be equal.

    Parameters
    ----------
    text_value : str
        The figure as printed in the text.
    table_value : str
        The figure as printed in the table.
    rounding : str, default "either"
        One of :data:`~mibook.checks.rounding.ROUNDING_RULES` (see :mod:`mibook.checks`).
    from_unrounded : bool, default False
        Take both figures as rounded from one unrounded value, instead of the coarser as the
        finer one rounded again.

    Returns
    -------
    CheckResult
        Extras: ``agreeing_rules`` (the directed rules under which the re-rounding reproduces
        the coarser figure; all of them for equal figures of the same precision); with
        ``from_unrounded=True`` also ``common_values`` (the interval both figures can be
        rounded from).

    Examples
    --------
    >>> result = text_vs_table("45.5", "45")
    >>> result.consistent, result.agreeing_rules
    (True, ('half_down', 'truncate'))
    >>> print(text_vs_table("45.5", "45", rounding="half_up").detail)
    ... # doctest: +NORMALIZE_WHITESPACE
    The text's 45.5 is exactly halfway between 45 and 46, on the boundary of the table's 45.
    Rounding the text's 45.5 to 0 decimals under half-up rounding (ties away from zero) gives
    46; the table prints 45: inconsistent. Rules that give 45: half_down, truncate; under
    'either' a tie may go either way. (If both were rounded independently from one unrounded
    value in [45.45, 45.5), both could be right.)
    >>> text_vs_table("45.5", "45", rounding="half_up", from_unrounded=True).consistent
    True
    """
    rule = _check_rule(rounding)
    dt, db = decimals(text_value), decimals(table_value)
    vt, vb = _value(text_value), _value(table_value)
    if dt == db:
        ok = vt == vb
        detail = f"Text {text_value} and table {table_value} have the same precision and " + (
            "are equal: consistent." if ok else "differ: inconsistent."
        )
        return _result(
            "text_vs_table", ok, detail, agreeing_rules=tuple(DIRECTED_RULES) if ok else ()
        )
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
            f"The {fine_where} gives {fine} ({df} decimal{'s' if df != 1 else ''}), "
            "i.e. an unrounded value "
            f"in {fine_int.describe()}; the {coarse_where} gives {coarse}, "
            f"i.e. {coarse_int.describe()}"
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
            f"The {fine_where}'s {fine} is exactly halfway between {lo_v} and {hi_v}, "
            "on the boundary of "
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
            " (If both were rounded independently from one unrounded value "
            f"in {overlap.describe()}, "
            "both could be right.)"
        )
    return _result("text_vs_table", ok, detail, agreeing_rules=agree)
