"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from atlas import create_app

app = create_app()
app.extensions["atlas"].projector.start()
