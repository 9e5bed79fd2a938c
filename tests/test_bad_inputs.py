"""The bad-input corpus (tests/bad_inputs/, manifest cases.json), run through the CLI as a user
would: each file gives either ``ok: N rows`` or exit 2 with one line per problem naming file,
column and row, never a traceback, never a changed input, never a file written beside it.
A few cases also go through ``mibook run``: a report appears complete or not at all.
"""

import hashlib
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
ROOT = CORPUS.parents[1]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mibook(*args, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", "mibook", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def assert_clean_refusal(result, expect=()):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("invalid input: ")
    assert len(lines) == 1 + int(lines[0].split()[2]), lines  # one line per problem
    for fragment in expect:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_manifest_covers_the_corpus():
    files = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"cases.json", "make_corpus.py"}
    assert files == {c["file"] for c in CASES}
    assert len(CASES) >= 30
    assert {c["kind"] for c in CASES} == {"respondents", "miti", "comparison"}
    for case in CASES:
        assert case["outcome"] in ("ok", "invalid")
        assert (case["rows"] is not None) == (case["outcome"] == "ok")
        if case["outcome"] == "invalid":
            assert case["file"] in " ".join(case["expect"]) or any(
                "column" in e or "row" in e for e in case["expect"]
            ), case


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file_via_validate(case):
    path = CORPUS / case["file"]
    before_hash, before_files = sha(path), sorted(p.name for p in CORPUS.iterdir())
    result = mibook("validate", f"--{case['kind']}", path)
    assert sha(path) == before_hash, "the input was changed"
    assert sorted(p.name for p in CORPUS.iterdir()) == before_files, (
        "something was written beside the input"
    )
    if case["outcome"] == "ok":
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"ok: {case['rows']} rows"
        assert "Traceback" not in result.stderr
    else:
        assert_clean_refusal(result, case["expect"])
        assert str(path) in result.stderr  # the file, as the user gave it


def test_path_that_does_not_exist(tmp_path):
    assert_clean_refusal(
        mibook("validate", "--miti", tmp_path / "nope.csv"), ["nope.csv", "no such file"]
    )


def test_directory_instead_of_a_file(tmp_path):
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert_clean_refusal(mibook("validate", "--comparison", folder), ["data.csv", "not a folder"])
    out = tmp_path / "report"
    result = mibook("run", "--respondents", folder, "--out", out)
    assert_clean_refusal(result, ["not a folder"])
    assert not out.exists()


def test_a_200_mb_file_validates_within_time_and_memory(tmp_path):
    """Generated here, never committed. It must validate (or be refused clearly) in reasonable
    time and memory: under 120 s and 3 GiB resident."""
    path = tmp_path / "big.csv"
    header = "respondent_id,gender,age,education,sick_leave_length,satisfaction,useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing\n"
    codes = [
        "female,45,high_school,lt_2m,5,4,4,5,yes,good",
        "male,61,higher_over_3_years,gt_8m,1,2,,3,no,2_months_later",
    ]
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        while handle.tell() < 200 * 2**20:
            handle.write("".join(f"R{k},{codes[k % 2]}\n" for k in range(rows, rows + 100_000)))
            rows += 100_000
    before = sha(path)
    result = mibook("validate", "--respondents", path, timeout=300)
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"ok: {rows} rows"
    assert peak_gib < 3, f"peak {peak_gib:.2f} GiB"
    assert sha(path) == before


def test_run_on_awkward_but_valid_files_writes_a_complete_report(tmp_path):
    inputs = {
        "respondents": "r_semicolon_decimal_comma.csv",
        "miti": "m_semicolon_decimal_comma.csv",
        "comparison": "c_semicolon_bom.csv",
    }
    hashes = {k: sha(CORPUS / v) for k, v in inputs.items()}
    out = tmp_path / "report"
    args = [a for kind, name in inputs.items() for a in (f"--{kind}", CORPUS / name)]
    result = mibook("run", *args, "--out", out, "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "html" / "index.html").exists()
    age = (out / "tables" / "sample_age.csv").read_text().splitlines()
    assert age[1].startswith("3,48.0,")  # ages 45,0 / 38 / 61 read as whole numbers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no .partial sibling
    assert {k: sha(CORPUS / v) for k, v in inputs.items()} == hashes


def test_run_on_broken_files_reports_every_problem_and_creates_nothing(tmp_path):
    out = tmp_path / "report"
    result = mibook(
        "run",
        "--respondents",
        CORPUS / "r_duplicate_ids.csv",
        "--miti",
        CORPUS / "m_negative_count.csv",
        "--comparison",
        CORPUS / "c_bad_kind.csv",
        "--out",
        out,
    )
    assert_clean_refusal(
        result,
        [
            "r_duplicate_ids.csv, column 'respondent_id', row 4",
            "m_negative_count.csv, column 'question', row 2",
            "c_bad_kind.csv, column 'kind', row 1",
        ],
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_run_with_a_formula_workbook_is_refused_naming_the_cell(tmp_path):
    out = tmp_path / "report"
    result = mibook("run", "--respondents", CORPUS / "r_formula_without_value.xlsx", "--out", out)
    assert_clean_refusal(result, ["cell F3"])
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["file", "foreign"])
def test_run_refuses_an_output_that_is_not_ours(tmp_path, kind):
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("precious")
    else:
        out.mkdir()
        (out / "thesis.docx").write_text("precious")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = mibook("run", "--respondents", CORPUS / "r_ok.csv", "--out", out)
    assert_clean_refusal(result, [str(out)])
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
