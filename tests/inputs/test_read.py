"""Reading a table (``mibook.inputs.read``): CSV dialects, workbooks and Stata files, files that are
not tables; every reader gives text, indexed by the row a person sees in their spreadsheet.

The tests go through ``load`` where the reading shows in what a loaded file looks like."""

import pandas as pd
import pytest

from mibook.inputs.read import read_table
from mibook.inputs.validate import load
from tests.inputs.helpers import problems, write

HEADER = (
    "respondent_id,gender,age,education,sick_leave_length,satisfaction,"
    "useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing"
)


def test_comma_semicolon_and_bom_give_the_same_frame(tmp_path):
    rows = ["A,female,40,high_school,lt_2m,5,4,4,5,yes,good", "B,Male ,,,2_4m,,3,,,no,"]
    a = load("respondents", write(tmp_path, "a.csv", "\n".join([HEADER, *rows]) + "\n")).frame
    b = load(
        "respondents",
        write(tmp_path, "b.csv", "\ufeff" + "\n".join([HEADER, *rows]).replace(",", ";") + "\r\n"),
    ).frame
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[2, "gender"] == "male"
    assert pd.isna(a.loc[2, "age"])
    assert a["satisfaction"].dtype == "Int64"


def test_xlsx_and_stata_are_read(tmp_path):
    frame = pd.DataFrame(
        {
            "respondent_id": ["A", "B"],
            "gender": ["female", None],
            "age": [40.0, float("nan")],
            "satisfaction": [5, 3],
        }
    )
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    frame.to_stata(tmp_path / "r.dta", write_index=False)
    for name in ("r.xlsx", "r.dta"):
        loaded = load("respondents", tmp_path / name).frame
        assert loaded["age"].tolist()[0] == 40 and pd.isna(loaded["age"].tolist()[1])
        assert loaded["satisfaction"].tolist() == [5, 3]
        assert loaded.loc[1, "gender"] == "female" and pd.isna(loaded.loc[2, "gender"])


def test_binary_latin1_missing_and_unknown_extension(tmp_path):
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x00\x01\x02respondent_id\x00")
    assert "binary" in str(problems(binary)[0])
    latin = write(tmp_path, "latin.csv", "respondent_id,gender\nÅse,female\n", encoding="latin-1")
    assert "UTF-8" in str(problems(latin)[0])
    assert "no such file" in str(problems(tmp_path / "nope.csv")[0])
    assert "unsupported" in str(problems(write(tmp_path, "r.json", "{}"))[0])
    fake = write(tmp_path, "fake.xlsx", "respondent_id\nA\n")
    assert ".xlsx" in str(problems(fake)[0])


def test_ragged_rows_name_the_row(tmp_path):
    found = problems(write(tmp_path, "r.csv", "respondent_id,age\nA,40\nB,41,extra,more\n"))
    assert found[0].row == 2


def test_trailing_blank_rows_are_dropped_and_rows_keep_their_numbers(tmp_path):
    loaded = load(
        "respondents", write(tmp_path, "r.csv", "respondent_id,age\nA,40\n,\nB,50\n,\n\n")
    )
    assert loaded.frame.index.tolist() == [1, 3]


def test_reading_never_writes_next_to_the_input(tmp_path):
    path = write(tmp_path, "r.csv", "respondent_id,age\nA,40\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    load("respondents", path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_read_table_keeps_text(tmp_path):
    frame = read_table(write(tmp_path, "r.csv", "respondent_id,age\n007,3.0\n"))
    assert frame.loc[1, "respondent_id"] == "007" and frame.loc[1, "age"] == "3.0"


@pytest.mark.parametrize("name", ["t.csv", "t.xlsx", "t.dta"])
def test_words_that_look_missing_stay_text(tmp_path, name):
    """A finding that reads "None" or "NA" is text; only an empty cell is missing, in every format
    (a pandas default once turned such cells of a workbook into blanks)."""
    frame = pd.DataFrame(
        {"finding": ["None", "NA", "null", "", "n/a"], "n": ["1", "2", "3", "4", "5"]}
    )
    path = tmp_path / name
    if name.endswith(".csv"):
        frame.to_csv(path, index=False)
    elif name.endswith(".xlsx"):
        frame.to_excel(path, index=False)
    else:
        frame.to_stata(path, write_index=False)
    assert read_table(path)["finding"].tolist() == ["None", "NA", "null", "", "n/a"]
