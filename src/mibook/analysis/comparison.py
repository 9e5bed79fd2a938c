"""The structured Sweden–Norway comparison: coded rows, their tables, and derived numbers.

The coded rows, the tables built from them, and numbers derived from the published ones
(training dose, interviewees, timelines).

The coded rows live in ``data/comparison/studies.csv`` (contract ``comparison`` plus a column
``number_ids`` naming the rows of ``data/published/numbers.csv`` a finding's numbers come from).
A user's file in the same contract adds its rows. Every number the chapter shows is either a
published value fetched by id or computed here from such values and the stated assumptions
(parameters of :func:`mibook.chapters.comparison.run`); nothing is retyped.

Dates printed in words ("august 2018") are read with a fixed table of English month names
(:data:`MONTHS`) rather than :data:`calendar.month_name`, which follows the locale.
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
    """A published value as a float.

    Parameters
    ----------
    number_id : str
        An ``id`` of ``data/published/numbers.csv``.

    Returns
    -------
    float
        Its ``value``.

    Raises
    ------
    KeyError
        When no published number has this id.

    Examples
    --------
    >>> number("no_txt_recorded_sessions")
    20.0
    """
    return float(published.value(number_id))


def printed_month(number_id: str) -> int | None:
    """The calendar month printed with a date-like number (e.g. 'august 2018' → 8), if any.

    Parameters
    ----------
    number_id : str
        An ``id`` of ``data/published/numbers.csv``.

    Returns
    -------
    int or None
        The month (1–12) named in the number's ``value_as_printed``, or None when it names
        none.

    Raises
    ------
    KeyError
        When no published number has this id.

    Examples
    --------
    >>> printed_month("no_txt_supervision_reduced_year")  # printed "august 2018"
    8
    >>> printed_month("no_txt_recorded_sessions") is None
    True
    """
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

    Parameters
    ----------
    comparison_csv : str, default ""
        A user's file in the ``comparison`` contract; empty for the book's rows only.

    Returns
    -------
    rows : pandas.DataFrame
        The book's rows, then the user's: the contract columns, ``number_ids`` and ``note``
        (empty for a user's rows) and ``origin`` (``"book"`` or the user's file name). Text is
        stripped of surrounding spaces and themes are lower-cased.
    user_rows : int
        The number of rows from the user's file.
    notices : list of str
        The notices from reading the files.

    Raises
    ------
    mibook.inputs.problems.InvalidInput
        For a file that does not satisfy the contract.

    Examples
    --------
    >>> rows, user_rows, notices = load_rows()
    >>> user_rows, notices, rows["origin"].unique().tolist()
    (0, [], ['book'])
    """
    book = load("comparison", BOOK_ROWS)
    raw = pd.read_csv(BOOK_ROWS, dtype=str, keep_default_na=False)
    frame = book.frame.reset_index(drop=True)
    frame["number_ids"] = raw["number_ids"].to_numpy()
    frame["note"] = raw["note"].to_numpy() if "note" in raw else ""
    frame["origin"] = "book"
    # the book's own columns beyond the contract: the published ids and the coder's notes
    notices = [n for n in book.notices if "'number_ids'" not in n and "'note'" not in n]
    user_rows = 0
    if str(comparison_csv):
        user = load("comparison", comparison_csv)
        extra = user.frame.reset_index(drop=True)
        extra["number_ids"] = ""
        extra["note"] = ""
        extra["origin"] = Path(comparison_csv).name
        user_rows = len(extra)
        notices += user.notices
        frame = pd.concat([frame, extra], ignore_index=True)
    for column in ("study", "country", "theme", "finding", "source"):
        frame[column] = frame[column].astype(str).str.strip()
    frame["theme"] = frame["theme"].str.lower()
    columns = COMPARISON.names + ["number_ids", "note", "origin"]
    return frame[columns], user_rows, notices


def studies(rows: pd.DataFrame) -> list[str]:
    """The studies of the coded rows, in the order they first appear.

    Parameters
    ----------
    rows : pandas.DataFrame
        Coded rows (:func:`load_rows`).

    Returns
    -------
    list of str

    Examples
    --------
    >>> studies(load_rows()[0])
    ['Ståhl & Gustavsson 2018', 'Foldal et al. 2021']
    """
    return list(dict.fromkeys(rows["study"]))


def side_by_side(rows: pd.DataFrame) -> pd.DataFrame:
    """Dimension × study: the themes coded there, each with its kind (measurement rows aside).

    Parameters
    ----------
    rows : pandas.DataFrame
        Coded rows (:func:`load_rows`).

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension label (context first, then RE-AIM's order), one column per study.
        A cell lists the themes coded for that study and dimension as ``theme (kind)``,
        separated by ``;``, or ``–`` when there are none.

    Examples
    --------
    >>> rows = pd.DataFrame(
    ...     {
    ...         "study": ["A", "A", "B"],
    ...         "re_aim_dimension": ["adoption", "adoption", "adoption"],
    ...         "theme": ["workload", "training", "workload"],
    ...         "kind": ["barrier", "facilitator", "facilitator"],
    ...     }
    ... )
    >>> side_by_side(rows).loc["Adoption"].tolist()
    ['workload (barrier); training (facilitator)', 'workload (facilitator)']
    """
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
    """Theme × study: ``barrier``, ``facilitator``, ``both`` or empty; shared themes first.

    Parameters
    ----------
    rows : pandas.DataFrame
        Coded rows (:func:`load_rows`); only those of kind barrier or facilitator count.

    Returns
    -------
    pandas.DataFrame
        Columns ``theme``, one per study and ``n_studies`` (how many studies report the
        theme); sorted by ``n_studies`` (descending), then theme.

    Examples
    --------
    >>> rows = pd.DataFrame(
    ...     {
    ...         "study": ["A", "A", "B"],
    ...         "theme": ["workload", "training", "workload"],
    ...         "kind": ["barrier", "facilitator", "facilitator"],
    ...     }
    ... )
    >>> barrier_facilitator_matrix(rows)
          theme            A            B  n_studies
    0  workload      barrier  facilitator          2
    1  training  facilitator                       1
    """
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
    """What each study could and could not measure per RE-AIM dimension, and what is not coded.

    Parameters
    ----------
    rows : pandas.DataFrame
        Coded rows (:func:`load_rows`).

    Returns
    -------
    table : pandas.DataFrame
        Indexed by the five RE-AIM dimensions, one column per study: the findings of the rows
        with theme ``measurement``, joined, or ``not coded``.
    missing : list of tuple of str
        The ``(study, dimension)`` pairs, context included, with no coded row at all.

    Examples
    --------
    >>> rows = pd.DataFrame(
    ...     {
    ...         "study": ["A", "B"],
    ...         "re_aim_dimension": ["adoption", "reach"],
    ...         "theme": ["workload", "measurement"],
    ...         "finding": ["No time for the sessions.", "Only counts of participants."],
    ...     }
    ... )
    >>> table, missing = measurement_table(rows)
    >>> table.loc["Reach"].tolist()
    ['not coded', 'Only counts of participants.']
    >>> missing[:2]
    [('A', 'context'), ('A', 'reach')]
    """
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

    Parameters
    ----------
    hours_per_course_day : float, default 6.0
        Hours of one Swedish course, seminar or summary day.
    hours_per_workshop : float, default 3.0
        Hours of one Norwegian basic workshop.
    prestart_share_fortnightly : float, default 0.5
        Share (0–1) of the Norwegian pre-start months with a session every other week.
    norway_intervention_start : str, default "2017-09"
        Month (YYYY-MM) the Norwegian intervention, and its three-weekly supervision, began.
    norway_supervision_end : str, default ""
        Month (YYYY-MM) the monthly supervision ended; empty for the printed end of the
        questionnaire period.

    Returns
    -------
    pandas.DataFrame
        One row per study, group and component: ``study, group, phase, component, sessions,
        hours_per_session, hours, assumption, number_ids``, where ``sessions`` may be
        fractional and ``hours = sessions * hours_per_session``.

    Raises
    ------
    ValueError
        For hours that are not positive, a share outside [0, 1], a month not written YYYY-MM,
        or a start after (an end before) the printed reduction month.

    Notes
    -----
    With ``w = 52 / 12`` weeks per month and ``months(a, b)`` the whole months from a to b::

        pre-start sessions = pre-start months * w * (share / i_initial + (1 - share) / i_adjusted)
        three-weekly       = months(start, reduction) * w / i_supervision
        monthly            = months(reduction, end) / i_reduced

    where the intervals are the printed ones: ``i_initial`` and ``i_adjusted`` (2 and 3 weeks),
    ``i_supervision`` (3 weeks) and ``i_reduced`` (1 month).

    Examples
    --------
    >>> dose = training_dose()
    >>> dose.loc[dose["study"] == NORWAY, ["component", "sessions", "hours"]].round(2)
                          component  sessions  hours
    4               basic workshops      2.00   6.00
    5   pre-start training sessions     10.83  32.50
    6  supervision every third week     15.89  47.67
    7           monthly supervision     15.00  45.00
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
            "norway_intervention_start must not be later than the printed reduction "
            f"({reduced[0]}-{reduced[1]:02d})"
        )
    if _months_between(reduced, end) < 0:
        raise ValueError(
            "norway_supervision_end must not be earlier than the printed reduction "
            f"({reduced[0]}-{reduced[1]:02d})"
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
            f"{100 * share:g} % of the pre-start months fortnightly, the rest every third week; "
            "52/12 weeks a month",
            "no_txt_pre_start_training_months no_txt_pre_start_session_hours "
            "no_txt_pre_start_interval_initial no_txt_pre_start_interval_adjusted",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "during delivery",
            "supervision every third week",
            three_weekly,
            number("no_txt_supervision_session_hours"),
            f"from {start[0]}-{start[1]:02d} (assumed start) to {reduced[0]}-{reduced[1]:02d}",
            "no_txt_supervision_session_hours no_txt_supervision_interval_weeks "
            "no_txt_supervision_reduced_year",
        ),
        (
            NORWAY,
            "MI caseworkers",
            "during delivery",
            "monthly supervision",
            monthly,
            number("no_txt_supervision_reduced_session_hours"),
            f"from {reduced[0]}-{reduced[1]:02d} to {end[0]}-{end[1]:02d}",
            "no_txt_supervision_reduced_year no_txt_supervision_reduced_session_hours "
            "no_txt_supervision_reduced_interval no_txt_questionnaire_period_end_year",
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
    """Training hours per study and group, summed over the components of :func:`training_dose`.

    Parameters
    ----------
    dose : pandas.DataFrame
        The result of :func:`training_dose`.

    Returns
    -------
    dict
        ``se_official_hours``, ``se_coach_hours``, ``se_manager_hours``; for the Norwegian
        caseworkers ``no_before_hours`` (before delivery), ``no_during_hours`` and
        ``no_total_hours``; and ``no_prestart_sessions``, the number of pre-start sessions.

    Examples
    --------
    >>> totals = dose_totals(training_dose())
    >>> totals["se_official_hours"], totals["se_coach_hours"], round(totals["no_total_hours"], 2)
    (24.0, 42.0, 131.17)
    """

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
    """Ståhl & Gustavsson 2018, Table 1: the interviewees, one row per period × role.

    A role the table does not list in a period is kept with n = 0 and ``printed`` = no.

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (as printed), ``year``, ``role``, ``n``, ``printed`` (``yes`` or
        ``no``) and ``number_id`` (empty for a role not printed).

    Examples
    --------
    >>> swedish_table1()[["year", "role", "n", "printed"]]
       year                   role   n printed
    0  2013          Unit managers  20     yes
    1  2013  Regional coordinators   4     yes
    2  2013              Officials  24     yes
    3  2014          Unit managers   5     yes
    4  2014  Regional coordinators   0      no
    5  2014              Officials  16     yes
    """
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
    """Who each study heard from, with the numbers computed from the published ids.

    Parameters
    ----------
    se_table : pandas.DataFrame
        The Swedish interviewees, :func:`swedish_table1`.

    Returns
    -------
    pandas.DataFrame
        Columns ``study, data, n, note, number_ids``: the Swedish interview rounds and their
        sum, the Norwegian focus groups, coded sessions and questionnaire respondents.

    Examples
    --------
    >>> participants(swedish_table1())[["data", "n"]]
                              data    n
    0      interviews, first round   48
    1     interviews, second round   21
    2      interviews, both rounds   69
    3     focus-group participants    7
    4  MI sessions coded with MITI   20
    5    questionnaire respondents  112
    """
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
            f"of {completed} workers who completed both sessions "
            f"({100 * answered / completed:.1f} %)",
            "no_txt_questionnaire_respondents no_txt_completed_both_sessions",
        ),
    ]
    return pd.DataFrame(records, columns=["study", "data", "n", "note", "number_ids"])


def timeline(
    norway_intervention_start: str = "2017-09", norway_supervision_end: str = ""
) -> pd.DataFrame:
    """Activities of each study on a decimal-year axis, from the published dates.

    Parameters
    ----------
    norway_intervention_start : str, default "2017-09"
        Month (YYYY-MM) the Norwegian intervention began (the article does not print it).
    norway_supervision_end : str, default ""
        Month (YYYY-MM) the monthly supervision ended; empty for the printed end of the
        questionnaire period.

    Returns
    -------
    pandas.DataFrame
        Columns ``study, activity, start, end, basis``: ``start`` and ``end`` as decimal years
        (``year + (month - 1) / 12``; an end month counts in full), ``basis`` says whether the
        span is printed or assumed.

    Raises
    ------
    ValueError
        For a month not written YYYY-MM.

    Examples
    --------
    >>> line = timeline()
    >>> line.loc[line["study"] == NORWAY, ["activity", "start", "end"]].round(2).head(3)
                                  activity    start      end
    2  basic workshops (early in the year)  2017.00  2017.25
    3                   pre-start training  2017.17  2017.67
    4         supervision every third week  2017.67  2018.58
    """
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
