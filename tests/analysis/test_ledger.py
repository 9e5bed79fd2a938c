"""The reproduction ledger: a status and a reason for every printed number
(``mibook.analysis.ledger``)."""

from __future__ import annotations

from mibook import paths, published
from mibook.analysis import ledger


def test_ledger_covers_every_number():
    book = ledger.build_ledger()
    assert list(book.columns) == ledger.COLUMNS
    assert set(book["id"]) == set(published.numbers()["id"])
    assert book["id"].is_unique
    assert set(book["status"]) <= set(ledger.STATUSES)
    assert (book["reason"] != "").all()


def test_ledger_statuses_of_known_cells():
    book = ledger.build_ledger().set_index("id")
    assert book.loc["no_t2_satisfaction_4_pct", "status"] == "not_reproducible"
    assert book.loc["no_t1_gender_female_pct", "status"] == "reproduced_under_assumption"
    # the data's mean age rounds to the table's 45 under every round-to-nearest rule; that the
    # text prints 45.5 is mentioned, not an assumption
    assert book.loc["no_t1_age_mean", "status"] == "reproduced"
    assert "under any round-to-nearest rule" in book.loc["no_t1_age_mean", "reason"]
    assert "also prints it as 45.5" in book.loc["no_t1_age_mean", "reason"]
    assert book.loc["no_t1_education_high_school_n", "status"] == "reproduced"
    assert book.loc["no_txt_focus_groups", "status"] == "not_computable"
    if not paths.RECONSTRUCTED_MITI.exists():
        assert book.loc["no_t3_technical_mean", "reason"].startswith("not yet reproduced")


def test_value_status_names_the_rules_of_a_tie():
    status, reason = ledger._value_status(62.5, "63", None)
    assert status == "reproduced_under_assumption" and "half-up" in reason
    status, reason = ledger._value_status(62.25, "62", "62.3 in Results")
    assert status == "reproduced" and "62.3 in Results" in reason
    assert ledger._value_status(62.6, "62", None)[0] == "not_reproducible"


def test_swedish_table_rows_are_described_by_what_they_hold():
    book = ledger.build_ledger().set_index("id")
    numbers = published.numbers().set_index("id")
    swedish = numbers[
        (numbers["article"] == published.SWEDEN) & numbers["location"].str.startswith("Table")
    ]
    assert len(swedish)
    for number_id, row in swedish.iterrows():
        reason = book.loc[number_id, "reason"]
        assert book.loc[number_id, "status"] == "not_computable"
        if row["statistic"] == "count":
            assert reason.startswith("interview counts"), number_id
        else:
            assert "interview counts" not in reason, number_id
            assert row["value_as_printed"] in reason, number_id
