"""Coders and inter-rater reliability of double-coded MITI sessions
(``mibook.analysis.coders``, ``mibook.analysis.reliability``)."""

import math
import warnings

import numpy as np
import pandas as pd
import pingouin
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibook.analysis import coders, reliability
from mibook.analysis.reliability import RELIABILITY_COLUMNS, icc_a1, icc_table


def _double_coded(a, b, measure="empathy", extra_a=()):
    """Sessions S0… rated by A (values ``a``) and B (values ``b``); ``extra_a`` more of A's."""
    n = len(a)
    rows = [{"session_id": f"S{k}", "coder_id": "A", measure: a[k]} for k in range(n)]
    rows += [{"session_id": f"S{k}", "coder_id": "B", measure: b[k]} for k in range(n)]
    rows += [{"session_id": f"X{k}", "coder_id": "A", measure: v} for k, v in enumerate(extra_a)]
    return pd.DataFrame(rows)


def _mcgraw_wong_a1(a, b) -> float:
    """ICC(A,1) by hand from the two-way ANOVA mean squares (McGraw and Wong 1996, case 2A)."""
    x = np.column_stack([a, b]).astype(float)
    n, k = x.shape
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_error = ((x - grand) ** 2).sum() - ss_rows - ss_cols
    msr, msc = ss_rows / (n - 1), ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    return (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)


# ------------------------------------------------------------------------------ which coders


def test_primary_is_the_coder_with_most_sessions_ties_by_name():
    frame = pd.DataFrame(
        {"session_id": ["S1", "S2", "S1", "S2", "S3"], "coder_id": ["B", "B", "A", "A", "C"]}
    )
    assert coders.coder_order(frame) == ["A", "B", "C"]
    assert coders.default_primary(frame) == "A"
    assert coders.second_coder(frame, "A") == "B"
    assert coders.second_coder(frame, "C") is None  # nobody else rated S3
    assert coders.shared_sessions(frame, "B", "A") == ["S1", "S2"]


def test_second_coder_shares_most_sessions_with_the_primary():
    frame = pd.DataFrame(
        {
            "session_id": ["S1", "S2", "S3", "S1", "S9", "S8", "S2", "S3"],
            "coder_id": ["A", "A", "A", "B", "B", "B", "C", "C"],
        }
    )
    assert coders.default_primary(frame) == "A"  # 3 sessions, B too: ties by name
    assert coders.second_coder(frame, "A") == "C"  # C shares two, B one


def test_one_rating_per_session_primary_first_then_the_coder_order():
    frame = pd.DataFrame(
        {
            "session_id": ["S1", "S1", "S2", "S3", "S3", "S4"],
            "coder_id": ["B", "A", "B", "C", "B", "C"],
            "empathy": [1, 2, 3, 4, 5, 2],
        }
    )
    chosen = coders.one_per_session(frame, "A")
    assert chosen[["session_id", "coder_id"]].values.tolist() == [
        ["S1", "A"],
        ["S2", "B"],
        ["S3", "B"],  # B has more sessions than C
        ["S4", "C"],
    ]
    default = coders.one_per_session(frame)
    assert default["coder_id"].tolist() == ["B", "B", "B", "C"]
    with pytest.raises(ValueError, match="rated no session; the coders are"):
        coders.one_per_session(frame, "Z")
    single = frame.drop(columns="coder_id")
    assert coders.one_per_session(single) is single


# ------------------------------------------------------------------------------ the ICC


def test_icc_is_pingouins_icc_a1_unrounded():
    rng = np.random.default_rng(5)
    truth = rng.integers(1, 6, 12)
    a = truth
    b = np.clip(truth + rng.integers(-1, 2, 12), 1, 5)
    table = icc_table(_double_coded(a, b), "A", "B")
    long = pd.DataFrame(
        {"s": np.tile(np.arange(12), 2), "r": np.repeat(["a", "b"], 12), "x": np.r_[a, b]}
    )
    previous = pingouin.options["round.column.CI95"]
    pingouin.options["round.column.CI95"] = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pingouin 0.7 on pandas 3: a deprecation notice
            expected = pingouin.intraclass_corr(long, "s", "r", "x")
        expected = expected.set_index("Type").loc["ICC(A,1)"]
    finally:
        pingouin.options["round.column.CI95"] = previous
    row = table.iloc[0]
    assert list(table.columns) == RELIABILITY_COLUMNS
    assert (row.measure, row.n_sessions, row.coder_a, row.coder_b) == ("empathy", 12, "A", "B")
    assert row.icc == pytest.approx(expected["ICC"], abs=1e-12)
    assert row.icc == pytest.approx(_mcgraw_wong_a1(a, b), abs=1e-12)
    assert (row.ci_low, row.ci_high) == pytest.approx(tuple(expected["CI95"]), abs=1e-12)
    assert row.band == reliability.band(row.icc)
    assert pingouin.options["round.column.CI95"] == previous  # pingouin's option restored


@settings(max_examples=40, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=5, max_size=30).filter(
        lambda p: len({a for a, _ in p} | {b for _, b in p}) > 1
    )
)
def test_icc_matches_the_formula_for_any_ratings(pairs):
    a, b = (np.array(v) for v in zip(*pairs))
    icc, low, high = icc_a1(a, b)
    expected = _mcgraw_wong_a1(a, b)
    if math.isfinite(expected):
        assert icc == pytest.approx(expected, abs=1e-9)
    if math.isfinite(low) and math.isfinite(high):
        assert low <= high + 1e-12


def test_fewer_than_five_shared_sessions_are_too_few():
    table = icc_table(_double_coded([1, 2, 3, 4], [1, 2, 3, 5], extra_a=[5, 5, 5]), "A", "B")
    row = table.iloc[0]
    assert row.n_sessions == 4 and math.isnan(row.icc) and row.band == "too_few"
    assert math.isnan(row.ci_low) and math.isnan(row.ci_high)


def test_no_variation_is_not_an_icc():
    row = icc_table(_double_coded([3] * 6, [3] * 6), "A", "B").iloc[0]
    assert math.isnan(row.icc) and row.band == "no_variance"


def test_cicchetti_bands():
    assert [reliability.band(x) for x in (0.399, 0.4, 0.599, 0.6, 0.749, 0.75, 1.0)] == [
        "poor",
        "fair",
        "fair",
        "good",
        "good",
        "excellent",
        "excellent",
    ]


def test_measures_globals_composites_then_counts_with_missing_values_left_out():
    frame = pd.DataFrame(
        {
            "session_id": [f"S{k}" for k in range(6)] * 2,
            "coder_id": ["A"] * 6 + ["B"] * 6,
            "partnership": [1, 2, 3, 4, 5, 3, 1, 2, 3, 4, 4, 3],
            "empathy": [2, 2, 3, 4, 5, None, 2, 3, 3, 4, 5, 4],
            "question": [3, 5, 7, 2, 9, 4, 3, 6, 7, 2, 8, 4],
        }
    )
    table = icc_table(frame, "A", "B")
    assert table["measure"].tolist() == ["partnership", "empathy", "relational", "question"]
    assert table.set_index("measure").loc["empathy", "n_sessions"] == 5
    assert table.set_index("measure").loc["relational", "n_sessions"] == 5
    assert icc_table(frame, "A", None).empty and list(icc_table(frame, None, None).columns) == (
        RELIABILITY_COLUMNS
    )


def test_exact_agreement_and_within_one_point():
    frame = _double_coded([4, 2, 3, 5, 1], [4, 3, 5, 5, 1], measure="partnership")
    row = reliability.agreement(frame, "A", "B").iloc[0]
    assert (row.n_sessions, row.exact_n, row.within_one_n) == (5, 3, 4)
    assert (row.exact_percent, row.within_one_percent) == (60.0, 80.0)
