"""GRIMMER (``mibook.checks.grimmer``): scrutiny's worked examples, the options, scrutipy on random
cases, and statistics of random integer samples."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
import scrutipy
from hypothesis import assume, given
from hypothesis import strategies as st

from mibook.checks import grim, grimmer, round_exact, round_sqrt_exact
from tests.checks.helpers import ORACLE, PROPERTY, RULES, F

SCRUTINY_REASON = {
    "GRIM": "grim",
    "test3": "parity",
    "test2": "sd_range",
    "test1": "sd_range",
    "pass": None,
}


def grimmer_oracle_rows():
    rows = []
    for i, case in enumerate(ORACLE["grimmer"]):
        if "pigs5" in case:
            assert set(case) == {"pigs5", "expected", "reason"}
            assert len(case["pigs5"]) == len(case["expected"]) == len(case["reason"])
            for (x, sd, n), exp, why in zip(case["pigs5"], case["expected"], case["reason"]):
                assert (why == "pass") == bool(exp)
                rows.append((f"pigs5-{x}-{sd}-{n}", x, sd, n, bool(exp), why))
        elif {"x", "sd", "n", "expected"} <= set(case) <= {"x", "sd", "n", "expected", "reason"}:
            why = case.get("reason", "pass" if case["expected"] else None)
            case_id = f"single{i}-{case['x']}-{case['sd']}"
            rows.append((case_id, case["x"], case["sd"], case["n"], case["expected"], why))
        else:
            raise AssertionError(f"unhandled grimmer oracle case {case}")
    return rows


GRIMMER_ROWS = grimmer_oracle_rows()


def test_every_grimmer_oracle_case_is_read():
    assert len(GRIMMER_ROWS) == 12 + 2


@pytest.mark.parametrize(
    "case_id,x,sd,n,expected,reason", GRIMMER_ROWS, ids=[r[0] for r in GRIMMER_ROWS]
)
def test_grimmer_oracle(case_id, x, sd, n, expected, reason):
    result = grimmer(x, sd, n)
    assert result.consistent is expected, result.detail
    if reason is not None:
        assert result.failed_test == SCRUTINY_REASON[reason]
    # scrutipy: items must be given with the full length, or only the first verdict comes back
    assert scrutipy.grimmer([x], [sd], [n], items=[1]) == [expected]


def test_grimmer_detail_explains_parity():
    r = grimmer("3.44", "2.47", 18)
    assert r.failed_test == "parity"
    assert "317" in r.detail and "62" in r.detail and "parity" in r.detail
    assert r.sum_squares == range(317, 318)


def test_grimmer_sd_range_failure():
    r = grimmer("5.50", "0.10", 10)
    assert r.consistent is False and r.failed_test == "sd_range"
    assert grimmer("5.50", "0.10", 10, rounding="half_even").failed_test == "sd_range"


def test_grimmer_min_variance_option():
    # 10 integers summing to 55 have a sum of squares >= 305 (five 5s and five 6s), SD >= 0.527;
    # SD "0.24" needs sum of squares 303 -- right parity, in range, but below the minimum.
    assert grimmer("5.50", "0.24", 10).consistent is True
    strict = grimmer("5.50", "0.24", 10, check_min_variance=True)
    assert strict.consistent is False and strict.failed_test == "min_variance"
    assert grimmer("5.50", "0.53", 10, check_min_variance=True).consistent is True


def test_grimmer_sd_divisor():
    # values 1,2,3,4: mean 2.5, sample SD 1.291, population SD 1.118
    assert grimmer("2.50", "1.29", 4).consistent is True
    assert grimmer("2.50", "1.29", 4, sd_divisor="n").consistent is False
    assert grimmer("2.50", "1.12", 4, sd_divisor="n").consistent is True
    assert grimmer("2.50", "1.12", 4).consistent is False
    with pytest.raises(ValueError):
        grimmer("2.50", "1.12", 4, sd_divisor="N")
    undetermined = grimmer("3", "0", 1)
    assert undetermined.consistent is None
    with pytest.raises(ValueError):
        bool(undetermined)


def test_grimmer_multi_item_scale():
    # 4 participants, 2 items each; item sums 4, 5, 5, 6 -> scores 2.0, 2.5, 2.5, 3.0
    scores = [F(4, 2), F(5, 2), F(5, 2), F(6, 2)]
    mean = sum(scores) / 4
    var = sum((s - mean) ** 2 for s in scores) / 3
    sd = round_sqrt_exact(var, 2)
    assert (round_exact(mean, 2), sd) == ("2.50", "0.41")
    assert grimmer("2.50", "0.41", 4, items=2).consistent is True
    assert (
        grimmer("2.50", "0.41", 4, items=1).consistent is False
    )  # whole-number scores cannot do it
    assert grim("5.18", 14, items=2).consistent is True


# ----------------------------------------------------------------------------- properties


@PROPERTY
@given(
    data=st.lists(st.integers(-5, 15), min_size=2, max_size=80),
    items=st.integers(1, 3),
    d_mean=st.integers(0, 3),
    d_sd=st.integers(0, 3),
    rule=RULES,
    divisor=st.sampled_from(["n-1", "n"]),
)
def test_grimmer_passes_integer_samples(data, items, d_mean, d_sd, rule, divisor):
    n = len(data) // items
    assume(n >= 2)
    item_sums = [sum(data[i * items : (i + 1) * items]) for i in range(n)]
    scores = [F(s, items) for s in item_sums]
    mean = F(sum(scores), n)
    ss = sum((x - mean) ** 2 for x in scores)
    var = ss / (n - 1 if divisor == "n-1" else n)
    directed = "half_up" if rule == "either" else rule
    m_txt = round_exact(mean, d_mean, directed)
    sd_txt = round_sqrt_exact(var, d_sd, directed)
    for check_min in (False, True):
        result = grimmer(
            m_txt,
            sd_txt,
            n,
            items=items,
            rounding=rule,
            sd_divisor=divisor,
            check_min_variance=check_min,
        )
        assert result.consistent is True, result.detail


# ------------------------------------------------------------------------ scrutipy on random cases


def test_grimmer_agrees_with_scrutipy_on_random_cases():
    """Conventions coincide for items = 1 and n < 10**decimals(mean) (a single possible total)."""
    rng = random.Random(7)
    disagreements, checked, passed = [], 0, 0
    while checked < 3000:
        d_mean = rng.randint(1, 2)
        n = rng.randint(2, 10**d_mean - 1)
        values = [rng.randint(1, 7) for _ in range(n)]
        if rng.random() < 0.5:
            values[0] += rng.choice([-1, 1])  # a nearby but different sample
        mean = round_exact(F(sum(values), n), d_mean, "half_up")
        if rng.random() < 0.2:
            mean = str(Decimal(mean) + Decimal(1).scaleb(-d_mean))  # often GRIM-inconsistent
        var = F(sum(v * v for v in values) * n - sum(values) ** 2, n * (n - 1))
        d_sd = rng.randint(1, 3)
        sd = round_sqrt_exact(var, d_sd, "half_up")
        if rng.random() < 0.3:
            unit = Decimal(1).scaleb(-d_sd)
            sd = str(max(Decimal(0), Decimal(sd) + rng.choice([-1, 1]) * unit).quantize(unit))
        ours = grimmer(mean, sd, n)
        theirs = scrutipy.grimmer([mean], [sd], [n], items=[1])[0]
        checked += 1
        passed += bool(ours.consistent)
        if ours.consistent is not theirs:
            disagreements.append((mean, sd, n, ours.consistent, theirs, ours.failed_test))
    assert disagreements == []
    assert 0.2 < passed / checked < 0.95  # both verdicts are exercised
