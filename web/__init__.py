"""The console: Flask blueprints, Jinja templates and vendored static assets."""
