"""A report folder appears only complete; an interrupted or failed run leaves nothing behind.

``mibook run`` assembles the report in a hidden sibling ``.NAME.partial-*`` and renames it into
place at the end. These tests watch the folder during a run, interrupt runs (SIGINT, SIGTERM to
mibook; SIGKILL to one of its kernels) and check that neither ``--out`` nor a partial sibling
remains, that no kernel outlives the run, and that the message says how to resume.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]


def start_run(out: Path, *extra, env=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mibook", "run", "--out", str(out), *map(str, extra)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
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
