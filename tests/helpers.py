"""Helpers shared by tests in several folders: where things are, and running the CLI."""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ORACLES = TESTS / "oracles" / "consistency_cases.json"
# The bad-input corpus (manifest cases.json), used by tests/inputs/test_validate.py and by the
# `mibook run` tests of tests/test_cli.py and tests/book/test_report.py.
CORPUS = TESTS / "bad_inputs"


def run_cli(*args, cwd=None, timeout=600):
    """Run ``python -m mibook`` as a user would; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "mibook", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SUMMARY_LINE = re.compile(r"^.*: \d+ bad cell\(s\), \d+ distinct value\(s\): ")


def problem_lines(stderr: str) -> tuple[list[str], list[str]]:
    """The column-summary lines and the per-problem lines under the ``invalid input`` header."""
    lines = stderr.strip().splitlines()[1:]
    summaries = [line for line in lines if SUMMARY_LINE.match(line)]
    return summaries, [line for line in lines if line not in summaries]


def assert_clean_refusal(result, expect=()):
    """Exit 2, one line per problem under an ``invalid input: N ...`` header (after the column
    summaries, which come only when several cells are bad), no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("invalid input: ")
    summaries, problems = problem_lines(result.stderr)
    assert lines[1 : 1 + len(summaries)] == summaries, lines  # summaries first
    assert len(problems) == int(lines[0].split()[2]), lines  # one line per problem
    for fragment in expect:
        assert fragment in result.stderr, (fragment, result.stderr)


def write_file(tmp_path: Path, text: str, name: str = "m.csv") -> Path:
    """``text`` as the UTF-8 file ``tmp_path/name``."""
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p
