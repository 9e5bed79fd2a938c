"""The Sweden–Norway comparison's derived numbers (``mibook.analysis.comparison``): RE-AIM coverage
and the training dose under default and changed assumptions."""

import pandas as pd
import pytest

from mibook import published
from mibook.analysis import comparison
from mibook.inputs.contracts import RE_AIM_DIMENSIONS


def test_every_study_covers_every_dimension_or_the_chapter_says_so():
    rows = comparison.load_rows()[0]
    table, missing = comparison.measurement_table(rows)
    assert missing == []
    for study in (comparison.SWEDEN, comparison.NORWAY):
        assert set(rows.loc[rows["study"] == study, "re_aim_dimension"]) == set(RE_AIM_DIMENSIONS)
        assert "not coded" not in set(table[study])
    # a study lacking dimensions is named in the chapter's note
    extra = pd.DataFrame(
        [
            {
                "study": "X",
                "country": "Y",
                "re_aim_dimension": "reach",
                "theme": "t",
                "kind": "fact",
                "finding": "f",
                "source": "s",
                "number_ids": "",
                "origin": "x",
            }
        ]
    )
    _, missing = comparison.measurement_table(pd.concat([rows, extra], ignore_index=True))
    assert ("X", "adoption") in missing and ("X", "reach") not in missing


def _hours(dose, study, group, phases=None):
    part = dose[(dose["study"] == study) & (dose["group"] == group)]
    if phases:
        part = part[part["phase"].isin(phases)]
    return part["hours"].sum()


def test_training_dose_default_assumptions():
    dose = comparison.training_dose()
    course_days = float(published.value("se_txt_course_first_block_days")) + float(
        published.value("se_txt_course_second_block_days")
    )
    assert (
        _hours(dose, comparison.SWEDEN, "officials")
        == pytest.approx(course_days * 6.0)
        == pytest.approx(24.0)
    )
    assert _hours(dose, comparison.SWEDEN, "coaches") == pytest.approx(24.0 + 3 * 6.0)
    # Norway: 2 workshops × 3 h + 6 months × 52/12 weeks × (0.5/2 + 0.5/3) sessions × 3 h
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["before delivery"]) == pytest.approx(
        6 + 26 * (0.25 + 1 / 6) * 3
    )
    # supervision 2017-09 → 2018-08 every third week, then monthly to 2019-11
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["during delivery"]) == pytest.approx(
        11 * 52 / 12 / 3 * 3 + 15 * 3
    )


def test_training_dose_follows_changed_assumptions():
    dose = comparison.training_dose(
        hours_per_course_day=7.5,
        hours_per_workshop=2.0,
        prestart_share_fortnightly=1.0,
        norway_intervention_start="2018-02",
        norway_supervision_end="2018-12",
    )
    assert _hours(dose, comparison.SWEDEN, "officials") == pytest.approx(30.0)
    assert _hours(dose, comparison.SWEDEN, "unit managers") == pytest.approx(7.5)
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["before delivery"]) == pytest.approx(
        4 + 13 * 3
    )
    assert _hours(dose, comparison.NORWAY, "MI caseworkers", ["during delivery"]) == pytest.approx(
        6 * 52 / 12 + 4 * 3
    )
    with pytest.raises(ValueError):
        comparison.training_dose(norway_intervention_start="2019-01")
    with pytest.raises(ValueError):
        comparison.training_dose(prestart_share_fortnightly=1.5)
