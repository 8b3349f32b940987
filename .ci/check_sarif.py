#!/usr/bin/env python3
"""Reads the SARIF 2.1 logs the C# compiler writes with -p:ErrorLog=<file>%2Cversion%3D2.1, and compares them with
the exact expectations in a table (.ci/expected.tsv: section, key, count[, source text]).

  check_sarif.py findings LOG --table TABLE --section sample
      The log is SARIF 2.1.0; it has exactly the table's count of results for each rule of the section and none
      for any other WS rule; every WS result is in its rule's file (WS0003 in Ws0003_*.cs, the sample's naming);
      and every WS rule the log describes has a helpUri of the form <PREFIX><ID>.md (--help-uri-prefix: .ci/run
      reads WsAnalyzersRulesUrl from the build) and the category given with --category.

  check_sarif.py format-result BEFORE AFTER --table TABLE --before-section sample --after-section after-format
      Compares the logs of a build before and after `dotnet format analyzers`: before has exactly the counts of
      the before-section; after has exactly the counts of the after-section (zero for a rule it does not list),
      each of its rows' source text on the line of one of that rule's results left; and the build after has no
      error.

Prints the WS results per rule; exits non-zero with a message on the first check that fails.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

RULE_ID = re.compile(r"^WS\d{4}$")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def read_table(path, section):
    """{rule: (count, [source texts])} for the rows of one section of the expectations table."""
    rows = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CheckFailed(f"{path}: cannot read the expectations table: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        check(len(fields) >= 3 and fields[2].isdigit(), f"{path}:{number}: expected 'section<TAB>key<TAB>count[<TAB>text]', got {line!r}")
        if fields[0] != section:
            continue
        check(fields[1] not in rows, f"{path}:{number}: {section} {fields[1]} is listed twice")
        rows[fields[1]] = (int(fields[2]), fields[3:])
    check(rows, f"{path}: no row in section {section!r}")
    return rows


def check_counts(what, counts, expected):
    """Exactly the expected count per rule, and nothing for a rule the table does not list."""
    for rule_id in sorted(set(counts) | set(expected)):
        want = expected.get(rule_id, (0, []))[0]
        check(counts[rule_id] == want, f"{what}: {counts[rule_id]} {rule_id} results, expected exactly {want}")


class Log:
    def __init__(self, path):
        self.path = path
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            raise CheckFailed(f"{path}: cannot read the SARIF log: {error}") from error
        check(data.get("version") == "2.1.0", f"{path}: SARIF version is {data.get('version')!r}, expected 2.1.0 (ErrorLog needs ',version=2.1')")
        runs = data.get("runs") or []
        check(runs, f"{path}: the log has no run")
        self.results = [result for run in runs for result in run.get("results") or []]
        self.descriptors = {
            descriptor.get("id"): descriptor
            for run in runs
            for descriptor in run.get("tool", {}).get("driver", {}).get("rules") or []
        }

    def ws_results(self):
        return [r for r in self.results if RULE_ID.match(r.get("ruleId", "")) and not r.get("suppressions")]

    def errors(self):
        return [r for r in self.results if r.get("level") == "error" and not r.get("suppressions")]


def location(result):
    """(path, line) of a result's first location; path is None when the log has none."""
    for entry in result.get("locations") or []:
        physical = entry.get("physicalLocation") or {}
        uri = (physical.get("artifactLocation") or {}).get("uri")
        line = (physical.get("region") or {}).get("startLine")
        if uri:
            parsed = urlparse(uri)
            path = unquote(parsed.path) if parsed.scheme == "file" else unquote(uri)
            return Path(path), line
    return None, None


def describe(result):
    path, line = location(result)
    where = f"{path.name}({line})" if path else "(no location)"
    return f"{where}: {result.get('level', 'warning')} {result.get('ruleId')}: {result.get('message', {}).get('text', '')[:110]}"


def print_results(title, results, listed=True):
    counts = Counter(r["ruleId"] for r in results)
    summary = ", ".join(f"{rule_id} x{count}" for rule_id, count in sorted(counts.items())) or "none"
    print(f"{title}: {len(results)} WS results ({summary})")
    if listed:
        for result in sorted(results, key=lambda r: (r["ruleId"], str(location(r)))):
            print(f"    {describe(result)}")
    return counts


def check_findings(args):
    log = Log(args.log)
    results = log.ws_results()
    counts = print_results(args.log, results)

    check_counts(args.log, counts, read_table(args.table, args.section))
    for result in results:
        path, _ = location(result)
        check(path is not None, f"{args.log}: a {result['ruleId']} result has no source location")
        prefix = "Ws" + result["ruleId"][2:] + "_"
        check(path.name.startswith(prefix), f"{args.log}: {describe(result)} is not in its rule's file ({prefix}*.cs)")

    described = sorted(rule_id for rule_id in log.descriptors if RULE_ID.match(rule_id or ""))
    check(described, f"{args.log}: tool.driver.rules describes no WS rule")
    undescribed = sorted(set(counts) - set(described))
    check(not undescribed, f"{args.log}: results for {undescribed} but no rule descriptor for them")
    prefix = args.help_uri_prefix
    for rule_id in described:
        descriptor = log.descriptors[rule_id]
        help_uri = descriptor.get("helpUri") or ""
        check(
            help_uri == f"{prefix}{rule_id}.md",
            f"{args.log}: {rule_id}'s helpUri is {help_uri!r}, expected {prefix}{rule_id}.md",
        )
        category = (descriptor.get("properties") or {}).get("category")
        check(category == args.category, f"{args.log}: {rule_id}'s category is {category!r}, expected {args.category!r}")
    print(f"  exactly the expected results per rule, each in its own file; {len(described)} WS rule descriptors, each helpUri {prefix}<ID>.md, category {args.category}")


def check_format_result(args):
    before, after = Log(args.before), Log(args.after)
    before_counts = print_results(f"before dotnet format ({args.before})", before.ws_results(), listed=False)
    after_results = after.ws_results()
    after_counts = print_results(f"after dotnet format ({args.after})", after_results)

    errors = after.errors()
    check(not errors, f"{args.after}: the build after dotnet format has errors:\n" + "\n".join(describe(e) for e in errors))
    new_rules = sorted(set(after_counts) - set(before_counts))
    check(not new_rules, f"the fixes introduced findings of {new_rules}, which the code did not have before")

    check_counts(f"before dotnet format ({args.before})", before_counts, read_table(args.table, args.before_section))
    left = read_table(args.table, args.after_section)
    check_counts(f"after dotnet format ({args.after})", after_counts, left)
    for rule_id in sorted(set(before_counts) - set(left)):
        print(f"  {rule_id}: {before_counts[rule_id]} -> 0, fixed")

    for rule_id, (count, texts) in sorted(left.items()):
        lines_left = []
        for result in after_results:
            path, line = location(result)
            if result["ruleId"] == rule_id and path is not None and path.is_file() and line:
                source = path.read_text(encoding="utf-8").splitlines()
                lines_left.append(source[line - 1] if line <= len(source) else "")
        for text in texts:
            check(
                any(text in source for source in lines_left),
                f"{rule_id}: no result left on a line containing {text!r}; the lines left are {lines_left}",
            )
        print(f"  {rule_id}: {before_counts[rule_id]} -> {count}, as expected, on lines containing {texts}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    findings = commands.add_parser("findings")
    findings.add_argument("log")
    findings.add_argument("--table", required=True)
    findings.add_argument("--section", required=True)
    findings.add_argument("--help-uri-prefix", required=True)
    findings.add_argument("--category", required=True)
    fmt = commands.add_parser("format-result")
    fmt.add_argument("before")
    fmt.add_argument("after")
    fmt.add_argument("--table", required=True)
    fmt.add_argument("--before-section", required=True)
    fmt.add_argument("--after-section", required=True)
    args = parser.parse_args(argv[1:])
    try:
        if args.command == "findings":
            check_findings(args)
        else:
            check_format_result(args)
    except CheckFailed as failure:
        print(f"SARIF CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
