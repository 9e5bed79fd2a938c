"""GRIM (``mibook.checks.grim``): scrutiny's and rsprite2's worked examples, grim_stats, scrutipy on
random cases, and means and percentages computed from random integers."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest
import scrutipy
from hypothesis import assume, given
from hypothesis import strategies as st

from mibook.checks import (
    decimals,
    grim,
    grim_possible_means,
    grim_probability,
    grim_ratio,
    grim_total,
    grim_values,
    percent_from_count,
)
from tests.checks.helpers import ORACLE, PROPERTY, RULES, F, _printed

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
        matches = [
            (kind, m) for pattern, kind in RSPRITE2_PATTERNS if (m := re.fullmatch(pattern, fact))
        ]
        if not matches:
            raise AssertionError(f"unhandled rsprite2 fact {fact!r}")
        kind, m = matches[0]
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


# ----------------------------------------------------------------------------- properties


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


# ------------------------------------------------------------------------ scrutipy on random cases


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
