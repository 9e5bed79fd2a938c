"""Tests for ``mibook.consistency``.

Three kinds of evidence:

1. every worked example in ``tests/oracles/consistency_cases.json`` (scrutiny's and rsprite2's test
   suites) -- sections "grim", "grim_stats", "grimmer", "debit" -- becomes an assertion; an
   unrecognised case fails the test rather than being skipped;
2. scrutipy (the Rust port of scrutiny, pinned in the test extras) is run as an independent oracle
   on the same examples and on thousands of seeded random cases where its conventions coincide
   with ours (see the module docstring for where they do not);
3. hypothesis property tests: statistics actually computed from random integer data and rounded
   under any rule always pass GRIM, GRIMMER, DEBIT, the composite checks, the percent checks.
"""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
import scrutipy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mibook.checks import (
    ROUNDING_RULES,
    CheckResult,
    Interval,
    composite_check,
    composite_sd_bounds,
    debit,
    decimals,
    grim,
    grim_possible_means,
    grim_probability,
    grim_ratio,
    grim_total,
    grim_values,
    grimmer,
    percent_from_count,
    percent_sum_check,
    reported_interval,
    round_exact,
    round_sqrt_exact,
    rounding_rules_that_agree,
    rounds_to,
    sum_check,
    text_vs_table,
)

ORACLE_FILE = Path(__file__).parent / "oracles" / "consistency_cases.json"
ORACLE = json.loads(ORACLE_FILE.read_text(encoding="utf-8"))
F = Fraction
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------- oracle readers


def expand_seq(spec: str) -> list[str]:
    """'5.19..5.30 step .01' -> ['5.19', '5.20', ..., '5.30'] (trailing zeros kept);
    '6..16 percent (...)' -> ['6', '7', ..., '16']."""
    m = re.fullmatch(r"\s*([\d.]+)\.\.([\d.]+)(?:\s+step\s+([\d.]+))?(?:\s+percent\b.*)?\s*", spec)
    if not m:
        raise AssertionError(f"unreadable x_seq {spec!r}")
    lo, hi, step = Decimal(m.group(1)), Decimal(m.group(2)), Decimal(m.group(3) or "1")
    places = max(decimals(m.group(1)), decimals(m.group(2)), -step.as_tuple().exponent)
    quantum = Decimal(1).scaleb(-places)
    out, x = [], lo
    while x <= hi:
        out.append(str(x.quantize(quantum)))
        x += step
    return out


def test_expand_seq_keeps_trailing_zeros():
    assert expand_seq("5.19..5.30 step .01") == [f"5.{k}" for k in range(19, 31)]
    assert expand_seq("5.19..5.30 step .01")[1] == "5.20"
    assert expand_seq("0.150..0.159 step .001")[0] == "0.150"
    assert expand_seq("6..16 percent (0 dp -> 2 dp as proportion)") == [
        str(k) for k in range(6, 17)
    ]


def grim_oracle_rows() -> list[tuple[str, str, int, int, bool, bool]]:
    """(case id, mean, n, items, percent, expected) for every row of the oracle's "grim" section,
    except the rsprite2 fact string, which has its own test."""
    rows = []
    for i, case in enumerate(ORACLE["grim"]):
        keys = set(case) - {"expected", "n", "items", "percent"}
        if keys == {"x_seq"}:
            means = expand_seq(case["x_seq"])
            assert len(means) == len(case["expected"]), case["x_seq"]
            percent = bool(case.get("percent", False))
            assert percent == ("percent" in case["x_seq"])
            for mean, exp in zip(means, case["expected"]):
                rows.append(
                    (f"seq{i}-{mean}", mean, case["n"], case.get("items", 1), percent, bool(exp))
                )
        elif keys in ({"pigs1"}, {"pigs2_percent"}):
            (key,) = keys
            pairs = case[key]
            assert len(pairs) == len(case["expected"])
            percent = bool(case.get("percent", False))
            assert percent == key.endswith("percent")
            for (mean, n), exp in zip(pairs, case["expected"]):
                rows.append((f"{key}-{mean}-{n}", mean, n, 1, percent, bool(exp)))
        elif keys == {"rsprite2"}:
            continue
        else:
            raise AssertionError(f"unhandled grim oracle case {case}")
    return rows


GRIM_ROWS = grim_oracle_rows()


def test_every_grim_oracle_case_is_read():
    n_expected = sum(len(c["expected"]) for c in ORACLE["grim"] if "expected" in c)
    assert len(GRIM_ROWS) == n_expected == 12 + 10 + 10 + 11 + 12 + 6
    assert sum("rsprite2" in c for c in ORACLE["grim"]) == 1


@pytest.mark.parametrize(
    "case_id,mean,n,items,percent,expected", GRIM_ROWS, ids=[r[0] for r in GRIM_ROWS]
)
def test_grim_oracle(case_id, mean, n, items, percent, expected):
    result = grim(mean, n, items=items, percent=percent)
    assert result.consistent is expected, result.detail
    assert result.check == "grim"
    # scrutipy as an independent oracle; it panics on strings without decimals ("6"), so the
    # integer percentages are checked against the JSON only.
    if decimals(mean) > 0:
        assert scrutipy.grim_scalar(mean, n, items=items, percent=percent) is expected


def test_grim_detail_shows_the_arithmetic():
    d = grim("5.19", 28).detail
    assert "145/28" in d and "146/28" in d and "5.1786" in d and "5.2143" in d
    assert "5.18" in d and "5.21" in d and "not 5.19" in d
    assert not grim("5.19", 28)
    assert grim("5.18", 28).totals == range(145, 146)
    pct = grim("67.4", 150, percent=True)
    assert not pct.consistent and "101/150" in pct.detail and "67.3%" in pct.detail


RSPRITE2_PATTERNS = [
    (r"GRIM_test\(([\d.]+),(\d+)(?:,n_items=(\d+))?\)=(TRUE|FALSE)", "test"),
    (r"closest to ([\d.]+)/(\d+) -> ([\d.]+)", "closest"),
    (r"([\d.]+)/(\d+) -> \(([\d.,]+)\)", "closest_set"),
    (r"GRIM_test\(([\d.]+),(\d+),return_values=TRUE\) -> c\(([\d.,]+)\)", "values"),
]


def test_rsprite2_facts():
    (text,) = [c["rsprite2"] for c in ORACLE["grim"] if "rsprite2" in c]
    facts = [f.strip() for f in text.split(";")]
    assert len(facts) == 5
    seen = set()
    for fact in facts:
        for pattern, kind in RSPRITE2_PATTERNS:
            m = re.fullmatch(pattern, fact)
            if m:
                break
        else:
            raise AssertionError(f"unhandled rsprite2 fact {fact!r}")
        seen.add(kind)
        if kind == "test":
            mean, n, items, verdict = (
                m.group(1),
                int(m.group(2)),
                int(m.group(3) or 1),
                m.group(4) == "TRUE",
            )
            assert grim(mean, n, items=items).consistent is verdict
        elif kind in ("closest", "closest_set"):
            mean, n = m.group(1), int(m.group(2))
            expected = m.group(3).split(",")
            assert not grim(mean, n).consistent
            assert grim_possible_means(n, decimals(mean), near=mean) == expected
        else:
            mean, n = m.group(1), int(m.group(2))
            expected = [F(Decimal(v)) for v in m.group(3).split(",")]
            assert grim_values(mean, n) == expected
    assert seen == {"test", "closest", "closest_set", "values"}


def test_grim_possible_means_helper():
    assert grim_possible_means(28, 2, near="5.18") == ["5.18"]
    assert grim_possible_means(4, 1) == ["0.0", "0.2", "0.3", "0.5", "0.7", "0.8", "1.0"]
    assert grim_possible_means(4, 1, rounding="half_even") == ["0.0", "0.2", "0.5", "0.8", "1.0"]
    assert grim_values("5.19", 28) == []
    with pytest.raises(ValueError):
        grim_possible_means(28, 1, near="5.19")


# ----------------------------------------------------------------------------- grim_stats

GRIM_STATS = {
    "grim_ratio('5.30', n=20..30)": (
        "0.80,0.79,...,0.70",
        lambda: [grim_ratio("5.30", n) for n in range(20, 31)],
        [F(80 - k, 100) for k in range(11)],
    ),
    "grim_probability('5.30', n=90..110)": (
        "0.10,...,0.01,0 x11",
        lambda: [grim_probability("5.30", n) for n in range(90, 111)],
        [F(10 - k, 100) for k in range(10)] + [0] * 11,
    ),
    "grim_total('5.30', 20:30)": (
        "80..70",
        lambda: [grim_total("5.30", n) for n in range(20, 31)],
        list(range(80, 69, -1)),
    ),
    "grim_total('87.50', 45:55, percent)": (
        "9955..9945",
        lambda: [grim_total("87.50", n, percent=True) for n in range(45, 56)],
        list(range(9955, 9944, -1)),
    ),
}


def test_grim_stats_oracle_keys_are_all_covered():
    assert set(ORACLE["grim_stats"]) == set(GRIM_STATS)


@pytest.mark.parametrize("key", sorted(GRIM_STATS))
def test_grim_stats_oracle(key):
    printed, compute, expected = GRIM_STATS[key]
    assert ORACLE["grim_stats"][key] == printed
    # the first and last printed numbers must match our reading of the sequence
    numbers = re.findall(r"\d+(?:\.\d+)?", printed.replace(" x11", ""))
    assert F(Decimal(numbers[0])) == expected[0] and F(Decimal(numbers[-1])) == expected[-1]
    actual = compute()
    assert len(actual) == len(expected)
    assert actual == pytest.approx([float(e) for e in expected], abs=1e-12)


def test_grim_ratio_can_be_negative():
    assert grim_ratio("5.3", 20) == pytest.approx(-1.0)
    assert grim_probability("5.3", 20) == 0.0
    assert grim_ratio("67.4", 150, percent=True) == pytest.approx(0.85)


# ----------------------------------------------------------------------------- GRIMMER

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


# ----------------------------------------------------------------------------- DEBIT


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


# ----------------------------------------------------------------------------- scrutipy on random cases


def _rand_decimal_string(rng: random.Random, lo: int, hi: int, places: int) -> str:
    k = rng.randrange(lo * 10**places, hi * 10**places)
    return str(Decimal(k).scaleb(-places))


def test_grim_agrees_with_scrutipy_on_random_cases():
    rng = random.Random(20240601)
    disagreements = []
    for _ in range(4000):
        percent = rng.random() < 0.3
        places = rng.randint(1, 2 if percent else 3)
        mean = _rand_decimal_string(rng, 0, 100 if percent else 10, places)
        items = rng.choice([1, 1, 1, 2, 3])
        n = rng.randint(1, int(1.3 * 10 ** (places + (2 if percent else 0)) / items) + 1)
        ours = grim(mean, n, items=items, percent=percent).consistent
        theirs = scrutipy.grim_scalar(mean, n, items=items, percent=percent)
        if ours is not theirs:
            disagreements.append((mean, n, items, percent, ours, theirs))
    assert disagreements == []


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
            continue  # scrutipy panics when the mean's interval leaves [0, 1] ("0.0", "1.00"); we clip
        ours = debit(x, sd, n).consistent
        theirs = scrutipy.debit([x], [sd], [n])[0]
        checked += 1
        passed += bool(ours)
        if ours is not theirs:
            disagreements.append((x, sd, n, ours, theirs))
    assert disagreements == []
    assert 0.2 < passed / checked < 0.95


# ----------------------------------------------------------------------------- rounding helpers


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


def test_check_result_type():
    r = grim("5.19", 28)
    assert isinstance(r, CheckResult) and r.consistent is False and r.check == "grim"
    assert r.n_items == 28 and r.extras["n_items"] == 28
    with pytest.raises(AttributeError):
        r.no_such_extra
    with pytest.raises(Exception):
        r.consistent = True  # frozen
    with pytest.raises(TypeError):
        r.extras["x"] = 1  # read-only
    assert hash(r) == hash(grim("5.19", 28))
    assert "INCONSISTENT" in str(r)
    assert set(ROUNDING_RULES) >= {"either", "up_or_down", "half_up", "half_even", "half_down"}
    with pytest.raises(ValueError):
        grim("5.19", 28, rounding="banker")


# ----------------------------------------------------------------------------- rounding changes verdicts


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


# ----------------------------------------------------------------------------- sums


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


# ----------------------------------------------------------------------------- composites


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


# ----------------------------------------------------------------------------- GRIM, GRIMMER, DEBIT properties

RULES = st.sampled_from(
    ["either", "half_up", "half_down", "half_even", "truncate", "ceiling", "floor"]
)


def _printed(value, places, rule):
    return round_exact(value, places, "half_up" if rule == "either" else rule)


@PROPERTY
@given(
    data=st.lists(st.integers(-20, 60), min_size=1, max_size=150),
    items=st.integers(1, 4),
    places=st.integers(0, 4),
    rule=RULES,
)
def test_grim_passes_means_computed_from_integers(data, items, places, rule):
    n = len(data) // items
    assume(n >= 1)
    data = data[: n * items]
    mean = _printed(F(sum(data), n * items), places, rule)
    result = grim(mean, n, items=items, rounding=rule)
    assert result.consistent is True, result.detail
    assert grim_possible_means(n * items, places, near=mean, rounding=rule) == [mean]
    assert F(sum(data), n * items) in grim_values(mean, n, items=items, rounding=rule)


@PROPERTY
@given(n=st.integers(1, 3000), data=st.data(), places=st.integers(0, 2), rule=RULES)
def test_grim_passes_percentages_of_counts(n, data, places, rule):
    k = data.draw(st.integers(0, n))
    pct = _printed(F(100 * k, n), places, rule)
    assert grim(pct, n, percent=True, rounding=rule).consistent is True
    assert percent_from_count(k, n, pct, rounding=rule).consistent is True


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
