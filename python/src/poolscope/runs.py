"""Run folders and the lock that keeps one writer per run.

``Writer("runs")`` writes ``runs/20261204-103012_NAME/``: a new folder per run, named by its
start time (so runs sort by age) and a name, unless a run name is given. A run being written
holds ``.writer.lock`` (the writer's process and host); a second writer on it is refused while
that process lives, and a lock left by a killed process is taken over.
"""

import json
import os
import re
import socket
import time

from .graphlog import LOG_META, atomic_write

LOCK = ".writer.lock"


def is_log(path):
    return os.path.isfile(os.path.join(path, LOG_META))


def _safe(name):
    """A run name as a folder name: letters, digits, '-', '_' and '.', at most 60 of them."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name)).strip("-.")
    return cleaned[:60] or "run"


def run_dir(root, run=None, name=None):
    """The folder this writer writes: ``root`` itself when it already is a log (resumed as
    before runs existed), ``root/run`` for a named run, else a new ``root/TIME_NAME``."""
    root = os.fspath(root)
    if is_log(root) and run is None:
        return root
    if run is not None:
        run = str(run)
        if not run or run in (".", "..") or os.sep in run or (os.altsep and os.altsep in run):
            raise ValueError(f"run name {run!r}: expected a folder name without separators")
        return os.path.join(root, run)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = os.path.join(root, f"{stamp}_{_safe(name or 'run')}")
    path, n = base, 2
    while os.path.exists(path):
        path, n = f"{base}-{n}", n + 1
    return path


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class RunLock:
    """Held while a writer has a run open; released by ``release()`` (the writer's close)."""

    def __init__(self, logdir):
        self.path = os.path.join(logdir, LOCK)
        self.held = False
        me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if self._stale(logdir):
                    os.remove(self.path)
                    continue
                raise
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(me, f)
            self.held = True
            return
        raise RuntimeError(f"{logdir}: could not take the run's lock {self.path}")

    def _stale(self, logdir):
        """Whether the lock was left by a writer that is gone (killed on this machine); a live
        one, or one on another machine, is refused with who holds it."""
        try:
            with open(self.path, encoding="utf-8") as f:
                other = json.load(f)
            pid, host = int(other["pid"]), str(other["host"])
        except (OSError, ValueError, KeyError, TypeError):
            return True  # a lock cut short by a kill while it was written
        if host == socket.gethostname() and not _alive(pid):
            return True
        where = "this process" if (pid == os.getpid() and host == socket.gethostname()) else f"process {pid} on {host}"
        raise RuntimeError(
            f"{logdir} is being written by {where} (since {other.get('started', '?')}): a run has "
            "one writer. Close that writer, or write this one as another run (Writer(root) makes "
            f"a new run folder; run=NAME names one). If that process is gone, delete {self.path}"
        )

    def release(self):
        if self.held:
            self.held = False
            try:
                os.remove(self.path)
            except FileNotFoundError:
                pass


__all__ = ["LOCK", "RunLock", "run_dir", "is_log", "atomic_write"]
