"""What the re-analysis found, in sentences made from the numbers.

Two uses, one source:

* **Each chapter's answer.** Every analysis chapter opens, right under its title, with its answer
  in two or three sentences (:func:`sample_characteristics`, :func:`satisfaction_timing`,
  :func:`miti_fidelity`, :func:`comparison`, :func:`audit`; each returns an :class:`Opening`).
* **The book's first page.** Each chapter also glues its findings about the two articles as
  plain sentences (:attr:`Opening.glued`); the first page (``book/intro.md``) pastes them from
  the executed notebooks with myst-nb's cross-document glue (``{glue:text}`` with
  ``notebook.ipynb::key:s``), each followed by a link to the section that shows it.

Every sentence is made from the numbers, never typed around them, and is worded for whatever the
numbers are: a finding that corrected published numbers would undo turns into the sentence that
says so (the sick-leave rows adding up, every percent following from its count, and so on).
Sentences about the articles read ``data/published/`` only, so they hold whatever file a user
runs a chapter on; sentences about a chapter's data read its numbers.

The finding sentences are plain text: myst-nb pastes a glued string as text, not as markup. The
openings are MyST Markdown in which every sentence is escaped (:func:`mibook.markup.text`),
since a sentence may carry a user's theme label or item wording.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from mibook import checks as cc
from mibook import markup, published
from mibook.analysis.audit import ARTICLES
from mibook.checks.rounding import round_half_up
from mibook.inputs.contracts import MITI_GLOBALS
from mibook.inputs.miti_scores import LABELS as MITI_LABELS
from mibook.published.printing import label, question, response_label
from mibook.published.reading import EARLIER, N_SESSIONS, TEXT_GROUPS

#: How the findings name each article (``data/published/numbers.csv``'s article codes).
ARTICLE_WORDS = {published.NORWAY: "the Norwegian article", published.SWEDEN: "the Swedish article"}


@dataclass
class Opening:
    """A chapter's answer and the findings it glues for the book's first page.

    Attributes
    ----------
    text : str
        MyST Markdown: :data:`LEAD`, then the answer in two or three sentences, every one
        escaped.
    glued : dict of str to str
        Finding sentences (plain text) by glue key; the chapter glues them and the first page
        pastes them.
    """

    text: str
    glued: dict = field(default_factory=dict)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")


def _listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _clauses(parts: Sequence[str]) -> str:
    """Clauses joined as a series: ``a``, ``a and b``, ``a, b, and c`` (a clause may hold "and")."""
    parts = list(parts)
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _fits(count: int, denominator: int, printed: str) -> bool:
    """Whether ``count/denominator`` prints as ``printed`` % under some round-to-nearest rule."""
    return denominator > 0 and bool(cc.percent_from_count(count, denominator, printed).consistent)


#: How every chapter's answer begins, so that a reader sees where the answer ends.
LEAD = "**In short.**"


def _markdown(sentences: Sequence[str]) -> str:
    return " ".join([LEAD, *(markup.text(s) for s in sentences if s)])


# --------------------------------------------------------------------------- the audit


def problems_sentence(
    n_checks: int, n_inconsistent: int, problems_by_article: Mapping[str, int]
) -> str:
    """How many checks of the two articles fail and how many distinct problems they make.

    Parameters
    ----------
    n_checks : int
        Checks the audit ran.
    n_inconsistent : int
        Checks that failed.
    problems_by_article : mapping of str to int
        Distinct problems per article, by how the sentence names the article (``"the Norwegian
        article"``); a problem in both articles counts for each.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> print(problems_sentence(111, 18, {"the Norwegian article": 10}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Of the 111 checks the audit ran on the numbers and statements of the two articles, 18 fail,
    and they come down to 10 distinct problems, all of them in the Norwegian article.
    >>> print(problems_sentence(40, 0, {}))  # doctest: +NORMALIZE_WHITESPACE
    None of the 40 checks the audit ran on the numbers and statements of the two articles fails.
    >>> print(problems_sentence(9, 3, {"the Norwegian article": 1, "the Swedish article": 1}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Of the 9 checks the audit ran on the numbers and statements of the two articles, 3 fail, and
    they come down to 2 distinct problems: 1 in the Norwegian article and 1 in the Swedish article.
    """
    ran = f"the {n_checks} {_plural(n_checks, 'check')} the audit ran on the numbers and "
    ran += "statements of the two articles"
    if not n_inconsistent:
        return f"None of {ran} fails."
    n_problems = max(sum(problems_by_article.values()), 1)
    where = [(n, name) for name, n in problems_by_article.items() if n]
    head = (
        f"Of {ran}, {n_inconsistent} {_plural(n_inconsistent, 'fails', 'fail')}, and "
        f"{_plural(n_inconsistent, 'it comes', 'they come')} down to {n_problems} distinct "
        f"{_plural(n_problems, 'problem')}"
    )
    if len(where) == 1:
        return head + (
            f", all of them in {where[0][1]}." if n_problems > 1 else f", in {where[0][1]}."
        )
    return head + ": " + _listing([f"{n} in {name}" for n, name in where]) + "."


def _problem_articles(problems: pd.DataFrame) -> dict[str, int]:
    """Distinct problems per article, named as the sentences name them, from ``where``."""
    out: dict[str, int] = {}
    for where in problems["where"]:
        for code, name in ARTICLES.items():
            if name in where:
                words = ARTICLE_WORDS.get(code, name)
                out[words] = out.get(words, 0) + 1
    return out


def sick_leave_sentence(
    counts: Mapping[str, int], stated_total: int, printed: Mapping[str, str]
) -> str:
    """Whether the sick-leave rows of the Norwegian Table 1 add up to the table's N.

    Parameters
    ----------
    counts : mapping of str to int
        Printed count per sick-leave category, in printed order.
    stated_total : int
        The N the table states.
    printed : mapping of str to str
        Printed percent per category (categories without one may be absent).

    Returns
    -------
    str
        One plain sentence; when the rows do not add up, it names the first printed percent
        that fits the rows' own total but not the stated one, if any.

    Examples
    --------
    >>> rows = {"lt_2m": 53, "2_4m": 38, "4_6m": 14, "6_8m": 3, "gt_8m": 3}
    >>> print(sick_leave_sentence(rows, 112, {"lt_2m": "48", "2_4m": "34"}))
    ... # doctest: +NORMALIZE_WHITESPACE
    In the Norwegian Table 1, the sick-leave rows add up to 111 people, not the 112 the table
    describes, and the 48 % printed for “Less than 2 months” is 53 of 111, not of 112.
    >>> print(sick_leave_sentence({**rows, "gt_8m": 4}, 112, {"lt_2m": "47"}))
    In the Norwegian Table 1, the sick-leave rows add up to the 112 people the table describes.
    """
    added = sum(counts.values())
    rows = "In the Norwegian Table 1, the sick-leave rows add up to"
    if added == stated_total:
        return f"{rows} the {stated_total} people the table describes."
    sentence = f"{rows} {added} people, not the {stated_total} the table describes"
    for category, pct in printed.items():
        n = counts.get(category)
        if n is None:
            continue
        if _fits(n, added, pct) and not _fits(n, stated_total, pct):
            sentence += (
                f", and the {pct} % printed for “{label(category)}” is {n} of {added}, "
                f"not of {stated_total}"
            )
            break
    return sentence + "."


def sick_leave_rows() -> str:
    """:func:`sick_leave_sentence` on the printed Table 1 of ``data/published/``.

    Examples
    --------
    >>> "Norwegian Table 1" in sick_leave_rows()
    True
    """
    counts = published.counts("Table 1", "sick_leave_length")
    printed = {c: published.value(f"no_t1_sick_leave_length_{c}_pct") for c in counts}
    return sick_leave_sentence(counts, int(published.value("no_t1_n_total")), printed)


def timing_sentence(
    yes: int, no: int, answered: int, earlier: int, said_when: int, respondents: int
) -> str:
    """Appropriate timing against the wish for earlier sessions, from Table 2's counts.

    At least ``earlier - no - (respondents - answered)`` of those who chose an earlier time also
    called the timing appropriate: even if every "no", and everyone who left that question
    blank, chose an earlier time, the rest of them did not.

    Parameters
    ----------
    yes, no : int
        Answers yes and no to the question on appropriate timing.
    answered : int
        How many answered it.
    earlier : int
        How many chose one or two months earlier as the best time.
    said_when : int
        How many answered the question on the best time.
    respondents : int
        Respondents in all.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> print(timing_sentence(96, 16, 112, 36, 99, 112))  # doctest: +NORMALIZE_WHITESPACE
    In the Norwegian Table 2, 96 of the 112 respondents who answered called the timing of the
    sessions appropriate, yet 36 of the 99 who said when the sessions would have been best chose
    an earlier time, so at least 20 who called the timing appropriate would still have liked the
    sessions earlier.
    >>> timing_sentence(96, 16, 112, 10, 99, 112).endswith("chose an earlier time.")
    True
    """
    least = earlier - no - (respondents - answered)
    head = (
        f"In the Norwegian Table 2, {yes} of the {answered} respondents who answered called the "
        f"timing of the sessions appropriate, "
    )
    said = (
        f"{earlier} of the {said_when} who said when the sessions would have been best chose an "
        "earlier time"
    )
    if least > 0:
        return (
            f"{head}yet {said}, so at least {least} who called the timing appropriate would "
            "still have liked the sessions earlier."
        )
    return f"{head}and {said}."


def timing() -> str:
    """:func:`timing_sentence` on the printed Table 2 of ``data/published/``.

    Examples
    --------
    >>> timing().startswith("In the Norwegian Table 2,")
    True
    """
    answers = published.counts("Table 2", "timing_appropriate")
    best = published.counts("Table 2", "preferred_timing")
    return timing_sentence(
        answers.get("yes", 0),
        answers.get("no", 0),
        int(published.denominator("Table 2", "timing_appropriate")),
        sum(best.get(c, 0) for c in EARLIER),
        int(published.denominator("Table 2", "preferred_timing")),
        int(published.value("no_t1_n_total")),
    )


def audit(result: dict) -> Opening:
    """The audit chapter's answer, and the findings it glues for the first page.

    Parameters
    ----------
    result : dict
        :func:`mibook.chapters.audit.chapter` (its ``numbers`` and ``problems``).

    Returns
    -------
    Opening
        ``text``: the checks and distinct problems, then the ledger in one sentence.
        ``glued``: ``finding_problems``, ``finding_sick_leave_rows`` and ``finding_timing``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile
    >>> from mibook.chapters import audit as audit_chapter
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = audit_chapter.chapter(output_dir=folder)
    >>> opening = audit(result)
    >>> sorted(opening.glued)
    ['finding_problems', 'finding_sick_leave_rows', 'finding_timing']
    >>> plt.close(result["figure"])
    """
    g = result["numbers"]
    problems = problems_sentence(
        g["n_checks"], g["n_inconsistent"], _problem_articles(result["problems"])
    )
    reproduced, assumed = g["ledger_reproduced"], g["ledger_reproduced_under_assumption"]
    ledger = (
        f"Of the {g['n_numbers']} published numbers, the book's data reproduce {reproduced}, "
        f"{assumed} more only under an assumption about how a tie was rounded, and "
        f"{g['ledger_not_reproducible']} not at all; the remaining {g['ledger_not_computable']} "
        "cannot be computed from the book's data."
    )
    glued = {
        "finding_problems": problems,
        "finding_sick_leave_rows": sick_leave_rows(),
        "finding_timing": timing(),
    }
    return Opening(_markdown([problems, ledger]), glued)


# --------------------------------------------------------------------------- Tables 1 and 2


def higher_education_sentence(text_pct: str, higher: int, total: int) -> str:
    """The share with higher education in the Norwegian text against the rows of Table 1.

    Parameters
    ----------
    text_pct : str
        The percent the text prints.
    higher : int
        The two higher-education rows of Table 1, added.
    total : int
        The N of Table 1.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> print(higher_education_sentence("62", 86, 112))  # doctest: +NORMALIZE_WHITESPACE
    The Norwegian article’s text gives 62 % of the respondents as having higher education, but
    the higher-education rows of its Table 1 add up to 86 of 112, which is 76.8 %.
    >>> print(higher_education_sentence("77", 86, 112))  # doctest: +NORMALIZE_WHITESPACE
    The share with higher education in the Norwegian article’s text, 77 %, follows from the rows
    of its Table 1 (86 of 112).
    """
    if _fits(higher, total, text_pct):
        return (
            f"The share with higher education in the Norwegian article’s text, {text_pct} %, "
            f"follows from the rows of its Table 1 ({higher} of {total})."
        )
    exact = 100.0 * higher / total if total else math.nan
    return (
        f"The Norwegian article’s text gives {text_pct} % of the respondents as having higher "
        f"education, but the higher-education rows of its Table 1 add up to {higher} of {total}, "
        f"which is {exact:.1f} %."
    )


def higher_education() -> str:
    """:func:`higher_education_sentence` on ``data/published/``.

    Examples
    --------
    >>> higher_education().startswith("The Norwegian article")
    True
    """
    number_id = "no_txt_higher_education_pct"
    variable, categories = TEXT_GROUPS[number_id]
    counts = published.counts("Table 1", variable)
    return higher_education_sentence(
        published.value(number_id),
        sum(counts.get(c, 0) for c in categories),
        int(published.value("no_t1_n_total")),
    )


def table_percent_sentence(cells: Sequence[tuple[str, str, int, int, str]]) -> str:
    """Which printed percents of the Norwegian Table 2 do not follow from their counts.

    Parameters
    ----------
    cells : sequence of tuple
        ``(question, column, count, denominator, printed percent)`` for every cell with a
        printed percent.

    Returns
    -------
    str
        One plain sentence: every percent follows, or the first that does not (and how many).

    Examples
    --------
    >>> q = "How satisfied were you with the conversations?"
    >>> cells = [(q, "4 Agree", 15, 111, "13"), (q, "5 Strongly agree", 86, 111, "77")]
    >>> print(table_percent_sentence(cells))  # doctest: +NORMALIZE_WHITESPACE
    One of the percents printed in the Norwegian Table 2 does not follow from its count: 15 of the
    111 answers to “How satisfied were you with the conversations?” are “4 Agree”, which is 13.5 %
    and rounds to 14 %, yet the table prints 13 %.
    >>> print(table_percent_sentence([(q, "4 Agree", 15, 111, "14")]))
    Every percent printed in the Norwegian Table 2 follows from its count.
    """
    wrong = [cell for cell in cells if not _fits(cell[2], cell[3], cell[4])]
    if not wrong:
        return "Every percent printed in the Norwegian Table 2 follows from its count."
    asked, column, n, d, printed = wrong[0]
    exact = 100.0 * n / d
    example = (
        f"{n} of the {d} answers to “{asked}” are “{column}”, which is {exact:.1f} % and rounds "
        f"to {round_half_up(exact)} %, yet the table prints {printed} %"
    )
    if len(wrong) == 1:
        return (
            "One of the percents printed in the Norwegian Table 2 does not follow from its count: "
            f"{example}."
        )
    return (
        f"{len(wrong)} of the percents printed in the Norwegian Table 2 do not follow from their "
        f"counts; for example, {example}."
    )


def table2_percents() -> str:
    """:func:`table_percent_sentence` on the printed Table 2 of ``data/published/``.

    Examples
    --------
    >>> "Norwegian Table 2" in table2_percents()
    True
    """
    cells = published.table_cells("Table 2")
    pcts = cells[(cells["statistic"] == "percent") & (cells["category"] != "")]
    rows = []
    for row in pcts.itertuples():
        count = published.counts("Table 2", row.variable)[row.category]
        denominator = int(published.denominator("Table 2", row.variable))
        rows.append(
            (
                question(row.variable),
                response_label(row.variable, row.category),
                count,
                denominator,
                row.value,
            )
        )
    return table_percent_sentence(rows)


def _respondents_sentence(chapter) -> str:
    """Who answered, with the chapter's numbers (true for any valid file)."""
    n = chapter.numbers
    table = chapter.characteristics

    def answered(variable: str) -> int:
        part = table[table["variable"] == variable]
        return int(part["denominator"].iloc[0]) if len(part) else 0

    parts = []
    if n["women_denominator"]:
        parts.append(
            f"{n['women_pct']:.1f} % of the {n['women_denominator']} who gave their gender were "
            "women"
        )
    else:
        parts.append("nobody gave their gender")
    if answered("education"):
        parts.append(
            f"{n['higher_education_pct']:.1f} % of the {answered('education')} who gave their "
            "education had studied at a college or university"
        )
    if n["sick_denominator"]:
        parts.append(
            f"{n['sick_lt_2m_pct']:.1f} % of the {n['sick_denominator']} who gave their sick-leave "
            "length had been off work for less than two months at the first session"
        )
    people = f"{n['n_respondents']} {_plural(n['n_respondents'], 'person', 'people')}"
    return f"{people} answered the questionnaire: {_clauses(parts)}."


def sample_characteristics(chapter) -> Opening:
    """The sample chapter's answer: who answered, then where the article's Table 1 disagrees.

    Parameters
    ----------
    chapter : mibook.chapters.sample_characteristics.SampleChapter
        The result of its ``run``.

    Returns
    -------
    Opening
        ``text``: three sentences. ``glued``: ``finding_higher_education``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile
    >>> from mibook.chapters import sample_characteristics as sample
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = sample.run(output_dir=folder)
    >>> opening = sample_characteristics(chapter)
    >>> opening.text.startswith(LEAD + " 112 people answered the questionnaire")
    True
    >>> plt.close(chapter.figure)
    """
    education = higher_education()
    sentences = [_respondents_sentence(chapter), education, sick_leave_rows()]
    return Opening(_markdown(sentences), {"finding_higher_education": education})


def _claims_sentence(chapter) -> str:
    """The four shares the article's Results give, recomputed on the chapter's data."""
    n = chapter.numbers
    said = {
        "satisfied": ("were satisfied with the sessions", "satisfaction"),
        "useful": ("found them useful overall", "usefulness overall"),
        "appropriate": ("said they came at an appropriate time", "appropriate timing"),
        "earlier": ("would have liked them one or two months earlier", "the best time"),
    }
    parts, unanswered = [], []
    for key, (words, topic) in said.items():
        if n[f"{key}_denominator"]:
            parts.append(
                f"{n[f'{key}_pct']:.1f} % ({n[f'{key}_n']} of {n[f'{key}_denominator']}) {words}"
            )
        else:
            unanswered.append(topic)
    nobody = f"nobody answered the {_plural(len(unanswered), 'question')} on {_listing(unanswered)}"
    if not parts:
        return nobody[0].upper() + nobody[1:] + "."
    sentence = "Of those who answered each question, " + _clauses(parts)
    return sentence + (f"; {nobody}." if unanswered else ".")


def satisfaction_timing(chapter) -> Opening:
    """The satisfaction chapter's answer: the shares on this data, then the article's Table 2.

    Parameters
    ----------
    chapter : mibook.chapters.satisfaction_timing.SatisfactionChapter
        The result of its ``run``.

    Returns
    -------
    Opening
        ``text``: three sentences. ``glued``: ``finding_table2_percent``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile
    >>> from mibook.chapters import satisfaction_timing as satisfaction
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = satisfaction.run(output_dir=folder)
    >>> opening = satisfaction_timing(chapter)
    >>> opening.text.startswith(LEAD + " Of those who answered each question")
    True
    >>> plt.close("all")
    """
    percents = table2_percents()
    sentences = [_claims_sentence(chapter), percents, timing()]
    return Opening(_markdown(sentences), {"finding_table2_percent": percents})


# --------------------------------------------------------------------------- Table 3


def table3_sentence(
    sizes: Mapping[str, tuple[int, int]], printed: Mapping[str, tuple[str, str]], n: int
) -> str:
    """Which printed means and SDs of Table 3 whole-number ratings can give.

    Parameters
    ----------
    sizes : mapping of str to (int, int)
        Per global rating, the number of distinct samples of ``n`` ratings whose mean and SD
        round to the printed pair, with divisor n − 1 and with divisor n.
    printed : mapping of str to (str, str)
        Per global rating, the printed mean and SD.
    n : int
        Sessions.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> sizes = {"empathy": (0, 5), "partnership": (0, 3), "softening_sustain_talk": (0, 0)}
    >>> printed = {"empathy": ("3.35", "0.73"), "partnership": ("3.55", "0.67"),
    ...            "softening_sustain_talk": ("3.34", "0.67")}
    >>> print(table3_sentence(sizes, printed, 20))  # doctest: +NORMALIZE_WHITESPACE
    No set of 20 whole-number ratings from 1 to 5 gives the mean and SD that the Norwegian Table 3
    prints for softening sustain talk (3.34, SD 0.67), and the pairs printed for empathy and
    partnership fit only if the SD was taken with divisor n, not the usual n − 1.
    >>> print(table3_sentence({"empathy": (2, 5)}, {"empathy": ("3.35", "0.73")}, 20))
    ... # doctest: +NORMALIZE_WHITESPACE
    Every mean and SD that the Norwegian Table 3 prints for its global ratings can come from 20
    whole-number ratings from 1 to 5.
    """

    def name(rating: str) -> str:
        return MITI_LABELS.get(rating, rating).lower()

    none = [r for r, (k1, k) in sizes.items() if not k1 and not k]
    only_n = [r for r, (k1, k) in sizes.items() if not k1 and k]
    clauses = []
    if none:
        shown = [f"{name(r)} ({printed[r][0]}, SD {printed[r][1]})" for r in none]
        clauses.append(
            f"no set of {n} whole-number ratings from 1 to 5 gives the mean and SD that the "
            f"Norwegian Table 3 prints for {_listing(shown)}"
        )
    if only_n:
        subject = (
            "the pairs printed for"
            if none
            else "the means and SDs the Norwegian Table 3 prints for"
        )
        clauses.append(
            f"{subject} {_listing([name(r) for r in only_n])} fit only if the SD was taken with "
            "divisor n, not the usual n − 1"
        )
    if not clauses:
        return (
            "Every mean and SD that the Norwegian Table 3 prints for its global ratings can come "
            f"from {n} whole-number ratings from 1 to 5."
        )
    sentence = ", and ".join(clauses)
    return sentence[0].upper() + sentence[1:] + "."


def _where(low: float, high: float, threshold: float) -> str:
    if low > threshold:
        return f"lies wholly above the threshold of {threshold:g}"
    if high < threshold:
        return f"lies wholly below the threshold of {threshold:g}"
    return f"includes the threshold of {threshold:g}"


def intervals_sentence(intervals: Mapping[str, tuple[float, float, float, float]], n: int) -> str:
    """Where the 95 % intervals of Table 3's composite means lie against their thresholds.

    Parameters
    ----------
    intervals : mapping of str to tuple of float
        Per composite (``technical``, ``relational``): printed mean, interval low, interval
        high, threshold.
    n : int
        Sessions, the units of the intervals.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> intervals = {"technical": (3.26, 2.9371, 3.5829, 3.0),
    ...              "relational": (3.45, 3.1552, 3.7448, 4.0)}
    >>> print(intervals_sentence(intervals, 20))  # doctest: +NORMALIZE_WHITESPACE
    With the 20 sessions as units, the 95 % interval of Table 3’s technical mean (3.26) runs from
    2.94 to 3.58 and includes the threshold of 3, and that of its relational mean (3.45) runs from
    3.16 to 3.74 and lies wholly below the threshold of 4.
    """
    parts = []
    for i, (composite, (mean, low, high, threshold)) in enumerate(intervals.items()):
        what = "the 95 % interval of Table 3’s" if i == 0 else "that of its"
        parts.append(
            f"{what} {composite} mean ({mean:.2f}) runs from {low:.2f} to {high:.2f} and "
            f"{_where(low, high, threshold)}"
        )
    return f"With the {n} sessions as units, " + ", and ".join(parts) + "."


def bounds_sentence(bounds: Mapping[str, tuple[int, int, float]], n: int) -> str:
    """How many sessions Table 3 allows at or above each composite's threshold.

    Parameters
    ----------
    bounds : mapping of str to tuple
        Per composite: the fewest and most sessions at or above the threshold, and the
        threshold.
    n : int
        Sessions.

    Returns
    -------
    str
        One plain sentence.

    Examples
    --------
    >>> print(bounds_sentence({"technical": (10, 20, 3.0), "relational": (0, 11, 4.0)}, 20))
    ... # doctest: +NORMALIZE_WHITESPACE
    Over all sets of ratings that fit Table 3, or come nearest to it where none fits, anywhere
    from 10 to 20 of the 20 sessions could have a technical score of 3 or more and from 0 to 11 a
    relational score of 4 or more, so the table does not tell how many sessions reached either
    threshold.
    >>> print(bounds_sentence({"technical": (4, 4, 3.0)}, 20))  # doctest: +NORMALIZE_WHITESPACE
    Over all sets of ratings that fit Table 3, or come nearest to it where none fits, exactly 4 of
    the 20 sessions could have a technical score of 3 or more.
    """
    parts = []
    for i, (composite, (low, high, threshold)) in enumerate(bounds.items()):
        count = (
            f"exactly {low}"
            if low == high
            else f"{'anywhere ' if i == 0 else ''}from {low} to {high}"
        )
        sessions = f" of the {n} sessions could have" if i == 0 else ""
        parts.append(f"{count}{sessions} a {composite} score of {threshold:g} or more")
    sentence = (
        "Over all sets of ratings that fit Table 3, or come nearest to it where none fits, "
        + " and ".join(parts)
    )
    if all(low < high for low, high, _ in bounds.values()):
        sentence += ", so the table does not tell how many sessions reached either threshold"
    return sentence + "."


def _table3_findings(numbers: Mapping) -> dict[str, str]:
    n = int(N_SESSIONS)
    sizes = {r: (numbers[f"k_{r}_n1"], numbers[f"k_{r}_n"]) for r in MITI_GLOBALS}
    printed = {
        r: (published.value(f"no_t3_{r}_mean"), published.value(f"no_t3_{r}_sd"))
        for r in MITI_GLOBALS
    }
    intervals = {
        c: (
            numbers[f"t_{c}_pub_mean"],
            numbers[f"t_{c}_pub_ci_low"],
            numbers[f"t_{c}_pub_ci_high"],
            numbers[f"t_{c}_pub_mu0"],
        )
        for c in ("technical", "relational")
    }
    bounds = {
        c: (numbers[f"b_{c}_min"], numbers[f"b_{c}_max"], numbers[f"article_{c}_threshold"])
        for c in ("technical", "relational")
    }
    return {
        "finding_table3_ratings": table3_sentence(sizes, printed, n),
        "finding_composite_intervals": intervals_sentence(intervals, n),
        "finding_sessions_over_threshold": bounds_sentence(bounds, n),
    }


def miti_fidelity(chapter) -> Opening:
    """The MITI chapter's answer: what Table 3 allows, and on observed data what the file holds.

    Parameters
    ----------
    chapter : mibook.chapters.miti_fidelity.MitiChapter
        The result of its ``run``.

    Returns
    -------
    Opening
        ``text``: for reconstructed sessions the three findings on Table 3; for a user's
        sessions, a sentence on them and the first two findings. ``glued``:
        ``finding_table3_ratings``, ``finding_composite_intervals`` and
        ``finding_sessions_over_threshold``.

    Examples
    --------
    >>> import tempfile
    >>> from mibook.chapters import miti_fidelity as miti
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = miti.run(output_dir=folder)
    >>> opening = miti_fidelity(chapter)
    >>> opening.text.startswith(LEAD + " No set of 20 whole\\\\-number ratings")
    True
    >>> miti.close_figures(chapter)
    """
    glued = _table3_findings(chapter.numbers)
    sentences = list(glued.values())
    if not chapter.data.reconstructed:
        n = chapter.numbers["n_sessions"]
        means = [
            f"{MITI_LABELS[c].lower()} score averages {chapter.numbers[f's_{c}_mean']:.2f}"
            for c in ("technical", "relational")
            if not math.isnan(chapter.numbers.get(f"s_{c}_mean", math.nan))
        ]
        mine = f"This data holds {n} coded {_plural(n, 'session')}"
        mine += (": their " + " and their ".join(means) + ".") if means else "."
        sentences = [mine, *sentences[:2]]
    return Opening(_markdown(sentences), glued)


# --------------------------------------------------------------------------- the comparison


def shared_themes_sentence(matrix: pd.DataFrame, studies: Sequence[str]) -> str:
    """How many barrier and facilitator themes the studies share, and of which kind.

    Parameters
    ----------
    matrix : pandas.DataFrame
        :func:`mibook.analysis.comparison.barrier_facilitator_matrix`.
    studies : sequence of str
        Its study columns.

    Returns
    -------
    str
        One plain sentence; theme labels are written with spaces for underscores.

    Examples
    --------
    >>> matrix = pd.DataFrame({"theme": ["workload", "motivation", "training", "cost"],
    ...                        "A": ["barrier", "facilitator", "barrier", "barrier"],
    ...                        "B": ["barrier", "facilitator", "facilitator", ""],
    ...                        "n_studies": [2, 2, 2, 1]})
    >>> print(shared_themes_sentence(matrix, ["A", "B"]))  # doctest: +NORMALIZE_WHITESPACE
    Of the 4 themes coded as a barrier or a facilitator, 3 appear in both studies: workload is a
    barrier in both, motivation is a facilitator in both, and training is a barrier in one study
    and a facilitator in the other.
    >>> print(shared_themes_sentence(matrix[matrix["n_studies"] == 1], ["A", "B"]))
    The one theme coded as a barrier or a facilitator appears in only one study.
    """
    total = len(matrix)
    if not total:
        return "No finding of the comparison is coded as a barrier or a facilitator."
    shared = matrix[matrix["n_studies"] >= 2]
    if shared.empty:
        if total == 1:
            return "The one theme coded as a barrier or a facilitator appears in only one study."
        return (
            f"None of the {total} themes coded as a barrier or a facilitator appears in more "
            "than one study."
        )
    where = "both studies" if len(studies) == 2 else "more than one study"
    every = "in both" if len(studies) == 2 else "in every study that reports it"
    kinds: dict[str, list[str]] = {"barrier": [], "facilitator": [], "mixed": []}
    for record in shared.to_dict("records"):
        found = {record[s] for s in studies if record[s]}
        kind = found.pop() if len(found) == 1 and found <= {"barrier", "facilitator"} else "mixed"
        kinds[kind].append(str(record["theme"]).replace("_", " "))
    parts = []
    for kind in ("barrier", "facilitator"):
        themes = kinds[kind]
        if themes:
            verb = f"is a {kind}" if len(themes) == 1 else f"are {kind}s"
            parts.append(f"{_listing(themes)} {verb} {every}")
    if kinds["mixed"]:
        verb = "is" if len(kinds["mixed"]) == 1 else "are"
        parts.append(
            f"{_listing(kinds['mixed'])} {verb} a barrier in one study and a facilitator in "
            + ("the other" if len(studies) == 2 else "another")
        )
    return (
        f"Of the {total} themes coded as a barrier or a facilitator, {len(shared)} appear in "
        f"{where}: {_clauses(parts)}."
    )


def comparison(chapter) -> Opening:
    """The comparison chapter's answer: the shared themes, then the training hours.

    Parameters
    ----------
    chapter : mibook.chapters.comparison.ComparisonChapter
        The result of its ``run``.

    Returns
    -------
    Opening
        ``text``: two sentences. ``glued``: ``finding_shared_themes``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, tempfile
    >>> from mibook.chapters import comparison as comparison_chapter
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     chapter = comparison_chapter.run(output_dir=folder)
    >>> comparison(chapter).text.startswith(LEAD + " Of the ")
    True
    >>> plt.close("all")
    """
    names = [c for c in chapter.matrix.columns if c not in ("theme", "n_studies")]
    themes = shared_themes_sentence(chapter.matrix, names)
    n = chapter.numbers
    dose = (
        f"With {n['hours_per_course_day']:g} teaching hours to a course day and the other "
        "assumptions of this chapter, a Norwegian MI caseworker had about "
        f"{n['no_before_vs_se_official']:.1f} times the course hours of a Swedish official "
        f"before delivery began, and supervision during delivery added about "
        f"{n['no_during_hours']:.0f} hours."
    )
    return Opening(_markdown([themes, dose]), {"finding_shared_themes": themes})
