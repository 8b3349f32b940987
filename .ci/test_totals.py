#!/usr/bin/env python3
"""Compares the tests each test project ran with the exact counts of .ci/expected.tsv (section `tests`).

  test_totals.py RESULTS_DIR --table TABLE

RESULTS_DIR holds the TRX files of `dotnet test --logger trx --results-directory RESULTS_DIR`, one per test project.
Each project (named by its test assembly, as in the table) must have run exactly the table's count, every test
passed, none skipped or not executed; a project the table does not list, or one listed that did not run, fails.
"""

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def read_expected(table):
    expected = {}
    for number, line in enumerate(Path(table).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or not fields[2].isdigit():
            raise SystemExit(f"{table}:{number}: expected 'section<TAB>key<TAB>count', got {line!r}")
        if fields[0] == "tests":
            expected[fields[1].lower()] = (fields[1], int(fields[2]))
    if not expected:
        raise SystemExit(f"{table}: no row in section 'tests'")
    return expected


def read_run(trx):
    root = ET.parse(trx).getroot()
    counters = root.find("t:ResultSummary/t:Counters", NS)
    storages = {test.get("storage") for test in root.iterfind("t:TestDefinitions/t:UnitTest", NS)}
    if counters is None or len(storages) != 1:
        raise SystemExit(f"{trx}: expected one test assembly and a summary, found {sorted(storages)}")
    name = PurePosixPath(storages.pop().replace("\\", "/")).name
    name = name[: -len(".dll")] if name.lower().endswith(".dll") else name
    return name.lower(), {key: int(counters.get(key, "0")) for key in ("total", "executed", "passed", "failed", "notExecuted")}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results")
    parser.add_argument("--table", required=True)
    args = parser.parse_args(argv[1:])
    expected = read_expected(args.table)
    runs = {}
    for trx in sorted(Path(args.results).glob("*.trx")):
        name, counts = read_run(trx)
        if name in runs:
            raise SystemExit(f"{trx}: a second result file for {name}")
        runs[name] = counts
    problems = []
    for key, (shown, want) in sorted(expected.items()):
        counts = runs.get(key)
        if counts is None:
            problems.append(f"{shown}: no test results (did the project run?)")
            continue
        print(f"  {shown}: {counts['total']} tests, {counts['passed']} passed, {counts['failed']} failed, {counts['notExecuted']} not executed")
        if counts["total"] != want:
            problems.append(f"{shown} ran {counts['total']} tests, expected exactly {want} (.ci/expected.tsv)")
        if counts["passed"] != counts["total"]:
            problems.append(f"{shown}: {counts['total'] - counts['passed']} of {counts['total']} tests did not pass")
    for name in sorted(set(runs) - set(expected)):
        problems.append(f"{name} ran tests but .ci/expected.tsv (section tests) does not list it")
    if problems:
        print("TEST COUNTS WRONG:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print("  -> every test project ran exactly its expected number of tests, all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
