#!/usr/bin/env python3
"""Every flag that takes a value, of every command and of the window, given nonsense (nan,
inf, negative, huge, empty, malformed): the program must refuse or cope, never panic or hang.
The window's flags run without a display, so a value it accepts ends in "could not open the
window" rather than a window. Prints each panic or timeout and the count.

    python3 scripts/flag_fuzz.py [path/to/poolscope]
"""
import os
import re
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope")
VALUES = ["nan", "inf", "-inf", "-1", "0", "1e30", "99999999999999999999", "", "x,y,,", "0.5", "level:99"]
FLAG = re.compile(r"^\s+(?:-\w, )?(--[\w-]+) <[\w-]+>", re.M)


def flags(cmd):
    args = [BIN] + ([cmd] if cmd else []) + ["--help"]
    return FLAG.findall(subprocess.run(args, capture_output=True, text=True).stdout)


def main():
    d = tempfile.mkdtemp()
    assign = os.path.join(d, "a.csv")
    with open(assign, "w") as f:
        f.writelines(f"{i},{i % 2}\n" for i in range(34))
    commands = {
        "": ["karate"],
        "info": ["karate"],
        "convert": ["karate", os.path.join(d, "out.csv")],
        "layout": ["karate", "--iterations", "5"],
        "train": ["karate", "--epochs", "2"],
        "losses": ["karate", "--assign", assign],
        "render": ["karate", "--out", os.path.join(d, "r.svg"), "--epochs", "2"],
    }
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    runs = problems = 0
    for cmd, base in commands.items():
        for flag in flags(cmd):
            for value in VALUES:
                args = [BIN] + ([cmd] if cmd else []) + base + [flag, value]
                runs += 1
                try:
                    # In the temp folder: a flag whose value is a path (`--out nan`) writes there.
                    r = subprocess.run(
                        args, capture_output=True, text=True, timeout=30, env=env, cwd=d
                    )
                except subprocess.TimeoutExpired:
                    print("TIMEOUT", " ".join(args[1:]))
                    problems += 1
                    continue
                if r.returncode == 101 or "panicked" in r.stderr:
                    print("PANIC", " ".join(args[1:]), r.stderr.strip()[-200:])
                    problems += 1
    print(f"{runs} runs, {problems} panics or timeouts")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
