"""Executing templates with papermill in a pool of workers, each reusing one kernel.

Each template runs with papermill (kernel ``python3``); what varies between runs (papermill
timings, random cell ids) is stripped and the notebook is written atomically. Notebooks run in
a pool of worker processes, each of which reuses one kernel, reset between notebooks
(:mod:`mibook.book.kernels`); an interrupt stops every worker and kernel at once.

Why hand-written
----------------
papermill runs one notebook and Jupyter Book executes its notebooks one after another; neither
runs a set of notebooks in parallel, reuses kernels or stops every kernel on an interrupt. The
pool is :class:`concurrent.futures.ProcessPoolExecutor`, with the cleanup around it written
here.
"""

from __future__ import annotations

import json
import multiprocessing.util
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mibook import paths
from mibook.book.kernels import WorkerKernel
from mibook.files import write_text_atomic


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between two runs of the same notebook on the same inputs.

    Keeps only the parameters of papermill's notebook metadata; drops papermill's per-cell
    metadata, the execution timings of cells and outputs and the widget state; gives the
    injected-parameters cell a fixed id and the tag ``remove-cell`` (hidden from readers, kept
    in the notebook).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; changed in place.

    Returns
    -------
    nbformat.NotebookNode
        The same notebook.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.metadata["papermill"] = {"parameters": {"ci_level": 0.9}, "duration": 2.5}
    >>> nb.cells.append(
    ...     nbformat.v4.new_code_cell(
    ...         "ci_level = 0.9",
    ...         metadata={"tags": ["injected-parameters"], "papermill": {"duration": 0.1}},
    ...     )
    ... )
    >>> nb = clean_notebook(nb)
    >>> nb.metadata["papermill"]
    {'parameters': {'ci_level': 0.9}}
    >>> nb.cells[0]["id"], nb.cells[0].metadata
    ('injected-parameters', {'tags': ['injected-parameters', 'remove-cell']})
    """
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill gives it a random id on every run
            if "remove-cell" not in tags:
                # hidden from readers like the template's own parameters cell, but kept in the
                # notebook
                cell.metadata["tags"] = [*tags, "remove-cell"]
        cell.metadata.pop("execution", None)
        pm = cell.metadata.get("papermill")
        if pm is not None:
            cell.metadata.pop("papermill")
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def write_notebook_atomic(nb: nbformat.NotebookNode, target: Path) -> None:
    """Write a notebook as nbformat's JSON plus a final newline, atomically.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook.
    target : pathlib.Path
        The file; replaced in one step (:func:`mibook.files.write_text_atomic`).
    """
    write_text_atomic(target, nbformat.writes(nb) + "\n")


def execute(
    template: Path,
    target: Path,
    parameters: dict,
    cwd: Path,
    kernel: WorkerKernel | None = None,
    scratch: str | None = None,
) -> None:
    """Run one template with papermill (kernel ``python3``), clean it, write it atomically.

    With ``kernel`` (a :class:`~mibook.book.kernels.WorkerKernel`) the notebook runs in that
    worker's kernel, reset to a fresh session; without, papermill starts and stops a kernel of
    its own. Papermill's raw output goes to ``scratch`` (default: the system's temp folder).

    Parameters
    ----------
    template : pathlib.Path
        The notebook template.
    target : pathlib.Path
        The executed notebook to write.
    parameters : dict
        Values for the template's parameters cell.
    cwd : pathlib.Path
        The working folder of the kernel.
    kernel : mibook.book.kernels.WorkerKernel, optional
        A kernel to reuse.
    scratch : str, optional
        Folder for papermill's raw output.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails; nothing is written to ``target``.
    """
    import papermill

    engine_options = {}
    if kernel is not None:
        engine_options["km"] = kernel.ready(cwd)
    # The raw papermill output goes to a temp folder, never beside the book's pages, where a
    # concurrent Jupyter Book build could pick it up.
    fd, tmp = tempfile.mkstemp(prefix=f"mibook-{target.stem}-", suffix=".ipynb", dir=scratch)
    os.close(fd)
    try:
        papermill.execute_notebook(
            str(template),
            tmp,
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            report_mode=False,
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            **engine_options,
        )
        nb = nbformat.read(tmp, as_version=4)
    finally:
        Path(tmp).unlink(missing_ok=True)
        if kernel is not None:
            kernel.release_clients()
    write_notebook_atomic(clean_notebook(nb), target)


# The kernel each worker process keeps between notebooks (None: a new kernel per notebook), and
# the run's scratch folder for kernel sockets and papermill's raw output.
_WORKER_KERNEL: WorkerKernel | None = None

_SCRATCH: str | None = None


def _start_worker(reuse_kernel: bool, scratch: str) -> None:
    """Ready this process to run notebooks (a pool worker, or this process for a serial run)."""
    global _WORKER_KERNEL, _SCRATCH
    _SCRATCH = scratch
    _WORKER_KERNEL = WorkerKernel(scratch) if reuse_kernel else None


def _start_pool_worker(reuse_kernel: bool, scratch: str) -> None:
    _start_worker(reuse_kernel, scratch)
    # Pool workers leave through multiprocessing's exit path, which runs these finalizers (and
    # not atexit): the kernel goes with its worker.
    multiprocessing.util.Finalize(None, _stop_worker, exitpriority=10)


def _stop_worker() -> None:
    global _WORKER_KERNEL, _SCRATCH
    if _WORKER_KERNEL is not None:
        _WORKER_KERNEL.shutdown()
    _WORKER_KERNEL = _SCRATCH = None


def _execute_job(job: tuple[str, str, dict, str]) -> tuple[str, float, str | None]:
    template, target, parameters, cwd = job
    start = time.perf_counter()
    try:
        execute(
            Path(template),
            Path(target),
            parameters,
            Path(cwd),
            kernel=_WORKER_KERNEL,
            scratch=_SCRATCH,
        )
    except Exception as err:  # reported per notebook by the caller
        return target, time.perf_counter() - start, _short_error(err)
    return target, time.perf_counter() - start, None


def _short_error(err: Exception) -> str:
    name = type(err).__name__
    if name == "PapermillExecutionError":
        return f"cell failed: {getattr(err, 'ename', '')}: {getattr(err, 'evalue', '')}"
    return f"{name}: {err}"


def default_jobs() -> int:
    """The default number of notebooks run in parallel: the number of cores (at least 1).

    Returns
    -------
    int

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    return max(1, os.cpu_count() or 1)


@dataclass
class BuildResult:
    """What a build or a report run did.

    Attributes
    ----------
    executed : list of str
        The chapters executed.
    skipped : list of str
        The chapters skipped because their hashes were unchanged.
    html_built : bool
        Whether the HTML was (re)built.
    failures : list of str
        One line per failure (a notebook's, or Jupyter Book's log); empty on success.
    """

    executed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    html_built: bool = False
    failures: list[str] = field(default_factory=list)


def _run_jobs(
    jobs: list[tuple[str, str, dict, str]],
    n_jobs: int,
    say,
    alongside=None,
    timings=None,
    reuse_kernels: bool = True,
) -> list[str]:
    """Execute the notebooks; ``alongside`` (a callable) runs in this process meanwhile.

    ``alongside`` runs once the workers have started, so work that does not depend on the
    notebooks costs no wall time. Seconds per notebook are added to ``timings`` (a dict) when
    one is given.

    Jobs start in the order given; :func:`longest_first` orders them so that free workers take the
    longest remaining notebook, which shortens the wall time of a parallel run."""
    failures = []
    if not jobs or n_jobs <= 1 or len(jobs) == 1:
        if alongside is not None:
            alongside()
    if not jobs:
        return failures
    say(f"executing {len(jobs)} notebook(s) with {min(n_jobs, len(jobs))} worker(s)")
    # Kernel sockets and papermill's raw output live in one scratch folder of this run, removed
    # here whatever happens to the workers (a worker killed on Ctrl-C cannot clear up after itself).
    scratch = tempfile.mkdtemp(prefix="mibook-")
    try:
        return _execute_all(jobs, n_jobs, say, alongside, timings, reuse_kernels, scratch, failures)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _execute_all(
    jobs, n_jobs, say, alongside, timings, reuse_kernels, scratch, failures
) -> list[str]:
    if n_jobs <= 1 or len(jobs) == 1:
        _start_worker(reuse_kernels, scratch)
        try:
            for target, seconds, error in map(_execute_job, jobs):
                _report(target, seconds, error, say, failures, timings)
        except BaseException:  # Ctrl-C, SIGTERM: no kernel outlives us
            _stop_descendants()
            raise
        finally:
            _stop_worker()
    else:
        import papermill  # noqa: F401 - imported once here, inherited by the forked workers

        pool = ProcessPoolExecutor(
            max_workers=min(n_jobs, len(jobs)),
            initializer=_start_pool_worker,
            initargs=(reuse_kernels, scratch),
        )
        try:
            # submit, not map: map cancels its futures on an interrupt, and Python 3.11's pool
            # then logs an InvalidStateError traceback when it notices the stopped workers.
            futures = [pool.submit(_execute_job, job) for job in jobs]
            if alongside is not None:  # the workers are forked by now: no thread crosses a fork
                alongside()
            for future in futures:
                _report(*future.result(), say, failures, timings)
        except BrokenProcessPool as err:  # a worker was killed (out of memory, kill -9)
            _stop_descendants()
            pool.shutdown(wait=False)
            failures.append(f"a notebook worker process died ({err})")
            say(f"  FAILED: a notebook worker process died ({err})")
            return failures
        except BaseException:
            # Leaving the pool's ``with`` block would wait for every running notebook to finish;
            # stop the workers and their kernels instead, so an interrupt is prompt.
            _stop_descendants()
            # Do not wait: a worker killed while holding the pool's queue lock can leave the
            # pool's manager thread stuck for good. The CLI exits with os._exit after cleanup.
            pool.shutdown(wait=False)
            raise
        pool.shutdown()
    return failures


DURATIONS = paths.BUILD / ".mibook-durations.json"


def longest_first(jobs: list[tuple[str, str, dict, str]]) -> list[tuple[str, str, dict, str]]:
    """Jobs ordered by the duration their notebook took last time, longest first.

    The durations are a local cache in ``_build``; notebooks never timed keep their
    table-of-contents order, ahead of the rest.

    Parameters
    ----------
    jobs : list of tuple
        ``(template, target, parameters, cwd)`` per notebook.

    Returns
    -------
    list of tuple
        The same jobs, reordered.
    """
    try:
        durations = json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        durations = {}
    return sorted(jobs, key=lambda job: -float(durations.get(Path(job[1]).stem, float("inf"))))


def remember_durations(timings: dict) -> None:
    """Add the seconds each notebook took to the local cache :func:`longest_first` reads.

    Parameters
    ----------
    timings : dict
        Notebook name → seconds. A read-only checkout keeps its old cache, silently.
    """
    try:
        durations = json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        durations = {}
    durations.update(timings)
    try:
        write_text_atomic(DURATIONS, json.dumps(durations, indent=1, sort_keys=True) + "\n")
    except OSError:  # a read-only checkout still builds; it only loses the scheduling hint
        pass


def _stop_descendants(timeout: float = 5.0) -> None:
    """Terminate every process this one started (pool workers, papermill kernels)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return
    me = psutil.Process()
    direct = me.children()
    children = me.children(recursive=True)
    # Workers first and without ceremony (SIGKILL: no half-logged tracebacks from their
    # notebook clients), then the kernels they leave behind, politely.
    for child in direct:
        try:
            child.kill()
        except psutil.Error:
            pass
    for child in children:
        try:
            if child not in direct:
                child.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for child in alive:
        try:
            child.kill()
        except psutil.Error:
            pass


def _report(target, seconds, error, say, failures, timings=None) -> None:
    name = Path(target).name
    if timings is not None and not error:
        timings[Path(target).stem] = round(seconds, 1)
    if error:
        failures.append(f"{name}: {error}")
        say(f"  FAILED {name} ({seconds:.1f} s): {error}")
    else:
        say(f"  done   {name} ({seconds:.1f} s)")
