import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mibook.inputs.contracts import LIKERT_ITEMS, RESPONDENT_CODES
from mibook.inputs.problems import InvalidInput
from mibook.inputs.read import read_table
from mibook.inputs.validate import load

HEADER = "respondent_id,gender,age,education,sick_leave_length,satisfaction,useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path, kind="respondents"):
    with pytest.raises(InvalidInput) as err:
        load(kind, path)
    return err.value.problems


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


def test_every_bad_cell_is_reported_with_column_row_value_and_expectation(tmp_path):
    text = (
        "\n".join(
            [
                "respondent_id,gender,age,satisfaction",
                "A,female,40,5",
                "B,man,12,6",
                ",male,,Agree",
                "B,,,0",
            ]
        )
        + "\n"
    )
    found = {(p.column, p.row, p.value) for p in problems(write(tmp_path, "bad.csv", text))}
    assert ("gender", 2, "man") in found
    assert ("age", 2, "12") in found
    assert ("satisfaction", 2, "6") in found
    assert ("satisfaction", 3, "Agree") in found
    assert ("satisfaction", 4, "0") in found
    assert ("respondent_id", 3, "") in found
    assert ("respondent_id", 4, "B") in found
    message = str(problems(write(tmp_path, "bad2.csv", text))[0])
    assert (
        "bad2.csv" in message and "column" in message and "row" in message and "expected" in message
    )


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "empty"),
        ("respondent_id,satisfaction\n", "data row"),
        ("respondent_id,satisfaction\n\n\n", "data row"),
        ("name,score\nA,1\n", "respondent_id"),
        ("respondent_id,note\nA,hello\n", "at least one of the columns"),
    ],
)
def test_unusable_files_are_invalid(tmp_path, content, expected):
    found = problems(write(tmp_path, "x.csv", content))
    assert any(expected in str(p) for p in found), found


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


def test_notices_for_unknown_and_absent_columns(tmp_path):
    loaded = load(
        "respondents", write(tmp_path, "r.csv", "respondent_id,satisfation,age\nA,5,40\n")
    )
    assert any("did you mean 'satisfaction'" in n for n in loaded.notices)
    assert any("'gender' is absent" in n for n in loaded.notices)
    assert loaded.frame["satisfaction"].isna().all()


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


valid_row = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["", *RESPONDENT_CODES["gender"], "FEMALE", " male "]),
        "age": st.one_of(st.just(""), st.integers(16, 80).map(str)),
        **{item: st.one_of(st.just(""), st.integers(1, 5).map(str)) for item in LIKERT_ITEMS},
        "preferred_timing": st.sampled_from(["", *RESPONDENT_CODES["preferred_timing"]]),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(valid_row, min_size=1, max_size=30))
def test_property_valid_frames_load_with_the_same_values(tmp_path, rows):
    frame = pd.DataFrame(rows)
    frame.insert(0, "respondent_id", [f"id{k}" for k in range(len(rows))])
    path = tmp_path / "valid.csv"
    frame.to_csv(path, index=False)
    loaded = load("respondents", path).frame
    assert len(loaded) == len(frame)
    for item in LIKERT_ITEMS:
        expected = [int(v) if v else None for v in frame[item]]
        assert [None if pd.isna(v) else int(v) for v in loaded[item]] == expected
    assert set(loaded["gender"].dropna()) <= set(RESPONDENT_CODES["gender"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(valid_row, min_size=1, max_size=20),
    bad=st.sampled_from(["6", "0", "-1", "2.5", "Agree", "five", "1e9"]),
    data=st.data(),
)
def test_property_one_bad_cell_is_found_at_its_row(tmp_path, rows, bad, data):
    frame = pd.DataFrame(rows)
    frame.insert(0, "respondent_id", [f"id{k}" for k in range(len(rows))])
    row = data.draw(st.integers(0, len(rows) - 1))
    item = data.draw(st.sampled_from(LIKERT_ITEMS))
    frame.loc[row, item] = bad
    path = tmp_path / "invalid.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InvalidInput) as err:
        load("respondents", path)
    assert [(p.column, p.row, p.value) for p in err.value.problems] == [(item, row + 1, bad)]


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
