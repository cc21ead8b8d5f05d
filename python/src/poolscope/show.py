"""Opens the poolscope window on a log directory."""

import os
import shutil
import subprocess


def binary():
    """The poolscope program: $POOLSCOPE_BIN, else the one on PATH."""
    found = os.environ.get("POOLSCOPE_BIN") or shutil.which("poolscope")
    if not found:
        raise FileNotFoundError(
            "the poolscope program was not found: install it (cargo install --path .) "
            "or set POOLSCOPE_BIN to its path"
        )
    return found


def show(logdir, *args, wait=False):
    """Starts ``poolscope LOGDIR`` (extra command-line arguments after it); returns the
    process, or waits for the window to close with ``wait=True``."""
    process = subprocess.Popen([binary(), os.fspath(logdir), *args])
    if wait:
        process.wait()
    return process
