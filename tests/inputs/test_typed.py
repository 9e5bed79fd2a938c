"""The typed intermediate of ``mibook run`` (``mibook.inputs.typed``), and how chapters name
their data (``mibook.inputs.provenance``)."""

import json

import pandas as pd
import pytest

from mibook import paths
from mibook.inputs import provenance, typed
from mibook.inputs.validate import load
from tests.inputs.helpers import write

EXAMPLES = paths.ROOT / "book" / "examples"


@pytest.fixture(scope="module")
def pilot():
    return load("respondents", EXAMPLES / "pilot_survey.csv", EXAMPLES / "pilot_codebook.yaml")


def test_save_then_read_gives_the_same_input(pilot, tmp_path):
    saved = typed.save(pilot, "respondents", tmp_path)
    assert saved == tmp_path / "respondents.typed.json" and typed.is_typed(saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "respondents.typed.csv",
        "respondents.typed.json",
    ]
    again = typed.read(saved)
    pd.testing.assert_frame_equal(again.frame, pilot.frame)
    assert {str(again.frame[c].dtype) for c in again.frame} == {"Int64", "object"}
    assert str(again.frame["confidence_return"].dtype) == "Int64"
    assert again.frame["gender"].dtype == object
    assert again.present == pilot.present
    assert again.items == pilot.items and again.items[-1].scale == (1, 7)
    assert again.categories == pilot.categories
    assert again.categories["education"][0] == "primary_school"
    assert again.title == pilot.title == "Jobbsenter Vest: MI pilot 2025"
    assert again.headings == pilot.headings
    assert str(again.path) == pilot.path.name == "pilot_survey.csv"
    assert pilot.dont_know.to_numpy().sum() == 30
    pd.testing.assert_frame_equal(
        again.dont_know[pilot.dont_know.columns], pilot.dont_know, check_dtype=False
    )
    assert not again.dont_know.drop(columns=pilot.dont_know.columns).any(axis=None)


def test_notices_keep_the_file_name_only(pilot, tmp_path):
    assert any(str(EXAMPLES) in n for n in pilot.notices)  # as read: the path given
    again = typed.read(typed.save(pilot, "respondents", tmp_path))
    assert again.notices == [
        "pilot_survey.csv: column 'kommentar' is not part of the respondents contract and is "
        "ignored"
    ]
    meta = (tmp_path / "respondents.typed.json").read_text(encoding="utf-8")
    assert str(EXAMPLES) not in meta and "/work/" not in meta and str(tmp_path) not in meta
    assert json.loads(meta)["name"] == "pilot_survey.csv"


def test_text_that_looks_like_a_number_or_missing_stays_text(tmp_path):
    source = write(
        tmp_path,
        "mine.csv",
        "respondent_id,gender,age,satisfaction\n007,female,40,5\nNA,,,\nnull,male,51,1\n",
    )
    loaded = load("respondents", source)
    folder = tmp_path / "work"
    folder.mkdir()
    again = typed.read(typed.save(loaded, "respondents", folder))
    pd.testing.assert_frame_equal(again.frame, loaded.frame)
    assert again.frame["respondent_id"].tolist() == ["007", "NA", "null"]
    assert again.title is None and not again.dont_know.to_numpy().any()
    assert all(str(tmp_path) not in n and n.startswith("mine.csv: ") for n in again.notices)


def test_chapter_data_on_a_typed_path_is_observed_and_named_by_file(pilot, tmp_path):
    saved = typed.save(pilot, "respondents", tmp_path)
    data = provenance.chapter_data("respondents", saved)
    assert data.kind == "observed" and not data.reconstructed
    assert data.label == "pilot_survey.csv"
    pd.testing.assert_frame_equal(data.frame, pilot.frame)
    assert provenance.chapter_data("respondents", saved, "reconstructed").reconstructed


def test_label_for_names_files_outside_the_repository_by_name_only(tmp_path):
    outside = write(tmp_path, "secret survey.csv", "respondent_id,age\nA,40\n")
    assert provenance.label_for(outside) == "secret survey.csv"
    assert provenance.label_for("/home/someone/data/pilot.sav") == "pilot.sav"
    assert provenance.label_for(EXAMPLES / "pilot_survey.csv") == "book/examples/pilot_survey.csv"
    data = provenance.chapter_data("respondents", outside)
    assert data.label == "secret survey.csv" and data.kind == "observed"
    assert all(str(tmp_path) not in n for n in data.loaded.notices)
