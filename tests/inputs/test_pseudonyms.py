"""Pseudonyms for caseworkers and coders (``mibook.inputs.pseudonyms``)."""

import pandas as pd

from mibook.inputs.pseudonyms import NOTICE, letters, pseudonymise, pseudonyms
from mibook.inputs.validate import Loaded


def _loaded(**columns):
    frame = pd.DataFrame(columns)
    return Loaded(frame, list(frame), ["a notice"], None)


def test_letters_go_on_like_spreadsheet_columns():
    assert [letters(k) for k in range(28)][-3:] == ["Z", "AA", "AB"]
    assert len({letters(k) for k in range(2000)}) == 2000


def test_order_of_first_appearance_and_missing_ids():
    mapping = pseudonyms(["Zoë", None, "Anne", "Zoë", float("nan"), "Bo"], "Coder")
    assert mapping == {"Zoë": "Coder A", "Anne": "Coder B", "Bo": "Coder C"}


def test_every_id_is_replaced_consistently_and_nothing_else():
    loaded = _loaded(
        session_id=["S1", "S1", "S2"],
        caseworker_id=["Kari Nordmann", "Kari Nordmann", None],
        coder_id=["Lab 2", "Lab 1", "Lab 2"],
        empathy=[4, 3, 5],
    )
    safe, mapping = pseudonymise(loaded)
    assert safe.frame["caseworker_id"].tolist()[:2] == ["Caseworker A", "Caseworker A"]
    assert pd.isna(safe.frame["caseworker_id"].iloc[2])
    assert safe.frame["coder_id"].tolist() == ["Coder A", "Coder B", "Coder A"]
    assert safe.frame["session_id"].tolist() == ["S1", "S1", "S2"]
    assert safe.frame["empathy"].tolist() == [4, 3, 5]
    assert mapping == {
        "caseworker_id": {"Kari Nordmann": "Caseworker A"},
        "coder_id": {"Lab 2": "Coder A", "Lab 1": "Coder B"},
    }
    assert loaded.frame["coder_id"].tolist()[0] == "Lab 2"  # the input is left alone
    assert safe.notices == ["a notice", NOTICE]


def test_pseudonymising_twice_changes_nothing_more():
    once, _ = pseudonymise(_loaded(caseworker_id=["B", "A", "B"]))
    twice, _ = pseudonymise(once)
    assert twice.frame.equals(once.frame) and twice.notices.count(NOTICE) == 1


def test_a_file_without_ids():
    safe, mapping = pseudonymise(_loaded(session_id=["S1"], empathy=[4]))
    assert mapping == {} and safe.frame.equals(pd.DataFrame({"session_id": ["S1"], "empathy": [4]}))
