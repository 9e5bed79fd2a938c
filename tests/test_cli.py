import json

import pytest

from mibook import paths

GOOD = "respondent_id,gender,age,education,sick_leave_length,satisfaction,useful_first,useful_second,useful_overall,timing_appropriate,preferred_timing\n"
GOOD += "".join(
    f"P{k},{'female' if k % 3 else 'male'},{25 + k},high_school,2_4m,{1 + k % 5},{1 + k % 5},,4,yes,good\n"
    for k in range(40)
)


def test_validate_ok(cli, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    result = cli("validate", "--respondents", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 40 rows"


@pytest.mark.parametrize(
    "bad_value, column", [("6", "satisfaction"), ("0", "useful_first"), ("Agree", "useful_overall")]
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
    html = (out / "html" / "sample_characteristics.html").read_text()
    assert "Test clinic" in (out / "html" / "index.html").read_text()
    assert "treated as observed" in html and "reconstructed</strong>" not in html
    nb = json.loads((out / "notebooks" / "sample_characteristics.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"]["respondents_csv"] == str(data)
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]
    first_notebooks = {p.name: p.read_bytes() for p in (out / "notebooks").glob("*.ipynb")}
    # Running again into our own report replaces it, and a new kernel per notebook (instead of one
    # reused kernel per worker) changes no byte of the notebooks.
    again = cli("run", "--respondents", data, "--out", out, "--jobs", "1", "--fresh-kernels")
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
