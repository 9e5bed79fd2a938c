"""The whole-book PDF for the browser tests that need it.

Every page of the site links ``mibook.pdf`` (footer, download menu, first page), so the link
checks of ``test_browser.py`` need it built, as the published site has it; ``test_pdf.py`` and
``test_cite_and_keep.py`` open it. ``make pdf``'s step runs once per session, after ``mibook
build``, and is a no-op when the PDF is up to date (:mod:`mibook.book.pdf`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import support as bs

#: Test modules whose pages link the PDF and whose checks follow those links.
NEEDS_PDF = ("test_browser", "test_pdf", "test_cite_and_keep")


@pytest.fixture(scope="session")
def whole_book_pdf() -> Path:
    """``_build/html/mibook.pdf``, built by ``mibook build`` and the PDF step when missing or
    stale."""
    from mibook.book import pdf

    result = bs.build_site()
    assert result.returncode == 0, "mibook build failed:\n" + result.stdout + result.stderr
    lines: list[str] = []
    outcome = pdf.build_pdf(say=lines.append)
    assert not outcome.failure, outcome.failure
    assert pdf.OUTPUT.is_file(), "\n".join(lines)
    return pdf.OUTPUT


@pytest.fixture(autouse=True)
def _site_with_pdf(request):
    if request.module.__name__.rsplit(".", 1)[-1] in NEEDS_PDF:
        request.getfixturevalue("whole_book_pdf")
