"""Percents and sums (``mibook.checks.percents``): a percent from its count under each rounding
rule, counts that must add up, percents that must add up to about 100."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mibook.checks import (
    percent_from_count,
    percent_sum_check,
    round_exact,
    rounding_rules_that_agree,
    sum_check,
)
from tests.checks.helpers import PROPERTY, F


def test_rounding_parameter_changes_percent_verdict():
    # 70/112 = 62.5 % exactly
    assert percent_from_count(70, 112, "63").consistent is True
    assert percent_from_count(70, 112, "63", rounding="half_up").consistent is True
    assert percent_from_count(70, 112, "63", rounding="half_even").consistent is False
    assert percent_from_count(70, 112, "63", rounding="half_down").consistent is False
    assert percent_from_count(70, 112, "62").consistent is True
    assert percent_from_count(70, 112, "62", rounding="half_up").consistent is False
    assert percent_from_count(70, 112, "62", rounding="half_even").consistent is True
    assert rounding_rules_that_agree(70, 112, "63") == ["half_up", "ceiling"]
    assert rounding_rules_that_agree(70, 112, "62") == ["half_even", "half_down", "truncate"]
    assert rounding_rules_that_agree(70, 112, "64") == []
    assert percent_from_count(70, 112, "62.5", rounding="half_even").consistent is True
    r = percent_from_count(70, 112, "63", rounding="half_even")
    assert "62.5" in r.detail and "tie" in r.detail and "half_up" in r.detail
    assert r.exact == F(125, 2)


def test_percent_from_count_misc():
    assert percent_from_count(0, 53, "0").consistent is True  # a bare printed 0
    assert percent_from_count(0, 53, "0.0", rounding="half_even").consistent is True
    assert percent_from_count(1, 3, "33.3").consistent is True
    assert percent_from_count(1, 3, "33.4").consistent is False
    assert percent_from_count(2, 3, "66.6", rounding="truncate").consistent is True
    assert percent_from_count(2, 3, "66.6").consistent is False
    assert percent_from_count(2, 3, "66.7%").consistent is True
    with pytest.raises(ValueError):
        percent_from_count(1, 0, "0")


def test_sum_check():
    ok = sum_check([12, 30, 58], 100)
    assert ok.consistent is True and ok.difference == 0
    bad = sum_check([12, 30, 58], 101)
    assert bad.consistent is False and bad.difference == -1 and "12 + 30 + 58 = 100" in bad.detail
    assert sum_check([0, 0, 5], 5).consistent is True
    with pytest.raises(TypeError):
        sum_check([1.0, 2], 3)


def test_percent_sum_check():
    assert percent_sum_check(["33.3", "33.3", "33.3"]).consistent is True  # 99.9, slack 0.15
    assert percent_sum_check(["33", "33", "33"]).consistent is True  # 99, slack 1.5
    assert percent_sum_check(["40", "40", "18"]).consistent is False  # 98, slack 1.5
    assert percent_sum_check(["50.0", "49.0"]).consistent is False  # 99.0, slack 0.1
    assert (
        percent_sum_check(["20%", "20%", "20%", "20%", "18%"]).consistent is True
    )  # 98, slack 2.5
    assert percent_sum_check(["50", "50.5"]).consistent is True  # mixed precision: slack 0.5 + 0.05
    assert percent_sum_check(["50", "50.6"]).consistent is False
    assert percent_sum_check(["33", "33", "34"]).consistent is True
    assert percent_sum_check(["34", "34", "34"]).consistent is False  # 102, slack 1.5
    assert percent_sum_check(["34", "34", "33.5"]).consistent is False  # 101.5, slack 1.05
    # on the boundary the rule decides: 51 + 50 = 101 with slack exactly 1 (the 100 = 50.5 + 49.5)
    assert percent_sum_check(["51", "50"]).consistent is True
    assert (
        percent_sum_check(["51", "50"], rounding="half_up").consistent is True
    )  # 50.5 -> 51, 49.5 -> 50
    assert percent_sum_check(["51", "50"], rounding="half_down").consistent is False
    assert percent_sum_check(["51", "50"], rounding="half_even").consistent is False  # 50.5 -> 50
    assert percent_sum_check(["67", "34"], rounding="half_even").consistent is False
    assert percent_sum_check(["67", "34"]).consistent is True
    assert "99.9" in percent_sum_check(["33.3", "33.3", "33.3"]).detail


@PROPERTY
@given(
    counts=st.lists(st.integers(0, 500), min_size=2, max_size=8),
    places=st.integers(0, 2),
    rule=st.sampled_from(["either", "half_up", "half_down", "half_even", "truncate", "ceiling"]),
)
def test_percent_sum_property(counts, places, rule):
    total = sum(counts)
    assume(total > 0)
    directed = "half_up" if rule == "either" else rule
    printed = [round_exact(F(100 * c, total), places, directed) for c in counts]
    assert percent_sum_check(printed, rounding=rule).consistent is True
    for c, p in zip(counts, printed):
        assert percent_from_count(c, total, p, rounding=rule).consistent is True
        assert directed in rounding_rules_that_agree(c, total, p) or directed == "floor"
