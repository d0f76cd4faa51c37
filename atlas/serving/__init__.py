"""Serving Atlas with gunicorn: the command line `atlas serve` runs, and the buffering worker class."""
