"""Build step that ships the validated rates inside the wheel.

`build_py` is extended to validate `rates.yaml` (the same strict check as
`python -m calculators check-rates`) and to write it as `calculators/data/rates.json` in the
build directory only. The source tree never holds a generated copy, so a pull request changes
rates.yaml alone. An invalid rates file stops the build with the checker's messages.
"""

import json
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithRates(build_py):
    def run(self) -> None:
        super().run()
        sys.path.insert(0, str(ROOT))
        from calculators.rates_file import check_file

        data, errors = check_file(ROOT / "rates.yaml")
        if errors:
            raise SystemExit("rates.yaml is invalid:\n" + "\n".join(str(e) for e in errors))
        out = Path(self.build_lib) / "calculators" / "data" / "rates.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        # Keys keep the file's order: the order of choices is the order users see them in.
        out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


setup(cmdclass={"build_py": BuildWithRates})
