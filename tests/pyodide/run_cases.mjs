// Runs calculator cases in Pyodide under Node: the real CPython-in-WebAssembly the browser uses.
// Usage: node run_cases.mjs WHEEL [--browser] < cases.json > results.json
// cases.json: [{"calculator": ..., "inputs": {...}, "assume": {...}}, ...]
// Each result is {"ok": result.to_dict()} or {"error": {field: message}}; with --browser, the
// JSON text the Web Worker gets from calculators.browser.compute (what the page draws).
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";

const wheel = new Uint8Array(readFileSync(process.argv[2]));
const asBrowser = process.argv.includes("--browser");
const cases = readFileSync(0, "utf-8");
const pyodide = await loadPyodide();
pyodide.unpackArchive(wheel, "wheel");
pyodide.globals.set("cases_json", cases);
pyodide.globals.set("as_browser", asBrowser);
const out = pyodide.runPython(`
import json, sys
from calculators import InputError, browser, run

def one(case):
    if as_browser:
        return browser.compute(case["calculator"], json.dumps(case["inputs"]), json.dumps(case.get("assume") or {}))
    try:
        return {"ok": run(case["calculator"], case["inputs"], case.get("assume") or {}).to_dict()}
    except InputError as exc:
        return {"error": exc.errors}

json.dumps({"python": sys.version, "results": [one(c) for c in json.loads(cases_json)]})
`);
process.stdout.write(out);
