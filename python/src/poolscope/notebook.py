"""Pictures of a run for notebooks: ``poolscope.render(run, step=..., level=...)`` draws it
with the program (as ``poolscope render`` does) and returns a picture Jupyter shows inline."""

import os
import subprocess
import tempfile

from .show import binary


class Picture:
    """A rendered PNG or SVG: shown inline by Jupyter, saved with ``save(path)``."""

    def __init__(self, data, kind):
        self.data = data
        self.kind = kind

    def _repr_png_(self):
        return self.data if self.kind == "png" else None

    def _repr_svg_(self):
        return self.data.decode("utf-8") if self.kind == "svg" else None

    def save(self, path):
        """Writes the picture under a temporary name, then renames it into place."""
        path = os.fspath(path)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(self.data)
        os.replace(tmp, path)
        return path

    def __repr__(self):
        return f"<poolscope picture: {self.kind}, {len(self.data)} bytes>"


def render(run, step=None, level=None, width=1200, height=450, format="png", title=None, args=()):
    """Draws a logged run (a run folder, a folder of runs: its newest, or a ``Writer``) at
    ``step`` (default the last), every level side by side or ``level`` alone; extra
    command-line options in ``args``. Raises with the program's message when it fails."""
    if format not in ("png", "svg"):
        raise ValueError(f"format={format!r}: expected 'png' or 'svg'")
    path = os.fspath(getattr(run, "logdir", run))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, f"picture.{format}")
        cmd = [binary(), "render", path, "--out", out, "--width", str(int(width)),
               "--height", str(int(height))]
        if step is not None:
            cmd += ["--step", str(step)]
        if level is not None:
            cmd += ["--level", str(int(level))]
        if title is not None:
            cmd += ["--title", str(title)]
        done = subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"poolscope render failed: {done.stderr.strip()}")
        with open(out, "rb") as f:
            return Picture(f.read(), format)
