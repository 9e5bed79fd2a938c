"""``benchmark.csv`` (issue 15) against an independent computation.

Nothing here calls the code under test to get an expected value:

* shares: the Wilson interval of each proportion and Newcombe's (1998) hybrid score interval
  (his method 10) written out by hand, the normal quantile from :class:`statistics.NormalDist`;
  the score test of equal proportions by hand, with the Miettinen–Nurminen variance factor
  N / (N − 1) that statsmodels' ``test_proportions_2indep(method="score")`` uses by default;
* means: Welch's t, the Welch–Satterthwaite degrees of freedom and the interval by hand (only the
  t distribution's quantile and tail come from scipy);
* the published values: read from ``data/published/numbers.csv`` with the csv module.
"""

from __future__ import annotations

import csv
import math
import statistics
from pathlib import Path

import pandas as pd
import pytest
import yaml
from scipy import stats

from mibook.analysis.benchmark import (
    COLUMNS,
    Share,
    compare_means,
    compare_shares,
    respondents_rows,
)
from mibook.book.report import merge_benchmark
from mibook.chapters import sample_characteristics, satisfaction_timing
from mibook.inputs.validate import load
from tests.independent_stats import (
    newcombe,
    printed,
    published_shares,
    score_p,
    welch,
    wilson,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


TOLERANCE = 1e-9  # percentage points (shares) or the variable's unit (means)
CONTRACT_COLUMNS = (
    "chapter, measure, this_n, this_value, published_n, published_value, difference, "
    "ci_low, ci_high, p_value, method, source"
).split(", ")


# --- the independent computation (tests/independent_stats.py) -----------------------------


def test_the_hand_wilson_interval_is_wilsons():
    """A worked value: 81/263 (Newcombe 1998, example) gives 0.2553 to 0.3662."""
    low, high = wilson(81, 263)
    assert round(low, 4) == 0.2553 and round(high, 4) == 0.3662


def test_the_hand_newcombe_interval_reproduces_newcombes_published_examples():
    """Newcombe (1998), Table II, method 10: 56/70 − 48/80 gives 0.0524 to 0.3339, and
    9/10 − 3/10 gives 0.1705 to 0.8090."""
    low, high = newcombe(56, 70, 48, 80)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.0524, 0.3339)
    low, high = newcombe(9, 10, 3, 10)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.1705, 0.8090)


# --- shares ------------------------------------------------------------------------------------

SHARE_CASES = [
    (58, 80, 110, 111),  # the docstring's example
    (56, 70, 48, 80),
    (9, 10, 3, 10),
    (1, 3, 70, 112),
    (2, 3, 110, 111),
    (50, 100, 96, 112),
    (0, 12, 70, 112),  # 0 %
    (12, 12, 70, 112),  # 100 %
    (12, 12, 0, 99),  # 100 % against 0 %
    (0, 40, 0, 99),  # both 0 %
    (40, 40, 99, 99),  # both 100 %
    (35, 50, 70, 100),  # identical shares
    (1, 1, 70, 112),  # n = 1
    (0, 1, 70, 112),
    (1, 1, 1, 1),
    (1, 2, 1, 1),
]


@pytest.mark.parametrize("c1, n1, c2, n2", SHARE_CASES)
def test_compare_shares_matches_newcombe_and_the_score_test_by_hand(c1, n1, c2, n2):
    result = compare_shares(Share(c1, n1), Share(c2, n2))
    low, high = newcombe(c1, n1, c2, n2)
    assert abs(result["ci_low"] - low) < TOLERANCE, (result, low)
    assert abs(result["ci_high"] - high) < TOLERANCE, (result, high)
    assert abs(result["this_value"] - 100 * c1 / n1) < TOLERANCE
    assert abs(result["published_value"] - 100 * c2 / n2) < TOLERANCE
    assert abs(result["difference"] - (100 * c1 / n1 - 100 * c2 / n2)) < TOLERANCE
    assert result["ci_low"] <= result["difference"] <= result["ci_high"]
    assert -100 <= result["ci_low"] and result["ci_high"] <= 100
    expected_p = score_p(c1, n1, c2, n2)
    if math.isnan(expected_p):  # both 0 % or both 100 %: identical shares, no evidence
        assert result["p_value"] == 1.0
    else:
        assert abs(result["p_value"] - expected_p) < 1e-9, (result["p_value"], expected_p)
    assert all(math.isfinite(result[k]) for k in result), result


def test_identical_shares_give_p_one_and_an_interval_around_zero():
    result = compare_shares(Share(35, 50), Share(70, 100))
    assert result["difference"] == 0 and result["p_value"] == pytest.approx(1.0)
    assert result["ci_low"] < 0 < result["ci_high"]


def test_a_share_with_nobody_answering_is_nan_and_raises_nothing():
    for this, other in ((Share(0, 0), Share(70, 112)), (Share(3, 4), Share(0, 0))):
        result = compare_shares(this, other)
        for key in ("difference", "ci_low", "ci_high", "p_value"):
            assert math.isnan(result[key]), (key, result)
    assert math.isnan(compare_shares(Share(0, 0), Share(70, 112))["this_value"])
    assert compare_shares(Share(0, 0), Share(70, 112))["published_value"] == pytest.approx(62.5)


def test_compare_shares_raises_no_warning(recwarn):
    for c1, n1, c2, n2 in SHARE_CASES:
        compare_shares(Share(c1, n1), Share(c2, n2))
    assert not [str(w.message) for w in recwarn.list]


# --- means -------------------------------------------------------------------------------------

MEAN_CASES = [
    (44.0, 9.8, 78, 45.0, 9.7, 112),  # the docstring's example
    (40.0, 10.0, 3, 45.0, 9.7, 112),
    (3.1, 0.6, 20, 3.4, 0.7, 20),
    (2.0, 0.0, 12, 3.5, 0.7, 20),  # SD 0 on one side
    (50.0, 12.5, 2, 45.0, 9.7, 112),  # n = 2
    (45.0, 9.7, 112, 45.0, 9.7, 112),  # identical
]


@pytest.mark.parametrize("m1, s1, n1, m2, s2, n2", MEAN_CASES)
def test_compare_means_matches_welch_by_hand(m1, s1, n1, m2, s2, n2):
    result = compare_means(m1, s1, n1, m2, s2, n2)
    expected = welch(m1, s1, n1, m2, s2, n2)
    for key in ("difference", "ci_low", "ci_high", "p_value"):
        assert abs(result[key] - expected[key]) < TOLERANCE, (key, result, expected)
    assert result["this_value"] == m1 and result["published_value"] == m2


def test_the_hand_welch_agrees_with_scipys_welch_test():
    """The by-hand Welch is right: scipy's own Welch test from the summary statistics gives the
    same t and p (and its degrees of freedom, from scipy 1.11, the same df)."""
    for m1, s1, n1, m2, s2, n2 in MEAN_CASES[:5]:
        mine = welch(m1, s1, n1, m2, s2, n2)
        theirs = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
        assert mine["p_value"] == pytest.approx(theirs.pvalue, rel=1e-12, abs=1e-15)


def test_n_of_one_gives_a_difference_but_no_interval_or_p():
    result = compare_means(52.0, math.nan, 1, 45.0, 9.7, 112)
    assert result["difference"] == 7.0
    for key in ("ci_low", "ci_high", "p_value"):
        assert math.isnan(result[key]), (key, result)
    result = compare_means(52.0, 0.0, 1, 45.0, 9.7, 112)  # an SD given with n = 1
    assert math.isnan(result["ci_low"]) and math.isnan(result["p_value"])


def test_sd_zero_on_both_sides_raises_nothing_and_gives_a_point_interval(recwarn):
    differ = compare_means(3.0, 0.0, 5, 4.0, 0.0, 7)
    assert differ["difference"] == -1.0
    assert differ["ci_low"] == differ["ci_high"] == -1.0
    assert differ["p_value"] == 0.0  # t is infinite: the limit of p is 0
    same = compare_means(3.0, 0.0, 5, 3.0, 0.0, 7)
    assert same["difference"] == 0.0 and same["ci_low"] == same["ci_high"] == 0.0
    assert not math.isnan(same["p_value"])
    assert not [str(w.message) for w in recwarn.list]


def test_means_with_a_missing_side_are_nan():
    result = compare_means(math.nan, math.nan, 0, 45.0, 9.7, 112)
    for key in ("ci_low", "ci_high", "p_value"):
        assert math.isnan(result[key])


# --- the published side, from numbers.csv -------------------------------------------------------


def test_the_published_counts_read_here_are_the_printed_ones():
    """A guard on the reading above: the counts the article prints (Foldal et al. 2021)."""
    assert published_shares() == {
        "female": (70, 112),
        "satisfaction": (110, 111),
        "useful_first": (90, 112),
        "useful_second": (97, 111),
        "useful_overall": (96, 108),
        "timing_appropriate": (96, 112),
        "preferred_earlier": (36, 99),
    }


# --- respondents_rows on a small file -------------------------------------------------------------

#: A study with: satisfaction (1–5, compared by name), useful_second on a 1–7 scale (a published
#: name, but not comparable), a new item compared with useful_overall, and a new 1–5 item with
#: no published counterpart.
CODEBOOK = """\
respondents:
  items:
    - name: satisfaction
      scale: [1, 5]
    - name: useful_second
      scale: [1, 7]
    - name: helped_me
      text: "The conversations helped me"
      scale: [1, 5]
      compare_with: useful_overall
    - name: my_own_item
      scale: [1, 5]
"""
HEADER = [
    "respondent_id",
    "gender",
    "age",
    "satisfaction",
    "useful_second",
    "helped_me",
    "my_own_item",
    "timing_appropriate",
    "preferred_timing",
]
ROWS = [
    ["A", "female", "34", "5", "7", "4", "5", "yes", "good"],
    ["B", "male", "51", "4", "6", "2", "1", "no", "2_months_earlier"],
    ["C", "female", "", "2", "1", "", "3", "yes", "1_month_earlier"],
    ["D", "", "45", "", "4", "5", "4", "", "1_month_later"],
    ["E", "female", "29", "3", "", "3", "", "yes", ""],
    ["F", "male", "62", "5", "2", "4", "2", "no", "good"],
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("benchmark")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    with (folder / "r.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    return folder


def column(name: str) -> list[str]:
    return [row[HEADER.index(name)] for row in ROWS if row[HEADER.index(name)] != ""]


def expected_shares() -> dict[str, tuple[int, int]]:
    agree = {"4", "5"}
    return {
        "female": (column("gender").count("female"), len(column("gender"))),
        "satisfaction": (sum(v in agree for v in column("satisfaction")), 5),
        "helped_me": (sum(v in agree for v in column("helped_me")), 5),
        "timing_appropriate": (column("timing_appropriate").count("yes"), 5),
        "preferred_earlier": (
            sum(v in {"2_months_earlier", "1_month_earlier"} for v in column("preferred_timing")),
            5,
        ),
    }


def test_respondents_rows_give_exactly_the_comparable_measures(small):
    loaded = load("respondents", small / "r.csv", small / "codebook.yaml")
    sample = respondents_rows(loaded.frame, loaded.items, "sample_characteristics")
    questions = respondents_rows(loaded.frame, loaded.items, "satisfaction_timing")
    assert list(sample.columns) == CONTRACT_COLUMNS == COLUMNS
    assert list(questions.columns) == CONTRACT_COLUMNS
    assert sample["measure"].tolist() == ["female", "age"]
    # useful_second is on 1–7 (not comparable), my_own_item has no published counterpart
    assert questions["measure"].tolist() == [
        "satisfaction",
        "helped_me",
        "timing_appropriate",
        "preferred_earlier",
    ]
    assert set(sample["chapter"]) == {"sample_characteristics"}
    assert set(questions["chapter"]) == {"satisfaction_timing"}


def _check_share_row(row, this: tuple[int, int], other: tuple[int, int]):
    (c1, n1), (c2, n2) = this, other
    assert int(row["this_n"]) == n1 and int(row["published_n"]) == n2
    assert abs(float(row["this_value"]) - 100 * c1 / n1) < TOLERANCE
    assert abs(float(row["published_value"]) - 100 * c2 / n2) < TOLERANCE
    low, high = newcombe(c1, n1, c2, n2)
    assert abs(float(row["ci_low"]) - low) < TOLERANCE
    assert abs(float(row["ci_high"]) - high) < TOLERANCE
    assert abs(float(row["p_value"]) - score_p(c1, n1, c2, n2)) < 1e-9
    assert "Newcombe" in row["method"]


def test_respondents_rows_match_the_independent_computation(small):
    loaded = load("respondents", small / "r.csv", small / "codebook.yaml")
    rows = pd.concat(
        [
            respondents_rows(loaded.frame, loaded.items, "sample_characteristics"),
            respondents_rows(loaded.frame, loaded.items, "satisfaction_timing"),
        ]
    ).set_index("measure")
    published = published_shares()
    mine = expected_shares()
    compared_with = {"helped_me": "useful_overall"}
    for measure, this in mine.items():
        _check_share_row(rows.loc[measure], this, published[compared_with.get(measure, measure)])
    assert "useful_overall" in rows.loc["helped_me", "source"]
    assert "Table 1" in rows.loc["female", "source"]
    assert "Table 2" in rows.loc["timing_appropriate", "source"]

    v = printed()
    ages = [float(a) for a in column("age")]
    m = sum(ages) / len(ages)
    s = math.sqrt(sum((a - m) ** 2 for a in ages) / (len(ages) - 1))
    expected = welch(m, s, len(ages), float(v["no_txt_age_mean"]), float(v["no_t1_age_sd"]), 112)
    age = rows.loc["age"]
    assert int(age["this_n"]) == len(ages) and int(age["published_n"]) == 112
    assert abs(age["this_value"] - m) < TOLERANCE
    assert age["published_value"] == float(v["no_txt_age_mean"])
    for key in ("difference", "ci_low", "ci_high", "p_value"):
        assert abs(age[key] - expected[key]) < TOLERANCE, key
    assert "Welch" in age["method"] and "Table 1" in age["source"]


def test_the_chapters_write_benchmark_files_matching_the_independent_computation(small, tmp_path):
    """The CSV files the report chapters write (``mibook run`` merges them into benchmark.csv):
    read back with the csv module, every number equals the by-hand value."""
    out = tmp_path / "tables"
    sample_characteristics.report(str(small / "r.csv"), str(out), str(small / "codebook.yaml"))
    satisfaction_timing.report(str(small / "r.csv"), str(out), str(small / "codebook.yaml"))
    rows = {}
    for part in ("sample_characteristics", "satisfaction_timing"):
        with (out / f"benchmark_{part}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == CONTRACT_COLUMNS
            rows.update({r["measure"]: r for r in reader})
    assert sorted(rows) == sorted(["female", "age", *list(expected_shares())[1:]])
    published = published_shares()
    for measure, this in expected_shares().items():
        other = published["useful_overall" if measure == "helped_me" else measure]
        _check_share_row(rows[measure], this, other)
        assert float(rows[measure]["difference"]) == pytest.approx(
            100 * this[0] / this[1] - 100 * other[0] / other[1], abs=TOLERANCE
        )


def test_no_benchmark_row_when_nobody_answered(tmp_path):
    (tmp_path / "r.csv").write_text(
        "respondent_id,gender,age,satisfaction\nA,,,\nB,,,\n", encoding="utf-8"
    )
    loaded = load("respondents", tmp_path / "r.csv")
    assert respondents_rows(loaded.frame, loaded.items, "sample_characteristics").empty
    assert respondents_rows(loaded.frame, loaded.items, "satisfaction_timing").empty


def test_an_age_of_one_person_gives_a_row_without_interval(tmp_path):
    (tmp_path / "r.csv").write_text("respondent_id,age\nA,52\nB,\n", encoding="utf-8")
    loaded = load("respondents", tmp_path / "r.csv")
    rows = respondents_rows(loaded.frame, loaded.items, "sample_characteristics")
    assert rows["measure"].tolist() == ["age"]
    age = rows.iloc[0]
    assert age["this_n"] == 1 and age["this_value"] == 52.0 and age["difference"] == 6.5
    assert math.isnan(age["ci_low"]) and math.isnan(age["p_value"])


# --- benchmark.csv of the rerun guide's worked example ------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "book" / "examples"


def pilot_expected() -> dict[str, tuple]:
    """The pilot's shares and ages, counted from the raw CSV (csv module) with the codebook's
    mapping (read with yaml): labels and numbers matched trimmed and case-insensitively, the
    codebook's "missing" answers left out of every denominator."""
    book = yaml.safe_load((EXAMPLES / "pilot_codebook.yaml").read_text(encoding="utf-8"))
    r = book["respondents"]
    missing = {m.strip().lower() for m in r["missing"]}
    with (EXAMPLES / "pilot_survey.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))

    def answers(heading: str, mapping: dict) -> list[str]:
        lookup = {str(k).strip().lower(): str(v) for k, v in mapping.items()}
        cells = [row[heading].strip().lower() for row in rows]
        return [lookup.get(c, c) for c in cells if c and c not in missing]

    out = {}
    gender = answers(r["columns"]["gender"], r["values"]["gender"])
    out["female"] = (gender.count("female"), len(gender))
    for item in r["items"]:
        if item.get("scale", [1, 5]) != [1, 5]:
            continue
        given = answers(item["column"], item.get("labels", {}))
        out[item["name"]] = (sum(a in ("4", "5") for a in given), len(given))
    timing = answers(r["columns"]["timing_appropriate"], r["values"]["timing_appropriate"])
    out["timing_appropriate"] = (timing.count("yes"), len(timing))
    preferred = answers(r["columns"]["preferred_timing"], r["values"]["preferred_timing"])
    out["preferred_earlier"] = (
        sum(a in ("2_months_earlier", "1_month_earlier") for a in preferred),
        len(preferred),
    )
    out["age"] = tuple(float(a) for a in answers(r["columns"]["age"], {}))
    return out


def test_the_worked_examples_benchmark_csv_matches_the_independent_computation(tmp_path):
    """The two questionnaire chapters of a report on ``book/examples`` write their parts, which
    ``mibook run`` merges (:func:`mibook.book.report.merge_benchmark`) into ``benchmark.csv``;
    read back with the csv module, every row is the by-hand computation from the raw file."""
    tables = tmp_path / "tables"
    data, book = str(EXAMPLES / "pilot_survey.csv"), str(EXAMPLES / "pilot_codebook.yaml")
    sample_characteristics.report(data, str(tables), book)
    satisfaction_timing.report(data, str(tables), book)
    assert merge_benchmark(tables) == tables / "benchmark.csv"
    assert not list(tables.glob("benchmark_*.csv")), "the parts are merged away"
    with (tables / "benchmark.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == CONTRACT_COLUMNS
        rows = list(reader)
    expected = pilot_expected()
    assert [r["measure"] for r in rows] == [
        "female",
        "age",
        "satisfaction",
        "useful_first",
        "useful_second",
        "useful_overall",
        "timing_appropriate",
        "preferred_earlier",
    ]
    assert [r["chapter"] for r in rows] == ["sample_characteristics"] * 2 + [
        "satisfaction_timing"
    ] * 6
    published = published_shares()
    for r in rows:
        if r["measure"] == "age":
            ages = expected["age"]
            m, s = statistics.mean(ages), statistics.stdev(ages)
            v = printed()
            e = welch(m, s, len(ages), float(v["no_txt_age_mean"]), float(v["no_t1_age_sd"]), 112)
            assert int(r["this_n"]) == len(ages) == 78
            assert abs(float(r["this_value"]) - m) < TOLERANCE
            for key in ("difference", "ci_low", "ci_high", "p_value"):
                assert abs(float(r[key]) - e[key]) < TOLERANCE, key
        else:
            _check_share_row(r, expected[r["measure"]], published[r["measure"]])
