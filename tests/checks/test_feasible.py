"""Tests for mibook.checks.feasible (exact CLOSURE enumeration).

Oracles: the unsum README count (tests/oracles/consistency_cases.json), scrutipy.closure
(Rust CLOSURE), and brute force over itertools.combinations_with_replacement with an
independent exact implementation of the rounding rule.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from fractions import Fraction
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibook.checks import feasible as feasible_mod
from mibook.checks.feasible import (
    count_feasible,
    feasible_samples,
    nearest_feasible,
    samples_to_values,
    write_frequencies_csv,
)
from tests.helpers import ORACLES


# ----------------------------------------------------------------------------------------
# An independent exact implementation of the rule, used by the checks below
# ----------------------------------------------------------------------------------------
def _reported(text: str) -> tuple[Fraction, Fraction]:
    """(value, half unit of the last decimal)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Fraction(text), Fraction(1, 2 * 10**decimals)


def _moments(values) -> tuple[Fraction, Fraction, Fraction]:
    """Exact mean, sample variance numerator helper: returns (mean, var_n1, var_n)."""
    n = len(values)
    S = sum(values)
    Q = sum(v * v for v in values)
    W = n * Q - S * S
    var_n1 = Fraction(W, n * (n - 1)) if n > 1 else None
    return Fraction(S, n), var_n1, Fraction(W, n * n)


def _rounds_to(mean_s: str, sd_s: str, values, divisor: str) -> bool:
    m, hm = _reported(mean_s)
    s, hs = _reported(sd_s)
    mean, var_n1, var_n = _moments(values)
    var = var_n1 if divisor == "n-1" else var_n
    if abs(mean - m) > hm:
        return False
    # sd = sqrt(var) within [s - hs, s + hs]  <=>  compare squares (sd >= 0)
    if var > (s + hs) ** 2:
        return False
    return s - hs <= 0 or var >= (s - hs) ** 2


def _freq(values, scale) -> tuple[int, ...]:
    lo, hi = scale
    out = [0] * (hi - lo + 1)
    for v in values:
        out[v - lo] += 1
    return tuple(out)


@cache
def _all_samples(n: int, scale: tuple[int, int]) -> tuple[tuple[int, ...], ...]:
    return tuple(itertools.combinations_with_replacement(range(scale[0], scale[1] + 1), n))


@cache
def _samples_by_moments(n: int, scale: tuple[int, int]) -> dict:
    """All samples grouped by (sum, sum of squares): {(S, Q): (example values, [freqs])}."""
    groups: dict = {}
    for c in _all_samples(n, scale):
        key = (sum(c), sum(v * v for v in c))
        groups.setdefault(key, (c, []))[1].append(_freq(c, scale))
    return groups


def _brute_force(mean_s, sd_s, n, scale, divisor) -> set[tuple[int, ...]]:
    # the rule depends on the sample only through (S, Q): check one sample per group
    out: set[tuple[int, ...]] = set()
    for example, freqs in _samples_by_moments(n, scale).values():
        if _rounds_to(mean_s, sd_s, example, divisor):
            out.update(freqs)
    return out


def _as_set(freqs: np.ndarray) -> set[tuple[int, ...]]:
    return set(map(tuple, freqs.tolist()))


def _check_invariants(freqs, mean_s, sd_s, n, scale, divisor):
    lo, hi = scale
    k = hi - lo + 1
    assert freqs.ndim == 2 and freqs.shape[1] == k
    assert np.issubdtype(freqs.dtype, np.integer)
    if len(freqs) == 0:
        return
    assert (freqs >= 0).all()
    assert (freqs.sum(axis=1) == n).all()
    rows = [tuple(r) for r in freqs.tolist()]
    assert len(set(rows)) == len(rows), "duplicate samples"
    assert rows == sorted(rows), "not lexicographically sorted"
    values = samples_to_values(freqs, scale)
    for row in values.tolist():
        assert _rounds_to(mean_s, sd_s, row, divisor), row


# ----------------------------------------------------------------------------------------
# Known answer
# ----------------------------------------------------------------------------------------
def _closure_cases():
    return json.loads(ORACLES.read_text(encoding="utf-8"))["closure_counts_1to5"]


@pytest.mark.parametrize("case", _closure_cases(), ids=lambda c: f"{c['mean']}/{c['sd']}/{c['n']}")
def test_unsum_readme_count(case):
    scale = tuple(case["scale"])
    freqs = feasible_samples(case["mean"], case["sd"], case["n"], scale=scale)
    assert freqs.shape == (case["expected_distinct_samples"], scale[1] - scale[0] + 1)
    assert (
        count_feasible(case["mean"], case["sd"], case["n"], scale=scale)
        == case["expected_distinct_samples"]
    )
    _check_invariants(freqs, case["mean"], case["sd"], case["n"], scale, "n-1")


# ----------------------------------------------------------------------------------------
# Agreement with scrutipy.closure
# ----------------------------------------------------------------------------------------
# scrutipy.closure(mean, sd, n, scale_min, scale_max, rounding_error_mean, rounding_error_sd)
# takes floats, uses the sample SD (n - 1) only, and compares with floating-point
# tolerances: a value exactly on the boundary (a tie) is usually, but not always, accepted
# (e.g. mean "1.3", n = 12: 15/12 = 1.25 is rejected). It also returns wrong results for
# n = 2 (every pair of scale values). So we compare for n >= 3 and allow differences only
# in samples whose exact mean or SD lies exactly half a unit from the reported value.
SCRUTIPY_CASES = [
    # mean, sd, n, scale, expected count (None: no fixed expectation)
    ("3.5", "1.20", 50, (0, 7), 7980),  # the example in scrutipy's own docstring
    ("5.00", "2.78", 30, (1, 8), None),  # unsum's interactive test case
    ("2.7", "1.9", 40, (1, 5), None),
    ("4.1", "1.3", 25, (1, 7), None),
    ("0.8", "0.9", 20, (0, 3), None),
    ("6.0", "2.5", 12, (0, 10), None),
    ("3.22", "1.05", 18, (1, 5), 0),
    ("1.3", "1.2", 12, (0, 3), None),  # contains mean ties that scrutipy drops
]


def _on_boundary(mean_s, sd_s, values) -> bool:
    m, hm = _reported(mean_s)
    s, hs = _reported(sd_s)
    mean, var, _ = _moments(values)
    return abs(mean - m) == hm or var == (s + hs) ** 2 or (s - hs >= 0 and var == (s - hs) ** 2)


@pytest.mark.parametrize("mean,sd,n,scale,expected", SCRUTIPY_CASES)
def test_agrees_with_scrutipy(mean, sd, n, scale, expected):
    scrutipy = pytest.importorskip("scrutipy")
    dm = len(mean.split(".")[1])
    ds = len(sd.split(".")[1])
    raw = scrutipy.closure(
        float(mean), float(sd), n, scale[0], scale[1], 0.5 * 10**-dm, 0.5 * 10**-ds
    )
    theirs = {_freq(sample, scale) for sample in raw}
    assert len(theirs) == len(raw)
    ours = _as_set(feasible_samples(mean, sd, n, scale=scale))
    diff = theirs ^ ours
    for f in diff:
        values = np.repeat(np.arange(scale[0], scale[1] + 1), f).tolist()
        assert _on_boundary(mean, sd, values), f"non-tie disagreement {f}"
    # only ties may differ, and we never miss a tie scrutipy accepts
    assert theirs <= ours
    if expected is not None:
        assert len(ours) == expected
        assert len(theirs) == expected


def test_scrutipy_tie_difference_is_real():
    """The documented tie case: we include mean 1.25 for "1.3" (ties count), scrutipy not."""
    ours = _as_set(feasible_samples("1.3", "1.2", 12, scale=(0, 3)))
    assert (5, 1, 4, 2) in ours  # mean 15/12 = 1.25 exactly
    assert (5, 1, 4, 2) == _freq([0] * 5 + [1] + [2] * 4 + [3] * 2, (0, 3))


# ----------------------------------------------------------------------------------------
# Brute force
# ----------------------------------------------------------------------------------------
BRUTE_SCALES = [(1, 5), (0, 3), (0, 2), (0, 1), (-2, 2)]


@pytest.mark.parametrize(
    "scale,n,divisor",
    [
        (scale, n, divisor)
        for scale in BRUTE_SCALES
        for n in (1, 2, 3, 5, 8)
        for divisor in ("n-1", "n")
        if not (n == 1 and divisor == "n-1")  # sample SD undefined for n = 1
    ],
)
def test_brute_force_sweep(scale, n, divisor):
    lo, hi = scale
    # every mean and SD string that some sample actually produces (1 and 2 decimals), plus
    # near misses, so that non-empty, empty and boundary cases all occur
    means, sds = set(), set()
    for c in _all_samples(n, scale)[:: max(1, len(_all_samples(n, scale)) // 12)]:
        mean, var_n1, var_n = _moments(c)
        var = var_n1 if divisor == "n-1" else var_n
        for d in (0, 1, 2):
            means.add(f"{float(mean):.{d}f}")
            sds.add(f"{math.sqrt(var):.{d}f}")
    means.add(f"{lo + 0.013:.2f}")
    for mean_s in sorted(means):
        for sd_s in sorted(sds):
            got = feasible_samples(mean_s, sd_s, n, scale=scale, sd_divisor=divisor)
            want = _brute_force(mean_s, sd_s, n, scale, divisor)
            assert _as_set(got) == want, (mean_s, sd_s)
            assert count_feasible(mean_s, sd_s, n, scale=scale, sd_divisor=divisor) == len(want)
            _check_invariants(got, mean_s, sd_s, n, scale, divisor)


@settings(max_examples=300, deadline=None)
@given(
    scale=st.sampled_from([(1, 5), (0, 3), (1, 4), (-1, 2)]),
    n=st.integers(min_value=1, max_value=8),
    divisor=st.sampled_from(["n-1", "n"]),
    mean_int=st.integers(min_value=-50, max_value=600),
    mean_dec=st.integers(min_value=0, max_value=2),
    sd_int=st.integers(min_value=0, max_value=300),
    sd_dec=st.integers(min_value=0, max_value=2),
)
def test_brute_force_property(scale, n, divisor, mean_int, mean_dec, sd_int, sd_dec):
    if n == 1 and divisor == "n-1":
        divisor = "n"
    # mean_int / 100 and sd_int / 100 rounded to the drawn precision
    mean_s = f"{mean_int / 100:.{mean_dec}f}"
    sd_s = f"{sd_int / 100:.{sd_dec}f}"
    got = feasible_samples(mean_s, sd_s, n, scale=scale, sd_divisor=divisor)
    assert _as_set(got) == _brute_force(mean_s, sd_s, n, scale, divisor)
    _check_invariants(got, mean_s, sd_s, n, scale, divisor)


# ----------------------------------------------------------------------------------------
# Invariants on larger cases, chunking, divisors
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "mean,sd,n,scale,divisor",
    [
        ("2.7", "1.9", 130, (1, 5), "n"),
        ("3.5", "1.2", 50, (0, 7), "n-1"),
        ("4.20", "1.50", 60, (1, 7), "n-1"),
        ("5.0", "3.1", 15, (0, 10), "n"),
        ("0.0", "0.0", 30, (-3, 3), "n-1"),
    ],
)
def test_invariants_larger(mean, sd, n, scale, divisor):
    freqs = feasible_samples(mean, sd, n, scale=scale, sd_divisor=divisor)
    assert len(freqs) > 0
    assert count_feasible(mean, sd, n, scale=scale, sd_divisor=divisor) == len(freqs)
    _check_invariants(freqs, mean, sd, n, scale, divisor)


@pytest.mark.parametrize(
    "mean,sd,n,scale",
    [("10.5", "6.2", 4, (0, 20)), ("55", "30", 3, (0, 100)), ("-1.2", "1.6", 5, (-5, 5))],
)
def test_brute_force_wide_scales(mean, sd, n, scale):
    got = feasible_samples(mean, sd, n, scale=scale)
    assert _as_set(got) == _brute_force(mean, sd, n, scale, "n-1")
    assert len(got) > 0
    _check_invariants(got, mean, sd, n, scale, "n-1")


@pytest.mark.parametrize("k", [3, 40])  # 40 columns: the lexsort fallback path
def test_row_sort_is_lexicographic(k):
    rng = np.random.default_rng(k)
    rows = np.unique(rng.integers(0, 4, size=(300, k)), axis=0)
    shuffled = rows[rng.permutation(len(rows))]
    got = feasible_mod._lexsort_rows(shuffled)
    assert [tuple(r) for r in got.tolist()] == sorted(tuple(r) for r in rows.tolist())


def test_chunked_search_gives_same_result(monkeypatch):
    full = feasible_samples("3.5", "1.2", 50, scale=(0, 7))
    monkeypatch.setattr(feasible_mod, "_CHUNK_ROWS", 50)
    chunked = feasible_samples("3.5", "1.2", 50, scale=(0, 7))
    assert np.array_equal(full, chunked)
    assert count_feasible("3.5", "1.2", 50, scale=(0, 7)) == len(full)


def test_divisors_give_different_sets():
    sample = feasible_samples("3.0", "1.41", 4, sd_divisor="n-1")
    population = feasible_samples("3.0", "1.41", 4, sd_divisor="n")
    assert _as_set(sample) == {(0, 2, 1, 0, 1), (1, 0, 1, 2, 0)}  # sum of squared deviations 6
    assert _as_set(population) == _brute_force("3.0", "1.41", 4, (1, 5), "n")
    assert len(population) > 0
    assert _as_set(sample).isdisjoint(_as_set(population))
    # the README case differs too
    assert count_feasible("2.7", "1.9", 130, sd_divisor="n") != 5359


def test_integer_strings_and_padding():
    # "3" has zero decimals: half-width 0.5
    assert _as_set(feasible_samples("3", "1", 5)) == _brute_force("3", "1", 5, (1, 5), "n-1")
    # "3.10" carries two decimals, "3.1" one
    a = feasible_samples("3.10", "1.00", 8)
    b = feasible_samples("3.1", "1.0", 8)
    assert _as_set(a) < _as_set(b)


# ----------------------------------------------------------------------------------------
# Empty results and nearest_feasible
# ----------------------------------------------------------------------------------------
def test_grim_inconsistent_mean_is_empty():
    freqs = feasible_samples("5.19", "1.00", 28, scale=(1, 9))
    assert freqs.shape == (0, 9)
    assert count_feasible("5.19", "1.00", 28, scale=(1, 9)) == 0
    nearest, mean, sd = nearest_feasible("5.19", "1.00", 28, scale=(1, 9))
    assert len(nearest) >= 1
    assert mean == pytest.approx(145 / 28)  # the achievable mean closest to 5.19
    # all returned rows share the same exact moments and reproduce the returned mean and sd
    values = samples_to_values(nearest, (1, 9))
    assert np.allclose(values.mean(axis=1), mean)
    assert np.allclose(values.std(axis=1, ddof=1), sd)
    _check_invariants(nearest, f"{mean:.6f}", f"{sd:.6f}", 28, (1, 9), "n-1")


def test_nearest_feasible_independent_of_chunking(monkeypatch):
    args = ("3.001", "1.0", 60, (1, 7))
    expected = nearest_feasible(*args)
    monkeypatch.setattr(feasible_mod, "_CHUNK_ROWS", 7)
    got = nearest_feasible(*args)
    assert np.array_equal(got[0], expected[0])
    assert got[1:] == expected[1:]


def test_impossible_sd_is_empty_and_nearest_is_most_extreme():
    assert feasible_samples("3.0", "5.0", 10).shape == (0, 5)
    nearest, mean, sd = nearest_feasible("3.0", "5.0", 10)
    assert nearest.tolist() == [[5, 0, 0, 0, 5]]
    assert mean == 3.0
    assert sd == pytest.approx(math.sqrt(40 / 9))


def _float_distance(values, mean_s, sd_s, divisor):
    m, hm = _reported(mean_s)
    s, hs = _reported(sd_s)
    unit_m, unit_s = 2 * hm, 2 * hs
    mean, var_n1, var_n = _moments(values)
    var = var_n1 if divisor == "n-1" else var_n
    return max(abs(float(mean - m) / float(unit_m)), abs(math.sqrt(var) - float(s)) / float(unit_s))


@pytest.mark.parametrize(
    "mean,sd,n,scale,divisor",
    [
        ("2.47", "1.13", 7, (1, 5), "n-1"),
        ("1.9", "0.3", 6, (0, 3), "n"),
        ("4.8", "2.2", 8, (1, 5), "n-1"),
        ("0.55", "0.10", 5, (0, 3), "n-1"),
        ("3.0", "1.4", 5, (1, 5), "n-1"),  # consistent: nearest is an exact hit
        # ties between different (mean, sd) pairs, exercising the lexicographic tie-break
        ("3.0", "0.5", 4, (1, 5), "n-1"),
        ("4.0", "0.44", 5, (1, 5), "n-1"),
        ("3.61", "0.5", 6, (1, 5), "n-1"),
        ("0.0", "0.22", 6, (0, 3), "n-1"),
        # mean and SD with different numbers of decimals (distances in their own units)
        ("0.03", "0.83", 5, (0, 3), "n"),
        ("1.12", "1.0", 7, (0, 3), "n-1"),
        ("2.5", "0.123", 6, (1, 5), "n"),
        # two-point and three-point scales (special cases of the closed-form last stage)
        ("0.45", "0.1", 6, (0, 1), "n-1"),
        ("1.33", "0.05", 7, (0, 2), "n"),
        # the SD target falls into a gap of unachievable sums of squares (sum 4 of three
        # values on 0..4 allows 6, 8, 10 and 16 only), so achievability must be checked
        ("2.333", "1.83", 3, (1, 5), "n-1"),
    ],
)
def test_nearest_feasible_matches_brute_force(mean, sd, n, scale, divisor):
    freqs, got_mean, got_sd = nearest_feasible(mean, sd, n, scale=scale, sd_divisor=divisor)
    dists = {c: _float_distance(c, mean, sd, divisor) for c in _all_samples(n, scale)}
    best = min(dists.values())
    winners = sorted(_freq(c, scale) for c, d in dists.items() if d <= best + 1e-9)
    got_rows = [tuple(r) for r in freqs.tolist()]
    assert got_rows[0] == winners[0]  # lexicographically smallest tie-break
    assert set(got_rows) <= set(winners)
    values = samples_to_values(freqs, scale)
    assert _float_distance(values[0].tolist(), mean, sd, divisor) == pytest.approx(best)
    assert np.allclose(values.mean(axis=1), got_mean)
    assert np.allclose(values.std(axis=1, ddof=1 if divisor == "n-1" else 0), got_sd)
    if best <= 0.5:
        assert set(got_rows) <= _as_set(
            feasible_samples(mean, sd, n, scale=scale, sd_divisor=divisor)
        )


# ----------------------------------------------------------------------------------------
# Helpers and validation
# ----------------------------------------------------------------------------------------
def test_samples_to_values():
    freqs = np.array([[2, 0, 1], [0, 3, 0]])
    assert samples_to_values(freqs, (0, 2)).tolist() == [[0, 0, 2], [1, 1, 1]]
    assert samples_to_values(np.zeros((0, 5), dtype=int)).shape == (0, 0)
    with pytest.raises(ValueError, match="same total"):
        samples_to_values(np.array([[1, 0], [1, 1]]), (0, 1))
    with pytest.raises(ValueError, match="shape"):
        samples_to_values(np.array([[1, 0, 0]]), (0, 1))


def test_write_frequencies_csv(tmp_path):
    freqs = feasible_samples("2.7", "1.9", 130)
    out = tmp_path / "closure.csv"
    out.write_text("old content\n")
    write_frequencies_csv(freqs, (1, 5), out)
    lines = out.read_text().splitlines()
    assert lines[0] == "1,2,3,4,5"
    assert len(lines) == 5360
    back = np.loadtxt(out, delimiter=",", skiprows=1, dtype=int)
    assert np.array_equal(back, freqs)
    assert os.listdir(tmp_path) == ["closure.csv"]  # no temporary file left behind
    with pytest.raises(ValueError):
        write_frequencies_csv(freqs, (0, 5), tmp_path / "bad.csv")
    assert sorted(os.listdir(tmp_path)) == ["closure.csv"]


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(mean="abc", sd="1.0", n=10), "mean"),
        (dict(mean="2.7", sd="1.x", n=10), "sd"),
        (dict(mean=2.7, sd="1.9", n=10), "string"),
        (dict(mean="2.7", sd="-1.0", n=10), "negative"),
        (dict(mean="2.7", sd="1.9", n=0), "at least 1"),
        (dict(mean="2.7", sd="1.9", n=2.5), "integer"),
        (dict(mean="2.7", sd="1.9", n=10, scale=(5, 5)), "smaller"),
        (dict(mean="2.7", sd="1.9", n=10, scale=(5, 1)), "smaller"),
        (dict(mean="2.7", sd="1.9", n=10, sd_divisor="n-2"), "sd_divisor"),
        (dict(mean="2.7", sd="0.0", n=1), "n = 1"),
    ],
)
def test_validation(kwargs, match):
    for fn in (feasible_samples, count_feasible, nearest_feasible):
        with pytest.raises(ValueError, match=match):
            fn(**kwargs)


def test_n_equals_one_population():
    assert _as_set(feasible_samples("4", "0", 1, sd_divisor="n")) == {(0, 0, 0, 1, 0)}
