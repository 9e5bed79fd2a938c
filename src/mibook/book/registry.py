"""The chapters of the book: each template, the input kinds it reads and its title.

Examples
--------
>>> [chapter.name for chapter in CHAPTERS]
['sample_characteristics', 'satisfaction_timing', 'miti_fidelity', 'comparison', 'audit']
>>> INPUT_PARAMETER["respondents"]
'respondents_csv'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mibook import paths


@dataclass(frozen=True)
class Chapter:
    """A template, the input kinds it reads, and its title.

    Attributes
    ----------
    name : str
        The template's file name without ``.ipynb``, also the page's.
    inputs : tuple of str
        The input contracts whose files the chapter reads (see :data:`INPUT_PARAMETER`).
    title : str
        The chapter's title.
    """

    name: str
    inputs: tuple[str, ...]  # contract names whose files the chapter reads
    title: str

    @property
    def template(self) -> Path:
        """The template notebook, ``notebooks/<name>.ipynb``.

        Examples
        --------
        >>> CHAPTERS[0].template.name
        'sample_characteristics.ipynb'
        """
        return paths.NOTEBOOKS / f"{self.name}.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("sample_characteristics", ("respondents",), "Sample characteristics"),
    Chapter("satisfaction_timing", ("respondents",), "Satisfaction and timing"),
    Chapter("miti_fidelity", ("miti",), "MITI fidelity"),
    Chapter("comparison", ("comparison",), "Sweden and Norway compared"),
    Chapter("audit", (), "Reproduction ledger and consistency audit"),
)

#: The chapters of a report about a user's own study (``mibook run`` with input files), in order;
#: each runs only when an input it reads was given. The report ends with a page about the
#: published studies (:mod:`mibook.book.report`).
REPORT_CHAPTERS: tuple[Chapter, ...] = (
    Chapter("report_sample_characteristics", ("respondents",), "Who answered"),
    Chapter("report_satisfaction_timing", ("respondents",), "How the sessions were received"),
    Chapter("report_miti_fidelity", ("miti",), "MI fidelity"),
    Chapter("report_comparison", ("comparison",), "Beside Sweden and Norway"),
)

INPUT_PARAMETER = {
    "respondents": "respondents_csv",
    "miti": "miti_csv",
    "comparison": "comparison_csv",
}

DEFAULT_INPUT_FILES = {
    "respondents": [paths.RECONSTRUCTED_RESPONDENTS],
    "miti": [paths.RECONSTRUCTED_MITI],
    "comparison": [],
}
