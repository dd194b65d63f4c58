"""Build-time and maintainers' tools. Not shipped in the wheel the browser loads.

- `rates_file/`: strict reading and validation of `rates.yaml` (PyYAML, pydantic)
- `site/`: the guide's build (mkdocs-macros figures and tables, forms, worked examples,
  handouts, hooks that put Pyodide, the wheel and the offline service worker into the site)
- `cli.py`, `report.py`: the command line (`python -m calculators`) and its text report
- `impact.py`: what a change to the rates changes, for a pull request
- `paths.py`: where the repository's files are

These may import anything of `calculators`; nothing outside `tools` imports them.
"""
