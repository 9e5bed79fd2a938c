"""A reused kernel must behave as a new one: same notebook bytes, nothing carried over.

The build reuses one kernel per worker and resets its session between notebooks
(:mod:`mibook.kernels`). These tests run every chapter in one kernel, in two orders, and compare
each notebook with the one a new kernel gives; and they check each part of the reset directly.
"""

import os
from pathlib import Path

import nbformat
import psutil
import pytest

from mibook.book import execute
from mibook.book.kernels import WorkerKernel
from mibook.book.registry import CHAPTERS


def _run_all(folder: Path, order, reuse: bool) -> dict[str, str]:
    work = folder / "notebooks"
    work.mkdir(parents=True)
    jobs = [
        (str(c.template), str(work / f"{c.name}.ipynb"), {"output_dir": "../tables"}, str(work))
        for c in order
    ]
    failures = execute._run_jobs(jobs, 1, say=lambda message: None, reuse_kernels=reuse)
    assert failures == []
    texts = {c.name: (work / f"{c.name}.ipynb").read_text() for c in order}
    texts.update(
        {f"tables/{p.name}": p.read_text() for p in sorted((folder / "tables").glob("*.csv"))}
    )
    return texts


def test_one_kernel_for_every_chapter_gives_the_bytes_of_new_kernels(tmp_path):
    chapters = list(CHAPTERS)
    fresh = _run_all(tmp_path / "fresh", chapters, reuse=False)
    # the comparison chapter changes pandas' display options; run it first and last
    reused_forward = _run_all(tmp_path / "forward", chapters, reuse=True)
    reused_backward = _run_all(tmp_path / "backward", chapters[::-1], reuse=True)
    for name in fresh:
        assert reused_forward[name] == fresh[name], (
            f"{name}: reused kernel (table-of-contents order) differs"
        )
        assert reused_backward[name] == fresh[name], (
            f"{name}: reused kernel (reverse order) differs"
        )
    counts = [
        c.execution_count
        for c in nbformat.reads(reused_backward["audit"], 4).cells
        if c.cell_type == "code"
    ]
    assert counts[0] == 1


def _run(manager, code: str) -> dict:
    """Execute ``code`` as a notebook cell would; return the outputs and the reply."""
    client = manager.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        outputs = []
        reply = client.execute_interactive(code, timeout=60, output_hook=outputs.append)
    finally:
        client.stop_channels()
    streams = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    results = [
        m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"
    ]
    return {
        "stream": streams,
        "results": results,
        "count": reply["content"].get("execution_count"),
        "status": reply["content"]["status"],
    }


@pytest.fixture
def kernel():
    worker = WorkerKernel()
    yield worker
    worker.shutdown()


def test_reset_gives_a_new_session(kernel, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    # a library module that warns: its record of warnings shown outlives the notebook's namespace
    (tmp_path / "warning_probe.py").write_text(
        "import warnings\n\n"
        "def warn():\n"
        "    warnings.warn('shown once per location', RuntimeWarning)\n"
    )
    probe_import = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
        "import warning_probe; warning_probe.warn()"
    )
    manager = kernel.ready(first)
    pid = _kernel_pid(manager)
    setup = (
        "import os, warnings, matplotlib, matplotlib.pyplot as plt, pandas as pd\n"
        "from mibook import published\n"
        "leftover = 1\n"
        "pd.set_option('display.max_rows', 3)\n"
        "matplotlib.rcParams['lines.linewidth'] = 9\n"
        "plt.figure()\n"
        "warnings.simplefilter('ignore', UserWarning)\n"
        "published.numbers()\n"
        "print(os.getcwd())\n"
    )
    ran = _run(manager, setup)
    assert ran["status"] == "ok" and ran["stream"].strip() == str(first)
    shown = _run(manager, probe_import + "; warning_probe.warn()")
    assert shown["stream"].count("RuntimeWarning: shown once per location") == 1

    manager = kernel.ready(second)
    assert _kernel_pid(manager) == pid, "the kernel was replaced instead of reset"
    probe = _run(
        manager,
        "import os, sys, warnings, matplotlib, matplotlib.pyplot as plt, pandas as pd\n"
        "from mibook import published\n"
        "print('leftover' in dir(), pd.get_option('display.max_rows'), "
        "matplotlib.rcParams['lines.linewidth'],\n"
        "      len(plt.get_fignums()), published.numbers.cache_info().currsize, os.getcwd(),\n"
        "      any(f[0] == 'ignore' and f[2] is UserWarning for f in warnings.filters))\n",
    )
    assert probe["status"] == "ok"
    assert probe["stream"].split() == ["False", "60", "1.5", "0", "0", str(second), "False"]
    assert probe["count"] == 1, "execution counts do not start again at 1"
    again = _run(manager, probe_import)
    assert "RuntimeWarning: shown once per location" in again["stream"], (
        "a warning shown in an earlier notebook was not shown again"
    )


def test_a_warning_shown_in_one_notebook_is_shown_in_the_next(kernel, tmp_path):
    (tmp_path / "plain_probe.py").write_text(
        "import warnings\n\ndef warn():\n    warnings.warn('probe', RuntimeWarning)\n"
    )
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import plain_probe; plain_probe.warn()"
    )
    manager = kernel.ready(tmp_path)
    assert _run(manager, code)["stream"].count("RuntimeWarning: probe") == 1
    assert _run(manager, code)["stream"].count("RuntimeWarning: probe") == 0  # once per location
    assert _run(manager, "import sys; print('pandas' in sys.modules)")["stream"].strip() == "False"
    manager = kernel.ready(tmp_path)
    assert _run(manager, code)["stream"].count("RuntimeWarning: probe") == 1


def test_the_book_s_figure_display_does_not_outlive_its_notebook(kernel, tmp_path):
    probe = (
        "import matplotlib.pyplot as plt\n"
        "from matplotlib.figure import Figure\n"
        "printer = get_ipython().display_formatter.formatters['image/png'].lookup(plt.figure())\n"
        "print(getattr(printer, 'func', printer).__module__)\n"
    )
    manager = kernel.ready(tmp_path)
    before = _run(manager, probe)["stream"].strip()
    assert before != "mibook.figures.style"
    styled = _run(
        manager, "from mibook.figures.style import use_book_style\nuse_book_style()\n" + probe
    )
    assert styled["stream"].strip() == "mibook.figures.style"
    manager = kernel.ready(tmp_path)
    assert _run(manager, probe)["stream"].strip() == before


def _kernel_pid(manager) -> int:
    return manager.provisioner.process.pid


def test_a_dead_kernel_is_replaced(kernel, tmp_path):
    manager = kernel.ready(tmp_path)
    pid = _kernel_pid(manager)
    psutil.Process(pid).kill()
    psutil.Process(pid).wait(timeout=10)
    manager = kernel.ready(tmp_path)
    assert _kernel_pid(manager) != pid
    assert _run(manager, "print(40 + 2)")["stream"].strip() == "42"


def test_shutdown_stops_the_kernel_and_removes_its_sockets(tmp_path):
    worker = WorkerKernel()
    manager = worker.ready(tmp_path)
    pid = _kernel_pid(manager)
    folder = worker._folder
    assert folder and os.path.isdir(folder)
    worker.shutdown()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not os.path.exists(folder)
    worker.shutdown()  # twice is harmless


def test_a_temp_folder_too_deep_for_socket_paths_falls_back_to_tcp(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    worker = WorkerKernel(str(deep))
    try:
        manager = worker.ready(tmp_path)
        assert manager.transport == "tcp"
        assert _run(manager, "print(6 * 7)")["stream"].strip() == "42"
    finally:
        worker.shutdown()
    short = WorkerKernel()  # the system's temp folder, /tmp here
    try:
        assert short.ready(tmp_path).transport == "ipc"
    finally:
        short.shutdown()
