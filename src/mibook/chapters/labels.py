"""What a reader sees in place of the program's codes: the one home of each code → label list.

Codes are the contract: they stay as they are in every CSV file the chapters write
(``book/tables/*.csv``, a report's ``tables/``). Pages show words instead, in table cells, column
heads and sentences alike. Each list below names one idea (the comparison's themes, the audit's
tests, the ledger's statuses, …); the labels of Table 1 and Table 2 stay where the articles' own
wording lives (:mod:`mibook.published.printing`) and the MITI score names beside the scores
(:data:`mibook.inputs.miti_scores.LABELS`).

* :func:`label` — a code in words from one of these lists. A code no list knows (a user's new
  theme or category) reads as itself with its underscores turned into spaces; text that is not a
  code (a user's own label, ``"Arbeidsmengde"``) is returned as written. Escaping is the caller's
  business: :mod:`mibook.markup` for Markdown, the HTML writer of
  :mod:`mibook.chapters.page_table` for tables.
* :func:`in_words` — a sentence the program generated, with every code in it replaced by its
  words (``half_up`` → ``half-up``, ``higher_up_to_3_years`` → “College/university up to 3
  years”). Only for the program's own sentences: a user's text is never rewritten.

Examples
--------
>>> label("managerial_support", THEMES), label("shared_caseload", THEMES)
('Managerial support', 'Shared caseload')
>>> label("Arbeidsmengde", THEMES), label("not_computable", LEDGER_STATUSES)
('Arbeidsmengde', 'Cannot be computed')
"""

from __future__ import annotations

import re

from mibook.analysis.audit import ARTICLES
from mibook.checks.rounding import ROUNDING_RULES
from mibook.inputs.contracts import RESPONDENT_CODES
from mibook.inputs.miti_scores import LABELS as MITI_LABELS
from mibook.published.printing import LABELS as TABLE1_LABELS
from mibook.published.printing import response_label

#: A word of the program: lower case, digits and underscores, as the contract's codes are
#: written. The browser tests look for words like these in the text of the pages.
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")

#: The themes of the book's coding of the two articles (``data/comparison/studies.csv``).
THEMES = {
    "agency": "Agency",
    "client_benefit": "Benefit to clients",
    "client_satisfaction": "Client satisfaction",
    "competing_reforms": "Competing reforms",
    "context_fit": "Fit with the setting",
    "data_collected": "Data collected",
    "delivery": "Delivery",
    "delivery_channel": "Delivery channel",
    "design": "Design",
    "early_follow_up": "Early follow-up",
    "eligibility": "Eligibility",
    "fidelity": "Fidelity",
    "follow_up_support": "Follow-up support",
    "managerial_support": "Managerial support",
    "measurement": "What could be measured",
    "monitoring": "Monitoring",
    "motivation": "Motivation",
    "organisational_change": "Organisational change",
    "participants": "Participants",
    "peer_support": "Peer support",
    "period": "Period",
    "prior_attempt": "Prior attempt",
    "resources": "Resources",
    "role_conflict": "Role conflict",
    "rules_limit_choices": "Rules limit choices",
    "scale": "Scale",
    "session_structure": "Session structure",
    "skill_maintenance": "Skill maintenance",
    "skill_mastery": "Skill mastery",
    "staff": "Staff",
    "time_to_practise": "Time to practise",
    "training": "Training",
    "understanding_clients": "Understanding clients",
    "workload": "Workload",
}

#: The kinds of a coded finding (``kind`` of the comparison contract).
FINDING_KINDS = {"barrier": "barrier", "facilitator": "facilitator", "fact": "fact"}

#: The audit's tests (``test`` of ``consistency.csv``), and ``all`` for their total.
TESTS = {
    "grim": "GRIM",
    "grimmer": "GRIMMER",
    "debit": "DEBIT",
    "percent": "Percent from count",
    "sum": "Sum of categories",
    "composite": "Composite score",
    "text_vs_table": "Text against table",
    "statement": "Statements",
    "all": "All tests",
}

#: The audit's verdicts (``verdict`` of ``consistency.csv``).
VERDICTS = {
    "consistent": "Consistent",
    "inconsistent": "Inconsistent",
    "not_testable": "Not testable",
}

#: The kinds of a problem of the audit (``kind`` of ``problems.csv``).
PROBLEM_KINDS = {
    "arithmetic": "Arithmetic",
    "statement": "Statements",
    "arithmetic and statement": "Arithmetic and statements",
}

#: The statuses of the reproduction ledger (``status`` of ``ledger.csv``).
LEDGER_STATUSES = {
    "reproduced": "Reproduced",
    "reproduced_under_assumption": "Reproduced under an assumption",
    "not_reproducible": "Not reproducible",
    "not_computable": "Cannot be computed",
}

#: The two articles by their key in the published numbers (``article`` of ``ledger.csv``).
ARTICLE_NAMES = dict(ARTICLES)

#: The rounding rules (the ``rounding`` parameter), as the prose names them.
ROUNDING = {
    "either": "either way",
    "up_or_down": "either way",
    "half_up": "half-up",
    "half_down": "half-down",
    "half_even": "half-even",
    "truncate": "truncation",
    "ceiling": "ceiling",
    "floor": "floor",
}

#: The questionnaire's items, in the middle of a sentence.
ITEM_NAMES = {
    "satisfaction": "satisfaction",
    "useful_first": "usefulness of the first session",
    "useful_second": "usefulness of the second session",
    "useful_overall": "usefulness of the sessions overall",
    "timing_appropriate": "appropriate timing",
    "preferred_timing": "preferred timing",
}

#: The levels a MITI score is held against (``level`` of ``miti_proficiency.csv``).
MITI_LEVELS = {"article": "Article's cut-off", "fair": "Fair", "good": "Good"}

#: Cicchetti's bands of an ICC (``band`` of ``miti_reliability.csv``).
ICC_BANDS = {
    "poor": "poor",
    "fair": "fair",
    "good": "good",
    "excellent": "excellent",
    "too_few": "too few sessions",
}

#: The divisor of an SD (the ``sd_divisor`` parameter).
SD_DIVISORS = {"n-1": "n − 1", "n": "n"}

#: Which samples a bound of Table 3 rests on (``set`` of the bounds).
SAMPLE_SETS = {"feasible": "agreeing samples", "nearest": "nearest samples"}

#: The columns of a MITI sessions file that are not scores, as column heads.
MITI_COLUMNS = {
    "session_id": "Session",
    "caseworker_id": "Caseworker",
    "coder_id": "Coder",
    "date": "Date",
    "sessions": "Sessions",
}

#: Short column heads of the MITI scores, for tables with a column per score.
MITI_HEADS = {
    "cultivating_change_talk": "Change talk",
    "softening_sustain_talk": "Sustain talk",
    "partnership": "Partnership",
    "empathy": "Empathy",
    "technical": "Technical",
    "relational": "Relational",
    "percent_complex_reflections": "Complex reflections (%)",
    "reflection_to_question": "Reflections per question",
    "total_mi_adherent": "MI-adherent",
    "total_mi_non_adherent": "MI-non-adherent",
}

_CODE = re.compile(r"[^\W_][^\W_]*(?:_[^\W_]+)*")


def is_code(value: object) -> bool:
    """Whether ``value`` is written like one of the program's codes: lower-case words (letters or
    digits) joined by underscores, such as ``time_to_practise`` or ``workload``.

    Examples
    --------
    >>> is_code("time_to_practise"), is_code("2_4m"), is_code("Arbeidsmengde"), is_code("a b")
    (True, True, False, False)
    """
    text = str(value)
    return text == text.lower() and _CODE.fullmatch(text) is not None


def words(value: object) -> str:
    """A code in words (its underscores as spaces); text that is not a code, as written.

    Examples
    --------
    >>> words("shared_caseload"), words("My_Theme"), words("Stress (high)")
    ('shared caseload', 'My_Theme', 'Stress (high)')
    """
    text = str(value)
    return text.replace("_", " ") if is_code(text) else text


def label(code: object, names: dict | None = None) -> str:
    """What a page shows for ``code``: its label in ``names``, else the code in words.

    A code that no list knows reads as itself with underscores as spaces and a capital first
    letter (a user's new theme ``shared_caseload`` reads "Shared caseload"); any other text, such
    as a user's own label, is returned as written. The result is plain text, to be escaped by
    whoever puts it on a page.

    Parameters
    ----------
    code : object
        A code, or a user's label.
    names : dict, optional
        Code → label, one of the lists of this module.

    Returns
    -------
    str

    Examples
    --------
    >>> label("text_vs_table", TESTS), label("new_test", TESTS), label("Tidlig oppfølging")
    ('Text against table', 'New test', 'Tidlig oppfølging')
    >>> label("<b>x_y</b>", THEMES)
    '<b>x_y</b>'
    """
    if names and code in names:
        return names[code]
    if not is_code(code):
        return str(code)
    text = words(code)
    return text[:1].upper() + text[1:]


def _sentence_words() -> dict[str, str]:
    """Every code that may stand in a generated sentence, with the words that replace it."""
    found = {rule: ROUNDING[rule] for rule in ROUNDING_RULES if rule in ROUNDING}
    found.update(ITEM_NAMES)
    for variable, codes in RESPONDENT_CODES.items():
        found.setdefault(variable, words(variable))
        for c in codes:
            if variable in ("timing_appropriate", "preferred_timing"):
                found[c] = f"“{response_label(variable, c)}”"
            else:
                found[c] = f"“{TABLE1_LABELS.get(c, words(c))}”"
    found.update({k: v.lower() for k, v in LEDGER_STATUSES.items()})
    found.update({k: v.lower() for k, v in VERDICTS.items()})
    found.update({k: v.lower() for k, v in MITI_LABELS.items() if is_code(k)})
    found["text_vs_table"] = "text against table"
    found["text_vs_text"] = "text against text"
    found["method_vs_results"] = "method against results"
    found["scale_description"] = "scale description"
    return {k: v for k, v in found.items() if "_" in k}


_SENTENCE_WORDS = _sentence_words()
# A code inside a sentence: not part of a path, a file name (``miti_sessions.csv``) or a number.
_CODE_IN_TEXT = re.compile(r"(?<![\w./\\-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w/\\-]|\.\w)")


def in_words(sentence: str) -> str:
    """A sentence the program generated, with each code in it replaced by its words.

    Category and answer codes become their printed labels in quotation marks, rounding rules,
    items, statuses and verdicts their names; an unknown code has its underscores replaced by
    spaces. File names (``ledger.csv``) and paths are left alone. Not for a user's text, which is
    shown as written.

    Parameters
    ----------
    sentence : str
        Text made by the program (an audit check's detail, a ledger reason).

    Returns
    -------
    str
        Plain text, not yet escaped.

    Examples
    --------
    >>> in_words("Rules that reproduce 13: half_up, ceiling.")
    'Rules that reproduce 13: half-up, ceiling.'
    >>> print(in_words("preferred_timing: 2_months_earlier + 1_month_earlier; see ledger.csv"))
    preferred timing: “2 months earlier” + “1 month earlier”; see ledger.csv
    >>> in_words("the categories higher_up_to_3_years of education")
    'the categories “College/university up to 3 years” of education'
    """
    return _CODE_IN_TEXT.sub(lambda m: _SENTENCE_WORDS.get(m[0], words(m[0])), sentence)
