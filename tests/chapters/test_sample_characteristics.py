"""The sample-characteristics chapter (Foldal et al. 2021, Table 1), end to end."""

import pandas as pd

from mibook import published
from mibook.chapters import sample_characteristics as sample
from mibook.checks.rounding import round_half_up
from mibook.inputs.contracts import RESPONDENT_CODES


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
