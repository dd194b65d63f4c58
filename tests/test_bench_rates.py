"""scripts/bench_rates.py measures check-rates on the worst files it may be given: each of its
files must stay what it claims (under the size limit, refused, and for the kinds just under
the node cap, refused for something other than that cap), or the figures it prints mean nothing."""

from __future__ import annotations

import sys

import pytest

from calculators.tools.paths import REPO
from calculators.tools.rates_file import check_bytes
from calculators.tools.rates_file.check import MAX_BYTES

sys.path.insert(0, str(REPO / "scripts"))
import bench_rates


@pytest.mark.parametrize("kind", sorted(bench_rates.KINDS))
def test_each_benchmark_file_is_the_worst_case_it_says(kind: str) -> None:
    raw = bench_rates.KINDS[kind]().encode("utf-8")
    assert MAX_BYTES - 20_000 < len(raw) <= MAX_BYTES
    data, errors = check_bytes(raw, kind)
    assert data is None and errors
    over_the_cap = any("quá nhiều khóa và giá trị" in e.problem for e in errors)
    if kind.endswith("under_the_node_cap"):
        assert not over_the_cap, errors[0]
