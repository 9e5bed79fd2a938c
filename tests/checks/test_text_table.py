"""Text versus table (``mibook.checks.text_table``): the same number printed twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mibook.checks import round_exact, text_vs_table
from tests.checks.helpers import PROPERTY, RULES, F


@pytest.mark.parametrize(
    "rounding,expected",
    [
        ("either", True),
        ("up_or_down", True),
        ("half_up", False),
        ("half_even", False),
        ("half_down", True),
    ],
)
def test_text_vs_table_tie(rounding, expected):
    r = text_vs_table("45.5", "45", rounding=rounding)
    assert r.consistent is expected, r.detail
    assert "halfway" in r.detail
    # the same with the roles swapped
    assert text_vs_table("45", "45.5", rounding=rounding).consistent is expected
    assert r.agreeing_rules == ("half_down", "truncate")


def test_text_vs_table_other_cases():
    assert text_vs_table("45.4", "45").consistent is True
    assert text_vs_table("45.6", "45").consistent is False
    assert text_vs_table("45.6", "46", rounding="half_even").consistent is True
    assert text_vs_table("45.5", "46", rounding="half_even").consistent is True
    assert text_vs_table("44.5", "44", rounding="half_even").consistent is True
    assert text_vs_table("45.50", "45.5").consistent is True
    assert text_vs_table("45.5", "45.6").consistent is False
    # both rounded independently from one unrounded value (e.g. 45.47 -> "45.5" and "45")
    assert text_vs_table("45.5", "45", rounding="half_up", from_unrounded=True).consistent is True
    assert text_vs_table("45.6", "45", from_unrounded=True).consistent is False
    assert "45.45" in text_vs_table("45.5", "45", rounding="half_up").detail


@PROPERTY
@given(num=st.integers(0, 10**6), den=st.integers(1, 997), d=st.integers(0, 2), rule=RULES)
def test_text_vs_table_property(num, den, d, rule):
    value = F(num, den)
    directed = "half_up" if rule == "either" else rule
    fine = round_exact(value, d + 1, directed)
    assert (
        text_vs_table(fine, round_exact(F(Decimal(fine)), d, directed), rounding=rule).consistent
        is True
    )
    coarse = round_exact(value, d, directed)
    assert text_vs_table(fine, coarse, rounding=rule, from_unrounded=True).consistent is True
