"""Composite scores (``mibook.checks.composites``): a printed mean of printed means, and the SD of
a composite within the bounds its components allow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mibook.checks import composite_check, composite_sd_bounds, round_exact, round_sqrt_exact
from tests.checks.helpers import PROPERTY, F


def test_composite_check():
    # technical = (cultivating change talk + softening sustain talk) / 2
    assert composite_check(["2.10", "3.40"], "2.75").consistent is True
    assert (
        composite_check(["2.10", "3.40"], "2.76").consistent is True
    )  # the two intervals touch at 2.755
    assert composite_check(["2.10", "3.40"], "2.76", rounding="half_up").consistent is False
    bad = composite_check(["2.10", "3.40"], "2.80")
    assert (
        bad.consistent is False and "0.04" in bad.detail and "(2.10 + 3.40)/2 = 2.75" in bad.detail
    )
    assert (
        composite_check(["2.1", "3.4"], "2.78").consistent is True
    )  # coarse components: [2.70, 2.80]
    assert composite_check(["2.1", "3.4"], "2.81").consistent is False
    weighted = composite_check(["2.0", "4.0"], "2.5", weights=[F(3, 4), F(1, 4)])
    assert weighted.consistent is True
    assert composite_check(["2.0", "4.0"], "2.5").consistent is False
    assert composite_check(["10", "20"], "30", weights=[1, 1]).consistent is True
    assert composite_check(["10", "20"], "-10", weights=[1, -1]).consistent is True


def test_composite_sd_bounds():
    ok = composite_sd_bounds(["1.20", "0.90"], "0.95")
    assert ok.consistent is True
    assert ok.implied_r == pytest.approx((4 * 0.95**2 - 1.2**2 - 0.9**2) / (2 * 1.2 * 0.9))
    lo_r, hi_r = ok.implied_r_range
    assert lo_r < ok.implied_r < hi_r and "r = 0.63" in ok.detail
    too_big = composite_sd_bounds(["1.20", "0.90"], "1.10")  # above (1.2 + 0.9)/2 = 1.05
    assert too_big.consistent is False and too_big.implied_r > 1
    too_small = composite_sd_bounds(["1.20", "0.90"], "0.10")  # below |1.2 - 0.9|/2 = 0.15
    assert too_small.consistent is False and too_small.implied_r < -1
    assert composite_sd_bounds(["1.20", "0.90"], "1.05").consistent is True  # r = +1 exactly
    assert composite_sd_bounds(["1.20", "0.90"], "1.06").consistent is True  # rounding: up to 1.055
    assert composite_sd_bounds(["1.20", "0.90"], "1.06", rounding="half_up").consistent is False
    assert composite_sd_bounds(["1.2", "0.9"], "1.1").consistent is True  # (1.25 + 0.95)/2 = 1.10
    assert composite_sd_bounds(["1.00", "1.00"], "0.00").consistent is True  # r = -1, same SDs
    with pytest.raises(ValueError):
        composite_sd_bounds(["1.0", "1.0", "1.0"], "1.0")


def _sample_sd2(xs):
    n = len(xs)
    s = sum(xs)
    return F(sum(x * x for x in xs) * n - s * s, n * (n - 1))


@PROPERTY
@given(
    rows=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=3, max_size=40),
    places=st.integers(1, 3),
    rule=st.sampled_from(["either", "half_up", "half_down", "half_even", "truncate"]),
)
def test_composite_property(rows, places, rule):
    directed = "half_up" if rule == "either" else rule
    a = [F(r[0]) for r in rows]
    b = [F(r[1]) for r in rows]
    comp = [(x + y) / 2 for x, y in zip(a, b)]
    n = len(rows)
    means = [round_exact(sum(v) / n, places, directed) for v in (a, b)]
    composite_mean = round_exact(sum(comp) / n, places, directed)
    assert composite_check(means, composite_mean, rounding=rule).consistent is True
    v_a, v_b, v_c = _sample_sd2(a), _sample_sd2(b), _sample_sd2(comp)
    sds = [round_sqrt_exact(v, places, directed) for v in (v_a, v_b)]
    res = composite_sd_bounds(sds, round_sqrt_exact(v_c, places, directed), rounding=rule)
    assert res.consistent is True, res.detail
