#!/usr/bin/env python3
"""Checks that the WsAnalyzers severity presets list exactly the rules the analyzers report.

Usage: check_presets.py [--sarif LOG.sarif]

The presets are nuget/WsAnalyzers.Package/buildTransitive/config/wsanalyzers.<preset>.globalconfig. Each must
be a global config (is_global = true, global_level below 0 so that users' own configs win) that sets
dotnet_diagnostic.<ID>.severity for exactly the rules in src/WsAnalyzers/AnalyzerReleases.Shipped.md and
AnalyzerReleases.Unshipped.md (new rules minus removed ones), each to the preset's severity, and nothing else.
A rule added to the release files but forgotten in a preset fails here.

With --sarif, also compares the rule IDs with the WS descriptors the analyzer assembly declares, as the
compiler lists them in a SARIF 2.1 log (tool.driver.rules) of a build that loaded the analyzers.

Exits non-zero with a message naming the file and the difference on the first check that fails.
"""

import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RELEASE_FILES = [
    REPO_ROOT / "src/WsAnalyzers/AnalyzerReleases.Shipped.md",
    REPO_ROOT / "src/WsAnalyzers/AnalyzerReleases.Unshipped.md",
]
PRESET_DIR = REPO_ROOT / "nuget/WsAnalyzers.Package/buildTransitive/config"
# The preset names the package's WsAnalyzers.targets accepts, and the severity each gives every rule.
PRESETS = {"recommended": "warning", "strict": "error", "none": "none"}
ALLOWED_IN_TARGETS = "recommended, strict, none"
TARGETS_FILE = REPO_ROOT / "nuget/WsAnalyzers.Package/buildTransitive/WsAnalyzers.targets"

RULE_ID = re.compile(r"^WS\d{4}$")
SEVERITY_KEY = re.compile(r"^dotnet_diagnostic\.([^.]+)\.severity$")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def released_rules():
    """Rule IDs in the release tracking files: every 'New Rules' row, minus every 'Removed Rules' row."""
    added, removed = set(), set()
    for path in RELEASE_FILES:
        check(path.is_file(), f"{path.relative_to(REPO_ROOT)} is missing")
        section = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("### "):
                section = stripped[4:].strip().lower()
                continue
            if not stripped.startswith("WS"):
                continue
            rule_id = stripped.split("|", 1)[0].strip()
            check(RULE_ID.match(rule_id), f"{path.relative_to(REPO_ROOT)}:{number}: '{rule_id}' is not a rule ID")
            if section == "new rules":
                added.add(rule_id)
            elif section == "removed rules":
                removed.add(rule_id)
            elif section == "changed rules":
                check(rule_id in added, f"{path.relative_to(REPO_ROOT)}:{number}: {rule_id} changed before it was added")
            else:
                raise CheckFailed(f"{path.relative_to(REPO_ROOT)}:{number}: rule row outside a New/Removed/Changed Rules section")
    rules = added - removed
    check(rules, "no rules found in the AnalyzerReleases files")
    return rules


def read_preset(path):
    """Returns (top-level keys, {rule ID: severity}) of a global config, rejecting sections and duplicates."""
    top, severities = {}, {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        where = f"{path.relative_to(REPO_ROOT)}:{number}"
        check(not line.startswith("["), f"{where}: a global config has no sections, found '{line}'")
        check("=" in line, f"{where}: not a 'key = value' line: '{line}'")
        key, value = (part.strip() for part in line.split("=", 1))
        match = SEVERITY_KEY.match(key)
        if match:
            rule_id = match.group(1)
            check(rule_id not in severities, f"{where}: {rule_id} is set twice")
            severities[rule_id] = value
        else:
            check(key not in top, f"{where}: {key} is set twice")
            top[key] = value
    return top, severities


def check_presets(rules):
    found = sorted(p.name for p in PRESET_DIR.glob("*.globalconfig"))
    expected_files = sorted(f"wsanalyzers.{name}.globalconfig" for name in PRESETS)
    check(found == expected_files, f"{PRESET_DIR.relative_to(REPO_ROOT)} holds {found}, expected {expected_files}")
    targets = TARGETS_FILE.read_text(encoding="utf-8")
    check(
        f">{ALLOWED_IN_TARGETS}<" in targets,
        f"{TARGETS_FILE.relative_to(REPO_ROOT)} does not list the allowed values '{ALLOWED_IN_TARGETS}' for its error message",
    )

    for name, severity in PRESETS.items():
        path = PRESET_DIR / f"wsanalyzers.{name}.globalconfig"
        top, severities = read_preset(path)
        where = path.relative_to(REPO_ROOT)
        check(top.get("is_global") == "true", f"{where}: no 'is_global = true'")
        level = top.get("global_level")
        check(level is not None and re.fullmatch(r"-\d+", level), f"{where}: global_level must be negative, below users' own configs; it is {level}")
        unexpected_keys = sorted(set(top) - {"is_global", "global_level"})
        check(not unexpected_keys, f"{where}: unexpected keys {unexpected_keys}")
        missing = sorted(rules - set(severities))
        extra = sorted(set(severities) - rules)
        check(not missing, f"{where}: no severity for {missing}, which the AnalyzerReleases files list; add them to every preset")
        check(not extra, f"{where}: sets {extra}, which the AnalyzerReleases files do not list")
        wrong = sorted(f"{rule_id} = {value}" for rule_id, value in severities.items() if value != severity)
        check(not wrong, f"{where}: every rule must be '{severity}' in this preset; found {wrong}")
        print(f"  {where}: {len(severities)} rules at {severity}, global_level {level}")


def check_sarif(path, rules):
    log = json.loads(Path(path).read_text(encoding="utf-8"))
    declared = set()
    for run in log.get("runs", []):
        for descriptor in run.get("tool", {}).get("driver", {}).get("rules", []):
            if RULE_ID.match(descriptor.get("id", "")):
                declared.add(descriptor["id"])
    check(declared, f"{path}: the SARIF log declares no WS rule; were the analyzers loaded?")
    check(
        declared == rules,
        f"the analyzers declare {sorted(declared)} ({path}), the AnalyzerReleases files and presets list {sorted(rules)}",
    )
    print(f"  the analyzer assembly declares the same {len(declared)} rules ({path})")


def main(argv):
    sarif = None
    if len(argv) == 3 and argv[1] == "--sarif":
        sarif = argv[2]
    elif len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        rules = released_rules()
        print(f"Rules in the AnalyzerReleases files: {', '.join(sorted(rules))}")
        check_presets(rules)
        if sarif:
            check_sarif(sarif, rules)
    except CheckFailed as failure:
        print(f"PRESET CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    print("The severity presets list exactly the analyzers' rules.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
