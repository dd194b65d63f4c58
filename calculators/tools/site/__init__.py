"""Build time: the figures and tables of the guide pages, rendered from the rate book.

`figures.py` and `tables.py` are plain functions (rate book in, Markdown out) so they are tested
without MkDocs; `macros.py` exposes them to the pages through mkdocs-macros; `hooks.py` adjusts
the built site (search without diacritics).
"""
