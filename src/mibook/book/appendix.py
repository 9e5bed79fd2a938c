"""The book's appendix: its long reference tables on pages of their own, generated from the CSVs.

The chapters show what matters inline (:mod:`mibook.chapters.excerpts`) and link here for the
rest. Three tables, each on a page with a download link to its file and, where it is long, split
into parts so that no page is long to scroll through (:data:`PAGES`, in the order of
``_toc.yml``):

* the reproduction ledger, ``book/tables/ledger.csv``: a page with the counts by article and
  status, and one page per part of an article (:data:`LEDGER_PARTS`: the Norwegian tables, its
  methods and the rest of its text, and the Swedish article);
* every consistency check, ``book/tables/consistency.csv``: a page with the verdicts by test,
  and one page per family of tests (:data:`CHECK_PARTS`), each check with its arithmetic;
* every coded row of the comparison, ``book/tables/comparison_rows.csv``, one table per study.

``mibook build`` calls :func:`write_generated` after the notebooks ran (they write the tables)
and rewrites a page only when its text changed, so a rebuild leaves every byte as it was. Every
value from a CSV reaches a page through :func:`mibook.markup.text` or :func:`mibook.markup.code`
(escaped), never as markup. A row that no part would show is an error, not a silent omission.

Each row is a definition-list item (a term, then what the row says), not a table row: a table of
six or seven columns, several of them long text, leaves each column narrow at the book's width,
so that one row runs to a dozen lines; an entry reads at the full width of the page.

Examples
--------
>>> from mibook.book import appendix
>>> text = appendix.pages()[appendix.page_path("ledger")]
>>> text.startswith("# Reproduction ledger")
True
>>> "{download}`ledger.csv <../tables/ledger.csv>`" in text
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mibook import markup, paths, published
from mibook.analysis.audit import ARTICLES, TESTS, VERDICTS
from mibook.analysis.comparison import DIMENSION_LABELS, DIMENSION_ORDER
from mibook.analysis.ledger import STATUSES
from mibook.chapters import labels
from mibook.files import write_changed

APPENDIX = paths.BOOK / "appendix"

#: The ledger's statuses in words, as a sentence uses them (the labels of the chapters' tables).
STATUS_WORDS = {code: words.lower() for code, words in labels.LEDGER_STATUSES.items()}

#: The consistency checks' tests in words, in the order of :data:`mibook.analysis.audit.TESTS`.
TEST_WORDS = {
    "grim": "GRIM: can the mean be a whole-number total divided by n?",
    "grimmer": "GRIMMER: can the SD go with that mean?",
    "debit": "DEBIT: is the SD of a yes/no variable the one its proportion implies?",
    "percent": "Percent from count: does the count give the printed percent?",
    "sum": "Sums: do the categories add up to their total?",
    "composite": "Composite scores: does a composite fit its parts?",
    "text_vs_table": "Text against table: do the two printings of a number agree?",
    "statement": "Statements: can both passages be true?",
}

#: The verdicts in words, as a sentence uses them.
VERDICT_WORDS = {code: words.lower() for code, words in labels.VERDICTS.items()}


@dataclass(frozen=True)
class LedgerPart:
    """One page of the ledger: the numbers of one article printed in some of its places.

    ``where`` is ``tables`` (its tables), ``methods`` (the sections whose name starts with
    "Methods"), ``text`` (the rest of its text) or ``all``.
    """

    name: str
    article: str
    where: str
    title: str

    def rows(self, ledger: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``ledger`` this page shows, in the ledger's order."""
        mine = ledger[ledger["article"] == self.article]
        tables = mine["location"].str.startswith("Table")
        methods = mine["location"].str.startswith("Methods")
        chosen = {
            "tables": tables,
            "methods": methods & ~tables,
            "text": ~tables & ~methods,
        }.get(self.where)
        return mine if chosen is None else mine[chosen]


@dataclass(frozen=True)
class CheckPart:
    """One page of the consistency checks: the checks of a family of tests."""

    name: str
    tests: tuple[str, ...]
    title: str

    def rows(self, checks: pd.DataFrame) -> pd.DataFrame:
        """The checks of ``checks`` this page shows, by test in the order of :attr:`tests`."""
        order = {t: i for i, t in enumerate(self.tests)}
        mine = checks[checks["test"].isin(self.tests)].copy()
        mine["_o"] = mine["test"].map(order)
        return mine.sort_values("_o", kind="stable").drop(columns="_o")


LEDGER_PARTS = (
    LedgerPart(
        "ledger_norway_tables", published.NORWAY, "tables", "Ledger: the Norwegian article's tables"
    ),
    LedgerPart(
        "ledger_norway_methods", published.NORWAY, "methods", "Ledger: the Norwegian methods"
    ),
    LedgerPart(
        "ledger_norway_text",
        published.NORWAY,
        "text",
        "Ledger: the rest of the Norwegian text",
    ),
    LedgerPart("ledger_sweden", published.SWEDEN, "all", "Ledger: the Swedish article"),
)

CHECK_PARTS = (
    CheckPart("checks_counts", ("percent", "sum"), "Checks of counts and percents"),
    CheckPart("checks_means", ("grim", "grimmer", "debit", "composite"), "Checks of means and SDs"),
    CheckPart(
        "checks_text", ("text_vs_table", "statement"), "Checks of the text against the tables"
    ),
)

#: Every page of the appendix, in the order of ``_toc.yml``.
PAGES = (
    "ledger",
    *(p.name for p in LEDGER_PARTS),
    "checks",
    *(p.name for p in CHECK_PARTS),
    "comparison_rows",
)


def page_path(name: str) -> Path:
    """Where a page of the appendix is written: ``book/appendix/<name>.md``.

    Examples
    --------
    >>> page_path("checks").relative_to(paths.ROOT).as_posix()
    'book/appendix/checks.md'
    """
    return APPENDIX / f"{name}.md"


def _read(name: str, tables: Path) -> pd.DataFrame:
    return pd.read_csv(tables / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _download(name: str) -> str:
    return f"{{download}}`{name} <../tables/{name}>`"


def _generated(name: str) -> str:
    return (
        f"<!-- Generated from book/tables/{name} by src/mibook/book/appendix.py at every "
        "`mibook build`:\n     do not edit by hand. -->"
    )


#: At most this many words of a printed label in a row (the articles' own words stay theirs).
LABEL_WORDS = 7

_WORDS = re.compile(r"[^\W_]+")


def short_label(text: str, limit: int = LABEL_WORDS) -> str:
    """A place or label as printed in an article, cut after ``limit`` of the article's words.

    The appendix names each number by the headings, caption or questionnaire item it is printed
    under. Those are the articles' words, so a page shows at most ``limit`` of them in a row (a
    word being a run of letters or digits: "sick-listed" counts two) and marks a cut with "…";
    ``numbers.csv`` keeps them whole. The article's name in front and the book's own joins
    (" vs ", "; ") are not the article's words and start a new count.

    Examples
    --------
    >>> short_label("Foldal et al. 2021, Table 2: How useful was the first conversation for you?")
    'Foldal et al. 2021, Table 2: How useful was the first…'
    >>> short_label("Results: Adoption: MI: A Useful But Difficult Method to Master")
    'Results: Adoption: MI: A Useful But Difficult…'
    >>> short_label("Table 1: Gender: Female n (%) vs Results (opening paragraph)")
    'Table 1: Gender: Female n (%) vs Results (opening paragraph)'
    """
    text, prefix = str(text), ""
    for name in ARTICLES.values():
        if text.startswith(name + ", "):
            prefix, text = name + ", ", text[len(name) + 2 :]
    pieces = re.split(r"( vs |; )", text)
    return prefix + "".join(p if i % 2 else _cut(p, limit) for i, p in enumerate(pieces))


def _short_places(detail: str) -> str:
    """A check's arithmetic or reading with each place it names in brackets cut short."""
    return re.sub(r"\(([^()]*)\)", lambda m: f"({short_label(m[1])})", str(detail))


def _cut(part: str, limit: int) -> str:
    kept, count = [], 0
    for word in part.split(" "):
        count += len(_WORDS.findall(word))
        if count > limit:
            return " ".join(kept).rstrip(",;:") + "…"
        kept.append(word)
    return part


# ------------------------------------------------------------------------------------ ledger


def _ledger_entry(row: dict) -> str:
    """One published number as a definition-list item: its label, then what was printed, what
    the data give, the status, the reason and the number's id."""
    facts = [f"printed **{markup.text(row['reported'])}**"]
    if row["recomputed"]:
        facts.append(f"the data give **{markup.text(row['recomputed'])}**")
    facts.append(f"*{markup.text(STATUS_WORDS.get(row['status'], row['status']))}*")
    if row["reason"]:
        facts.append(markup.text(row["reason"]))
    facts.append(markup.code(row["id"]))
    return f"{markup.text(short_label(row['label']))}\n: {' · '.join(facts)}"


def _covered(frame: pd.DataFrame, parts, what: str, key: str) -> None:
    seen = pd.concat([part.rows(frame)[key] for part in parts])
    missing = sorted(set(frame[key]) - set(seen))
    twice = sorted(seen[seen.duplicated()])
    if missing or twice:
        raise ValueError(
            f"the appendix pages of {what} do not show every row once: "
            f"missing {missing[:5]}, twice {twice[:5]}"
        )


def ledger_page(ledger: pd.DataFrame) -> str:
    """The ledger's first page: what it is, the counts by article and status, and its parts.

    Parameters
    ----------
    ledger : pandas.DataFrame
        ``ledger.csv``, as text.

    Returns
    -------
    str
        MyST Markdown.
    """
    counts = pd.crosstab(ledger["article"], ledger["status"]).reindex(
        columns=list(STATUSES), fill_value=0
    )
    lines = ["| article | " + " | ".join(STATUS_WORDS[s] for s in STATUSES) + " | all |"]
    lines.append("|---|" + "---:|" * (len(STATUSES) + 1))
    for article, row in counts.iterrows():
        name = markup.text(ARTICLES.get(article, article))
        cells = " | ".join(str(int(row[s])) for s in STATUSES)
        lines.append(f"| {name} | {cells} | {int(row.sum())} |")
    parts = "\n".join(
        f"* {{doc}}`{part.name}`: {len(part.rows(ledger))} numbers" for part in LEDGER_PARTS
    )
    return f"""# Reproduction ledger

{_generated("ledger.csv")}

Every number transcribed from the two articles, {len(ledger)} in all, beside what the book's data
give for it and why. The {{doc}}`../audit` chapter sums it up and shows the numbers that are not
reproduced; this is the whole ledger, as {_download("ledger.csv")}.

A number is *reproduced* when the book's data give the printed value under any round-to-nearest
rule, *under an assumption* when they give it only if an exact tie was rounded one particular
way, *not reproduced* when no rounding of the data gives it, and *not computable* when no
individual data exist for it (the settings, the training, the interviews and their dates) or the
data it needs are not part of the book. The respondents and the MITI sessions are reconstructed
from the published numbers, so a reproduced number of Table 1, 2 or 3 shows that the table is
coherent, not that it is right.

{chr(10).join(lines)}

The ledger in {len(LEDGER_PARTS)} parts:

{parts}
"""


def ledger_part_page(part: LedgerPart, ledger: pd.DataFrame) -> str:
    """One part of the ledger: its numbers, a section per place they are printed.

    Parameters
    ----------
    part : LedgerPart
        The part.
    ledger : pandas.DataFrame
        ``ledger.csv``, as text.

    Returns
    -------
    str
        MyST Markdown; each number a definition-list item.
    """
    rows = part.rows(ledger)
    article = markup.text(ARTICLES.get(part.article, part.article))
    where = {
        "tables": "printed in its tables, table by table",
        "methods": "printed in the sections of its methods, section by section",
        "text": "printed in the rest of its text, section by section",
    }.get(part.where, "section by section")
    sections = []
    for location, group in rows.groupby("location", sort=False):
        entries = "\n\n".join(_ledger_entry(r) for r in group.to_dict("records"))
        sections.append(f"## {markup.text(short_label(location))}\n\n{entries}")
    return f"""# {part.title}

{_generated("ledger.csv")}

Part of the {{doc}}`reproduction ledger <ledger>`: the {len(rows)} numbers of {article}, {where}.
Each gives the number as printed, what the book's data give for it, whether that reproduces it
and why, and the number's id in the ledger.

{(chr(10) * 2).join(sections)}
"""


# ------------------------------------------------------------------------------------ checks


def _check_entry(check: dict) -> str:
    """One check as a definition-list item: id and source, then verdict, printed value, n and
    the arithmetic or the reading."""
    facts = [f"**{markup.text(VERDICT_WORDS.get(check['verdict'], check['verdict']))}**"]
    if check["reported"]:
        facts.append(f"printed {markup.text(check['reported'])}")
    if check["n"]:
        facts.append(f"n = {markup.text(check['n'])}")
    return (
        f"{markup.code(check['check_id'])} · {markup.text(short_label(check['source']))}\n"
        f": {'; '.join(facts)}. {markup.text(_short_places(check['detail']))}"
    )


def checks_page(checks: pd.DataFrame) -> str:
    """The first page of the consistency checks: the verdicts by test, and its parts.

    Parameters
    ----------
    checks : pandas.DataFrame
        ``consistency.csv``, as text.

    Returns
    -------
    str
        MyST Markdown.
    """
    table = pd.crosstab(checks["test"], checks["verdict"]).reindex(
        index=[t for t in TESTS if t in set(checks["test"])], columns=list(VERDICTS), fill_value=0
    )
    lines = ["| test | " + " | ".join(VERDICT_WORDS[v] for v in VERDICTS) + " | all |"]
    lines.append("|---|" + "---:|" * (len(VERDICTS) + 1))
    for test, row in table.iterrows():
        cells = " | ".join(str(int(row[v])) for v in VERDICTS)
        lines.append(f"| {markup.text(TEST_WORDS.get(test, test))} | {cells} | {int(row.sum())} |")
    parts = "\n".join(
        f"* {{doc}}`{part.name}`: {len(part.rows(checks))} checks" for part in CHECK_PARTS
    )
    return f"""# Consistency checks

{_generated("consistency.csv")}

Every check the consistency audit ran on the numbers and statements of the two articles,
{len(checks)} in all, each with its verdict and the arithmetic or the reading behind it. The
{{doc}}`../audit` chapter states the assumptions, groups the failed checks into distinct problems
and explains each; this is the whole list, as {_download("consistency.csv")}.

{chr(10).join(lines)}

The checks in {len(CHECK_PARTS)} parts:

{parts}
"""


def check_part_page(part: CheckPart, checks: pd.DataFrame) -> str:
    """One family of tests: a section per test, every check with its verdict and arithmetic.

    Parameters
    ----------
    part : CheckPart
        The part.
    checks : pandas.DataFrame
        ``consistency.csv``, as text.

    Returns
    -------
    str
        MyST Markdown; each check is a definition-list item.
    """
    rows = part.rows(checks)
    sections = []
    for test, group in rows.groupby("test", sort=False):
        entries = "\n\n".join(_check_entry(c) for c in group.to_dict("records"))
        sections.append(
            f"## {markup.text(TEST_WORDS.get(test, test))}\n\n"
            f"{len(group)} {'check' if len(group) == 1 else 'checks'}.\n\n{entries}"
        )
    return f"""# {part.title}

{_generated("consistency.csv")}

Part of the {{doc}}`consistency checks <checks>`: the {len(rows)} checks of this family, each
with its id, where the number is printed, its verdict and the arithmetic or the reading.

{(chr(10) * 2).join(sections)}
"""


# -------------------------------------------------------------------------------- comparison


def _comparison_entry(row: dict) -> str:
    """One coded row as a definition-list item: theme and kind, then the finding and its
    source."""
    theme = markup.text(row["theme"].replace("_", " "))
    return (
        f"**{theme}** · {markup.text(row['kind'])}\n"
        f": {markup.text(row['finding'])} ({markup.text(short_label(row['source']))})"
    )


def comparison_page(rows: pd.DataFrame) -> str:
    """Every coded row of the comparison: a section per study, a subsection per dimension.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``comparison_rows.csv``, as text.

    Returns
    -------
    str
        MyST Markdown; within a study, dimensions in order (context first, then RE-AIM's) and
        rows by theme; each row a definition-list item.
    """
    order = {d: i for i, d in enumerate(DIMENSION_ORDER)}
    shown = rows.assign(_o=rows["re_aim_dimension"].map(lambda d: order.get(d, len(order))))
    sections = []
    for study, group in shown.groupby("study", sort=False):
        group = group.sort_values(["_o", "theme"], kind="stable")
        parts = [f"## {markup.text(study)}\n\n{len(group)} rows."]
        for dimension, rows_here in group.groupby("re_aim_dimension", sort=False):
            entries = "\n\n".join(_comparison_entry(r) for r in rows_here.to_dict("records"))
            heading = markup.text(DIMENSION_LABELS.get(dimension, dimension))
            parts.append(f"### {heading}\n\n{entries}")
        sections.append("\n\n".join(parts))
    return f"""# Coded rows of the comparison

{_generated("comparison_rows.csv")}

Every finding behind the tables and figures of {{doc}}`../comparison`, {len(rows)} rows: each a
paraphrase in the book's words, filed under a RE-AIM dimension (or context), a theme and a kind
(barrier, facilitator or fact), with the table or section of the article it comes from. As a
file: {_download("comparison_rows.csv")}.

{(chr(10) * 2).join(sections)}
"""


# ------------------------------------------------------------------------------------- pages


def pages(tables: Path = paths.BOOK_TABLES) -> dict[Path, str]:
    """Every page of the appendix, from the tables the chapters wrote.

    Parameters
    ----------
    tables : pathlib.Path, default ``book/tables``
        The folder with ``ledger.csv``, ``consistency.csv`` and ``comparison_rows.csv``.

    Returns
    -------
    dict
        :func:`page_path` → text, in the order of :data:`PAGES`.

    Raises
    ------
    ValueError
        When a row of the ledger or of the checks would be on no page, or on two.
    """
    ledger = _read("ledger.csv", tables)
    checks = _read("consistency.csv", tables)
    rows = _read("comparison_rows.csv", tables)
    _covered(ledger, LEDGER_PARTS, "the ledger", "id")
    _covered(checks, CHECK_PARTS, "the consistency checks", "check_id")
    texts = {"ledger": ledger_page(ledger), "checks": checks_page(checks)}
    texts.update({p.name: ledger_part_page(p, ledger) for p in LEDGER_PARTS})
    texts.update({p.name: check_part_page(p, checks) for p in CHECK_PARTS})
    texts["comparison_rows"] = comparison_page(rows)
    return {page_path(name): texts[name] for name in PAGES}


def write_generated(say=None) -> list[Path]:
    """Write the appendix pages whose text changed; return the files written.

    Parameters
    ----------
    say : callable, optional
        Receives one line per file written.

    Returns
    -------
    list of pathlib.Path
        The pages rewritten (atomically); unchanged pages are not touched.
    """
    return write_changed(pages(), say, paths.ROOT)
