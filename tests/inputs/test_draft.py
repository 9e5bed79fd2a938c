"""``mibook codebook draft`` (``mibook.inputs.draft``): the proposal for the worked example, as a
survey tool's CSV and as its SPSS twin, and the small matching functions it is built from."""

import pandas as pd
import pytest
import yaml

from mibook import paths
from mibook.analysis.categories import sample_characteristics
from mibook.inputs.codebook import parse_codebook
from mibook.inputs.contracts import RESPONDENTS
from mibook.inputs.draft import agreement_point, draft, fold, match_column
from mibook.inputs.validate import load
from tests.inputs.helpers import write

EXAMPLES = paths.ROOT / "book" / "examples"


@pytest.fixture(scope="module")
def drafts():
    return {
        suffix: draft(EXAMPLES / f"pilot_survey.{suffix}", "respondents")
        for suffix in ("csv", "sav")
    }


def without_nulls(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "null" not in line) + "\n"


def test_csv_and_sav_drafts_propose_the_same_codebook(drafts):
    csv_book = yaml.safe_load(drafts["csv"])["respondents"]
    sav_book = yaml.safe_load(drafts["sav"])["respondents"]
    assert list(csv_book["columns"]) == list(sav_book["columns"])
    assert set(csv_book["columns"]) == set(RESPONDENTS.names)  # every contract column found
    assert csv_book["columns"]["gender"] == "Kjønn" and sav_book["columns"]["gender"] == "kjonn"
    assert csv_book["values"] == sav_book["values"]
    assert csv_book["values"]["gender"] == {"Kvinne": "female", "Mann": "male"}
    assert csv_book["values"]["education"]["Grunnskole"] == "primary_school"
    assert csv_book["values"]["sick_leave_length"]["2–4 måneder"] == "2_4m"
    assert csv_book["values"]["preferred_timing"]["3–4 måneder senere"] == "3_4_months_later"
    assert csv_book["categories"] == sav_book["categories"]
    assert sorted(csv_book["categories"]["education"]) == sorted(
        ["primary_school", "high_school", "higher_up_to_3_years", "higher_over_3_years"]
    )
    assert sorted(csv_book["missing"]) == sorted(sav_book["missing"])
    assert set(csv_book["missing"]) == {"Vet ikke", "Ønsker ikke å oppgi"}

    def items(book):
        return [{k: v for k, v in item.items() if k != "column"} for item in book["items"]]

    assert items(csv_book) == items(sav_book)
    names = [item["name"] for item in csv_book["items"]]
    assert names[:4] == ["satisfaction", "useful_first", "useful_second", "useful_overall"]
    assert len(names) == 5 and csv_book["items"][4]["scale"] == [1, 7]
    assert csv_book["items"][0]["labels"] == {
        "Helt uenig": 1,
        "Litt uenig": 2,
        "Verken eller": 3,
        "Litt enig": 4,
        "Helt enig": 5,
    }
    assert [item["column"] for item in sav_book["items"]] == ["q1", "q2", "q3", "q4", "q7"]


@pytest.mark.parametrize("suffix", ["csv", "sav"])
def test_the_draft_is_a_valid_codebook_once_null_lines_are_removed(drafts, suffix):
    text = drafts[suffix]
    assert text.startswith(f"# Draft codebook for pilot_survey.{suffix} (respondents)")
    book = parse_codebook(without_nulls(text), "draft.yaml")
    assert book.respondents.columns["respondent_id"] in ("Løpenr", "id")
    assert len(book.respondents.items) == 5


def test_a_draft_with_open_decisions_is_valid_once_they_are_removed(tmp_path):
    """Labels the draft cannot place are proposed as ``null`` (to decide); the draft says to
    replace each with a decision or delete the line, which must leave a valid codebook, also
    when no label of a variable could be placed."""
    path = write(
        tmp_path,
        "s.csv",
        "ID,Kjønn,Fornøyd\nA,Annet,Nokså enig\nB,Kvinne,Ganske enig\nC,Annet,Helt enig\n",
    )
    text = draft(path, "respondents")
    assert "Annet: null" in text and "Nokså enig: null" in text
    book = parse_codebook(without_nulls(text), "draft.yaml")
    assert book.respondents.values["gender"] == {"Kvinne": "female"}
    assert book.respondents.items[0].labels == {"Helt enig": 5}


def test_a_draft_where_no_label_of_a_variable_is_placed_stays_valid_without_its_nulls(tmp_path):
    path = write(tmp_path, "s.csv", "ID,Kjønn,Fornøyd\nA,Annet,Nokså enig\nB,Ukjent,Ganske enig\n")
    text = draft(path, "respondents")
    assert "Annet: null" in text and "Ganske enig: null" in text
    book = parse_codebook(without_nulls(text), "draft.yaml")  # InvalidInput: `gender:` is empty
    assert book.respondents.columns["gender"] == "Kjønn"


def test_the_unedited_draft_reads_the_pilot_like_its_codebook(drafts, tmp_path):
    draft_file = tmp_path / "draft.yaml"
    draft_file.write_text(drafts["csv"], encoding="utf-8")
    by_draft = load("respondents", EXAMPLES / "pilot_survey.csv", draft_file)
    by_hand = load("respondents", EXAMPLES / "pilot_survey.csv", EXAMPLES / "pilot_codebook.yaml")

    def table(loaded):
        out = sample_characteristics(loaded.frame, loaded.categories, loaded.dont_know)
        return out.sort_values(["variable", "category"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(table(by_draft), table(by_hand))
    assert by_draft.categories["education"] != by_hand.categories["education"]  # the order only
    assert sorted(by_draft.categories["education"]) == sorted(by_hand.categories["education"])
    assert table(by_hand)["category"].eq("dont_know").sum() == 1  # gender's declined answers


# ---------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "text, folded",
    [
        ("  Kjønn ", "kjonn"),
        ("Helt  Enig", "helt enig"),
        ("Ålder", "alder"),
        ("ÆRLIG", "aerlig"),
        ("Nöjd", "nojd"),
        ("Café\tau lait", "cafe au lait"),
        ("Høyskole/universitet", "hoyskole/universitet"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "label, point",
    [
        ("Strongly disagree", 1),
        ("DISAGREE", 2),
        ("Neither agree nor disagree", 3),
        (" agree ", 4),
        ("Strongly Agree", 5),
        ("Helt uenig", 1),
        ("Litt uenig", 2),
        ("Verken eller", 3),
        ("Nøytral", 3),
        ("Litt enig", 4),
        ("Helt  enig", 5),
        ("Instämmer inte alls", 1),
        ("Missnöjd", 2),
        ("Varken eller", 3),
        ("Instämmer delvis", 4),
        ("Instämmer helt", 5),
        ("Mycket nöjd", 5),
        ("Somewhat", None),
        ("Ja", None),
        ("5", None),
        ("Vet ikke", None),
    ],
)
def test_agreement_point(label, point):
    assert agreement_point(label) == point


@pytest.mark.parametrize(
    "heading, label, kind, column",
    [
        ("Kjønn", "", "respondents", "gender"),
        ("Kön", "", "respondents", "gender"),
        ("Løpenr", "", "respondents", "respondent_id"),
        ("Q7", "Alder i år", "respondents", "age"),
        ("Utbildning", "", "respondents", "education"),
        ("Sykmeldt ved første samtale", "", "respondents", "sick_leave_length"),
        ("Q1 Alt i alt fornøyd med samtalene", "", "respondents", "satisfaction"),
        ("q1", "Q1 Alt i alt fornøyd med samtalene", "respondents", "satisfaction"),
        ("Q2 Første samtale var nyttig", "", "respondents", "useful_first"),
        ("Q3 Andre samtale var nyttig", "", "respondents", "useful_second"),
        ("Q4 Samtalene var nyttige", "", "respondents", "useful_overall"),
        ("Q5 Tidspunktet passet", "", "respondents", "timing_appropriate"),
        ("Q6 Beste tidspunkt", "", "respondents", "preferred_timing"),
        ("Kommentar", "", "respondents", None),
        ("Q7 Trygg på å komme tilbake i arbeid (1–7)", "", "respondents", None),
        ("CCT", "", "miti", "cultivating_change_talk"),
        ("SR", "", "miti", "simple_reflection"),
        ("Rådgiver", "", "miti", "caseworker_id"),
        ("Dato", "", "miti", "date"),
        ("Kode", "", "miti_utterances", "code"),
        ("Simple Reflections", "", "miti", "simple_reflection"),
        ("Complex reflections (CR)", "", "miti", "complex_reflection"),
        ("Enkle refleksjoner", "", "miti", "simple_reflection"),
        ("Persuade with permission", "", "miti", "persuade_with_permission"),
        ("Persuasion", "", "miti", "persuade"),
        ("Questions", "", "miti", "question"),
        ("Spørsmål", "", "miti", "question"),
        ("Affirmations", "", "miti", "affirm"),
        ("Emphasising autonomy", "", "miti", "emphasizing_autonomy"),
        ("Seeking Collab", "", "miti", "seeking_collaboration"),
        ("Giving info", "", "miti", "giving_information"),
        ("Cultivating Change Talk", "", "miti", "cultivating_change_talk"),
        ("Softening sustain talk", "", "miti", "softening_sustain_talk"),
        ("Reflections", "", "miti", None),
    ],
)
def test_match_column(heading, label, kind, column):
    assert match_column(heading, label, kind) == column
