"""Seconds from `make run` (warm .venv, empty instance) until the home page answers 200."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    """Start `make run`, poll / until it answers, print the time, stop the server."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ATLAS_INSTANCE_PATH": folder, "PORT": str(port)}
        env.pop("ATLAS_DATABASE_URL", None)
        started = time.perf_counter()
        proc = subprocess.Popen(["make", "-s", "run"], cwd=ROOT, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = started + 600
            while time.perf_counter() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise SystemExit("no answer within 600 s")
            first = time.perf_counter() - started
            samples = []
            for _ in range(20):
                t = time.perf_counter()
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                samples.append(time.perf_counter() - t)
            samples.sort()
            print(f"make run → first page: {first:.1f} s (warm .venv, empty instance, demo loaded)")
            print(f"home page after start: p50 {samples[10] * 1000:.0f} ms, "
                  f"p95 {samples[18] * 1000:.0f} ms over 20 requests")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
