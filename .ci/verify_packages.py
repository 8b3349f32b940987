#!/usr/bin/env python3
"""Opens the WsAnalyzers, WsResilience and WsResilience.AspNetCore packages and checks what is inside.

Usage: verify_packages.py FEED_DIR VERSION

WsAnalyzers must hold exactly the two analyzer assemblies under analyzers/dotnet/cs (PDBs embedded), the
severity presets (buildTransitive/config/*.globalconfig, the same bytes as in nuget/WsAnalyzers.Package) with
the props and targets that choose one (build/ and buildTransitive/), the rule pages (docs/rules/*.md, the same
bytes as in the repository), README.md, and the shared LICENSE, CHANGELOG.md and icon.png from nuget/: nothing
under lib/, no dependencies, marked as a development dependency. WsResilience must hold its assembly for
net8.0 and net9.0 and the shared files, come with a symbols package (.snupkg) holding both PDBs, and depend on
WsAnalyzers of the same version without excluding any asset, so that the analyzers reach every project that
references it. WsResilience.AspNetCore is held to the same checks, with its dependency on WsResilience (through which
the analyzers reach its users). Prints each package's file list;
exits non-zero with a message on the first check that fails.
"""

import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

# Files every package has that NuGet itself writes (Open Packaging Conventions parts and the nuspec).
OPC_PARTS = ("_rels/.rels", "[Content_Types].xml")
OPC_PREFIXES = ("package/services/metadata/core-properties/",)

RESILIENCE_FRAMEWORKS = ("net8.0", "net9.0")

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_PROJECT_DIR = REPO_ROOT / "nuget" / "WsAnalyzers.Package"
# Packed into both packages from nuget/, as they are.
SHARED_FILES = ("LICENSE", "CHANGELOG.md", "icon.png")
RULE_PAGES = tuple(sorted(f"docs/rules/{page.name}" for page in (REPO_ROOT / "docs" / "rules").glob("*.md")))
# The files that choose a severity preset (WsAnalyzersRules), packed from PACKAGE_PROJECT_DIR as they are.
PRESET_FILES = (
    "build/WsAnalyzers.props",
    "build/WsAnalyzers.targets",
    "buildTransitive/WsAnalyzers.props",
    "buildTransitive/WsAnalyzers.targets",
    "buildTransitive/config/wsanalyzers.none.globalconfig",
    "buildTransitive/config/wsanalyzers.recommended.globalconfig",
    "buildTransitive/config/wsanalyzers.strict.globalconfig",
)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def open_package(feed, package_id, version):
    path = feed / f"{package_id}.{version}.nupkg"
    # Another version of this package, not another package whose id extends this one (WsResilience.AspNetCore).
    others = sorted(
        p.name for p in feed.glob(f"{package_id}.*.nupkg")
        if p != path and p.name[len(package_id) + 1].isdigit() and not p.name.startswith(f"{package_id}.{version}.symbols")
    )
    check(path.is_file(), f"{path.name} was not produced; the feed holds: {sorted(p.name for p in feed.iterdir())}")
    check(not others, f"unexpected extra {package_id} packages in the feed: {others}")
    archive = zipfile.ZipFile(path)
    names = archive.namelist()
    nuspec_name = f"{package_id}.nuspec"
    check(nuspec_name in names, f"{path.name}: no {nuspec_name}")
    content = sorted(
        n for n in names
        if n not in OPC_PARTS and n != nuspec_name and not n.startswith(OPC_PREFIXES)
    )
    print(f"{path.name}:")
    for name in content:
        print(f"  {name}  ({archive.getinfo(name).file_size} bytes)")
    metadata = parse_metadata(archive.read(nuspec_name))
    return archive, content, metadata


def parse_metadata(nuspec_bytes):
    root = ET.fromstring(nuspec_bytes)
    # The nuspec namespace changes with the schema version; compare local names only.
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]
    metadata = root.find("metadata")
    check(metadata is not None, "nuspec has no <metadata>")
    return metadata


def text(metadata, name):
    element = metadata.find(name)
    return (element.text or "").strip() if element is not None else ""


def check_common_metadata(package_id, version, metadata):
    check(text(metadata, "id") == package_id, f"{package_id}: nuspec id is '{text(metadata, 'id')}'")
    check(text(metadata, "version") == version, f"{package_id}: nuspec version is '{text(metadata, 'version')}', expected {version}")
    license_element = metadata.find("license")
    check(
        license_element is not None and license_element.get("type") == "expression" and (license_element.text or "").strip(),
        f"{package_id}: no license expression",
    )
    for name in ("description", "tags", "projectUrl"):
        check(text(metadata, name), f"{package_id}: nuspec has no {name}")
    check(text(metadata, "readme") == "README.md", f"{package_id}: nuspec readme is '{text(metadata, 'readme')}', expected README.md")
    check(text(metadata, "icon") == "icon.png", f"{package_id}: nuspec icon is '{text(metadata, 'icon')}', expected icon.png")
    check(text(metadata, "releaseNotes"), f"{package_id}: nuspec has no releaseNotes")


def check_same_bytes(package_id, archive, names, source_dir):
    for name in names:
        source = source_dir / name
        check(
            archive.read(name) == source.read_bytes(),
            f"{package_id}: {name} differs from {source}; was the package packed from another tree?",
        )


def check_analyzer_assembly(archive, name, must_not_reference):
    data = archive.read(name)
    check(data[:2] == b"MZ", f"{name} is not a .NET assembly")
    for reference in must_not_reference:
        check(reference.encode() not in data, f"{name} references {reference}, which the compiler does not load")


def verify_wsanalyzers(feed, version):
    archive, content, metadata = open_package(feed, "WsAnalyzers", version)
    expected = sorted([
        "README.md",
        "analyzers/dotnet/cs/WsAnalyzers.CodeFixes.dll",
        "analyzers/dotnet/cs/WsAnalyzers.dll",
        *PRESET_FILES,
        *RULE_PAGES,
        *SHARED_FILES,
    ])
    check(content == expected, f"WsAnalyzers: files are {content}, expected exactly {expected}")
    check(len(RULE_PAGES) >= 5, f"only {len(RULE_PAGES)} rule pages in docs/rules")
    check_same_bytes("WsAnalyzers", archive, PRESET_FILES, PACKAGE_PROJECT_DIR)
    check_same_bytes("WsAnalyzers", archive, RULE_PAGES, REPO_ROOT)
    check_same_bytes("WsAnalyzers", archive, SHARED_FILES, REPO_ROOT / "nuget")
    check_common_metadata("WsAnalyzers", version, metadata)
    check(text(metadata, "developmentDependency") == "true", "WsAnalyzers: developmentDependency is not true")
    dependencies = metadata.find("dependencies")
    check(
        dependencies is None or len(list(dependencies.iter("dependency"))) == 0,
        "WsAnalyzers: the package has dependencies; the compiler provides everything the analyzers use",
    )
    # RS1038: the analyzer assembly runs in csc, which has no Workspaces; only the fixes may use it.
    check_analyzer_assembly(archive, "analyzers/dotnet/cs/WsAnalyzers.dll", ["Microsoft.CodeAnalysis.Workspaces"])
    check_analyzer_assembly(archive, "analyzers/dotnet/cs/WsAnalyzers.CodeFixes.dll", [])
    for name in ("analyzers/dotnet/cs/WsAnalyzers.dll", "analyzers/dotnet/cs/WsAnalyzers.CodeFixes.dll"):
        # An embedded portable PDB starts with the metadata signature BSJB inside a compressed blob; the
        # debug directory entry names it "MPDB".
        check(b"MPDB" in archive.read(name), f"{name} has no embedded PDB")


def verify_runtime_package(feed, version, package_id, depends_on):
    """A runtime library for RESILIENCE_FRAMEWORKS that depends on `depends_on` without excluding any asset."""
    archive, content, metadata = open_package(feed, package_id, version)
    required = {"README.md", *SHARED_FILES} | {f"lib/{tfm}/{package_id}.dll" for tfm in RESILIENCE_FRAMEWORKS}
    allowed = required | {f"lib/{tfm}/{package_id}.xml" for tfm in RESILIENCE_FRAMEWORKS}
    missing = sorted(required - set(content))
    unexpected = sorted(set(content) - allowed)
    check(not missing, f"{package_id}: missing {missing}")
    check(not unexpected, f"{package_id}: unexpected files {unexpected} (the analyzers come with the WsAnalyzers dependency)")
    check_same_bytes(package_id, archive, SHARED_FILES, REPO_ROOT / "nuget")
    check_common_metadata(package_id, version, metadata)
    symbols_path = feed / f"{package_id}.{version}.snupkg"
    check(symbols_path.is_file(), f"no symbols package {symbols_path.name}")
    symbols = sorted(n for n in zipfile.ZipFile(symbols_path).namelist() if n.endswith(".pdb"))
    expected_symbols = sorted(f"lib/{tfm}/{package_id}.pdb" for tfm in RESILIENCE_FRAMEWORKS)
    check(symbols == expected_symbols, f"{symbols_path.name} holds {symbols}, expected {expected_symbols}")
    print(f"{symbols_path.name}: {', '.join(symbols)}")
    check(text(metadata, "developmentDependency") != "true", f"{package_id}: a runtime library must not be a development dependency")

    dependencies = metadata.find("dependencies")
    check(dependencies is not None, f"{package_id}: no <dependencies>; it must depend on {depends_on}")
    groups = {group.get("targetFramework"): group for group in dependencies.findall("group")}
    check(
        sorted(groups) == sorted(RESILIENCE_FRAMEWORKS),
        f"{package_id}: dependency groups are {sorted(groups)}, expected {list(RESILIENCE_FRAMEWORKS)}",
    )
    for tfm, group in sorted(groups.items()):
        found = [d for d in group.findall("dependency") if d.get("id") == depends_on]
        check(len(found) == 1, f"{package_id} ({tfm}): no dependency on {depends_on}")
        dependency = found[0]
        check(
            dependency.get("version") in (version, f"[{version}]", f"[{version}, )"),
            f"{package_id} ({tfm}): depends on {depends_on} {dependency.get('version')}, expected {version}",
        )
        check(
            not dependency.get("exclude"),
            f"{package_id} ({tfm}): the {depends_on} dependency excludes '{dependency.get('exclude')}'; "
            f"the analyzers would not reach {package_id}'s users",
        )
        check(
            dependency.get("include") in (None, "All", "all"),
            f"{package_id} ({tfm}): the {depends_on} dependency includes only '{dependency.get('include')}'",
        )
        print(f"  dependency ({tfm}): {depends_on} {dependency.get('version')}, nothing excluded")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    feed, version = Path(argv[1]), argv[2]
    try:
        verify_wsanalyzers(feed, version)
        verify_runtime_package(feed, version, "WsResilience", "WsAnalyzers")
        verify_runtime_package(feed, version, "WsResilience.AspNetCore", "WsResilience")
    except CheckFailed as failure:
        print(f"PACKAGE CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    print("All three packages hold what they should.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
