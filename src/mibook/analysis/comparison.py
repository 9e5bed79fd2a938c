"""The structured Sweden–Norway comparison: coded rows, the tables built from them, and numbers
derived from the published ones (training dose, interviewees, timelines).

The coded rows live in ``data/comparison/studies.csv`` (contract ``comparison`` plus a column
``number_ids`` naming the rows of ``data/published/numbers.csv`` a finding's numbers come from).
A user's file in the same contract adds its rows. Every number the chapter shows is either a
published value fetched by id or computed here from such values and the stated assumptions
(parameters of :func:`run`); nothing is retyped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mibook import paths, published
from mibook.inputs.contracts import COMPARISON, RE_AIM_DIMENSIONS
from mibook.inputs.validate import load

BOOK_ROWS = paths.COMPARISON / "studies.csv"

SWEDEN = "Ståhl & Gustavsson 2018"

NORWAY = "Foldal et al. 2021"

WEEKS_PER_MONTH = 52 / 12

MEASUREMENT_THEME = "measurement"

DIMENSION_LABELS = {
    "context": "Context",
    "reach": "Reach",
    "effectiveness": "Effectiveness",
    "adoption": "Adoption",
    "implementation": "Implementation",
    "maintenance": "Maintenance",
}

DIMENSION_ORDER = ("context",) + tuple(d for d in RE_AIM_DIMENSIONS if d != "context")

SWEDISH_TABLE1 = (
    ("2013", "unit_managers", "Unit managers"),
    ("2013", "regional_coordinators", "Regional coordinators"),
    ("2013", "officials", "Officials"),
    ("2014", "unit_managers", "Unit managers"),
    ("2014", "regional_coordinators", "Regional coordinators"),
    ("2014", "officials", "Officials"),
)

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}


# --- published numbers -----------------------------------------------------------------------


def _row(number_id: str) -> pd.Series:
    table = published.numbers()
    hit = table[table["id"] == number_id]
    if hit.empty:
        raise KeyError(f"no published number with id {number_id!r}")
    return hit.iloc[0]


def number(number_id: str) -> float:
    """A published value as a float."""
    return float(published.value(number_id))


def printed_month(number_id: str) -> int | None:
    """The calendar month printed with a date-like number (e.g. 'august 2018' → 8), if any."""
    text = _row(number_id)["value_as_printed"].lower()
    for name, month in MONTHS.items():
        if name in text:
            return month
    return None


def _parse_month(text: str, name: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(
            f"{name} must be a year and month written YYYY-MM (e.g. 2017-09), not {text!r}"
        )
    return int(match.group(1)), int(match.group(2))


def _months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] * 12 + end[1]) - (start[0] * 12 + start[1])


def _decimal(year: int, month: int) -> float:
    return year + (month - 1) / 12


# --- rows ------------------------------------------------------------------------------------


def load_rows(comparison_csv: str = "") -> tuple[pd.DataFrame, int, list[str]]:
    """The book's coded rows plus, when given, a user's file (validated; its rows are added).

    Returns the rows (contract columns, ``number_ids`` and ``origin``), the number of user rows
    and the notices from reading the files. Raises :class:`mibook.inputs.problems.InvalidInput` for a bad file.
    """
    book = load("comparison", BOOK_ROWS)
    raw = pd.read_csv(BOOK_ROWS, dtype=str, keep_default_na=False)
    frame = book.frame.reset_index(drop=True)
    frame["number_ids"] = raw["number_ids"].to_numpy()
    frame["origin"] = "book"
    notices = [n for n in book.notices if "number_ids" not in n]
    user_rows = 0
    if str(comparison_csv):
        user = load("comparison", comparison_csv)
        extra = user.frame.reset_index(drop=True)
        extra["number_ids"] = ""
        extra["origin"] = Path(comparison_csv).name
        user_rows = len(extra)
        notices += user.notices
        frame = pd.concat([frame, extra], ignore_index=True)
    for column in ("study", "country", "theme", "finding", "source"):
        frame[column] = frame[column].astype(str).str.strip()
    frame["theme"] = frame["theme"].str.lower()
    columns = COMPARISON.names + ["number_ids", "origin"]
    return frame[columns], user_rows, notices


def studies(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(rows["study"]))


def side_by_side(rows: pd.DataFrame) -> pd.DataFrame:
    """Dimension × study: the themes coded there, each with its kind (measurement rows aside)."""
    coded = rows[rows["theme"] != MEASUREMENT_THEME]
    out = {}
    for study in studies(rows):
        part = coded[coded["study"] == study]
        cells = {}
        for dimension in DIMENSION_ORDER:
            here = part[part["re_aim_dimension"] == dimension]
            labels = []
            for theme in dict.fromkeys(here["theme"]):
                kinds = sorted(set(here.loc[here["theme"] == theme, "kind"]))
                labels.append(f"{theme} ({'/'.join(kinds)})")
            cells[DIMENSION_LABELS[dimension]] = "; ".join(labels) if labels else "–"
        out[study] = cells
    table = pd.DataFrame(out)
    table.index.name = "Dimension"
    return table


def barrier_facilitator_matrix(rows: pd.DataFrame) -> pd.DataFrame:
    """Theme × study: ``barrier``, ``facilitator``, ``both`` or empty; shared themes first."""
    coded = rows[rows["kind"].isin(["barrier", "facilitator"])]
    names = studies(rows)
    records = []
    for theme in sorted(set(coded["theme"])):
        record = {"theme": theme}
        for study in names:
            kinds = set(coded.loc[(coded["theme"] == theme) & (coded["study"] == study), "kind"])
            record[study] = "both" if len(kinds) == 2 else (kinds.pop() if kinds else "")
        record["n_studies"] = sum(bool(record[s]) for s in names)
        records.append(record)
    matrix = pd.DataFrame(records, columns=["theme", *names, "n_studies"])
    matrix = matrix.sort_values(
        ["n_studies", "theme"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    return matrix


def measurement_table(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """What each study could and could not measure per RE-AIM dimension, and the (study,
    dimension) pairs with no coded row at all."""
    names = studies(rows)
    out, missing = {}, []
    for study in names:
        part = rows[rows["study"] == study]
        cells = {}
        for dimension in DIMENSION_ORDER[1:]:
            here = part[
                (part["re_aim_dimension"] == dimension) & (part["theme"] == MEASUREMENT_THEME)
            ]
            cells[DIMENSION_LABELS[dimension]] = (
                " ".join(here["finding"]) if len(here) else "not coded"
            )
        out[study] = cells
        for dimension in DIMENSION_ORDER:
            if not (part["re_aim_dimension"] == dimension).any():
                missing.append((study, dimension))
    table = pd.DataFrame(out)
    table.index.name = "RE-AIM dimension"
    return table, missing


# --- derived numbers -------------------------------------------------------------------------


def training_dose(
    hours_per_course_day: float = 6.0,
    hours_per_workshop: float = 3.0,
    prestart_share_fortnightly: float = 0.5,
    norway_intervention_start: str = "2017-09",
    norway_supervision_end: str = "",
) -> pd.DataFrame:
    """Training hours per component and study, computed from the published ids.

    Sweden: the two course blocks (days) × ``hours_per_course_day`` for every official; coaches
    add the coach seminar (days × the same hours; regional meetings not counted); managers had a
    summary day. Norway: the basic workshops × ``hours_per_workshop``; the pre-start months with
    sessions every other week for the share ``prestart_share_fortnightly`` of them and every
    third week for the rest; supervision every third week from ``norway_intervention_start``
    (YYYY-MM, an assumption: the article does not print it) to the printed reduction month, then
    monthly to ``norway_supervision_end`` (default: the printed end of the questionnaire period).
    A month has 52/12 weeks.
    """
    if hours_per_course_day <= 0 or hours_per_workshop <= 0:
        raise ValueError("hours_per_course_day and hours_per_workshop must be positive")
    if not 0 <= prestart_share_fortnightly <= 1:
        raise ValueError("prestart_share_fortnightly must lie between 0 and 1")
    start = _parse_month(norway_intervention_start, "norway_intervention_start")
    reduced = (
        int(number("no_txt_supervision_reduced_year")),
        printed_month("no_txt_supervision_reduced_year"),
    )
    if norway_supervision_end:
        end = _parse_month(norway_supervision_end, "norway_supervision_end")
    else:
        end = (
            int(number("no_txt_questionnaire_period_end_year")),
            printed_month("no_txt_questionnaire_period_end_year"),
        )
    if _months_between(start, reduced) < 0:
        raise ValueError(
            f"norway_intervention_start must not be later than the printed reduction ({reduced[0]}-{reduced[1]:02d})"
        )
    if _months_between(reduced, end) < 0:
        raise ValueError(
            f"norway_supervision_end must not be earlier than the printed reduction ({reduced[0]}-{reduced[1]:02d})"
        )

    course_days = number("se_txt_course_first_block_days") + number(
        "se_txt_course_second_block_days"
    )
    seminar_days = number("se_txt_coach_seminar_days")
    manager_days = number("se_txt_manager_summary_days")
    prestart_weeks = number("no_txt_pre_start_training_months") * WEEKS_PER_MONTH
    share = prestart_share_fortnightly
    prestart_sessions = prestart_weeks * (
        share / number("no_txt_pre_start_interval_initial")
        + (1 - share) / number("no_txt_pre_start_interval_adjusted")
    )
    three_weekly = (
        _months_between(start, reduced)
        * WEEKS_PER_MONTH
        / number("no_txt_supervision_interval_weeks")
    )
    monthly = _months_between(reduced, end) / number("no_txt_supervision_reduced_interval")
    records = [
        (
            SWEDEN,
            "officials",
            "before delivery",
            "MI course (two blocks)",
            course_days,
            hours_per_course_day,
            f"{hours_per_course_day:g} h per course day",
            "se_txt_course_first_block_days se_txt_course_second_block_days",
        ),
        (
            SWEDEN,
            "coaches",
            "before delivery",
            "MI course (two blocks)",
            course_days,
            hours_per_course_day,
            f"{hours_per_course_day:g} h per course day",
            "se_txt_course_first_block_days se_txt_course_second_block_days",
        ),
        (
            SWEDEN,
            "coaches",
            "before delivery",
            "coach seminar",
            seminar_days,
            hours_per_course_day,
            f"{hours_per_course_day:g} h per seminar day; regional meetings not counted",
            "se_txt_coach_seminar_days",
        ),
        (
            SWEDEN,
            "unit managers",
            "after the course",
            "summary day",
            manager_days,
            hours_per_course_day,
            f"{hours_per_course_day:g} h per day",
            "se_txt_manager_summary_days",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "before delivery",
            "basic workshops",
            number("no_txt_initial_workshops"),
            hours_per_workshop,
            f"{hours_per_workshop:g} h per workshop",
            "no_txt_initial_workshops no_txt_initial_workshop_hours",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "before delivery",
            "pre-start training sessions",
            prestart_sessions,
            number("no_txt_pre_start_session_hours"),
            f"{100 * share:g} % of the pre-start months fortnightly, the rest every third week; 52/12 weeks a month",
            "no_txt_pre_start_training_months no_txt_pre_start_session_hours no_txt_pre_start_interval_initial no_txt_pre_start_interval_adjusted",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "during delivery",
            "supervision every third week",
            three_weekly,
            number("no_txt_supervision_session_hours"),
            f"from {start[0]}-{start[1]:02d} (assumed start) to {reduced[0]}-{reduced[1]:02d}",
            "no_txt_supervision_session_hours no_txt_supervision_interval_weeks no_txt_supervision_reduced_year",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "during delivery",
            "monthly supervision",
            monthly,
            number("no_txt_supervision_reduced_session_hours"),
            f"from {reduced[0]}-{reduced[1]:02d} to {end[0]}-{end[1]:02d}",
            "no_txt_supervision_reduced_year no_txt_supervision_reduced_session_hours no_txt_supervision_reduced_interval no_txt_questionnaire_period_end_year",
        ),
    ]
    dose = pd.DataFrame(
        records,
        columns=[
            "study",
            "group",
            "phase",
            "component",
            "sessions",
            "hours_per_session",
            "assumption",
            "number_ids",
        ],
    )
    dose["hours"] = dose["sessions"] * dose["hours_per_session"]
    return dose[
        [
            "study",
            "group",
            "phase",
            "component",
            "sessions",
            "hours_per_session",
            "hours",
            "assumption",
            "number_ids",
        ]
    ]


def dose_totals(dose: pd.DataFrame) -> dict:
    def total(study, group, phases=None):
        part = dose[(dose["study"] == study) & (dose["group"] == group)]
        if phases:
            part = part[part["phase"].isin(phases)]
        return float(part["hours"].sum())

    return {
        "se_official_hours": total(SWEDEN, "officials"),
        "se_coach_hours": total(SWEDEN, "coaches"),
        "se_manager_hours": total(SWEDEN, "unit managers"),
        "no_before_hours": total(NORWAY, "MI caseworkers", ["before delivery"]),
        "no_during_hours": total(NORWAY, "MI caseworkers", ["during delivery"]),
        "no_total_hours": total(NORWAY, "MI caseworkers"),
        "no_prestart_sessions": float(
            dose.loc[dose["component"] == "pre-start training sessions", "sessions"].iloc[0]
        ),
    }


def swedish_table1() -> pd.DataFrame:
    """Ståhl & Gustavsson 2018, Table 1, one row per period × role; a role the table does not
    list in a period is kept with n = 0 and ``printed`` = no."""
    ids = set(published.numbers()["id"])
    records = []
    for year, role, label in SWEDISH_TABLE1:
        number_id = f"se_t1_{year}_{role}_n"
        if number_id in ids:
            period = _row(number_id)["row_label"]
            records.append((period, year, label, int(published.value(number_id)), "yes", number_id))
        else:
            period = next(
                _row(f"se_t1_{year}_{r}_n")["row_label"]
                for y, r, _ in SWEDISH_TABLE1
                if y == year and f"se_t1_{year}_{r}_n" in ids
            )
            records.append((period, year, label, 0, "no", ""))
    return pd.DataFrame(records, columns=["period", "year", "role", "n", "printed", "number_id"])


def participants(se_table: pd.DataFrame) -> pd.DataFrame:
    """Who each study heard from, with the numbers computed from the published ids."""
    first = int(se_table.loc[se_table["year"] == "2013", "n"].sum())
    second = int(se_table.loc[se_table["year"] == "2014", "n"].sum())
    fg = int(number("no_txt_fg_mi_group_agreed") + number("no_txt_fg_substitute_agreed"))
    completed = int(number("no_txt_completed_both_sessions"))
    answered = int(number("no_txt_questionnaire_respondents"))
    records = [
        (
            SWEDEN,
            "interviews, first round",
            first,
            "officials, unit managers and regional coordinators",
            "se_t1_2013_*",
        ),
        (SWEDEN, "interviews, second round", second, "officials and unit managers", "se_t1_2014_*"),
        (
            SWEDEN,
            "interviews, both rounds",
            first + second,
            "sum of Table 1; the article prints no total",
            "se_t1_*",
        ),
        (
            NORWAY,
            "focus-group participants",
            fg,
            "MI and MI-substitute caseworkers",
            "no_txt_fg_mi_group_agreed no_txt_fg_substitute_agreed",
        ),
        (
            NORWAY,
            "MI sessions coded with MITI",
            int(number("no_txt_recorded_sessions")),
            "recorded sessions of the MI caseworkers",
            "no_txt_recorded_sessions",
        ),
        (
            NORWAY,
            "questionnaire respondents",
            answered,
            f"of {completed} workers who completed both sessions ({100 * answered / completed:.1f} %)",
            "no_txt_questionnaire_respondents no_txt_completed_both_sessions",
        ),
    ]
    return pd.DataFrame(records, columns=["study", "data", "n", "note", "number_ids"])


def timeline(
    norway_intervention_start: str = "2017-09", norway_supervision_end: str = ""
) -> pd.DataFrame:
    """Activities of each study on a decimal-year axis, from the published dates; ``basis`` says
    whether a span is printed or assumed."""
    start = _parse_month(norway_intervention_start, "norway_intervention_start")
    records = []
    for year in ("2013", "2014"):
        label = _row(f"se_t1_{year}_officials_n")["row_label"]  # e.g. "May–September 2013"
        months = [MONTHS[m] for m in re.findall(r"[a-z]+", label.lower()) if m in MONTHS]
        records.append(
            (
                SWEDEN,
                f"interviews ({label})",
                _decimal(int(year), months[0]),
                _decimal(int(year), months[-1]) + 1 / 12,
                "printed",
            )
        )
    workshop_year = int(number("no_txt_initial_workshops_year"))
    records.append(
        (
            NORWAY,
            "basic workshops (early in the year)",
            float(workshop_year),
            workshop_year + 0.25,
            "printed year; months assumed",
        )
    )
    pre_months = int(number("no_txt_pre_start_training_months"))
    s = _decimal(*start)
    records.append(
        (
            NORWAY,
            "pre-start training",
            s - pre_months / 12,
            s,
            "assumed (ends at the assumed start)",
        )
    )
    reduced = _decimal(
        int(number("no_txt_supervision_reduced_year")),
        printed_month("no_txt_supervision_reduced_year"),
    )
    records.append(
        (NORWAY, "supervision every third week", s, reduced, "start assumed; end printed")
    )
    if norway_supervision_end:
        end = _decimal(*_parse_month(norway_supervision_end, "norway_supervision_end")) + 1 / 12
    else:
        end = (
            _decimal(
                int(number("no_txt_questionnaire_period_end_year")),
                printed_month("no_txt_questionnaire_period_end_year"),
            )
            + 1 / 12
        )
    records.append((NORWAY, "monthly supervision", reduced, end, "start printed; end assumed"))
    q0 = _decimal(
        int(number("no_txt_questionnaire_period_start_year")),
        printed_month("no_txt_questionnaire_period_start_year"),
    )
    q1 = (
        _decimal(
            int(number("no_txt_questionnaire_period_end_year")),
            printed_month("no_txt_questionnaire_period_end_year"),
        )
        + 1 / 12
    )
    records.append((NORWAY, "questionnaires to workers", q0, q1, "printed"))
    year = int(number("no_txt_recordings_year"))
    records.append((NORWAY, "session recordings (MITI)", float(year), year + 1.0, "printed year"))
    year = int(number("no_txt_focus_groups_year"))
    records.append((NORWAY, "focus groups", float(year), year + 1.0, "printed year"))
    return pd.DataFrame(records, columns=["study", "activity", "start", "end", "basis"])
