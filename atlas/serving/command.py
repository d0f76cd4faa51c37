"""How `atlas serve` runs gunicorn: worker class, processes, threads and time limits."""

from __future__ import annotations

from pathlib import Path

WORKER_CLASS = "atlas.serving.worker.BufferedThreadWorker"
# Seconds an idle kept-alive connection stays open (the proxy in front reuses them).
KEEPALIVE = 5


def gunicorn_args(config: dict, port: str, workers: int | None = None) -> list[str]:
    """Return gunicorn's command-line arguments for serving Atlas with these settings."""
    root = Path(__file__).resolve().parents[2]  # where wsgi.py is
    timeout = max(30, int(config["REQUEST_TIMEOUT"]) + 10)
    return ["--chdir", str(root), "--bind", f"127.0.0.1:{port}",
            "--worker-class", WORKER_CLASS,
            "--workers", str(workers or config["WORKERS"]),
            "--threads", str(config["THREADS"]),
            # A worker whose event loop stalls this long is restarted by the arbiter; threads
            # busy with slow requests do not stall it.
            "--timeout", str(timeout),
            "--keep-alive", str(KEEPALIVE),
            "--access-logfile", "-", "wsgi:app"]
