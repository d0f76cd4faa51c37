"""`atlas serve` run for real: a gunicorn process on a free loopback port over an instance."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ATLAS = str(Path(sys.executable).with_name("atlas"))


def free_port() -> int:
    """Return a loopback port nobody listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def atlas_env(instance: Path, **settings: str) -> dict:
    """Return the environment of an `atlas` process on this instance folder (SQLite)."""
    env = {**os.environ, "ATLAS_INSTANCE_PATH": str(instance)}
    env.pop("ATLAS_DATABASE_URL", None)
    env.update(settings)
    return env


@contextlib.contextmanager
def atlas_serve(env: dict, *, ready_within: float = 60) -> Iterator[str]:
    """Start `atlas serve` with env; yield its base URL once /healthz answers; stop it after."""
    port = free_port()
    log = open(Path(env["ATLAS_INSTANCE_PATH"]) / f"serve-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([ATLAS, "serve"], env={**env, "PORT": str(port)},
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"atlas serve exited with {proc.returncode}: "
                                   f"{Path(log.name).read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        # gunicorn's arbiter is the process we started (atlas serve execs it).
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
