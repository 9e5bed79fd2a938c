"""Which data a chapter runs on: the user's file or the book's default, and its provenance.

The default files in ``data/reconstructed/`` are marked ``"mibook:provenance": "reconstructed"``
in ``data/datapackage.json``. A chapter states plainly when it runs on reconstructed rows,
because only their marginals are real. A user's file is taken as observed unless the caller
says otherwise (parameter ``data_kind``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mibook import paths
from mibook.inputs.validate import Loaded, load

DEFAULTS = {
    "respondents": paths.RECONSTRUCTED_RESPONDENTS,
    "miti": paths.RECONSTRUCTED_MITI,
}
DATA_KINDS = ("auto", "observed", "reconstructed")


@dataclass
class ChapterData:
    """A validated input with where it came from."""

    loaded: Loaded
    kind: str  # "observed" or "reconstructed"
    label: str  # path shown to readers: repository-relative for the book's own files

    @property
    def frame(self):
        return self.loaded.frame

    @property
    def reconstructed(self) -> bool:
        return self.kind == "reconstructed"


def declared_provenance(path: Path) -> str | None:
    """The provenance that ``data/datapackage.json`` declares for a file of the book, if any."""
    try:
        relative = Path(path).resolve().relative_to(paths.DATA).as_posix()
    except ValueError:
        return None
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    for resource in package.get("resources", []):
        if resource.get("path") == relative:
            return resource.get("mibook:provenance")
    return None


def chapter_data(kind: str, path: str | Path = "", data_kind: str = "auto") -> ChapterData:
    """Load the input of ``kind`` (``"respondents"`` or ``"miti"``) for a chapter.

    Parameters
    ----------
    kind
        Input contract name.
    path
        The user's file; empty string = the book's default reconstructed file.
    data_kind
        ``"auto"`` (reconstructed for files the data package marks so, else observed),
        ``"observed"`` or ``"reconstructed"``.
    """
    if data_kind not in DATA_KINDS:
        raise ValueError(f"data_kind must be one of {', '.join(DATA_KINDS)}, not {data_kind!r}")
    source = Path(path) if str(path) else DEFAULTS[kind]
    loaded = load(kind, source)
    if data_kind == "auto":
        data_kind = declared_provenance(source) or "observed"
    return ChapterData(loaded=loaded, kind=data_kind, label=paths.relative_to_root(source))
