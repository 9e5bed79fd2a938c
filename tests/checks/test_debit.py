"""DEBIT (``mibook.checks.debit``): scrutiny's worked examples, where ours differs from scrutiny,
scrutipy on random cases, and statistics of random binary samples."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
import scrutipy
from hypothesis import given
from hypothesis import strategies as st

from mibook.checks import debit, reported_interval, round_exact, round_sqrt_exact
from tests.checks.helpers import ORACLE, PROPERTY, RULES, F


def debit_oracle_rows():
    rows = []
    for i, case in enumerate(ORACLE["debit"]):
        if "pigs3" in case:
            assert set(case) == {"pigs3", "n", "expected"}
            assert len(case["pigs3"]) == len(case["expected"])
            for (x, sd), exp in zip(case["pigs3"], case["expected"]):
                rows.append((f"pigs3-{x}-{sd}", x, sd, case["n"], bool(exp)))
        elif set(case) == {"x", "sd", "n", "expected"}:
            assert len(case["x"]) == len(case["sd"]) == len(case["n"]) == len(case["expected"])
            for x, sd, n, exp in zip(case["x"], case["sd"], case["n"], case["expected"]):
                rows.append((f"case{i}-{x}-{sd}-{n}", x, sd, n, bool(exp)))
        else:
            raise AssertionError(f"unhandled debit oracle case {case}")
    return rows


DEBIT_ROWS = debit_oracle_rows()


def test_every_debit_oracle_case_is_read():
    assert len(DEBIT_ROWS) == 7 + 3


@pytest.mark.parametrize("case_id,x,sd,n,expected", DEBIT_ROWS, ids=[r[0] for r in DEBIT_ROWS])
def test_debit_oracle(case_id, x, sd, n, expected):
    result = debit(x, sd, n)
    assert result.consistent is expected, result.detail
    assert scrutipy.debit([x], [sd], [n]) == [expected]


def test_debit_peak_at_one_half_differs_from_scrutiny():
    # 5 ones among 10 values: SD = sqrt(10/9 * 1/4) = 0.52705 -> "0.527". scrutiny only evaluates
    # the ends of the mean's interval [0.45, 0.55] (SD 0.5244) and misses the peak.
    assert round_sqrt_exact(F(10, 9) * F(1, 4), 3) == "0.527"
    assert debit("0.5", "0.527", 10).consistent is True
    assert scrutipy.debit(["0.5"], ["0.527"], [10]) == [False]
    assert "p = 0.5" in debit("0.5", "0.527", 10).detail


def test_debit_exact_counts_option():
    # n = 10, mean "0.4": p in [0.35, 0.45] gives SDs 0.503 ... 0.524, so "0.51" is possible for
    # some real p, but the only count k with k/10 in that interval is 4, and 4/10 gives SD 0.516.
    assert debit("0.4", "0.51", 10).consistent is True
    assert debit("0.4", "0.51", 10, exact_counts=True).consistent is False
    assert debit("0.4", "0.52", 10, exact_counts=True).consistent is True
    assert debit("1.2", "0.10", 10).consistent is False
    assert "0.3884" in debit("0.19", "0.35", 1683).detail


# ----------------------------------------------------------------------------- properties


@PROPERTY
@given(
    n=st.integers(2, 3000),
    data=st.data(),
    d_x=st.integers(1, 3),
    d_sd=st.integers(1, 3),
    rule=RULES,
)
def test_debit_passes_binary_samples(n, data, d_x, d_sd, rule):
    k = data.draw(st.integers(0, n))
    directed = "half_up" if rule == "either" else rule
    x = round_exact(F(k, n), d_x, directed)
    sd = round_sqrt_exact(F(k * (n - k), n * (n - 1)), d_sd, directed)
    assert debit(x, sd, n, rounding=rule).consistent is True
    assert debit(x, sd, n, rounding=rule, exact_counts=True).consistent is True
    pop_sd = round_sqrt_exact(F(k * (n - k), n * n), d_sd, directed)
    assert debit(x, pop_sd, n, rounding=rule, sd_divisor="n").consistent is True


# ------------------------------------------------------------------------ scrutipy on random cases


def test_debit_agrees_with_scrutipy_on_random_cases():
    """Conventions coincide unless the mean's interval contains 0.5 (see the module docstring) or
    reaches below 0 or above 1 (scrutipy panics there)."""
    rng = random.Random(11)
    disagreements, checked, passed = [], 0, 0
    while checked < 3000:
        n = rng.randint(2, 3000)
        k = rng.randint(0, n)
        d_x, d_sd = rng.randint(1, 3), rng.randint(1, 3)
        x = round_exact(F(k, n), d_x, "half_up")
        if F(1, 2) in reported_interval(x):
            continue
        if rng.random() < 0.3:
            x = str(Decimal(x) + rng.choice([-1, 1]) * Decimal(1).scaleb(-d_x))
            if not 0 <= Decimal(x) <= 1 or F(1, 2) in reported_interval(x):
                continue
        sd = round_sqrt_exact(F(k * (n - k), n * (n - 1)), d_sd, "half_up")
        if rng.random() < 0.3:
            unit = Decimal(1).scaleb(-d_sd)
            sd = str(max(Decimal(0), Decimal(sd) + rng.choice([-1, 1]) * unit).quantize(unit))
        if not 0 <= reported_interval(x).lo <= reported_interval(x).hi <= 1:
            # scrutipy panics when the mean's interval leaves [0, 1] ("0.0", "1.00"); we clip
            continue
        ours = debit(x, sd, n).consistent
        theirs = scrutipy.debit([x], [sd], [n])[0]
        checked += 1
        passed += bool(ours)
        if ours is not theirs:
            disagreements.append((x, sd, n, ours, theirs))
    assert disagreements == []
    assert 0.2 < passed / checked < 0.95
