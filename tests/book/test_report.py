"""``mibook run`` (``mibook.book.report``): a standalone report from a user's files, never
half-written.

The report is assembled in a hidden sibling ``.NAME.partial-*`` and renamed into place at the
end. These tests run it end to end with every kind of input, as a researcher would call it; watch
the folder during a run; interrupt runs (SIGINT, SIGTERM to mibook; SIGKILL to one of its kernels)
and check that neither ``--out`` nor a partial sibling remains, that no kernel outlives the run,
and that the message says how to resume.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from mibook.book import report as report_module
from tests.helpers import CORPUS, ROOT, run_cli, sha
from tests.helpers import run_cli as mibook

# ----------------------------------------------------------------------------- every kind of input


MITI_FULL = (
    "session_id,caseworker_id,cultivating_change_talk,softening_sustain_talk,partnership,empathy,"
    "giving_information,persuade,persuade_with_permission,question,simple_reflection,"
    "complex_reflection,affirm,seeking_collaboration,emphasizing_autonomy,confront\n"
    + "".join(
        f"s{k},cw{k % 3},{2 + k % 4},{3 + k % 3},{2 + k % 4},{3 + k % 2},{k % 5},{k % 2},"
        f"{k % 3},{5 + k},{4 + k % 6},{2 + k % 5},{k % 4},{k % 3},{k % 2},{k % 2}\n"
        for k in range(12)
    )
)


COMPARISON = (
    "study,country,re_aim_dimension,theme,kind,finding,source\n"
    "Our pilot 2026,Denmark,adoption,workload,barrier,"
    "Caseworkers had no time set aside for the sessions.,Results\n"
    "Our pilot 2026,Denmark,implementation,managerial_support,facilitator,"
    "Unit leads joined the supervision meetings.,Results\n"
)


def _text(path):
    html = path.read_text(encoding="utf-8")
    body = html[html.find("<main") : html.find("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "miti.csv").write_text(MITI_FULL)
    (folder / "comparison.csv").write_text(COMPARISON)
    out = folder / "report"
    result = run_cli(
        "run",
        "--miti",
        folder / "miti.csv",
        "--comparison",
        folder / "comparison.csv",
        "--out",
        out,
        "--jobs",
        "2",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_user_miti_file_gives_summary_and_proficiency_tables(report):
    summary = (report / "tables" / "miti_summary.csv").read_text().splitlines()
    assert summary[0] == "measure,n,mean,sd,min,max"
    measures = [line.split(",")[0] for line in summary[1:]]
    assert measures == [
        "cultivating_change_talk",
        "softening_sustain_talk",
        "partnership",
        "empathy",
        "technical",
        "relational",
        "percent_complex_reflections",
        "reflection_to_question",
        "total_mi_adherent",
        "total_mi_non_adherent",
    ]
    assert all(line.split(",")[1] == "12" for line in summary[1:])
    proficiency = (report / "tables" / "miti_proficiency.csv").read_text().splitlines()
    assert proficiency[0] == "measure,level,threshold,n,n_at_or_above,percent_at_or_above"
    assert len(proficiency) == 1 + 8


def test_user_comparison_rows_appear_in_the_report(report):
    rows = (report / "tables" / "comparison_rows.csv").read_text()
    assert "Our pilot 2026" in rows
    assert "Our pilot 2026" in _text(report / "html" / "report_comparison.html")


def test_reports_hide_the_injected_parameters(report):
    nb = json.loads((report / "notebooks" / "report_miti_fidelity.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and all("remove-cell" in c["metadata"]["tags"] for c in injected)
    assert "miti_csv =" not in _text(report / "html" / "report_miti_fidelity.html")


def test_counts_only_and_globals_only_files_both_give_a_report(tmp_path, cli):
    header = MITI_FULL.splitlines()[0].split(",")
    rows = [line.split(",") for line in MITI_FULL.splitlines()[1:]]
    for name, keep in (("counts", [0, 1] + list(range(6, 16))), ("globals", [0, 2, 3, 4, 5])):
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join(",".join(r[i] for i in keep) for r in [header, *rows]) + "\n")
        out = tmp_path / f"report_{name}"
        result = cli("run", "--miti", path, "--out", out, "--jobs", "2")
        assert result.returncode == 0, result.stdout + result.stderr
        measures = {
            line.split(",")[0]
            for line in (out / "tables" / "miti_summary.csv").read_text().splitlines()[1:]
        }
        if name == "counts":
            assert measures == {
                "percent_complex_reflections",
                "reflection_to_question",
                "total_mi_adherent",
                "total_mi_non_adherent",
            }
            assert "no global ratings" in _text(out / "html" / "report_miti_fidelity.html")
        else:
            assert measures == {
                "cultivating_change_talk",
                "softening_sustain_talk",
                "partnership",
                "empathy",
                "technical",
                "relational",
            }


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


def test_report_source_drops_teaching_cells(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("keep"), nbformat.v4.new_markdown_cell("drop")]
    nb.cells[1].metadata["tags"] = ["teaching"]
    src, dst = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    nbformat.write(nb, src)
    report_module._copy_without_teaching(src, dst)
    assert [c.source for c in nbformat.read(dst, as_version=4).cells] == ["keep"]


# ----------------------------------------------------------------------------- never half-written


def _as_in_a_terminal() -> None:
    # A job started in the background by a shell inherits SIGINT as ignored; the run under test
    # stands for a command in the foreground of a terminal, where Ctrl-C reaches it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_run(out: Path, *extra, env=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mibook", "run", "--out", str(out), *map(str, extra)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_as_in_a_terminal,
    )


def kernels_of(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        tree = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in tree:
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def wait_for_kernel(proc: subprocess.Popen, timeout: float = 120) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        kernels = kernels_of(proc)
        if kernels:
            time.sleep(1.0)  # let it start executing cells
            return kernels_of(proc) or kernels
        time.sleep(0.1)
    raise AssertionError("no kernel started")


def leftovers(parent: Path, name: str) -> list[str]:
    return sorted(
        p.name for p in parent.iterdir() if p.name == name or p.name.startswith(f".{name}.partial-")
    )


def test_report_folder_appears_only_when_complete(tmp_path):
    out = tmp_path / "report"
    proc = start_run(out, "--jobs", "2")
    saw_partial = False
    while proc.poll() is None:
        names = [p.name for p in tmp_path.iterdir()]
        saw_partial |= any(n.startswith(".report.partial-") for n in names)
        if out.exists():  # once visible it must be whole
            assert (out / "html" / "index.html").exists() and (out / ".mibook-report").exists()
            assert len(list((out / "notebooks").glob("*.ipynb"))) == 5
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    assert proc.returncode == 0, stdout + stderr
    assert saw_partial, "the report was not assembled in a hidden .report.partial-* sibling"
    assert leftovers(tmp_path, "report") == ["report"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_run_leaves_nothing_and_says_how_to_resume(tmp_path, sig):
    out = tmp_path / "report"
    temp = tmp_path / "temp"  # the run's temporary files (kernel sockets) must go too
    temp.mkdir()
    proc = start_run(out, "--jobs", "2", env={**os.environ, "TMPDIR": str(temp)})
    kernels = wait_for_kernel(proc)
    assert leftovers(tmp_path, "report"), (
        proc.communicate()
    )  # the partial sibling exists while running
    started = time.monotonic()
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - started < 30, "interrupt was not prompt"
    assert proc.returncode != 0
    assert "Traceback" not in stderr, stderr
    assert "interrupted" in stderr and "run the same command again" in stderr.lower()
    assert leftovers(tmp_path, "report") == []
    time.sleep(0.5)
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE], (
        "a kernel outlived the run"
    )
    assert [p.name for p in temp.iterdir()] == []


def test_killed_kernel_fails_the_run_cleanly(tmp_path):
    out = tmp_path / "report"
    proc = start_run(out, "--jobs", "1")
    kernel = wait_for_kernel(proc)[0]
    kernel.kill()
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stdout + stderr
    assert "Traceback" not in stderr
    assert "FAILED" in stdout and "run the same command again" in stderr.lower()
    assert leftovers(tmp_path, "report") == []


def test_failed_rerun_keeps_the_earlier_report(tmp_path):
    """An interrupted rerun into an earlier report leaves that report as it was."""
    out = tmp_path / "report"
    first = subprocess.run(
        [sys.executable, "-m", "mibook", "run", "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    proc = start_run(out, "--jobs", "2")
    wait_for_kernel(proc)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(tmp_path, "report") == ["report"]
