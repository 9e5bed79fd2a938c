"""MITI files as coding teams deliver them: coders, double coding and dates
(``mibook.inputs.miti_coding`` through ``mibook.inputs.validate.load``), and their typed
intermediate (``mibook.inputs.typed``)."""

import pytest

from mibook.inputs import typed
from mibook.inputs.miti_coding import iso_dates, parse_date
from mibook.inputs.problems import InvalidInput
from mibook.inputs.validate import load
from tests.inputs.helpers import problems, write

HEADER = "session_id,caseworker_id,coder_id,date,partnership,empathy\n"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-03-31", "2025-03-31"),
        ("2025-3-9", "2025-03-09"),
        ("2025-03-31 00:00:00", "2025-03-31"),  # an Excel or SPSS date cell as text
        ("2025-03-31T14:05", "2025-03-31"),
        ("31.03.2025", "2025-03-31"),
        ("31/03/2025", "2025-03-31"),
        ("31-03-2025", "2025-03-31"),
        ("1.4.2025", "2025-04-01"),
        (" 01.04.2025 ", "2025-04-01"),
    ],
)
def test_iso_and_day_first_dates_are_read(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    ["31.02.2025", "2025-13-01", "03/31/2025", "31.03.25", "31.03-2025", "March 2025", "45000", ""],
)
def test_other_dates_are_refused(text):
    assert parse_date(text) is None


def test_double_coded_file_loads_and_dates_become_iso(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        HEADER
        + "S1,K,A,31.01.2025,4,4\nS1,K,B,2025-01-31,3,4\nS2,L,A,,3,3\n007,L,A,1/2/2025,5,5\n",
    )
    loaded = load("miti", path)
    assert loaded.frame["session_id"].tolist() == ["S1", "S1", "S2", "007"]
    assert loaded.frame["coder_id"].tolist() == ["A", "B", "A", "A"]
    assert loaded.frame["date"].tolist()[:2] == ["2025-01-31", "2025-01-31"]
    assert loaded.frame["date"].isna().tolist() == [False, False, True, False]
    assert {"coder_id", "date"} <= set(loaded.present)


def test_a_coder_rating_a_session_twice_is_named_by_row(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "S1,K,A,,4,4\nS1,K,B,,3,4\nS1,K,A,,4,5\n")
    (problem,) = problems(path, "miti")
    assert (problem.column, problem.row, problem.value) == ("session_id", 3, "S1")
    assert "once per coder" in problem.expected and "row 1" in problem.expected


def test_without_coder_column_session_ids_stay_unique(tmp_path):
    path = write(tmp_path, "m.csv", "session_id,empathy\nS1,4\nS1,3\n")
    found = problems(path, "miti")
    assert [(p.column, p.row) for p in found] == [("session_id", 1), ("session_id", 2)]
    assert "needs a coder_id column" in found[0].expected


def test_a_blank_coder_and_a_bad_date_are_invalid_cells(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "S1,K,,2025-01-31,4,4\nS2,K,A,2025-02-30,3,4\n")
    found = {(p.column, p.row, p.value) for p in problems(path, "miti")}
    assert found == {("coder_id", 1, ""), ("date", 2, "2025-02-30")}


def test_problems_of_coders_come_with_the_cell_problems(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "S1,K,A,x,9,4\nS1,K,A,,3,4\n")
    found = [(p.column, p.row) for p in problems(path, "miti")]
    assert found == [("partnership", 1), ("date", 1), ("session_id", 2)]  # by row, then column


def test_headings_of_a_codebook_name_the_cells(tmp_path):
    path = write(
        tmp_path, "m.csv", "Samtale,Koder,Dato,Empati\nS1,Anne,31.01.2025,4\nS1,Anne,x,3\n"
    )
    book = write(
        tmp_path,
        "cb.yaml",
        "miti:\n  columns: {session_id: Samtale, coder_id: Koder, date: Dato, empathy: Empati}\n",
    )
    with pytest.raises(InvalidInput) as err:
        load("miti", path, book)
    found = {(p.column, p.row) for p in err.value.problems}
    assert found == {("Samtale", 2), ("Dato", 2)}


def test_no_notice_for_absent_coder_and_date_columns(tmp_path):
    loaded = load("miti", write(tmp_path, "m.csv", "session_id,empathy\nS1,4\n"))
    assert not [n for n in loaded.notices if "'coder_id'" in n or "'date'" in n]


def test_coders_and_dates_survive_the_typed_intermediate(tmp_path):
    path = write(tmp_path, "m.csv", HEADER + "007,K,Anne,31.01.2025,4,4\n007,K,Bo,,3,4\n")
    loaded = load("miti", path)
    folder = tmp_path / "work"
    folder.mkdir()
    again = typed.read(typed.save(loaded, "miti", folder))
    for column in ("session_id", "coder_id", "caseworker_id"):
        assert again.frame[column].tolist() == loaded.frame[column].tolist()
    assert again.frame["date"].tolist()[0] == "2025-01-31" and again.frame["date"].isna()[2]
    assert again.present == loaded.present


def test_iso_dates_keep_missing_cells_missing():
    import pandas as pd

    out = iso_dates(pd.Series(["2025-01-31", None], index=[5, 6]))
    assert out.index.tolist() == [5, 6] and out.isna().tolist() == [False, True]
