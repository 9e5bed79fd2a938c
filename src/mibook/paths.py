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
    """Show ``path`` relative to the repository when it lies inside it (no machine paths in
    committed outputs), else as given."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
