"""Applying a codebook (``mibook.inputs.recode``, through ``load``): headings to contract names,
answer labels to codes, "don't know" answers apart, the study's own items and categories, and
the messages that say which codebook key to add."""

import pandas as pd
import pytest

from mibook.analysis.categories import sample_characteristics
from mibook.inputs.codebook import parse_codebook
from mibook.inputs.problems import InvalidInput
from mibook.inputs.recode import TOTAL_IDS, recode
from mibook.inputs.validate import load
from tests.inputs.helpers import problems, problems_with, write, write_sav

CODEBOOK = """\
study: {title: "Pilot"}
respondents:
  columns: {respondent_id: " ID ", gender: "KJØNN", education: "utdanning"}
  values:
    gender: {"Kvinne": female, "Mann": male}
    education: {"Grunnskole": primary_school, "Videregående": high_school}
  categories:
    education: [primary_school, high_school, higher_up_to_3_years, higher_over_3_years]
  missing: ["Vet ikke", "Ønsker ikke å oppgi"]
  items:
    - name: satisfaction
      column: "Q1 Fornøyd"
      text: "Satisfied"
      labels: {"Helt uenig": 1, "Litt uenig": 2, "Verken eller": 3, "Litt enig": 4, "Helt enig": 5}
    - {name: confidence, column: "Q7", scale: [1, 7]}
    - {name: trust, column: "Q8 (0-10)", scale: [0, 10]}
"""


@pytest.fixture
def codebook(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def survey(tmp_path, *rows, header="Id;Kjønn ;Utdanning;Q1 Fornøyd;Q7;Q8 (0-10)", name="s.csv"):
    return write(tmp_path, name, "\n".join([header, *rows]) + "\n")


GOOD = [
    "P1;kvinne ;Grunnskole;Helt enig;7;0",
    "P2;Vet ikke;VIDEREGÅENDE;4;1;10",
    "P3;;Vet ikke;VET IKKE;;5",
    "P4;Mann;higher_over_3_years;helt uenig;4;",
]


# ------------------------------------------------------------------------------ columns


def test_headings_are_matched_after_trimming_and_without_case(tmp_path, codebook):
    loaded = load("respondents", survey(tmp_path, *GOOD), codebook)
    assert loaded.frame["respondent_id"].tolist() == ["P1", "P2", "P3", "P4"]
    assert loaded.present == [
        "respondent_id",
        "gender",
        "education",
        "satisfaction",
        "confidence",
        "trust",
    ]
    # the file's own headings are kept for messages
    assert loaded.headings["gender"] == "Kjønn" and loaded.headings["respondent_id"] == "Id"
    assert loaded.title == "Pilot"


def test_a_sav_variable_label_can_be_the_heading(tmp_path):
    frame = pd.DataFrame({"id": ["A", "B"], "v1": [1.0, 2.0], "v2": [40.0, 51.0]})
    path = write_sav(
        tmp_path / "s.sav",
        frame,
        labels={"id": "Løpenummer", "v1": "Kjønn", "v2": "Alder i år"},
        value_labels={"v1": {1: "Kvinne", 2: "Mann"}},
    )
    book = parse_codebook(
        "respondents:\n  columns: {respondent_id: løpenummer, gender: KJØNN, age: Alder i år}\n"
        "  values: {gender: {Kvinne: female, Mann: male}}\n",
        "cb.yaml",
    )
    loaded = load("respondents", path, book)
    assert loaded.frame["gender"].tolist() == ["female", "male"]
    assert loaded.frame["age"].tolist() == [40, 51]
    assert loaded.frame["respondent_id"].tolist() == ["A", "B"]


def test_a_mapped_column_absent_from_the_file_names_the_codebook_file_and_key(tmp_path, codebook):
    path = survey(tmp_path, "P1;Kvinne;Grunnskole;5", header="Id;Kjønn;Utdanning;Q1 Fornøyd")
    found = problems_with(path, codebook)
    keys = {p.key for p in found}
    assert keys == {"respondents.items[1].column", "respondents.items[2].column"}
    for problem in found:
        assert problem.file == str(codebook)
        assert str(problem).startswith(f"{codebook}, key 'respondents.items[")
        assert "s.csv" in problem.expected  # and which file lacks it
    absent = parse_codebook("respondents:\n  columns: {age: Alder}\n", "cb.yaml")
    (problem,) = problems_with(path, absent)
    assert problem.key == "respondents.columns.age" and "'Alder'" in problem.expected


def test_an_unmapped_column_is_ignored_with_a_notice(tmp_path, codebook):
    header = "Id;Kjønn;Utdanning;Q1 Fornøyd;Q7;Q8 (0-10);Kommentar"
    loaded = load("respondents", survey(tmp_path, "P1;Kvinne;;;;;fint", header=header), codebook)
    assert any("'kommentar'" in n and "ignored" in n for n in loaded.notices), loaded.notices


# ------------------------------------------------------------------------------- values


def test_values_map_labels_to_codes_without_case_or_spaces(tmp_path, codebook):
    frame = load("respondents", survey(tmp_path, *GOOD), codebook).frame
    assert frame["gender"].tolist()[::3] == ["female", "male"]
    # a label, a label in capitals, a code already: all become codes
    assert frame.loc[1, "education"] == "primary_school"
    assert frame.loc[2, "education"] == "high_school"
    assert frame.loc[4, "education"] == "higher_over_3_years"


def test_dont_know_answers_are_missing_values_marked_apart_from_blanks(tmp_path, codebook):
    loaded = load("respondents", survey(tmp_path, *GOOD), codebook)
    frame, mask = loaded.frame, loaded.dont_know
    assert pd.isna(frame.loc[2, "gender"]) and bool(mask.loc[2, "gender"])
    assert pd.isna(frame.loc[3, "gender"]) and not bool(mask.loc[3, "gender"])  # a blank
    assert pd.isna(frame.loc[3, "education"]) and bool(mask.loc[3, "education"])
    assert pd.isna(frame.loc[3, "satisfaction"]) and bool(mask.loc[3, "satisfaction"])
    assert pd.isna(frame.loc[4, "trust"]) and not bool(mask.loc[4, "trust"])
    assert int(mask.to_numpy().sum()) == 3
    assert mask.index.tolist() == frame.index.tolist()
    # "don't know" is not the text of a blank cell either: nothing in the frame holds it
    assert not frame.isin(["Vet ikke", "VET IKKE", ""]).any(axis=None)


def test_recode_keeps_the_dont_know_mask_beside_the_text():
    book = parse_codebook(
        "respondents:\n  values: {gender: {Kvinne: female}}\n  missing: [Vet ikke]\n", "cb.yaml"
    )
    raw = pd.DataFrame(
        {"respondent_id": ["1", "2", "3"], "gender": ["Kvinne", " vet IKKE", ""]},
        index=[1, 2, 3],
    )
    out = recode("respondents", raw, book, "s.csv", "cb.yaml")
    assert out.text["gender"].tolist() == ["female", "", ""]
    assert out.dont_know["gender"].tolist() == [False, True, False]
    assert not out.dont_know["respondent_id"].any()


# ---------------------------------------------------------------------------- Likert items


def test_item_labels_and_scale_numbers_are_both_read(tmp_path, codebook):
    frame = load("respondents", survey(tmp_path, *GOOD), codebook).frame
    assert frame["satisfaction"].tolist()[:2] == [5, 4]  # a label, a number of the scale
    assert frame.loc[4, "satisfaction"] == 1  # a label in other case
    assert str(frame["satisfaction"].dtype) == "Int64"


@pytest.mark.parametrize(
    "column, good, bad, expected",
    [
        ("confidence", ["1", "7"], ["8", "0"], "from 1 to 7"),
        ("trust", ["0", "10"], ["11", "-1"], "from 0 to 10"),
    ],
)
def test_new_items_are_validated_against_their_own_scale(
    tmp_path, codebook, column, good, bad, expected
):
    position = {"confidence": 4, "trust": 5}[column]

    def row(k, value):
        cells = [f"P{k}", "", "", "", "", ""]
        cells[position] = value
        return ";".join(cells)

    loaded = load(
        "respondents", survey(tmp_path, *(row(k, v) for k, v in enumerate(good))), codebook
    )
    assert loaded.frame[column].tolist() == [int(v) for v in good]
    found = problems_with(
        survey(tmp_path, *(row(k, v) for k, v in enumerate(bad)), name="bad.csv"), codebook
    )
    heading = {"confidence": "Q7", "trust": "Q8 (0-10)"}[column]
    assert {(p.column, p.row, p.value) for p in found} == {
        (heading, 1, bad[0]),
        (heading, 2, bad[1]),
    }
    assert all(expected in p.expected for p in found)


def test_a_label_outside_the_items_labels_names_the_items_key(tmp_path, codebook):
    (problem,) = problems_with(survey(tmp_path, "P1;;;Nokså enig;;"), codebook)
    assert (problem.column, problem.row, problem.value) == ("Q1 Fornøyd", 1, "Nokså enig")
    assert f"respondents.items[0].labels in {codebook}" in str(problem)


# ------------------------------------------------------------------------------ categories


def test_new_categories_are_accepted_and_keep_the_codebooks_order(tmp_path):
    book = parse_codebook(
        "respondents:\n  columns: {gender: Kjønn, education: Utdanning}\n"
        "  values:\n    gender: {Annet: other, Kvinne: female, Mann: male}\n"
        "    education: {Grunnskole: primary_school}\n"
        "  categories:\n    gender: [male, female, other]\n"
        "    education: [primary_school, high_school, higher_up_to_3_years, higher_over_3_years]\n",
        "cb.yaml",
    )
    path = write(
        tmp_path,
        "s.csv",
        "respondent_id,Kjønn,Utdanning\nA,Annet,Grunnskole\nB,Kvinne,high_school\nC,Mann,\n",
    )
    loaded = load("respondents", path, book)
    assert loaded.frame["gender"].tolist() == ["other", "female", "male"]
    assert loaded.categories["gender"] == ["male", "female", "other"]
    assert loaded.categories["education"][0] == "primary_school"
    table = sample_characteristics(loaded.frame, loaded.categories, loaded.dont_know)
    gender = table[table["variable"] == "gender"]
    assert gender["category"].tolist() == ["male", "female", "other"]
    assert gender["n"].tolist() == [1, 1, 1]
    education = table[table["variable"] == "education"]
    assert education["category"].tolist() == loaded.categories["education"]
    assert education["n"].tolist() == [1, 1, 0, 0] and set(education["denominator"]) == {2}


def test_an_unmapped_value_is_an_invalid_cell_naming_file_heading_row_value_and_key(
    tmp_path, codebook
):
    path = survey(tmp_path, *GOOD[:2], "P3;Dame;;;;")
    (problem,) = problems_with(path, codebook)
    assert (problem.file, problem.column, problem.row, problem.value) == (
        str(path),
        "Kjønn",
        3,
        "Dame",
    )
    line = str(problem)
    assert line.startswith(f"{path}, column 'Kjønn', row 3: got 'Dame'")
    assert f"respondents.values.gender in {codebook}" in line
    assert "female, male" in line


def test_a_codebook_given_as_an_object_is_named_in_the_message_too(tmp_path):
    book = parse_codebook("respondents:\n  values: {gender: {Kvinne: female}}\n", "cb.yaml")
    path = write(tmp_path, "s.csv", "respondent_id,gender\nA,Kvinne\nB,Mann\n")
    (problem,) = problems_with(path, book)
    assert (problem.column, problem.row, problem.value) == ("gender", 2, "Mann")
    assert "respondents.values.gender in the codebook" in problem.expected


# ------------------------------------------------------------------------------ total rows


@pytest.mark.parametrize("total", ["Totalt", "Total", "Sum", "I alt", "TOTAL", " sum "])
def test_a_trailing_total_row_is_refused_naming_the_row(tmp_path, total):
    path = write(
        tmp_path,
        "s.csv",
        f"respondent_id,age,satisfaction\nA,40,5\nB,50,4\n\n{total},90,9\n",
    )
    (problem,) = problems(path)
    assert (problem.column, problem.row, problem.value) == ("respondent_id", 4, total.strip())
    assert "total" in problem.expected


def test_a_total_row_is_named_by_the_files_heading(tmp_path):
    book = parse_codebook("respondents:\n  columns: {respondent_id: Løpenr}\n", "cb.yaml")
    path = write(tmp_path, "s.csv", "Løpenr,age\nA,40\nB,50\nTotalt,\n")
    (problem,) = problems_with(path, book)
    assert (problem.column, problem.row, problem.value) == ("Løpenr", 3, "Totalt")
    assert {"total", "totalt", "sum", "i alt"} <= set(TOTAL_IDS)


def test_an_id_that_reads_total_inside_the_file_is_a_respondent(tmp_path):
    path = write(tmp_path, "s.csv", "respondent_id,age\nA,40\nSum,41\nB,50\n")
    assert load("respondents", path).frame["respondent_id"].tolist() == ["A", "Sum", "B"]


# ---------------------------------------------------------------- the book's default codebook


def test_english_labels_of_the_default_codebook_are_read_without_a_codebook(tmp_path):
    path = write(
        tmp_path,
        "s.csv",
        "respondent_id,gender,education,satisfaction,useful_overall,timing_appropriate\n"
        "A,Female,High school,Strongly agree,neutral,Yes\n"
        "B,MALE,University more than 3 years,Disagree,3,no\n",
    )
    frame = load("respondents", path).frame
    assert frame["gender"].tolist() == ["female", "male"]
    assert frame["education"].tolist() == ["high_school", "higher_over_3_years"]
    assert frame["satisfaction"].tolist() == [5, 2]
    assert frame["useful_overall"].tolist() == [3, 3]
    assert frame["timing_appropriate"].tolist() == ["yes", "no"]


def test_other_text_is_still_refused_without_a_codebook(tmp_path):
    path = write(
        tmp_path, "s.csv", "respondent_id,gender,satisfaction\nA,Kvinne,Somewhat\nB,female,5\n"
    )
    found = {(p.column, p.row, p.value) for p in problems(path)}
    assert found == {("gender", 1, "Kvinne"), ("satisfaction", 1, "Somewhat")}


def test_a_file_with_both_the_mapped_heading_and_the_contract_name_is_not_a_crash(tmp_path):
    """The codebook reads gender from "Kjønn"; the file also has a column named "gender" (a
    recoded copy, say). That must load (the mapped column wins) or be refused as invalid input,
    never raise anything else."""
    book = parse_codebook(
        "respondents:\n  columns: {gender: Kjønn}\n  values: {gender: {Kvinne: female}}\n",
        "cb.yaml",
    )
    path = write(tmp_path, "s.csv", "respondent_id,Kjønn,gender\nA,Kvinne,male\n")
    try:
        loaded = load("respondents", path, book)
    except InvalidInput as err:
        assert any("gender" in str(p) for p in err.problems), err.problems
    else:
        assert loaded.frame["gender"].tolist() == ["female"]
