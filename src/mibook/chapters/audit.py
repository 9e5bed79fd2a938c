"""The audit chapter (``notebooks/audit.ipynb``): consistency checks, ledger and glued numbers.

The consistency checks of the published numbers and statements (:mod:`mibook.analysis.audit`),
grouped into distinct problems; the reproduction ledger (:mod:`mibook.analysis.ledger`); the
GRIM figure; the sentences that depend on the verdicts (:func:`problem_notes`,
:func:`agreements_note`); and the numbers the prose glues.
"""

from __future__ import annotations

import pandas as pd

from mibook import checks as cc
from mibook import figures, markup, published
from mibook.analysis import ledger
from mibook.analysis.audit import (
    COLUMNS,
    PROBLEM_COLUMNS,
    printed_twice,
    problems,
    run_audit,
    verdict_summary,
)
from mibook.chapters import labels
from mibook.chapters.page_table import PageTable, shown
from mibook.files import write_table
from mibook.published.reading import SWEDISH_SUMS, statements

#: The Table 3 means the GRIM figure marks: (label, variable, items per session score).
GRIM_FIGURE_MEANS = (
    ("change talk", "cultivating_change_talk", 1),
    ("sustain talk", "softening_sustain_talk", 1),
    ("partnership", "partnership", 1),
    ("empathy", "empathy", 1),
    ("technical", "technical", 2),
    ("relational", "relational", 2),
)


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
    problems_found = []
    if not isinstance(output_dir, str) or not output_dir:
        problems_found.append("output_dir must be a non-empty folder name")
    if not isinstance(n_sessions, int) or isinstance(n_sessions, bool) or n_sessions < 2:
        problems_found.append(f"n_sessions must be an integer >= 2, not {n_sessions!r}")
    if sd_divisor not in ("n-1", "n"):
        problems_found.append(f"sd_divisor must be 'n-1' or 'n', not {sd_divisor!r}")
    if rounding not in cc.ROUNDING_RULES:
        problems_found.append(
            f"rounding must be one of {', '.join(cc.ROUNDING_RULES)}, not {rounding!r}"
        )
    if problems_found:
        raise ValueError("; ".join(problems_found))


def _tests_in_words(tests: str) -> str:
    """``"grim, grimmer, composite"`` as ``"GRIM, GRIMMER, composite score"``."""
    names = [labels.label(t, labels.TESTS) for t in tests.split(", ") if t]
    return ", ".join(n if n.isupper() else n[:1].lower() + n[1:] for n in names)


def summary_display(summary: pd.DataFrame) -> PageTable:
    """The verdicts per test as the chapter shows them: tests and verdicts in words.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`mibook.analysis.audit.verdict_summary`.

    Returns
    -------
    PageTable
        Indexed by ``Test`` (its name, ``All tests`` last); one column per verdict.

    Examples
    --------
    >>> shown = summary_display(verdict_summary(run_audit()))
    >>> shown.columns.tolist(), shown.index[-2:].tolist()
    (['Consistent', 'Inconsistent', 'Not testable'], ['Statements', 'All tests'])
    """
    table = summary.rename(
        index=lambda t: labels.label(t, labels.TESTS),
        columns=lambda v: labels.label(v, labels.VERDICTS),
    )
    table.index.name = "Test"
    table.columns.name = None
    return shown(table)


def problems_display(table: pd.DataFrame) -> PageTable:
    """The problems table as the chapter shows it: one row per problem, in words.

    The check ids are left out: the notes under the table list each problem's checks, and
    ``problems.csv`` keeps them.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`mibook.analysis.audit.problems`.

    Returns
    -------
    PageTable
        Indexed by ``Problem``; columns ``Kind``, ``Where``, ``Tests that failed`` (by name)
        and ``Checks`` (how many).

    Examples
    --------
    >>> shown = problems_display(problems(run_audit()))
    >>> shown.columns.tolist()
    ['Kind', 'Where', 'Tests that failed', 'Checks']
    >>> shown.index[0], shown.loc["P3", "Tests that failed"]
    ('P1', 'GRIM, GRIMMER, composite score')
    """
    out = pd.DataFrame(
        {
            "Problem": table["problem"],
            "Kind": [labels.label(k, labels.PROBLEM_KINDS) for k in table["kind"]],
            "Where": table["where"],
            "Tests that failed": [_tests_in_words(t) for t in table["tests"]],
            "Checks": table["n_checks"],
        }
    )
    return shown(out.set_index("Problem"))


def problem_notes(audit: pd.DataFrame, table: pd.DataFrame) -> str:
    """Every problem with the arithmetic or the reading of each of its checks, as MyST Markdown.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`mibook.analysis.audit.run_audit`.
    table : pandas.DataFrame
        :func:`mibook.analysis.audit.problems` of that audit.

    Returns
    -------
    str
        One bold line per problem (its id and where it is), then one bullet per check with the
        name of its test, the check's id (as code, the key of its row in ``consistency.csv``)
        and its detail, any code in it put into words (:func:`mibook.chapters.labels.in_words`);
        text escaped (:func:`mibook.markup.text`). A sentence saying so when no check failed.

    Examples
    --------
    >>> audit = run_audit()
    >>> notes = problem_notes(audit, problems(audit))
    >>> print(notes.splitlines()[0])
    **P1\\. Foldal et al\\. 2021\\, Table 1\\: Sick leave length \\(a\\)\\.**
    >>> print(notes.splitlines()[2].split(":")[0])
    * Percent from count (`percent__no_t1_sick_leave_length_lt_2m_pct`)
    >>> problem_notes(audit.iloc[:0], problems(audit.iloc[:0]))
    'No check is inconsistent under these assumptions.'
    """
    if table.empty:
        return "No check is inconsistent under these assumptions."
    by_id = audit.set_index("check_id")
    blocks = []
    for row in table.itertuples():
        where = row.where if row.where[-1:] in ".?!" else f"{row.where}."
        lines = [f"**{markup.text(f'{row.problem}. {where}')}**", ""]
        for check_id in row.check_ids.split("; "):
            check = by_id.loc[check_id]
            lines.append(
                f"* {markup.text(labels.label(check['test'], labels.TESTS))} "
                f"({markup.code(check_id)}): {markup.text(labels.in_words(check['detail']))}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def tensions_display(audit: pd.DataFrame) -> PageTable:
    """The pairs of statements that can both be true only under an unstated assumption.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`mibook.analysis.audit.run_audit`.

    Returns
    -------
    PageTable
        Columns ``Where`` (both locations) and ``What would have to hold`` (the reading of the
        pair, from ``statements.csv``), one row per ``statement`` check whose verdict is
        consistent, in the audit's order; the check ids stay in ``consistency.csv``.

    Examples
    --------
    >>> shown = tensions_display(run_audit())
    >>> shown.columns.tolist()
    ['Where', 'What would have to hold']
    >>> shown.iloc[0, 0]
    'Foldal et al. 2021, Materials and Methods: The Interventions vs Table 1'
    """
    pairs = statements().set_index("statement_id")
    part = audit[(audit["test"] == "statement") & (audit["verdict"] == "consistent")]
    conflict = [pairs.loc[c.removeprefix("statement__"), "conflict"] for c in part["check_id"]]
    return shown(pd.DataFrame({"Where": list(part["source"]), "What would have to hold": conflict}))


def agreements_note(audit: pd.DataFrame, rounding: str) -> str:
    """The figures printed twice that agree, said with the verdicts of this run, as Markdown.

    The text's and Table 1's mean age (and whether rounding the text's figure again would give
    the table's), and the Swedish interview counts of the Methods against Table 1.

    Parameters
    ----------
    audit : pandas.DataFrame
        :func:`mibook.analysis.audit.run_audit`.
    rounding : str
        The rule the audit ran with.

    Returns
    -------
    str
        Two paragraphs of Markdown.

    Examples
    --------
    >>> print(agreements_note(run_audit(), "either").split(";")[0])
    **The mean age, printed twice.** The text gives 45\\.5 years and Table 1 prints 45
    """
    v = published.value
    by_id = audit.set_index("check_id")
    text_age, table_age = v("no_txt_age_mean"), v("no_t1_age_mean")
    age_text = (
        f"**The mean age, printed twice.** The text gives {markup.text(text_age)} years and "
        f"Table 1 prints {markup.text(table_age)}; the audit reads both as roundings of one "
        f"unrounded mean, under the rule {markup.code(rounding)}. "
        + markup.text(printed_twice(text_age, table_age, rounding))
    )
    swedish = []
    for table_id, text_ids in SWEDISH_SUMS.items():
        check_id = f"sum__{table_id}" if len(text_ids) > 1 else f"text_vs_table__{table_id}"
        if check_id not in by_id.index:
            continue
        row = published.numbers().set_index("id").loc[table_id]
        parts = " + ".join(v(t) for t in text_ids)
        role = row["column_label"].split(": ")[-1].lower()
        verdict = labels.label(by_id.loc[check_id, "verdict"], labels.VERDICTS).lower()
        swedish.append(
            f"{markup.text(role)}: {markup.text(parts)} against {row['value']} ({verdict})"
        )
    swedish_text = (
        "**Swedish interviewees.** The Methods of the Swedish article count the interviewees of "
        "the first round by role; against the counts of its Table 1 for the same period: "
        + "; ".join(swedish)
        + "."
    )
    return age_text + "\n\n" + swedish_text


def ledger_counts_display(book_ledger: pd.DataFrame) -> PageTable:
    """How many published numbers have each status of the ledger, the statuses in words.

    Parameters
    ----------
    book_ledger : pandas.DataFrame
        :func:`mibook.analysis.ledger.build_ledger`.

    Returns
    -------
    PageTable
        Indexed by ``Status``; one column ``Numbers``.

    Examples
    --------
    >>> for status, n in ledger_counts_display(ledger.build_ledger())["Numbers"].items():
    ...     print(f"{status}: {n}")
    Reproduced: 92
    Reproduced under an assumption: 3
    Not reproducible: 11
    Cannot be computed: 127
    """
    counts = ledger.status_counts(book_ledger)
    return shown(
        pd.DataFrame(
            {
                "Status": [labels.label(s, labels.LEDGER_STATUSES) for s in counts["status"]],
                "Numbers": counts["numbers"],
            }
        ).set_index("Status")
    )


def ledger_display(book_ledger: pd.DataFrame) -> PageTable:
    """The reproduction ledger as a reader's table: where, what, both values, status, reason.

    The number ids stay in ``ledger.csv``; the article and its location are one column, the
    status and the reason are in words (:func:`mibook.chapters.labels.in_words`).

    Parameters
    ----------
    book_ledger : pandas.DataFrame
        :func:`mibook.analysis.ledger.build_ledger`.

    Returns
    -------
    PageTable
        Columns ``Where``, ``Number``, ``Printed``, ``Recomputed``, ``Status`` and ``Reason``,
        one row per published number in the ledger's order.

    Examples
    --------
    >>> shown = ledger_display(ledger.build_ledger())
    >>> shown.columns.tolist()
    ['Where', 'Number', 'Printed', 'Recomputed', 'Status', 'Reason']
    >>> shown.iloc[2].tolist()[:2], shown.iloc[2]["Status"]
    (['Foldal et al. 2021, Table 1', 'Gender: Female n (%) — %'], 'Reproduced under an assumption')
    """
    where = [
        f"{labels.label(a, labels.ARTICLE_NAMES)}, {place}"
        for a, place in zip(book_ledger["article"], book_ledger["location"])
    ]
    return shown(
        pd.DataFrame(
            {
                "Where": where,
                "Number": book_ledger["label"].to_numpy(),
                "Printed": book_ledger["reported"].to_numpy(),
                "Recomputed": book_ledger["recomputed"].to_numpy(),
                "Status": [labels.label(s, labels.LEDGER_STATUSES) for s in book_ledger["status"]],
                "Reason": [labels.in_words(r) for r in book_ledger["reason"]],
            }
        )
    )


def chapter(output_dir="tables", n_sessions=20, sd_divisor="n-1", rounding="either") -> dict:
    """Everything the audit chapter shows: tables, the figure and the numbers it glues.

    Runs the consistency audit and builds the ledger on the book's data, writes
    ``consistency.csv``, ``problems.csv`` and ``ledger.csv`` to ``output_dir`` and draws the
    GRIM figure of Table 3's ratings and composites.

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
        ``audit`` (:func:`mibook.analysis.audit.run_audit`), ``summary`` (verdicts per test,
        :func:`summary_display`), ``problems`` (:func:`mibook.analysis.audit.problems`),
        ``problems_display``, ``problem_notes``, ``tensions`` (:func:`tensions_display`),
        ``agreements`` (:func:`agreements_note`), ``ledger`` (``ledger.csv``),
        ``ledger_display`` (:func:`ledger_display`), ``ledger_counts`` (by status,
        :func:`ledger_counts_display`), ``figure`` (:func:`mibook.figures.grim_strip`) and
        ``numbers`` (the values the prose glues, by name).

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
    ['consistency.csv', 'ledger.csv', 'problems.csv']
    >>> numbers = result["numbers"]
    >>> numbers["n_checks"], numbers["n_inconsistent"], numbers["n_problems"]
    (111, 18, 10)
    >>> plt.close(result["figure"])
    """
    validate_parameters(output_dir, n_sessions, sd_divisor, rounding)
    result = run_audit(n_sessions=n_sessions, sd_divisor=sd_divisor, rounding=rounding)
    grouped = problems(result)
    book_ledger = ledger.build_ledger()
    write_table(result[COLUMNS], output_dir, "consistency.csv")
    write_table(grouped[PROBLEM_COLUMNS], output_dir, "problems.csv")
    write_table(book_ledger, output_dir, "ledger.csv")
    counts = result["verdict"].value_counts()
    status = book_ledger["status"].value_counts()
    v = published.value
    reported = pd.DataFrame(
        {
            "label": [label for label, _, _ in GRIM_FIGURE_MEANS],
            "mean": [v(f"no_t3_{m}_mean") for _, m, _ in GRIM_FIGURE_MEANS],
            "items": [items for _, _, items in GRIM_FIGURE_MEANS],
        }
    )
    figures.use_book_style()
    fig = figures.grim_strip(reported, n_sessions, rounding=rounding)
    stated = result[result["test"] == "statement"]
    kinds = grouped["kind"].value_counts()
    g = {
        "n_checks": len(result),
        "n_consistent": int(counts.get("consistent", 0)),
        "n_inconsistent": int(counts.get("inconsistent", 0)),
        "n_not_testable": int(counts.get("not_testable", 0)),
        "n_debit": int((result["test"] == "debit").sum()),
        "n_problems": len(grouped),
        "n_problems_arithmetic": int(
            kinds.get("arithmetic", 0) + kinds.get("arithmetic and statement", 0)
        ),
        "n_problems_restated": int(kinds.get("arithmetic and statement", 0)),
        "n_problems_statement": int(kinds.get("statement", 0)),
        "n_statements": len(stated),
        "n_contradictions": int((stated["verdict"] == "inconsistent").sum()),
        "n_tensions": int((stated["verdict"] == "consistent").sum()),
        "n_numbers": len(book_ledger),
        **{f"ledger_{s}": int(status.get(s, 0)) for s in ledger.STATUSES},
        "n_sessions": n_sessions,
        "sd_divisor": sd_divisor,
        "rounding": rounding,
    }
    return {
        "audit": result,
        "summary": summary_display(verdict_summary(result)),
        "problems": grouped,
        "problems_display": problems_display(grouped),
        "problem_notes": problem_notes(result, grouped),
        "tensions": tensions_display(result),
        "agreements": agreements_note(result, rounding),
        "ledger": book_ledger,
        "ledger_display": ledger_display(book_ledger),
        "ledger_counts": ledger_counts_display(book_ledger),
        "figure": fig,
        "numbers": g,
    }
