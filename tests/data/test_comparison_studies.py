"""``data/comparison/studies.csv``: the coded rows of the two studies validate against their
contract, cite only printed numbers, and use one label per shared theme."""

import subprocess
import sys

import pandas as pd

from mibook import published
from mibook.analysis import comparison
from mibook.inputs.validate import load
from mibook.paths import ROOT

ROWS = ROOT / "data" / "comparison" / "studies.csv"


def test_book_rows_validate_against_the_contract():
    loaded = load("comparison", ROWS)
    assert len(loaded.frame) >= 50
    counts = loaded.frame["study"].value_counts()
    assert counts[comparison.SWEDEN] >= 25 and counts[comparison.NORWAY] >= 25


def test_every_number_id_exists_in_published_numbers():
    rows = pd.read_csv(ROWS, dtype=str, keep_default_na=False)
    known = set(published.numbers()["id"])
    unknown = {i for cell in rows["number_ids"] for i in cell.split() if i not in known}
    assert not unknown
    assert (rows["number_ids"] != "").sum() >= 20


def test_shared_themes_use_the_same_label():
    matrix = comparison.barrier_facilitator_matrix(comparison.load_rows()[0])
    shared = set(matrix.loc[matrix["n_studies"] >= 2, "theme"])
    assert {
        "workload",
        "managerial_support",
        "time_to_practise",
        "peer_support",
    } <= shared


def _validate(path):
    return subprocess.run(
        [sys.executable, "-m", "mibook", "validate", "--comparison", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_book_rows_pass_the_cli_validation():
    result = _validate(ROWS)
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout
