"""ASGI entry point for uvicorn/gunicorn: `vstid.web.asgi:app`."""

from vstid.web.app import create_app

app = create_app()
