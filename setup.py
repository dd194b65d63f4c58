"""Build step that ships the runtime and the validated rates inside the wheel.

The wheel is what the browser loads through Pyodide, so it holds only what runs there: the
`calculators` package without `calculators.tools` (build-time and maintainers' code, excluded in
pyproject.toml) and without `__main__` (the command line lives in tools).

`build_py` is extended to validate `rates.yaml` (the same strict check as
`python -m calculators check-rates`) and to write it as `calculators/data/rates.json` in the
build directory only. The source tree never holds a generated copy, so a pull request changes
rates.yaml alone. An invalid rates file stops the build with the checker's messages. The site
build, which has validated the file already, passes its JSON in VALIDATED_RATES_JSON so that
one build validates once.
"""

import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


VALIDATED = "VALIDATED_RATES_JSON"
NOT_SHIPPED = {("calculators", "__main__")}


class BuildWithRates(build_py):
    def find_package_modules(self, package: str, package_dir: str) -> list[tuple[str, str, str]]:
        modules = super().find_package_modules(package, package_dir)
        return [m for m in modules if (m[0], m[1]) not in NOT_SHIPPED]

    def run(self) -> None:
        super().run()
        out = Path(self.build_lib) / "calculators" / "data" / "rates.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        # Keys keep the file's order: the order of choices is the order users see them in.
        out.write_text(json.dumps(_validated_rates(), ensure_ascii=False), encoding="utf-8")


def _validated_rates() -> dict:
    given = os.environ.get(VALIDATED)
    if given:
        return json.loads(Path(given).read_text(encoding="utf-8"))
    sys.path.insert(0, str(ROOT))
    from calculators.tools.rates_file import check_file

    data, errors = check_file(ROOT / "rates.yaml")
    if errors:
        raise SystemExit("rates.yaml is invalid:\n" + "\n".join(str(e) for e in errors))
    return data


setup(cmdclass={"build_py": BuildWithRates})
