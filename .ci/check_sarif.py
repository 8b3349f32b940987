#!/usr/bin/env python3
"""Reads the SARIF 2.1 logs the C# compiler writes with -p:ErrorLog=<file>%2Cversion%3D2.1.

  check_sarif.py findings LOG --expect WS0001 [WS0002 ...]
      The log is SARIF 2.1.0, has at least one result for each expected rule, every WS result is in its
      rule's file (WS0003 in Ws0003_*.cs, the sample's naming), and every WS rule the log describes has a
      helpUri of the form <PREFIX><ID>.md (--help-uri-prefix: .ci/run reads WsAnalyzersRulesUrl from the
      build) and the category given with --category.

  check_sarif.py format-result BEFORE AFTER --fixed WS0001 [...] [--remains 'WS0004=<source text>' ...]
      Compares the logs of a build before and after `dotnet format analyzers`: each --fixed rule had
      results before and has none after; each --remains rule has at least one result after, no more than
      before, and one of them on a source line that contains <source text> (a shape with no automatic fix);
      no rule has results after that it did not have before; and the build after has no error.

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

    missing = sorted(set(args.expect) - set(counts))
    check(not missing, f"{args.log}: no result for {missing}; the sample exhibits every one of {sorted(args.expect)}")
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
    print(f"  every expected rule has results in its own file; {len(described)} WS rule descriptors, each helpUri {prefix}<ID>.md, category {args.category}")


def check_format_result(args):
    before, after = Log(args.before), Log(args.after)
    before_counts = print_results(f"before dotnet format ({args.before})", before.ws_results(), listed=False)
    after_results = after.ws_results()
    after_counts = print_results(f"after dotnet format ({args.after})", after_results)

    errors = after.errors()
    check(not errors, f"{args.after}: the build after dotnet format has errors:\n" + "\n".join(describe(e) for e in errors))
    new_rules = sorted(set(after_counts) - set(before_counts))
    check(not new_rules, f"the fixes introduced findings of {new_rules}, which the code did not have before")

    for rule_id in args.fixed:
        check(before_counts[rule_id] > 0, f"{args.before}: no {rule_id} result before dotnet format, so its fix was not exercised")
        check(
            after_counts[rule_id] == 0,
            f"dotnet format left {after_counts[rule_id]} of {before_counts[rule_id]} {rule_id} results, which all have a fix:\n"
            + "\n".join(describe(r) for r in after_results if r["ruleId"] == rule_id),
        )
        print(f"  {rule_id}: {before_counts[rule_id]} -> 0, fixed")

    for entry in args.remains:
        rule_id, _, text = entry.partition("=")
        check(RULE_ID.match(rule_id) and text, f"--remains takes 'WSxxxx=<source text>', got {entry!r}")
        check(
            1 <= after_counts[rule_id] <= before_counts[rule_id],
            f"{rule_id}: {before_counts[rule_id]} results before dotnet format, {after_counts[rule_id]} after; expected between 1 and {before_counts[rule_id]}",
        )
        unfixable = []
        for result in after_results:
            path, line = location(result)
            if result["ruleId"] != rule_id or path is None or not path.is_file() or not line:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            if line <= len(lines) and text in lines[line - 1]:
                unfixable.append(result)
        check(unfixable, f"{rule_id}: no result left on a line containing {text!r}, the shape that has no automatic fix")
        print(f"  {rule_id}: {before_counts[rule_id]} -> {after_counts[rule_id]}, including the shape with no fix: {describe(unfixable[0])}")

    unaccounted = sorted(set(after_counts) - set(args.fixed) - {e.partition('=')[0] for e in args.remains})
    check(not unaccounted, f"results after dotnet format for {unaccounted}, which the check does not expect")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    findings = commands.add_parser("findings")
    findings.add_argument("log")
    findings.add_argument("--expect", nargs="+", required=True)
    findings.add_argument("--help-uri-prefix", required=True)
    findings.add_argument("--category", required=True)
    fmt = commands.add_parser("format-result")
    fmt.add_argument("before")
    fmt.add_argument("after")
    fmt.add_argument("--fixed", nargs="+", required=True)
    fmt.add_argument("--remains", nargs="*", default=[])
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
