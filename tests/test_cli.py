"""The command line (``mibook.cli``) as a user calls it: ``validate``, ``run``, ``audit``,
``reconstruct`` and ``feasible``; exit codes, one line per problem naming file, column and row,
never a traceback, and refusals before any work."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from mibook import paths
from mibook.analysis import audit
from mibook.paths import ROOT
from tests.helpers import CORPUS, assert_clean_refusal, write_file
from tests.helpers import run_cli as mibook

GOOD = (
    "respondent_id,gender,age,education,sick_leave_length,satisfaction,"
    "useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing\n"
)
GOOD += "".join(
    f"P{k},{'female' if k % 3 else 'male'},{25 + k},high_school,2_4m,"
    f"{1 + k % 5},{1 + k % 5},,4,yes,good\n"
    for k in range(40)
)


def test_validate_ok(cli, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    result = cli("validate", "--respondents", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 40 rows"


@pytest.mark.parametrize(
    "bad_value, column",
    [("6", "satisfaction"), ("0", "useful_first"), ("Somewhat", "useful_overall")],
)
def test_validate_refuses_bad_values_without_traceback(cli, tmp_path, bad_value, column):
    lines = GOOD.splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index(column)] = bad_value
    lines[3] = ",".join(cells)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n")
    result = cli("validate", "--respondents", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"column '{column}', row 3: got '{bad_value}'" in result.stderr
    assert str(path) in result.stderr


def test_validate_refuses_blank_id(cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("respondent_id,satisfaction\nA,5\n,4\n")
    result = cli("validate", "--respondents", path)
    assert result.returncode == 2 and "column 'respondent_id', row 2" in result.stderr


def test_run_produces_a_standalone_report(cli, tmp_path):
    data = tmp_path / "input" / "mine.csv"
    data.parent.mkdir()
    data.write_text(GOOD)
    out = tmp_path / "report"
    result = cli(
        "run", "--respondents", data, "--out", out, "--title", "Test clinic", "--jobs", "2"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "done" in result.stdout  # progress, one line per notebook
    assert (out / "html" / "index.html").exists()
    for name in ("sample_characteristics.csv", "sample_age.csv"):
        assert (out / "tables" / name).exists()
    chars = (out / "tables" / "sample_characteristics.csv").read_text()
    assert "gender,male,14,40," in chars
    assert sorted(p.name for p in data.parent.iterdir()) == ["mine.csv"]
    # a report about the user's study: its chapters for the inputs given, then the about page
    html = (out / "html" / "report_sample_characteristics.html").read_text()
    assert "Test clinic" in (out / "html" / "index.html").read_text()
    assert "Who answered — Test clinic" in html
    assert "treated as observed" in html and "reconstructed</strong>" not in html
    assert (out / "html" / "about_published_studies.html").exists()
    assert not (out / "html" / "audit.html").exists()  # about the published numbers: book only
    assert (out / "tables" / "benchmark.csv").exists() and (out / "report.zip").exists()
    nb = json.loads((out / "notebooks" / "report_sample_characteristics.ipynb").read_text())
    # the file was read once and handed over typed, by a path relative to the notebooks
    assert nb["metadata"]["papermill"]["parameters"]["respondents_csv"] == (
        "../_inputs/respondents.typed.json"
    )
    assert str(data.parent) not in json.dumps(nb) and not (out / "_inputs").exists()
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]
    first_notebooks = {p.name: p.read_bytes() for p in (out / "notebooks").glob("*.ipynb")}
    # Running again into our own report replaces it, and a new kernel per notebook (instead of one
    # reused kernel per worker) changes no byte of the notebooks.
    again = cli(
        "run",
        "--respondents",
        data,
        "--out",
        out,
        "--title",
        "Test clinic",
        "--jobs",
        "1",
        "--fresh-kernels",
    )
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_bytes() for p in (out / "notebooks").glob("*.ipynb")} == first_notebooks


def test_run_refuses_broken_file_and_creates_nothing(cli, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("respondent_id,satisfaction\nA,7\n")
    out = tmp_path / "report"
    result = cli("run", "--respondents", data, "--out", out)
    assert result.returncode == 2
    assert "column 'satisfaction', row 1: got '7'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_run_refuses_a_folder_that_is_not_ours(cli, tmp_path):
    out = tmp_path / "theirs"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    result = cli("run", "--out", out)
    assert result.returncode == 2 and "left untouched" in result.stderr
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_run_refuses_a_missing_file(cli, tmp_path):
    result = cli("run", "--respondents", tmp_path / "nope.csv", "--out", tmp_path / "r")
    assert (
        result.returncode == 2
        and "no such file" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_reconstruct_is_deterministic(cli):
    before = paths.RECONSTRUCTED_RESPONDENTS.read_bytes()
    result = cli("reconstruct")
    assert result.returncode == 0, result.stderr
    assert paths.RECONSTRUCTED_RESPONDENTS.read_bytes() == before


def test_feasible_counts_writes_and_reports_empty_sets(cli, tmp_path):
    out = tmp_path / "closure.csv"
    result = cli("feasible", "--mean", "2.7", "--sd", "1.9", "--n", "130", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "distinct samples: 5359"
    lines = out.read_text().splitlines()
    assert lines[0] == "1,2,3,4,5" and len(lines) == 5360
    assert all(sum(map(int, line.split(","))) == 130 for line in lines[1:])
    empty = cli("feasible", "--mean", "3.11", "--sd", "0.94", "--n", "20")
    assert empty.returncode == 0
    assert "nearest possible" in empty.stdout and empty.stdout.strip().endswith(
        "distinct samples: 0"
    )
    population = cli("feasible", "--mean", "3.55", "--sd", "0.67", "--n", "20", "--sd-divisor", "n")
    assert population.stdout.strip().endswith("distinct samples: 3")


def test_feasible_refuses_bad_arguments(cli):
    for args in (
        ["--mean", "abc", "--sd", "1", "--n", "5"],
        ["--mean", "3.1", "--sd", "0.9", "--n", "0"],
        ["--mean", "3", "--sd", "1", "--n", "5", "--scale", "5", "1"],
    ):
        result = cli("feasible", *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and "invalid input" in result.stderr


# -------------------------------------------------------------------- validate: each kind of input


@pytest.mark.parametrize("row,column", [("A,6,3", "partnership"), ("A,3,-1", "question")])
def test_validate_refuses_bad_values(tmp_path, row, column):
    header = (
        "session_id,partnership,question"
        if column == "question"
        else "session_id,partnership,empathy"
    )
    p = write_file(tmp_path, f"{header}\nB,3,3\n{row}\n")
    out = subprocess.run(
        [sys.executable, "-m", "mibook", "validate", "--miti", str(p)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert column in out.stderr and "row 2" in out.stderr and "Traceback" not in out.stderr


def test_validate_refuses_out_of_range_and_text_answers_and_blank_ids(tmp_path, cli):
    path = tmp_path / "bad.csv"
    path.write_text(
        "respondent_id,satisfaction,useful_first,useful_second,useful_overall\n"
        "A,6,3,4,5\n"
        "B,4,0,4,5\n"
        "C,3,3,Somewhat,4\n"
        ",5,5,5,5\n",
        encoding="utf-8",
    )
    result = cli("validate", "--respondents", path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for column, row, value in [
        ("satisfaction", 1, "6"),
        ("useful_first", 2, "0"),
        ("useful_second", 3, "Somewhat"),
        ("respondent_id", 4, ""),
    ]:
        assert any(
            f"column '{column}'" in line and f"row {row}" in line and repr(value) in line
            for line in lines
        ), (column, lines)


COMPARISON_HEADER = "study,country,re_aim_dimension,theme,kind,finding,source\n"


def _validate_comparison(path):
    return subprocess.run(
        [sys.executable, "-m", "mibook", "validate", "--comparison", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_bad_dimension_is_refused_naming_column_and_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(COMPARISON_HEADER + "A,B,reach,t,fact,f,s\nA,B,outcomes,t,fact,f,s\n")
    result = _validate_comparison(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "re_aim_dimension" in result.stderr
        and "row 2" in result.stderr
        and "outcomes" in result.stderr
    )


def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("study,country,re_aim_dimension,theme,kind,finding\nA,B,reach,t,fact,f\n")
    result = _validate_comparison(path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "source" in result.stderr


# --------------------------------------------------------- run: refusals from the bad-input corpus


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


# ----------------------------------------------------------------------------- audit


def test_cli_writes_contract_csv(tmp_path):
    out = tmp_path / "audit_out"
    proc = subprocess.run(
        [sys.executable, "-m", "mibook", "audit", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "consistency audit:" in proc.stdout and "inconsistent:" in proc.stdout
    frame = pd.read_csv(out / "consistency.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [
        "check_id",
        "source",
        "statistic",
        "reported",
        "n",
        "test",
        "verdict",
        "detail",
    ]
    assert set(frame["test"]) <= set(audit.TESTS)
    assert set(frame["verdict"]) <= set(audit.VERDICTS)
    assert frame["check_id"].is_unique and (frame["detail"] != "").all()


def test_cli_without_out_writes_nothing(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mibook", "audit"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.iterdir()) == []


# -------------------------------------------------------------- version 2: codebooks, several files

EXAMPLES = ROOT / "book" / "examples"


def test_validate_takes_every_input_at_once(tmp_path):
    result = mibook(
        "validate",
        "--respondents",
        CORPUS / "r_ok.csv",
        "--miti",
        CORPUS / "m_ok.csv",
        "--comparison",
        CORPUS / "c_ok.csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ok: 3 rows", "ok: 3 rows", "ok: 2 rows"]
    # one bad file among them: its problems, the others still checked, exit 2
    result = mibook(
        "validate",
        "--respondents",
        CORPUS / "r_ok.csv",
        "--miti",
        CORPUS / "m_negative_count.csv",
        "--comparison",
        CORPUS / "c_ok.csv",
    )
    assert_clean_refusal(result, ["m_negative_count.csv, column 'question', row 2"])
    assert result.stdout.splitlines() == ["ok: 3 rows", "ok: 2 rows"]


def test_validate_reads_every_file_with_the_codebook(tmp_path):
    without = mibook("validate", "--respondents", EXAMPLES / "pilot_survey.csv")
    assert_clean_refusal(without, ["column 'respondent_id'"])
    sessions = write_file(tmp_path, "Samtale,Rådgiver,Empati\nS1,CW1,4\nS2,CW2,3\n", "miti.csv")
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(
        (EXAMPLES / "pilot_codebook.yaml").read_text(encoding="utf-8")
        + "miti:\n  columns: {session_id: Samtale, caseworker_id: rådgiver, empathy: EMPATI}\n",
        encoding="utf-8",
    )
    result = mibook(
        "validate",
        "--respondents",
        EXAMPLES / "pilot_survey.csv",
        "--miti",
        sessions,
        "--comparison",
        CORPUS / "c_ok.csv",
        "--codebook",
        codebook,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["ok: 80 rows", "ok: 2 rows", "ok: 2 rows"]
    assert "notice:" in result.stderr and "'kommentar'" in result.stderr


@pytest.mark.parametrize(
    "text, key",
    [
        ("respondents:\n  columns: {gendr: Kjønn}\n", "respondents.columns.gendr"),
        ("respondents:\n  colums: {gender: Kjønn}\n", "respondents.colums"),
        ("respondents:\n  items:\n    - {name: q7, scale: [1, 20]}\n", "respondents.items.0.scale"),
    ],
    ids=["unknown-column", "misspelt-key", "scale-too-long"],
)
def test_a_bad_codebook_is_invalid_input_naming_file_and_key(tmp_path, text, key):
    codebook = tmp_path / "study codebook.yaml"
    codebook.write_text(text, encoding="utf-8")
    result = mibook(
        "validate", "--respondents", EXAMPLES / "pilot_survey.csv", "--codebook", codebook
    )
    assert_clean_refusal(result, [f"{codebook}, key '{key}'"])
    out = tmp_path / "report"
    result = mibook(
        "run", "--respondents", EXAMPLES / "pilot_survey.csv", "--codebook", codebook, "--out", out
    )
    assert_clean_refusal(result, [f"{codebook}, key '{key}'"])
    assert not out.exists()


def test_a_codebook_that_is_not_yaml_names_the_file_and_line(tmp_path):
    codebook = write_file(tmp_path, "respondents:\n  columns: {gender: [Kjønn\n", "cb.yaml")
    result = mibook("validate", "--respondents", CORPUS / "r_ok.csv", "--codebook", codebook)
    assert_clean_refusal(result, [str(codebook), "line", "valid YAML"])


def test_codebook_draft_prints_a_yaml_codebook():
    result = mibook("codebook", "draft", "--respondents", EXAMPLES / "pilot_survey.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Draft codebook for pilot_survey.csv (respondents)")
    import yaml

    book = yaml.safe_load(result.stdout)
    assert book["respondents"]["columns"]["gender"] == "Kjønn"
    assert book["respondents"]["values"]["gender"] == {"Mann": "male", "Kvinne": "female"}


def test_codebook_draft_of_a_missing_file_is_invalid_input(tmp_path):
    result = mibook("codebook", "draft", "--respondents", tmp_path / "nope.csv")
    assert_clean_refusal(result, ["nope.csv", "no such file"])


def test_run_with_a_codebook_writes_a_report_without_machine_paths(tmp_path):
    out = tmp_path / "report"
    result = mibook(
        "run",
        "--respondents",
        EXAMPLES / "pilot_survey.csv",
        "--codebook",
        EXAMPLES / "pilot_codebook.yaml",
        "--out",
        out,
        "--jobs",
        "2",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    items = pd.read_csv(out / "tables" / "items.csv")
    assert (items["item"] == "confidence_return").sum() == 7
    missing = pd.read_csv(out / "tables" / "item_missing.csv")
    assert "confidence_return" in missing["item"].tolist()
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "Jobbsenter Vest: MI pilot 2025" in index and "pilot_survey.csv" in index
    checked = 0
    for path in [*(out / "notebooks").rglob("*"), *(out / "html").rglob("*")]:
        if path.suffix not in (".ipynb", ".html", ".md", ".txt", ".js", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for machine in ("/tmp/", "/work/", str(tmp_path), str(ROOT)):
            assert machine not in text, (path.relative_to(out), machine)
        checked += 1
    assert checked >= 10
    assert not (out / "_inputs").exists()  # the typed copies of the data stay out of the report
