"""The one-sample t-test from summaries and its noncentral-t interval for Cohen's d
(``mibook.analysis.miti.one_sample_t``, ``noncentrality``): never an error on valid data."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mibook.analysis.miti import _nct_cdf, noncentrality, one_sample_t


@pytest.mark.parametrize(
    "case",
    [
        (4.9, 0.1, 3, 3.0),  # t of 32.9 on 2 df: the fixed bracket t ± 10 had no sign change
        (3.45, 0.63 * math.sqrt(20 / 19), 20, 4.0),  # Table 3 relational read with divisor n
        (5.0, 0.01, 2, 1.0),  # t of 566 on 1 df
        (1.0, 0.01, 2, 5.0),
        (3.26, 0.69, 4, 3.0),  # caseworkers as units
    ],
)
def test_intervals_exist_where_scipy_alone_failed(case):
    result = one_sample_t(*case)
    n = case[2]
    for key in ("t", "p_two_sided", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high"):
        assert math.isfinite(result[key]), key
    assert result["d_ci_low"] < result["d"] < result["d_ci_high"]
    t, df = result["t"], n - 1
    assert _nct_cdf(t, df, result["d_ci_low"] * math.sqrt(n)) == pytest.approx(0.975, abs=1e-6)
    assert _nct_cdf(t, df, result["d_ci_high"] * math.sqrt(n)) == pytest.approx(0.025, abs=1e-6)


def test_the_interval_covers_as_simulation_says():
    """The noncentralities found for t = 32.9 on 2 df, checked by simulating
    T = (Z + λ) / √(χ²/2)."""
    rng = np.random.default_rng(1)
    t, df = (4.9 - 3.0) / (0.1 / math.sqrt(3)), 2
    draws = 2_000_000
    for probability in (0.975, 0.025):
        nc = noncentrality(t, df, probability)
        sample = (rng.standard_normal(draws) + nc) / np.sqrt(rng.chisquare(df, draws) / df)
        assert (sample <= t).mean() == pytest.approx(probability, abs=0.002)


def test_agrees_with_scipy_on_raw_values():
    values = np.array([2, 3, 3, 4, 5, 4, 3, 5, 2, 4], dtype=float)
    result = one_sample_t(values.mean(), values.std(ddof=1), len(values), 3.0)
    expected = stats.ttest_1samp(values, 3.0)
    assert result["t"] == pytest.approx(expected.statistic)
    assert result["p_two_sided"] == pytest.approx(expected.pvalue)
    low, high = expected.confidence_interval(0.95)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((low, high))
    t = result["t"]
    assert stats.nct.cdf(t, 9, result["d_ci_low"] * math.sqrt(10)) == pytest.approx(0.975)


def test_undefined_tests_are_nan_not_errors():
    for args in (
        (3.0, 0.0, 5, 3.0),
        (3.0, 0.0, 5, 2.0),
        (3.0, 0.5, 1, 2.0),
        (3.0, math.nan, 5, 2.0),
    ):
        result = one_sample_t(*args)
        assert math.isnan(result["t"]) and math.isnan(result["d_ci_low"])
    assert one_sample_t(3.0, 0.0, 5, 3.0)["df"] == 4
    assert math.isnan(noncentrality(math.inf, 3, 0.5)) and math.isnan(noncentrality(1.0, 3, 1.0))


@settings(max_examples=150, deadline=None)
@given(
    mean=st.floats(1, 5),
    sd=st.floats(0.01, 2.5),
    n=st.integers(2, 400),
    mu0=st.floats(1, 5),
)
def test_never_raises_and_the_interval_holds_d(mean, sd, n, mu0):
    result = one_sample_t(mean, sd, n, mu0)
    assert result["ci_low"] <= mean <= result["ci_high"]
    low, d, high = result["d_ci_low"], result["d"], result["d_ci_high"]
    assert math.isfinite(low) and math.isfinite(high)
    assert low <= d + 1e-9 and d - 1e-9 <= high
