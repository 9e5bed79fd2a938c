"""Files as survey tools and statistics programs export them (``mibook.inputs.read``): SPSS and
Stata labels, text that is not UTF-8, title lines above the header, short rows, formulas in
workbooks, and how many problems at once are printed (``InvalidInput.lines``)."""

import pandas as pd
import pyreadstat
import pytest

from mibook.inputs.codebook import parse_codebook
from mibook.inputs.problems import ROW_LINES_SHOWN, VALUES_SHOWN, InvalidInput, Problem
from mibook.inputs.read import read_table
from mibook.inputs.validate import load
from tests.helpers import CORPUS
from tests.inputs.helpers import problems, problems_with, write, write_sav

NORWEGIAN = parse_codebook(
    "respondents:\n  columns: {respondent_id: Løpenr, gender: Kjønn}\n"
    "  values: {gender: {Kvinne: female, Mann: male}}\n"
    "  missing: [Vet ikke]\n"
    "  items:\n    - {name: satisfaction, column: q1, labels: {Helt uenig: 1, Helt enig: 5}}\n",
    "cb.yaml",
)


def labelled_frame():
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "kjonn": [1.0, 2.0, 9.0, float("nan")],
            "q1": [5.0, 8.0, float("nan"), 1.0],
        }
    )


def spss_file(tmp_path, missing=None):
    return write_sav(
        tmp_path / "s.sav",
        labelled_frame(),
        labels={"id": "Løpenr", "kjonn": "Kjønn", "q1": "Q1 Fornøyd"},
        value_labels={
            "kjonn": {1: "Kvinne", 2: "Mann", 9: "Vet ikke"},
            "q1": {1: "Helt uenig", 5: "Helt enig", 8: "Vet ikke"},
        },
        missing=missing,
    )


# ----------------------------------------------------------------------------- SPSS and Stata


def test_sav_keeps_stored_codes_in_cells_and_labels_in_attrs(tmp_path):
    frame = read_table(spss_file(tmp_path))
    assert frame["kjonn"].tolist() == ["1", "2", "9", ""]
    assert frame["q1"].tolist() == ["5", "8", "", "1"]
    assert frame.attrs["variable_labels"] == {"id": "Løpenr", "kjonn": "Kjønn", "q1": "Q1 Fornøyd"}
    assert frame.attrs["value_labels"]["kjonn"] == {"1": "Kvinne", "2": "Mann", "9": "Vet ikke"}
    assert frame.attrs["value_labels"]["q1"]["8"] == "Vet ikke"
    assert frame.index.tolist() == [1, 2, 3, 4]


def test_sav_labels_are_applied_when_loading_with_a_codebook(tmp_path):
    loaded = load("respondents", spss_file(tmp_path), NORWEGIAN)
    assert loaded.frame["gender"].tolist()[:2] == ["female", "male"]
    assert (
        loaded.frame["satisfaction"].tolist()[0] == 5 and loaded.frame.loc[4, "satisfaction"] == 1
    )
    assert loaded.dont_know["gender"].tolist() == [False, False, True, False]
    assert loaded.dont_know["satisfaction"].tolist() == [False, True, False, False]


def test_spss_user_missing_codes_are_kept_not_blanked(tmp_path):
    path = spss_file(tmp_path, missing={"kjonn": [9], "q1": [8]})
    plain, _ = pyreadstat.read_sav(str(path))  # the file does declare them user-missing:
    assert plain["kjonn"].isna().sum() == 2 and plain["q1"].isna().sum() == 2  # read as blanks
    frame = read_table(path)
    assert frame["kjonn"].tolist() == ["1", "2", "9", ""]
    assert frame["q1"].tolist() == ["5", "8", "", "1"]
    loaded = load("respondents", path, NORWEGIAN)
    # "don't know", counted apart: not a blank answer
    assert loaded.dont_know["gender"].tolist() == [False, False, True, False]
    assert loaded.dont_know["satisfaction"].tolist() == [False, True, False, False]


def stata_file(tmp_path):
    path = tmp_path / "s.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"respondent_id": ["A", "B", "C"], "gender": [1, 2, 3]}),
        str(path),
        variable_value_labels={"gender": {1: "Kvinne", 2: "Mann", 3: "Annet"}},
    )
    return path


def test_dta_cells_read_as_their_value_labels(tmp_path):
    path = stata_file(tmp_path)
    assert read_table(path).attrs["value_labels"]["gender"] == {
        "1": "Kvinne",
        "2": "Mann",
        "3": "Annet",
    }
    book = parse_codebook(
        "respondents:\n  values: {gender: {Kvinne: female, Mann: male, Annet: other}}\n"
        "  categories: {gender: [female, male, other]}\n",
        "cb.yaml",
    )
    assert load("respondents", path, book).frame["gender"].tolist() == ["female", "male", "other"]
    # a label the codebook does not map is reported as the label, not as the stored code
    two = parse_codebook("respondents:\n  values: {gender: {Kvinne: female, Mann: male}}\n", "cb")
    (problem,) = problems_with(path, two)
    assert (problem.column, problem.row, problem.value) == ("gender", 3, "Annet")


def test_dta_stored_codes_are_used_when_the_codebook_maps_them(tmp_path):
    book = parse_codebook(
        "respondents:\n  values: {gender: {'1': female, '2': male, '3': other}}\n"
        "  categories: {gender: [female, male, other]}\n",
        "cb.yaml",
    )
    frame = load("respondents", stata_file(tmp_path), book).frame
    assert frame["gender"].tolist() == ["female", "male", "other"]


def test_english_value_labels_of_a_dta_need_no_codebook(tmp_path):
    path = tmp_path / "s.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"respondent_id": ["A", "B"], "gender": [1, 2], "satisfaction": [5, 3]}),
        str(path),
        variable_value_labels={
            "gender": {1: "Female", 2: "Male"},
            "satisfaction": {1: "Strongly disagree", 5: "Strongly agree"},
        },
    )
    frame = load("respondents", path).frame
    assert frame["gender"].tolist() == ["female", "male"]
    assert frame["satisfaction"].tolist() == [5, 3]


# ------------------------------------------------------------------------------ CSV exports


def test_a_windows_1252_csv_is_refused_naming_the_encoding_and_how_to_save_utf8(tmp_path):
    path = write(
        tmp_path,
        "s.csv",
        "respondent_id;gender\nA1;female\nA2;male\nBjørn Æsir;male\n",
        encoding="cp1252",
    )
    (problem,) = problems(path)
    assert problem.row == 3
    assert "Windows-1252" in problem.expected
    assert "UTF-8" in problem.expected and "CSV UTF-8" in problem.expected


@pytest.mark.parametrize(
    "title, header_line",
    [
        ("Spørreundersøkelse MI 2025\nEksportert 01.02.2025\n", 3),
        ("Survey export;;\n", 2),
        ("Pilot survey\n\n", 3),
    ],
)
def test_title_lines_above_the_header_name_the_line_that_looks_like_it(
    tmp_path, title, header_line
):
    path = write(tmp_path, "s.csv", title + "respondent_id;gender;age\nA;female;40\nB;male;51\n")
    (problem,) = problems(path)
    assert problem.line == 1
    assert f"line {header_line} looks like it" in problem.expected
    assert "respondent_id;gender;age" in problem.expected
    assert f"delete the {header_line - 1} line(s) above it" in problem.expected


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_row_with_fewer_fields_than_the_header_is_refused_naming_the_row(tmp_path, sep):
    text = "respondent_id,gender,age\nA,female,40\nB,male\nC,female,33\n".replace(",", sep)
    found = problems(write(tmp_path, "s.csv", text))
    assert [p.row for p in found] == [2], found
    assert "3" in found[0].expected and "fields" in found[0].expected


def test_blank_lines_are_still_skipped(tmp_path):
    path = write(tmp_path, "s.csv", "respondent_id,gender,age\nA,female,40\n\n,,\nC,female,33\n\n")
    assert load("respondents", path).frame.index.tolist() == [1, 4]


# ---------------------------------------------------------------------------------- workbooks


def test_a_formula_without_a_stored_value_is_refused_naming_the_cell():
    found = problems(CORPUS / "r_formula_without_value.xlsx")
    assert [(p.column, p.row) for p in found] == [("satisfaction", 2)]
    assert "cell F3" in found[0].expected and found[0].value == "=2+2"


def test_a_formula_with_a_stored_value_is_read_as_the_value():
    frame = load("respondents", CORPUS / "r_formula_with_value.xlsx").frame
    assert frame["satisfaction"].tolist() == [5, 4]


# ---------------------------------------------------------------- many problems: InvalidInput.lines


def test_lines_summarise_each_column_then_cap_the_row_lines(tmp_path):
    rows = [
        f"R{k},{'Kvinne' if k % 3 else 'Mann'},{'x' if k in (5, 9) else 40},{9 if k == 7 else 5}"
        for k in range(60)
    ]
    path = write(tmp_path, "s.csv", "respondent_id,gender,age,satisfaction\n" + "\n".join(rows))
    with pytest.raises(InvalidInput) as err:
        load("respondents", path)
    lines = err.value.lines()
    assert lines[0] == "invalid input: 63 problem(s)"
    assert lines[1] == (
        f"{path}, column 'gender': 60 bad cell(s), 2 distinct value(s): 'Kvinne' (40), "
        "'Mann' (20); expected one of female, male (or empty)"
    )
    assert lines[2].startswith(f"{path}, column 'age': 2 bad cell(s), 1 distinct value(s): 'x' (2)")
    assert not any("column 'satisfaction': " in line for line in lines)  # one bad cell only
    row_lines = lines[3:-1]
    assert len(row_lines) == ROW_LINES_SHOWN
    assert row_lines[0] == (
        f"{path}, column 'gender', row 1: got 'Mann'; expected one of female, male (or empty)"
    )
    assert lines[-1] == (
        f"{63 - ROW_LINES_SHOWN} more problem line(s) not shown; the summary above covers them"
    )
    assert len(err.value.lines(shown=100)) == 1 + 2 + 63  # no cap line when all fit


def test_a_column_summary_names_at_most_a_few_values():
    bad = [Problem("s.csv", "a code", "q", row, f"v{row % 12}") for row in range(1, 25)]
    (summary,) = [line for line in InvalidInput(bad).lines() if "bad cell(s)" in line]
    assert "24 bad cell(s), 12 distinct value(s)" in summary
    assert summary.count(" (2)") == VALUES_SHOWN
    assert f"and {12 - VALUES_SHOWN} more" in summary
