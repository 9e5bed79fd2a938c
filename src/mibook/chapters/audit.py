"""The audit chapter (``notebooks/audit.ipynb``): consistency checks, ledger and glued numbers.

The consistency checks of the published numbers (:mod:`mibook.analysis.audit`), the
reproduction ledger (:mod:`mibook.analysis.ledger`), the GRIM figure, and the numbers its prose
glues.
"""

from __future__ import annotations

import pandas as pd

from mibook import checks as cc
from mibook import figures, published
from mibook.analysis import ledger
from mibook.analysis.audit import COLUMNS, _category_counts, run_audit, verdict_summary
from mibook.files import write_table


def validate_parameters(
    output_dir="tables", n_sessions=20, sd_divisor="n-1", rounding="either"
) -> None:
    """Refuse parameter values the chapter cannot use (``ValueError`` saying what is expected).

    Parameters
    ----------
    output_dir : str, default "tables"
        Folder for the chapter's tables.
    n_sessions : int, default 20
        Number of coded sessions behind Table 3.
    sd_divisor : {"n-1", "n"}, default "n-1"
        How the printed SDs were computed.
    rounding : str, default "either"
        A rule of :data:`mibook.checks.ROUNDING_RULES`.

    Raises
    ------
    ValueError
        Naming every parameter that cannot be used, separated by ``;``.

    Examples
    --------
    >>> validate_parameters(n_sessions=20)
    >>> validate_parameters(output_dir="", sd_divisor="N")
    Traceback (most recent call last):
    ...
    ValueError: output_dir must be a non-empty folder name; sd_divisor must be 'n-1' or 'n', not 'N'
    """
    problems = []
    if not isinstance(output_dir, str) or not output_dir:
        problems.append("output_dir must be a non-empty folder name")
    if not isinstance(n_sessions, int) or isinstance(n_sessions, bool) or n_sessions < 2:
        problems.append(f"n_sessions must be an integer >= 2, not {n_sessions!r}")
    if sd_divisor not in ("n-1", "n"):
        problems.append(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    if rounding not in cc.ROUNDING_RULES:
        problems.append(f"rounding must be one of {', '.join(cc.ROUNDING_RULES)}, not {rounding!r}")
    if problems:
        raise ValueError("; ".join(problems))


def chapter(output_dir="tables", n_sessions=20, sd_divisor="n-1", rounding="either") -> dict:
    """Everything the audit chapter shows: tables, the figure and the numbers it glues.

    Runs the consistency audit and builds the ledger on the book's data, writes
    ``consistency.csv`` and ``ledger.csv`` to ``output_dir`` and draws the GRIM figure of
    Table 3's ratings and composites.

    Parameters
    ----------
    output_dir : str, default "tables"
        Folder for the chapter's tables; created if missing.
    n_sessions : int, default 20
        Number of coded sessions behind Table 3.
    sd_divisor : {"n-1", "n"}, default "n-1"
        How the printed SDs were computed.
    rounding : str, default "either"
        A rule of :data:`mibook.checks.ROUNDING_RULES`.

    Returns
    -------
    dict
        ``audit`` (:func:`mibook.analysis.audit.run_audit`), ``summary`` (verdicts per test),
        ``inconsistent`` (the inconsistent checks, by id), ``ledger``, ``ledger_counts`` (by
        status), ``figure`` (:func:`mibook.figures.grim_strip`) and ``numbers`` (the values the
        prose glues, by name).

    Raises
    ------
    ValueError
        For parameters the chapter cannot use (:func:`validate_parameters`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import matplotlib.pyplot as plt
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = chapter(output_dir=folder)
    ...     print(sorted(path.name for path in Path(folder).iterdir()))
    ['consistency.csv', 'ledger.csv']
    >>> result["numbers"]["n_checks"], result["numbers"]["n_inconsistent"]
    (90, 13)
    >>> plt.close(result["figure"])
    """
    validate_parameters(output_dir, n_sessions, sd_divisor, rounding)
    result = run_audit(n_sessions=n_sessions, sd_divisor=sd_divisor, rounding=rounding)
    book_ledger = ledger.build_ledger()
    write_table(result[COLUMNS], output_dir, "consistency.csv")
    write_table(book_ledger, output_dir, "ledger.csv")
    by_id = result.set_index("check_id")
    counts = result["verdict"].value_counts()
    status = book_ledger["status"].value_counts()
    v = published.value
    reported = pd.DataFrame(
        {
            "label": [
                "change talk",
                "sustain talk",
                "partnership",
                "empathy",
                "technical",
                "relational",
            ],
            "mean": [
                v(f"no_t3_{m}_mean")
                for m in (
                    "cultivating_change_talk",
                    "softening_sustain_talk",
                    "partnership",
                    "empathy",
                    "technical",
                    "relational",
                )
            ],
            "items": [1, 1, 1, 1, 2, 2],
        }
    )
    figures.use_book_style()
    fig = figures.grim_strip(reported, n_sessions, rounding=rounding)
    sick = _category_counts(published.numbers(), published.NORWAY, "Table 1", "sick_leave_length")
    g = {
        "n_checks": len(result),
        "n_consistent": int(counts.get("consistent", 0)),
        "n_inconsistent": int(counts.get("inconsistent", 0)),
        "n_not_testable": int(counts.get("not_testable", 0)),
        "n_debit": int((result["test"] == "debit").sum()),
        "n_numbers": len(book_ledger),
        **{f"ledger_{s}": int(status.get(s, 0)) for s in ledger.STATUSES},
        "n_sessions": n_sessions,
        "sd_divisor": sd_divisor,
        "rounding": rounding,
        "sick_sum": sum(sick.values()),
        "n_total": int(v("no_t1_n_total")),
        "agree_count": int(v("no_t2_satisfaction_4_n")),
        "agree_den": int(v("no_t2_satisfaction_denominator")),
        "agree_pct": v("no_t2_satisfaction_4_pct"),
        "agree_exact": 100
        * int(v("no_t2_satisfaction_4_n"))
        / int(v("no_t2_satisfaction_denominator")),
        "higher_text": v("no_txt_higher_education_pct"),
        "higher_a": v("no_t1_education_higher_up_to_3_years_pct"),
        "higher_b": v("no_t1_education_higher_over_3_years_pct"),
        "higher_n": int(v("no_t1_education_higher_up_to_3_years_n"))
        + int(v("no_t1_education_higher_over_3_years_n")),
        "age_text": v("no_txt_age_mean"),
        "age_table": v("no_t1_age_mean"),
        "age_verdict": by_id.loc["text_vs_table__no_txt_age_mean", "verdict"].replace("_", " "),
        "tech_mean": v("no_t3_technical_mean"),
        "ct_mean": v("no_t3_cultivating_change_talk_mean"),
        "st_mean": v("no_t3_softening_sustain_talk_mean"),
        "tech_implied": (
            float(v("no_t3_cultivating_change_talk_mean"))
            + float(v("no_t3_softening_sustain_talk_mean"))
        )
        / 2,
        "tech_low": float(
            cc.composite_check(
                [v("no_t3_cultivating_change_talk_mean"), v("no_t3_softening_sustain_talk_mean")],
                v("no_t3_technical_mean"),
                rounding=rounding,
            ).implied.lo
        ),
        "tech_high": float(
            cc.composite_check(
                [v("no_t3_cultivating_change_talk_mean"), v("no_t3_softening_sustain_talk_mean")],
                v("no_t3_technical_mean"),
                rounding=rounding,
            ).implied.hi
        ),
        "higher_table_pct": 100
        * (
            int(v("no_t1_education_higher_up_to_3_years_n"))
            + int(v("no_t1_education_higher_over_3_years_n"))
        )
        / int(v("no_t1_n_total")),
        "step_one": 1 / n_sessions,
        "step_two": 1 / (2 * n_sessions),
        "lt2m_pct": v("no_t1_sick_leave_length_lt_2m_pct"),
        "lt2m_n": sick.get("lt_2m", 0),
        "lt2m_exact_n": 100 * sick.get("lt_2m", 0) / int(v("no_t1_n_total")),
        "lt2m_exact_counted": 100 * sick.get("lt_2m", 0) / max(sum(sick.values()), 1),
        "se_managers": int(v("se_t1_2013_unit_managers_n")),
        "se_managers_a": int(v("se_txt_first_set_unit_managers_offices")),
        "se_managers_b": int(v("se_txt_first_set_unit_managers_other")),
    }
    inconsistent = result[result["verdict"] == "inconsistent"][
        ["check_id", "source", "reported", "n", "test", "detail"]
    ]
    return {
        "audit": result,
        "summary": verdict_summary(result),
        "inconsistent": inconsistent.set_index("check_id"),
        "ledger": book_ledger,
        "ledger_counts": ledger.status_counts(book_ledger).set_index("status"),
        "figure": fig,
        "numbers": g,
    }
