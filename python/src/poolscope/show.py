"""Opens the poolscope window on a log directory."""

import os
import shutil
import subprocess
import sysconfig


def binary():
    """The poolscope program: ``$POOLSCOPE_BIN``; else the one installed with this package
    (``pip install ./python`` puts it beside this Python's scripts, so it is found whether or
    not the environment is activated); else the one on ``PATH``."""
    found = os.environ.get("POOLSCOPE_BIN")
    if found:
        return found
    name = "poolscope.exe" if os.name == "nt" else "poolscope"
    bundled = os.path.join(sysconfig.get_path("scripts"), name)
    if os.path.isfile(bundled) and os.access(bundled, os.X_OK):
        return bundled
    found = shutil.which("poolscope")
    if not found:
        raise FileNotFoundError(
            "the poolscope program was not found: `pip install ./python` brings it with the "
            "package (it builds the crate once; cargo must be installed), or set "
            "POOLSCOPE_BIN to its path"
        )
    return found


def show(logdir, *args, wait=False):
    """Starts ``poolscope LOGDIR`` (a folder of runs, one run, or a ``Writer``: its run; extra
    command-line arguments after it) without waiting for the window: returns the process, or
    waits for the window to close with ``wait=True``."""
    path = getattr(logdir, "logdir", logdir)
    process = subprocess.Popen([binary(), os.fspath(path), *args])
    if wait:
        process.wait()
    return process
