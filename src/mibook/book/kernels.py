"""One Jupyter kernel per build worker, reset to a fresh session between notebooks.

Starting a kernel and importing pandas, matplotlib and the package costs each notebook more
than a second; the book's notebooks spend about as long on their own work. A worker therefore
keeps its kernel and, before every notebook, puts the session back to how a new kernel starts:
an empty namespace, execution counts from 1, no open figures, matplotlib's and pandas' default
settings, the warning filters (and their once-only memory) of a new kernel, the package's
in-memory caches emptied, and the notebook's working folder. Only the imported modules remain,
which is the point. A test builds every chapter both ways and compares the bytes.

A kernel that died or could not be reset is replaced by a new one, so a failure in one notebook
never leaks into the next. ``mibook build --fresh-kernels`` (``reuse_kernels=False`` in
:mod:`mibook.book.execute`) starts a new kernel for every notebook instead, as plain papermill or
Jupyter Book would.

No library offered this: papermill and nbclient accept a running kernel manager (and then leave
the kernel alone), but resetting a session between notebooks is left to the caller.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

RESET_CODE = "import mibook.book.kernels as _mibook_kernels; _mibook_kernels.reset_session({cwd!r})"
START_TIMEOUT = 60  # seconds for a kernel to answer; as papermill's default
SOCKET_PATH_LIMIT = 104  # bytes in a Unix socket's path, the smaller of macOS's and Linux's


# --------------------------------------------------------------------------- inside the kernel

_FRESH_STATE: dict = {}


def reset_session(cwd: str) -> None:
    """Run inside the kernel before each notebook: the session a new kernel would give.

    Restores the warning filters the kernel started with (and forgets which warnings were
    shown), closes every figure, restores matplotlib's and pandas' default settings and the way
    figures are displayed (:func:`mibook.figures.style.restore_figure_display`), empties
    the package's in-memory caches (every function with ``cache_clear``), changes to ``cwd``
    and resets IPython's namespace, history and execution count.

    Parameters
    ----------
    cwd : str
        The notebook's working folder.
    """
    import gc
    import os
    import sys
    import warnings

    shell = _shell()
    if not _FRESH_STATE:  # the first call is made in a new kernel: remember its settings
        _FRESH_STATE["warnings"] = list(warnings.filters)
    warnings.filters[:] = _FRESH_STATE["warnings"]
    _forget_shown_warnings(warnings)

    if "matplotlib.pyplot" in sys.modules:
        plt = sys.modules["matplotlib.pyplot"]
        plt.close("all")
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rc_file_defaults()
    if "mibook.figures.style" in sys.modules:  # figures shown as a new kernel shows them
        sys.modules["mibook.figures.style"].restore_figure_display()
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated options announce themselves on reset
            sys.modules["pandas"].reset_option("all")
    for name, module in list(sys.modules.items()):
        if name == "mibook" or name.startswith("mibook."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    os.chdir(cwd)
    if shell is not None:
        shell.reset(new_session=True)  # namespace, history, Out cache; execution count back to 1
    gc.collect()


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    return get_ipython()


def _forget_shown_warnings(warnings) -> None:
    """Make warnings shown "once" in an earlier notebook show again in the next one.

    Changing the filters invalidates every module's record of warnings already shown.
    """
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:
        mutated()
    else:  # pragma: no cover - other Pythons: any filter change does the same
        warnings.simplefilter("default", append=True)
        warnings.filters.pop()


# --------------------------------------------------------------------------- in the worker


class WorkerKernel:
    """The kernel a worker reuses; :meth:`ready` gives a manager to hand to papermill.

    Parameters
    ----------
    sockets : str, optional
        The folder for the kernels' socket folders (default: the system's temp folder); the
        caller removes it, which also clears up after a worker that was killed.
    kernel_name : str, default "python3"
        The Jupyter kernel to start.
    """

    def __init__(self, sockets: str | None = None, kernel_name: str = "python3") -> None:
        self.sockets = sockets
        self.kernel_name = kernel_name
        self.manager = None
        self._folder: str | None = None
        self._reset_client = None

    def ready(self, cwd: Path):
        """A kernel in a fresh session in ``cwd``: the current one, reset, or a new one.

        Parameters
        ----------
        cwd : pathlib.Path
            The notebook's working folder.

        Returns
        -------
        jupyter_client.AsyncKernelManager
            The manager of a running kernel whose session was just reset; a kernel that died
            or could not be reset has been replaced by a new one.
        """
        if self.manager is not None:
            try:
                if self._alive():
                    self._reset(cwd)
                    return self.manager
            except Exception:  # a kernel we cannot reset is replaced, never trusted
                pass
            self.shutdown()
        self._start(cwd)
        self._reset(cwd)
        return self.manager

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def _start(self, cwd: Path) -> None:
        from jupyter_core.utils import run_sync

        # Local sockets (ipc) rather than TCP ports: no port races between workers, and no
        # warning about unencrypted TCP printed by every kernel. A socket's path has a length
        # limit (104 bytes on macOS, 108 on Linux); under a deeply nested temp folder, TCP it is.
        self._folder = tempfile.mkdtemp(prefix="k", dir=self.sockets)
        prefix = str(Path(self._folder) / "k")
        if len(os.fsencode(prefix)) + len("-65535") < SOCKET_PATH_LIMIT:
            manager = _manager_class()(kernel_name=self.kernel_name, transport="ipc", ip=prefix)
        else:
            manager = _manager_class()(kernel_name=self.kernel_name)
        manager.connection_file = str(Path(self._folder) / "connection.json")
        # As nbclient starts its kernels: history in memory, not in the user's ~/.ipython
        run_sync(manager.start_kernel)(
            cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"]
        )
        self.manager = manager
        client = manager.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=START_TIMEOUT)
        self._reset_client = client

    def _reset(self, cwd: Path) -> None:
        client = self._reset_client
        msg_id = client.execute(RESET_CODE.format(cwd=str(cwd)), silent=True, store_history=False)
        reply = client.get_shell_msg(timeout=START_TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=START_TIMEOUT)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(
                f"kernel reset failed: {content.get('ename')}: {content.get('evalue')}"
            )

    def release_clients(self) -> None:
        """Close the clients papermill opened on this kernel.

        papermill leaves them open on a kernel it does not own.
        """
        if self.manager is not None:
            for client in self.manager.opened_clients:
                try:
                    client.stop_channels()
                except Exception:
                    pass
            self.manager.opened_clients.clear()

    def shutdown(self) -> None:
        """Stop the kernel and remove its sockets; safe to call twice."""
        from jupyter_core.utils import run_sync

        if self._reset_client is not None:
            try:
                self._reset_client.stop_channels()
            except Exception:
                pass
            self._reset_client = None
        if self.manager is not None:
            self.release_clients()
            # Killed, not asked to stop: an idle kernel whose outputs are all collected (and whose
            # history is in memory) has nothing to save, and a polite shutdown after a notebook
            # with figures takes it 0.7 s, which the build would wait for.
            try:
                run_sync(self.manager.shutdown_kernel)(now=True)
            except Exception:
                pass
            self.manager = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class ReusedKernelManager(AsyncKernelManager):
        """Remembers the clients opened on it, so they can be closed between notebooks."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.opened_clients: list = []

        def client(self, **kwargs):
            """A client of this kernel, remembered so that it can be closed later."""
            client = super().client(**kwargs)
            self.opened_clients.append(client)
            return client

    return ReusedKernelManager
