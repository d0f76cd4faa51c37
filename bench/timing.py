"""Running a command and measuring its wall time and peak memory (for the bench scripts)."""

from __future__ import annotations

import os
import subprocess
import time


def measure(args: list[str], env: dict) -> tuple[float, float, str]:
    """Run args; return (seconds, peak resident MB of that process, its output)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output.strip()
