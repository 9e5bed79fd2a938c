import numpy as np
import pandas as pd
import pytest

from mibook import published
from mibook.analysis import categories as tables
from mibook.chapters import sample_characteristics as sample
from mibook.checks.rounding import round_half_up
from mibook.inputs.contracts import RESPONDENT_CODES
from mibook.published.printing import format_count_percent


def test_sample_tables_follow_the_contract(tmp_path):
    chapter = sample.run("", str(tmp_path), "auto")
    chars = pd.read_csv(tmp_path / "sample_characteristics.csv", keep_default_na=False)
    assert list(chars.columns) == ["variable", "category", "n", "denominator", "percent"]
    expected_rows = [
        (v, c) for v in ("gender", "education", "sick_leave_length") for c in RESPONDENT_CODES[v]
    ]
    assert list(zip(chars["variable"], chars["category"])) == expected_rows
    age = pd.read_csv(tmp_path / "sample_age.csv")
    assert list(age.columns) == ["n", "mean", "sd", "min", "max"] and len(age) == 1
    assert chapter.data.reconstructed


def test_default_table_equals_published_table1_cell_for_cell(tmp_path):
    chapter = sample.run("", str(tmp_path), "auto")
    recomputed = chapter.display_table.iloc[:, 0]
    printed = sample.published_table1()
    assert len(printed) == 10
    for key, cell in printed.items():
        assert recomputed[key] == cell, key
    chars = chapter.characteristics
    for row in chars.itertuples():
        pct_id = f"no_t1_{row.variable}_{row.category}_pct"
        if (published.numbers()["id"] == pct_id).any():
            assert round_half_up(row.percent) == published.value(pct_id)
            assert row.n == int(published.value(f"no_t1_{row.variable}_{row.category}_n"))


def test_category_table_handles_missing_and_empty():
    frame = pd.DataFrame({"gender": [None, None], "education": ["high_school", None]})
    out = tables.category_table(frame, "gender", RESPONDENT_CODES["gender"])
    assert out["denominator"].tolist() == [0, 0] and out["percent"].isna().all()
    out = tables.category_table(frame, "education", RESPONDENT_CODES["education"])
    assert out["n"].tolist() == [1, 0, 0] and out["percent"].tolist() == [100.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (62.5, 0, "63"),
        (37.5, 0, "38"),
        (2.5, 0, "3"),
        (100 * 15 / 111, 0, "14"),
        (9.65, 1, "9.7"),
        (45.49, 0, "45"),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def test_format_count_percent():
    assert format_count_percent(70, 112) == "70 (63%)"
    assert format_count_percent(0, 111) == "0"


def test_sample_age_of_one_or_no_ages():
    assert np.isnan(
        tables.sample_age(pd.DataFrame({"age": pd.array([40, None], dtype="Int64")}))["sd"].iloc[0]
    )
    empty = tables.sample_age(pd.DataFrame({"age": pd.array([None], dtype="Int64")}))
    assert empty["n"].iloc[0] == 0


def test_user_file_with_unusual_distribution(tmp_path):
    data = tmp_path / "in" / "r.csv"
    data.parent.mkdir()
    data.write_text("respondent_id,gender,age,education\n1,female,30,\n2,female,31,\n3,female,,\n")
    chapter = sample.run(str(data), str(tmp_path / "out"), "auto")
    assert not chapter.data.reconstructed
    chars = chapter.characteristics.set_index(["variable", "category"])
    assert chars.loc[("gender", "female"), "percent"] == 100.0
    assert chars.loc[("education", "high_school"), "denominator"] == 0
    assert chapter.numbers["age_n"] == 2
    assert sorted(p.name for p in data.parent.iterdir()) == ["r.csv"]
