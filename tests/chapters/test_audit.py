"""The audit chapter (``mibook.chapters.audit`` and ``notebooks/audit.ipynb``), end to end."""

from __future__ import annotations

import json
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from mibook import paths, published
from mibook.analysis import audit as analysis
from mibook.chapters import audit

TEMPLATE = paths.NOTEBOOKS / "audit.ipynb"


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit")
    result = audit.chapter(output_dir=str(folder))
    plt.close(result["figure"])
    return folder, result


def test_chapter_writes_its_three_tables(default):
    folder, result = default
    assert sorted(p.name for p in folder.iterdir()) == [
        "consistency.csv",
        "ledger.csv",
        "problems.csv",
    ]
    consistency = pd.read_csv(folder / "consistency.csv", dtype=str, keep_default_na=False)
    assert list(consistency.columns) == analysis.COLUMNS  # the contract, no extra column
    assert set(consistency["test"]) <= set(analysis.TESTS)
    assert "statement" in set(consistency["test"])
    problems = pd.read_csv(folder / "problems.csv", dtype=str, keep_default_na=False)
    assert list(problems.columns) == analysis.PROBLEM_COLUMNS
    assert len(problems) == result["numbers"]["n_problems"]


def test_headline_numbers_add_up(default):
    _, result = default
    g = result["numbers"]
    assert g["n_consistent"] + g["n_inconsistent"] + g["n_not_testable"] == g["n_checks"]
    assert g["n_problems_arithmetic"] + g["n_problems_statement"] == g["n_problems"]
    assert g["n_problems_restated"] <= g["n_problems_arithmetic"]
    assert g["n_contradictions"] + g["n_tensions"] == g["n_statements"]
    assert g["n_statements"] == len(published.reading.statements())
    assert int(result["problems"]["n_checks"].sum()) == g["n_inconsistent"]
    assert g["n_problems"] < g["n_inconsistent"]  # the grouping counts each problem once
    assert (
        sum(g[f"ledger_{s}"] for s in ("reproduced", "reproduced_under_assumption"))
        + g["ledger_not_reproducible"]
        + g["ledger_not_computable"]
        == g["n_numbers"]
    )
    for key, value in g.items():
        assert type(value) in (int, float, str), key  # plain types for glue


def test_every_inconsistent_check_is_explained_under_its_problem(default):
    _, result = default
    notes = result["problem_notes"]
    bad = result["audit"][result["audit"]["verdict"] == "inconsistent"]
    for check_id in bad["check_id"]:
        assert f"`{check_id}`" in notes
    for problem in result["problems"]["problem"]:
        assert f"**{problem}\\." in notes
    assert list(result["problems_display"].index) == list(result["problems"]["problem"])


def test_tensions_are_the_consistent_statement_checks(default):
    _, result = default
    shown = result["tensions"]
    pairs = published.reading.statements()
    tensions = pairs[pairs["severity"] == "tension"]
    assert list(shown.columns) == ["Where", "What would have to hold"]  # the ids stay in the CSV
    assert list(shown["What would have to hold"]) == list(tensions["conflict"])
    by_id = result["audit"].set_index("check_id")
    assert list(shown["Where"]) == [
        by_id.loc[f"statement__{i}", "source"] for i in tensions["statement_id"]
    ]


@pytest.mark.parametrize(
    ("rounding", "phrase"),
    [
        ("either", "Both can be right"),
        ("half_up", "Both can be right"),
        ("ceiling", "No unrounded value prints as both"),
    ],
)
def test_the_age_agreement_follows_the_rounding_rule(rounding, phrase):
    note = audit.agreements_note(analysis.run_audit(rounding=rounding), rounding)
    assert phrase in note
    assert "45\\.5" in note and "Table 1 prints 45" in note


def test_agreements_name_each_swedish_count(default):
    _, result = default
    note = result["agreements"]
    v = published.value
    for role in ("unit managers", "officials", "regional coordinators"):
        assert role in note
    assert f"against {v('se_t1_2013_unit_managers_n')} (consistent)" in note


def test_other_parameters_give_other_problems(tmp_path):
    result = audit.chapter(output_dir=str(tmp_path), sd_divisor="n")
    plt.close(result["figure"])
    assert "grimmer__no_t3_partnership_mean" not in result["problem_notes"]
    assert result["numbers"]["sd_divisor"] == "n"
    default = audit.chapter(output_dir=str(tmp_path / "default"))
    plt.close(default["figure"])
    assert result["numbers"]["n_problems"] < default["numbers"]["n_problems"]


def test_invalid_parameters_are_refused(tmp_path):
    with pytest.raises(ValueError, match="rounding must be one of"):
        audit.chapter(output_dir=str(tmp_path), rounding="sideways")
    assert list(tmp_path.iterdir()) == []


def _prose(cell_source: str) -> str:
    """Markdown of a cell without what may hold digits: glue roles, code, directive options and
    the names of the articles' tables."""
    text = re.sub(r"\{glue(?::\w*)?\}`[^`]*`", "", cell_source)
    text = re.sub(r"\bTable \d\b", "Table", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"(?m)^ {4}.*$", "", text)  # indented command lines
    text = re.sub(r"(?m)^:\w+:.*$", "", text)  # directive options (:alt:, :label:, :name:)
    return text


def test_the_audit_prose_types_no_number():
    """Every number the audit chapter prints in its prose is glued or generated, never typed."""
    cells = json.loads(TEMPLATE.read_text(encoding="utf-8"))["cells"]
    markdown = [c for c in cells if c["cell_type"] == "markdown"]
    assert markdown
    for cell in markdown:
        text = _prose("".join(cell["source"]))
        digits = re.findall(r"[^\s]*\d[^\s]*", text)
        assert not digits, f"{cell['id']}: typed numbers {digits}"


def test_the_prose_check_sees_typed_numbers():
    assert re.findall(r"\d", _prose("the text's 45.5 and the table's 46")) == [
        "4",
        "5",
        "5",
        "4",
        "6",
    ]
    assert not re.findall(r"\d", _prose("{glue:text}`age_text` and `n-1` and {glue:text}`x:.1f`"))
    assert not re.findall(r"\d", _prose("a Table 3 mean"))
