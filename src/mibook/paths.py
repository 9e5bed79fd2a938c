"""Every path the project uses, resolved from this file so the working directory never matters."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
PUBLISHED = DATA / "published"
PUBLISHED_NUMBERS = PUBLISHED / "numbers.csv"
RECONSTRUCTED = DATA / "reconstructed"
RECONSTRUCTED_RESPONDENTS = RECONSTRUCTED / "respondents.csv"
RECONSTRUCTED_MITI = RECONSTRUCTED / "miti.csv"
COMPARISON = DATA / "comparison"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BOOK_TABLES = BOOK / "tables"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
ORACLES = ROOT / "tests" / "oracles" / "consistency_cases.json"


def relative_to_root(path: Path) -> str:
    """Show a path relative to the repository when it lies inside it, else as given.

    Committed outputs name files this way, so that they hold no machine-specific paths.

    Parameters
    ----------
    path : str or pathlib.Path
        Any path; a relative one is taken relative to the working directory.

    Returns
    -------
    str
        The POSIX path relative to :data:`ROOT` when ``path`` lies inside the repository,
        otherwise ``str(path)`` unchanged.

    Examples
    --------
    >>> relative_to_root(PUBLISHED_NUMBERS)
    'data/published/numbers.csv'
    >>> relative_to_root(ROOT / "book" / ".." / "_config.yml")
    '_config.yml'
    """
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
