"""Rounding (``mibook.checks.rounding``): printed decimals, the interval a printed value stands for,
exact rounding of values and square roots under every rule."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mibook.checks import (
    Interval,
    decimals,
    reported_interval,
    round_exact,
    round_sqrt_exact,
    rounds_to,
)
from mibook.checks.rounding import round_half_up
from tests.checks.helpers import PROPERTY, F


def test_decimals_and_intervals():
    assert (
        decimals("5.190") == 3
        and decimals("12") == 0
        and decimals(".05") == 2
        and decimals("62.5%") == 1
    )
    assert decimals("\u22120.10") == 2
    with pytest.raises(TypeError):
        decimals(5.19)
    with pytest.raises(ValueError):
        decimals("1e-3")
    assert reported_interval("5.19") == Interval(F(5185, 1000), F(5195, 1000), True, True)
    assert reported_interval("5.19", "half_up") == Interval(
        F(5185, 1000), F(5195, 1000), True, False
    )
    assert reported_interval("5.18", "half_even") == Interval(
        F(5175, 1000), F(5185, 1000), True, True
    )
    assert reported_interval("5.19", "half_even") == Interval(
        F(5185, 1000), F(5195, 1000), False, False
    )
    assert reported_interval("5.1", "truncate") == Interval(F(51, 10), F(52, 10), True, False)
    assert reported_interval("-5.1", "truncate") == Interval(F(-52, 10), F(-51, 10), False, True)
    with pytest.raises(ValueError):
        reported_interval("5.1", "bankers")


def test_rounds_to_ties():
    tie = F(125, 2)  # 62.5
    assert rounds_to(tie, "63") and rounds_to(tie, "62")  # either
    assert rounds_to(tie, "63", "up_or_down")
    assert rounds_to(tie, "63", "half_up") and not rounds_to(tie, "62", "half_up")
    assert rounds_to(tie, "62", "half_even") and not rounds_to(tie, "63", "half_even")
    assert rounds_to(tie, "62", "half_down") and not rounds_to(tie, "63", "half_down")
    assert rounds_to(Decimal("-2.5"), "-3", "half_up") and rounds_to(
        Decimal("-2.5"), "-2", "half_down"
    )
    assert rounds_to("5.185", "5.19", "half_up") and not rounds_to("5.195", "5.19", "half_up")
    with pytest.raises(TypeError):
        rounds_to(62.5, "63")
    assert round_exact(F(145, 28), 2) == "5.18"
    assert round_exact(F(125, 2), 0, "half_even") == "62"
    assert round_exact(F(-1, 1000), 2, "half_up") == "0.00"
    with pytest.raises(ValueError):
        round_exact(F(1, 2), 0, "either")


@PROPERTY
@given(
    num=st.integers(-(10**6), 10**6),
    den=st.integers(1, 2000),
    places=st.integers(0, 4),
    rule=st.sampled_from(["half_up", "half_down", "half_even", "truncate", "ceiling", "floor"]),
)
def test_intervals_agree_with_exact_rounding(num, den, places, rule):
    value = F(num, den)
    printed = round_exact(value, places, rule)
    assert decimals(printed) == places
    assert rounds_to(value, printed, rule)
    unit = Decimal(1).scaleb(-places)
    for other in (Decimal(printed) - unit, Decimal(printed) + unit):
        assert not rounds_to(value, str(other.quantize(unit)), rule)
    # a half-unit rule's result is always an "either" rounding; truncate/ceiling/floor need not be
    if rule in ("half_up", "half_down", "half_even"):
        assert rounds_to(value, printed, "either")
        assert abs(F(Decimal(printed)) - value) <= F(1, 2 * 10**places)


@PROPERTY
@given(
    num=st.integers(0, 10**8),
    den=st.integers(1, 10**4),
    places=st.integers(0, 4),
    rule=st.sampled_from(["half_up", "half_down", "half_even", "truncate", "ceiling", "floor"]),
)
def test_round_sqrt_exact_against_high_precision_decimal(num, den, places, rule):
    x = F(num, den)
    with localcontext() as ctx:
        ctx.prec = 80
        root = (Decimal(num) / Decimal(den)).sqrt()
    printed = round_sqrt_exact(x, places, rule)
    scaled = root.scaleb(places)
    fl = int(scaled.to_integral_value(rounding="ROUND_FLOOR"))
    # away from exact ties and exact integers the 80-digit value decides unambiguously
    frac = scaled - fl
    assume(abs(frac - Decimal("0.5")) > Decimal("1e-40") and frac > Decimal("1e-40"))
    expected = {"floor": fl, "truncate": fl, "ceiling": fl + 1}.get(
        rule, fl + (frac > Decimal("0.5"))
    )
    assert printed == (str(Decimal(expected).scaleb(-places)) if places else str(expected))


def test_round_sqrt_exact_ties():
    # sqrt(6.5025) = 2.55 exactly: a tie at one decimal
    assert round_sqrt_exact(F(65025, 10000), 1, "half_up") == "2.6"
    assert round_sqrt_exact(F(65025, 10000), 1, "half_down") == "2.5"
    assert round_sqrt_exact(F(65025, 10000), 1, "half_even") == "2.6"
    assert round_sqrt_exact(F(4), 0, "ceiling") == "2"


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (62.5, 0, "63"),
        (37.5, 0, "38"),
        (2.5, 0, "3"),
        (100 * 15 / 111, 0, "14"),
        (9.65, 1, "9.7"),
        (45.49, 0, "45"),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected
