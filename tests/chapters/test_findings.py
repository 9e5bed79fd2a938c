"""The findings and the chapters' answers (``mibook.chapters.findings``): made from the numbers,
true whatever they are, and turning into the opposite sentence when a published number is
corrected."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mibook import markup, published
from mibook.chapters import audit as audit_chapter
from mibook.chapters import (
    comparison,
    findings,
    miti_fidelity,
    sample_characteristics,
    satisfaction_timing,
)
from mibook.inputs.contracts import MITI_GLOBALS
from mibook.published.reading import EARLIER

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def plain(markdown: str) -> str:
    """The text of an opening as a reader sees it: escapes and the bold lead removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(findings.LEAD, "")).strip()


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.])\s+(?=[A-Z0-9“])", text) if s]


# --------------------------------------------------------------------- one finding at a time


def test_sick_leave_sentence_says_whether_the_rows_add_up():
    rows = {"lt_2m": 53, "2_4m": 38, "4_6m": 14, "6_8m": 3, "gt_8m": 3}
    short = findings.sick_leave_sentence(rows, 112, {"lt_2m": "48"})
    assert "add up to 111 people, not the 112" in short
    assert "the 48 % printed for “Less than 2 months” is 53 of 111, not of 112" in short
    # a percent that fits the stated total is not blamed on the rows
    assert "printed for" not in findings.sick_leave_sentence(rows, 112, {"lt_2m": "47"})
    whole = findings.sick_leave_sentence({**rows, "gt_8m": 4}, 112, {"lt_2m": "47"})
    assert whole.endswith("add up to the 112 people the table describes.")
    assert "not the" not in whole


def test_sick_leave_rows_follows_the_published_table():
    counts = published.counts("Table 1", "sick_leave_length")
    total = int(published.value("no_t1_n_total"))
    sentence = findings.sick_leave_rows()
    if sum(counts.values()) == total:
        assert f"add up to the {total} people" in sentence
    else:
        assert f"add up to {sum(counts.values())} people, not the {total}" in sentence


def test_higher_education_sentence_flips_with_the_text():
    wrong = findings.higher_education_sentence("62", 86, 112)
    assert "gives 62 %" in wrong and "86 of 112, which is 76.8 %" in wrong
    right = findings.higher_education_sentence("77", 86, 112)
    assert "follows from the rows" in right and "but" not in right


def test_table_percent_sentence_names_the_first_cell_that_does_not_follow():
    q = "Q?"
    cells = [(q, "A", 15, 111, "13"), (q, "B", 1, 3, "33"), (q, "C", 2, 3, "60")]
    text = findings.table_percent_sentence(cells)
    assert text.startswith("2 of the percents printed in the Norwegian Table 2 do not follow")
    assert "15 of the 111 answers to “Q?” are “A”, which is 13.5 % and rounds to 14 %" in text
    one = findings.table_percent_sentence(cells[:2])
    assert one.startswith("One of the percents printed")
    assert findings.table_percent_sentence(cells[1:2]).startswith("Every percent")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["yes", "no", None]),
            st.sampled_from(["2_months_earlier", "1_month_earlier", "good", "1_month_later", None]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_timing_sentence_bound_never_exceeds_the_people_it_counts(people):
    """However the answers pair up, at least the stated number called the timing appropriate and
    chose an earlier time."""
    yes = sum(a == "yes" for a, _ in people)
    no = sum(a == "no" for a, _ in people)
    earlier = sum(b in EARLIER for _, b in people)
    said = sum(b is not None for _, b in people)
    text = findings.timing_sentence(yes, no, yes + no, earlier, said, len(people))
    both = sum(a == "yes" and b in EARLIER for a, b in people)
    least = re.search(r"so at least (\d+) who called", text)
    if least:
        assert both >= int(least.group(1)) > 0
    else:
        assert text.endswith("chose an earlier time.")


def test_problems_sentence_counts_and_places_the_problems():
    one = findings.problems_sentence(50, 1, {"the Swedish article": 1})
    assert "1 fails, and it comes down to 1 distinct problem, in the Swedish article." in one
    assert findings.problems_sentence(50, 0, {}).startswith("None of the 50 checks")


def test_audit_findings_match_the_audit(tmp_path):
    result = audit_chapter.chapter(output_dir=str(tmp_path))
    opening = findings.audit(result)
    g = result["numbers"]
    problems = opening.glued["finding_problems"]
    assert f"Of the {g['n_checks']} checks" in problems
    assert f"{g['n_inconsistent']} fail" in problems and f"{g['n_problems']} distinct" in problems
    text = plain(opening.text)
    assert f"Of the {g['n_numbers']} published numbers" in text
    assert f"reproduce {g['ledger_reproduced']}," in text
    assert len(sentences(text)) == 2


def test_corrected_published_numbers_turn_each_finding_around(monkeypatch):
    """If the article's numbers were corrected, the same code says so."""
    counts, value, cells = published.counts, published.value, published.table_cells

    def corrected_counts(location, variable, article=published.NORWAY):
        got = dict(counts(location, variable, article))
        if (location, variable) == ("Table 1", "sick_leave_length"):
            got["lt_2m"] += int(value("no_t1_n_total")) - sum(got.values())
        return got

    def corrected_value(number_id):
        if number_id == "no_txt_higher_education_pct":
            higher = counts("Table 1", "education")
            n = higher["higher_up_to_3_years"] + higher["higher_over_3_years"]
            return str(round(100 * n / int(value("no_t1_n_total"))))
        return value(number_id)

    def corrected_cells(location, article=published.NORWAY):
        table = cells(location, article)
        if location == "Table 2":
            for row in table[table["statistic"] == "percent"].itertuples():
                n = counts("Table 2", row.variable, article)[row.category]
                d = published.denominator("Table 2", row.variable, article)
                table.loc[row.Index, "value"] = str(round(100 * n / d + 1e-9))
        return table

    before = (findings.sick_leave_rows(), findings.higher_education(), findings.table2_percents())
    monkeypatch.setattr(published, "counts", corrected_counts)
    monkeypatch.setattr(published, "value", corrected_value)
    monkeypatch.setattr(published, "table_cells", corrected_cells)
    after = (findings.sick_leave_rows(), findings.higher_education(), findings.table2_percents())
    assert "not the" in before[0] and "add up to the" in after[0]
    assert "but" in before[1] and "follows from the rows" in after[1]
    assert before[2].startswith("One of the percents") and after[2].startswith("Every percent")


# --------------------------------------------------------------------- Table 3


def test_table3_sentence_names_exactly_the_ratings_without_a_sample(tmp_path):
    chapter = miti_fidelity.run(output_dir=str(tmp_path))
    numbers = chapter.numbers
    sentence = findings.miti_fidelity(chapter).glued["finding_table3_ratings"]
    head = sentence.split(", and the pairs", 1)[0]
    for rating in MITI_GLOBALS:
        name = findings.MITI_LABELS[rating].lower()
        empty = numbers[f"k_{rating}_n1"] == 0 and numbers[f"k_{rating}_n"] == 0
        assert (name in head) == empty, rating
    none = findings.table3_sentence({"empathy": (0, 0)}, {"empathy": ("3.35", "0.73")}, 20)
    assert none.startswith("No set of 20") and "divisor n" not in none
    only_n = findings.table3_sentence({"empathy": (0, 2)}, {"empathy": ("3.35", "0.73")}, 20)
    assert only_n.startswith("The means and SDs the Norwegian Table 3 prints for empathy fit only")


def test_intervals_sentence_places_each_interval():
    text = findings.intervals_sentence(
        {"technical": (3.5, 3.2, 3.8, 3.0), "relational": (3.5, 3.0, 4.2, 4.0)}, 20
    )
    assert "3.20 to 3.80 and lies wholly above the threshold of 3" in text
    assert "3.00 to 4.20 and includes the threshold of 4" in text
    below = findings.intervals_sentence({"technical": (2.0, 1.5, 2.5, 3.0)}, 20)
    assert "lies wholly below the threshold of 3" in below


def test_intervals_and_bounds_come_from_the_chapter(tmp_path):
    chapter = miti_fidelity.run(output_dir=str(tmp_path))
    n = chapter.numbers
    glued = findings.miti_fidelity(chapter).glued
    low, high = n["t_technical_pub_ci_low"], n["t_technical_pub_ci_high"]
    assert f"runs from {low:.2f} to {high:.2f}" in glued["finding_composite_intervals"]
    bounds = glued["finding_sessions_over_threshold"]
    assert f"from {n['b_technical_min']} to {n['b_technical_max']} of the" in bounds
    assert f"from {n['b_relational_min']} to {n['b_relational_max']} a relational" in bounds


def test_bounds_sentence_claims_nothing_when_a_count_is_exact():
    text = findings.bounds_sentence({"technical": (4, 4, 3.0), "relational": (2, 9, 4.0)}, 20)
    assert "exactly 4 of the 20 sessions" in text and "from 2 to 9 a relational" in text
    assert "does not tell" not in text


# --------------------------------------------------------------------- the comparison


def test_shared_themes_sentence_with_a_third_study():
    matrix = pd.DataFrame(
        {
            "theme": ["workload", "cost"],
            "A": ["barrier", "barrier"],
            "B": ["barrier", ""],
            "C": ["both", ""],
            "n_studies": [3, 1],
        }
    )
    text = findings.shared_themes_sentence(matrix, ["A", "B", "C"])
    assert "1 appear in more than one study" in text
    assert "workload is a barrier in one study and a facilitator in another" in text
    plain_barrier = findings.shared_themes_sentence(
        matrix.assign(C=["barrier", ""]), ["A", "B", "C"]
    )
    assert "workload is a barrier in every study that reports it" in plain_barrier


def test_comparison_opening_escapes_a_users_theme(tmp_path):
    theme = "{glue:text}`n_rows` <b>load</b>"
    user = tmp_path / "mine.csv"
    user.write_text(
        "study,country,re_aim_dimension,theme,kind,finding,source\n"
        f'Pilot,Norway,adoption,"{theme}",barrier,No time.,Notes\n'
        f"Pilot,Norway,adoption,workload,barrier,No time either.,Notes\n",
        encoding="utf-8",
    )
    chapter = comparison.run(str(user), str(tmp_path / "out"))
    opening = findings.comparison(chapter)
    assert theme not in opening.text
    assert "in more than one study" in opening.glued["finding_shared_themes"]
    assert markup.text(opening.glued["finding_shared_themes"]) in opening.text


# --------------------------------------------------------------------- the answers


def test_every_answer_has_two_or_three_sentences_with_numbers(tmp_path):
    answers = {
        "sample": findings.sample_characteristics(
            sample_characteristics.run(output_dir=str(tmp_path / "a"))
        ),
        "satisfaction": findings.satisfaction_timing(
            satisfaction_timing.run(output_dir=str(tmp_path / "b"))
        ),
        "miti": findings.miti_fidelity(miti_fidelity.run(output_dir=str(tmp_path / "c"))),
        "comparison": findings.comparison(comparison.run(output_dir=str(tmp_path / "d"))),
        "audit": findings.audit(audit_chapter.chapter(output_dir=str(tmp_path / "e"))),
    }
    for name, opening in answers.items():
        assert opening.text.startswith(findings.LEAD), name
        said = sentences(plain(opening.text))
        assert 2 <= len(said) <= 3, (name, said)
        assert all(re.search(r"\d", s) for s in said), (name, said)
        assert opening.glued, name
        assert any(markup.text(s) in opening.text for s in opening.glued.values()), name
        assert all(re.search(r"\d", s) for s in opening.glued.values()), name


def test_answers_hold_for_a_users_thin_files(tmp_path):
    respondents = tmp_path / "r.csv"
    respondents.write_text("respondent_id,age\nA,40\nB,51\n", encoding="utf-8")
    sample = findings.sample_characteristics(
        sample_characteristics.run(str(respondents), str(tmp_path / "a"), "observed")
    )
    assert "2 people answered the questionnaire: nobody gave their gender." in plain(sample.text)
    satisfaction = findings.satisfaction_timing(
        satisfaction_timing.run(str(respondents), str(tmp_path / "b"), data_kind="observed")
    )
    assert plain(satisfaction.text).startswith(
        "Nobody answered the questions on satisfaction, usefulness overall, appropriate timing "
        "and the best time."
    )
    miti = tmp_path / "m.csv"
    miti.write_text("session_id,partnership,empathy\nS1,4,4\nS2,3,3\n", encoding="utf-8")
    opening = findings.miti_fidelity(miti_fidelity.run(str(miti), str(tmp_path / "c"), "observed"))
    said = sentences(plain(opening.text))
    assert (
        said[0] == "This data holds 2 coded sessions: their relational global score averages 3.50."
    )
    assert len(said) == 3
