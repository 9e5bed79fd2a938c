"""Sentences every chapter shares: what kind of data it ran on.

A chapter states plainly when it runs on reconstructed rows (only their marginals are real) and,
for a user's file, which file it read and what reading it noticed. This is the one home of that
paragraph; each chapter supplies only its own explanation of how its reconstructed data came about.
"""

from __future__ import annotations

from mibook import markup
from mibook.chapters import labels
from mibook.inputs.provenance import ChapterData


def provenance_note(data: ChapterData, unit: str, reconstructed: str) -> str:
    """What kind of data a chapter ran on, as MyST Markdown.

    Parameters
    ----------
    data
        The chapter's loaded input.
    unit
        What one row is, in the plural (``"rows"``, ``"sessions"``).
    reconstructed
        The chapter's explanation, shown instead when the data are the book's reconstruction.

    Returns
    -------
    str
        ``reconstructed`` for reconstructed data; otherwise one sentence naming the file and its
        size, followed by the notices from reading it.

    Examples
    --------
    >>> from mibook.inputs.provenance import chapter_data
    >>> provenance_note(chapter_data("respondents"), "rows", "(the chapter's own note)")
    "(the chapter's own note)"
    >>> observed = chapter_data("respondents", data_kind="observed")
    >>> print(provenance_note(observed, "rows", "(the chapter's own note)"))
    This chapter runs on `data/reconstructed/respondents.csv` (112 rows), treated as observed data.
    """
    if data.reconstructed:
        return reconstructed
    notices = "".join(f"\n* {markup.text(n)}" for n in data.loaded.notices)
    return (
        f"This chapter runs on {markup.code(data.label)} ({len(data.frame)} "
        f"{unit.removesuffix('s') if len(data.frame) == 1 else unit}), treated as "
        "observed data." + (f"\n\nNotes from reading the file:{notices}" if notices else "")
    )


def respondents_provenance_note(data: ChapterData) -> str:
    """:func:`provenance_note` for questionnaire data (the sample and satisfaction chapters).

    Parameters
    ----------
    data : mibook.inputs.provenance.ChapterData
        The chapter's loaded respondents data.

    Returns
    -------
    str
        For reconstructed rows, a MyST ``important`` admonition saying that only their marginal
        totals are real; otherwise as :func:`provenance_note`.

    Examples
    --------
    >>> from mibook.inputs.provenance import chapter_data
    >>> note = respondents_provenance_note(chapter_data("respondents"))
    >>> print(note.splitlines()[0])
    ```{important}
    >>> print(note.split(" are ")[0].splitlines()[1])
    The 112 rows behind this chapter (`data/reconstructed/respondents.csv`)
    """
    reconstructed = (
        f"```{{important}}\nThe {len(data.frame)} rows behind this chapter "
        f"({markup.code(data.label)}) are "
        "**reconstructed**, not observed. Only aggregate numbers were published, so the book "
        "builds one row per respondent whose category counts, missing answers, mean and SD "
        "equal the published ones. Those marginal totals are real; which answers sit together "
        "on one row is not known, so any pattern *between* two columns in these rows is an "
        "artefact of the reconstruction.\n```"
    )
    return provenance_note(data, "rows", reconstructed) + dont_know_note(data)


def dont_know_note(data: ChapterData) -> str:
    """A sentence counting the "don't know" answers per question; empty when there are none.

    Such answers (the codebook's ``missing``) are neither a value nor a blank: every table counts
    them apart and leaves them out of its percentages, and the report says how many there were.
    """
    mask = data.loaded.dont_know
    if mask is None or not mask.to_numpy().any():
        return ""
    texts = {item.name: item.text or labels.label(item.name) for item in data.loaded.items}
    counts = [
        f"{int(mask[c].sum())} for "
        f"{markup.text(texts.get(c, labels.ITEM_NAMES.get(c, labels.words(c))))}"
        for c in mask.columns
        if mask[c].any()
    ]
    total = int(mask.to_numpy().sum())
    return (
        f"\n\nThe file holds {total} answer(s) given as \u201cdon't know\u201d or declined "
        f"(the codebook's missing answers): {'; '.join(counts)}. They are counted apart in every "
        "table and left out of its percentages, so they are neither a value nor a blank answer."
    )
