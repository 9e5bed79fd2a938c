"""Which data a chapter runs on: the user's file or the book's default, and its provenance.

The default files in ``data/reconstructed/`` are marked ``"mibook:provenance": "reconstructed"``
in ``data/datapackage.json``. A chapter states plainly when it runs on reconstructed rows,
because only their marginals are real. A user's file is taken as observed unless the caller
says otherwise (parameter ``data_kind``), and is named by its file name only: a report never
shows where on a machine the file lay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mibook import paths
from mibook.inputs import typed
from mibook.inputs.validate import Loaded, load

#: The book's default file of each chapter input kind.
DEFAULTS = {
    "respondents": paths.RECONSTRUCTED_RESPONDENTS,
    "miti": paths.RECONSTRUCTED_MITI,
}
#: The accepted values of ``data_kind``.
DATA_KINDS = ("auto", "observed", "reconstructed")


@dataclass
class ChapterData:
    """A validated input with where it came from.

    Attributes
    ----------
    loaded : Loaded
        The validated file.
    kind : str
        Its provenance: ``"observed"`` or ``"reconstructed"`` (or what the data package
        declares for a file of the book).
    label : str
        How readers see the file: repository-relative for the book's own files, the file name
        alone for anyone else's.
    """

    loaded: Loaded
    kind: str  # "observed" or "reconstructed"
    label: str

    @property
    def frame(self):
        """The typed frame of the input (:attr:`Loaded.frame`)."""
        return self.loaded.frame

    @property
    def reconstructed(self) -> bool:
        """Whether the rows are reconstructed, so that only their marginals are real."""
        return self.kind == "reconstructed"


def declared_provenance(path: Path) -> str | None:
    """The provenance that ``data/datapackage.json`` declares for a file of the book, if any.

    Parameters
    ----------
    path : pathlib.Path
        Any file.

    Returns
    -------
    str or None
        The resource's ``"mibook:provenance"`` (e.g. ``"reconstructed"``), or None for a file
        outside ``data/``, not in the data package, or without a declared provenance.

    Examples
    --------
    >>> declared_provenance(paths.RECONSTRUCTED_MITI), declared_provenance(paths.PUBLISHED_NUMBERS)
    ('reconstructed', None)
    """
    try:
        relative = Path(path).resolve().relative_to(paths.DATA).as_posix()
    except ValueError:
        return None
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    for resource in package.get("resources", []):
        if resource.get("path") == relative:
            return resource.get("mibook:provenance")
    return None


def label_for(path: str | Path) -> str:
    """How a report names a file: repository-relative inside the book, else the name alone.

    Examples
    --------
    >>> label_for(paths.RECONSTRUCTED_MITI), label_for("/home/someone/secret/pilot.csv")
    ('data/reconstructed/miti.csv', 'pilot.csv')
    """
    try:
        return Path(path).resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return Path(path).name


def chapter_data(
    kind: str, path: str | Path = "", data_kind: str = "auto", codebook: str | Path = ""
) -> ChapterData:
    """Load the input of ``kind`` (``"respondents"`` or ``"miti"``) for a chapter.

    Parameters
    ----------
    kind : str
        Input contract name.
    path : str or pathlib.Path, default ""
        The user's file; empty string = the book's default reconstructed file.
    data_kind : {"auto", "observed", "reconstructed"}, default "auto"
        ``"auto"`` (reconstructed for files the data package marks so, else observed),
        ``"observed"`` or ``"reconstructed"``.
    codebook : str or pathlib.Path, default ""
        The study's codebook; empty = the book's own (``data/codebook.yaml``). Ignored for a
        typed intermediate (:mod:`mibook.inputs.typed`), which was read with its codebook.

    Returns
    -------
    ChapterData

    Raises
    ------
    ValueError
        For an unknown ``data_kind``.
    KeyError
        Without ``path``, for a ``kind`` that has no default file (only ``"respondents"`` and
        ``"miti"`` have one).
    InvalidInput
        If the file does not meet its contract (see :func:`~mibook.inputs.validate.load`).

    Examples
    --------
    >>> data = chapter_data("miti")
    >>> data.kind, data.label, len(data.frame)
    ('reconstructed', 'data/reconstructed/miti.csv', 20)
    """
    if data_kind not in DATA_KINDS:
        raise ValueError(f"data_kind must be one of {', '.join(DATA_KINDS)}, not {data_kind!r}")
    source = Path(path) if str(path) else DEFAULTS[kind]
    if typed.is_typed(source):
        loaded = typed.read(source)
        if data_kind == "auto":
            data_kind = "observed"
        return ChapterData(loaded=loaded, kind=data_kind, label=loaded.path.name)
    loaded = load(kind, source, codebook or None)
    if data_kind == "auto":
        data_kind = declared_provenance(source) or "observed"
    label = label_for(source)
    loaded.notices = [n.replace(str(source), label, 1) for n in loaded.notices]
    return ChapterData(loaded=loaded, kind=data_kind, label=label)
