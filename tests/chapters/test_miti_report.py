"""``mibook run`` with a coding team's MITI files: ``--pseudonymise`` and ``--miti-utterances``
as a user calls them; the report is searched byte by byte for what must not be in it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.chapters.test_miti_fidelity import CODERS, FIXTURES, NAMES, team_file
from tests.helpers import run_cli


def _report_bytes(out: Path) -> bytes:
    """Every file of the report, and every file inside its zip, as one byte string."""
    found = b""
    for path in sorted(out.rglob("*")):
        if path.is_file():
            found += path.read_bytes()
    with zipfile.ZipFile(out / "report.zip") as archive:
        for name in archive.namelist():
            found += archive.read(name)
    return found


@pytest.fixture(scope="module")
def pseudonymised(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    path, book = team_file(folder)
    out = folder / "report"
    result = run_cli(
        "run", "--miti", path, "--codebook", book, "--pseudonymise", "--out", out, "--jobs", "1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder, out


def test_no_original_id_and_no_folder_in_the_report(pseudonymised):
    folder, out = pseudonymised
    everything = _report_bytes(out)
    for text in (*NAMES, *CODERS, "Nordmann", str(folder)):
        assert text.encode("utf-8") not in everything, text
    html = (out / "html" / "report_miti_fidelity.html").read_text(encoding="utf-8")
    assert "Caseworker A" in html and "Coder A" in html and "Coder B" in html
    for name in ("miti_sessions.csv", "miti_reliability.csv", "miti_trend.csv"):
        assert (out / "tables" / name).exists()
    trend = (out / "tables" / "miti_trend.csv").read_text(encoding="utf-8")
    assert "Caseworker C" in trend


def test_the_report_chapter_is_about_the_file_not_table_3(pseudonymised):
    """The report's MITI page opens with what the file found and leaves the analyses of the
    printed Table 3 (feasible sets, bounds, t-tests of the printed means) to the book."""
    _, out = pseudonymised
    html = (out / "html" / "report_miti_fidelity.html").read_text(encoding="utf-8")
    first_paragraph = html.split("<p>", 1)[1].split("</p>", 1)[0]
    assert first_paragraph.startswith("The MITI file holds "), first_paragraph[:300]
    assert "coders" in first_paragraph and "fair level" in first_paragraph
    for book_only in ("Which ratings agree with Table 3", "feasible", "One-sample t-tests"):
        assert book_only not in html, book_only
    assert "Compared with the published study" in html
    benchmark = (out / "tables" / "benchmark.csv").read_text(encoding="utf-8").splitlines()
    measures = {line.split(",")[1] for line in benchmark[1:]}
    assert {"technical", "relational", "partnership"} <= measures, measures
    assert not (out / "html" / "miti_fidelity.html").exists()


def test_utterance_file_runs_into_a_report(tmp_path):
    out = tmp_path / "report"
    result = run_cli(
        "run",
        "--miti",
        FIXTURES / "annomi_like_globals.csv",
        "--miti-utterances",
        FIXTURES / "annomi_like_utterances.csv",
        "--codebook",
        FIXTURES / "annomi_like_codebook.yaml",
        "--out",
        out,
        "--jobs",
        "1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sessions = (out / "tables" / "miti_sessions.csv").read_text(encoding="utf-8")
    hand = tmp_path / "hand"
    again = run_cli(
        "run", "--miti", FIXTURES / "annomi_like_hand_counted.csv", "--out", hand, "--jobs", "1"
    )
    assert again.returncode == 0, again.stderr
    assert sessions == (hand / "tables" / "miti_sessions.csv").read_text(encoding="utf-8")
    html = (out / "html" / "report_miti_fidelity.html").read_text(encoding="utf-8")
    assert "behaviour counts from annomi_like_utterances.csv" in html
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "annomi_like_utterances.csv" in index and "annomi_like_globals.csv" in index
    assert str(FIXTURES).encode() not in _report_bytes(out)
