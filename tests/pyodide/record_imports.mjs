// Records the modules Python has imported after Pyodide's start and after answering the given
// cases through the worker's entry point (calculators.browser.compute), in Pyodide under Node.
// Usage: node record_imports.mjs WHEEL [STDLIB_ZIP] < cases.json > modules.json
// With STDLIB_ZIP, Pyodide starts on that standard library (the trimmed one the site serves).
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const wheel = new Uint8Array(readFileSync(process.argv[2]));
const stdlib = process.argv[3];
const cases = readFileSync(0, "utf-8");
const pyodide = await loadPyodide(stdlib ? { stdLibURL: pathToFileURL(stdlib).href } : {});
pyodide.unpackArchive(wheel, "wheel");
pyodide.globals.set("cases_json", cases);
const out = pyodide.runPython(`
import json, sys
from calculators import browser
answers = [
    browser.compute(c["calculator"], json.dumps(c["inputs"]), json.dumps(c.get("assume") or {}))
    for c in json.loads(cases_json)
]
json.dumps({"modules": sorted(sys.modules), "answers": answers})
`);
process.stdout.write(out);
