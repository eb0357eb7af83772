"""The web dashboard and JSON API over a dyad store: ``dyad serve --db FILE``.

:func:`dyad.web.app.create_app` builds the FastAPI application; the pages under ``static/`` are plain
HTML and JavaScript that take all their data from the JSON API under ``/api/``.
"""
