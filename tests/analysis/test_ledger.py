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
    assert book.loc["no_t1_age_mean", "status"] == "reproduced_under_assumption"
    assert book.loc["no_t1_education_high_school_n", "status"] == "reproduced"
    assert book.loc["no_txt_focus_groups", "status"] == "not_computable"
    if not paths.RECONSTRUCTED_MITI.exists():
        assert book.loc["no_t3_technical_mean", "reason"].startswith("not yet reproduced")
