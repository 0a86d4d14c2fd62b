#!/usr/bin/env python3
"""Makes every C# file's namespace match its folder, then adds the using directives the move needs.

Run from the repository root: python3 eng/fix-namespaces.py [--build]
Step 1 rewrites each `namespace X;` under src/ to <RootNamespace>.<folder path>. Files whose namespace is a
deliberate exception (extension methods in Microsoft.Extensions.DependencyInjection, linked shared sources) are
left alone; .editorconfig says why. Step 2 (--build) builds the solution, reads every "type or namespace could not
be found" error, and adds `using <namespace>;` to that file for the type's new namespace, until no such error is
left. Kept in eng/ so a branch that predates the move can run it after merging.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOTS = ["src", "tests", "samples"]
# Left alone: extension methods in Microsoft.Extensions.*, a user's namespace in docs examples (MyShop), and the
# proofs shared by the SQLite and PostgreSQL test projects.
KEEP = re.compile(r"^namespace (Microsoft\.Extensions\.[\w.]+|MyShop[\w.]*|PaymentCore\.Tests\.Proofs);", re.M)
DECL = re.compile(r"^\s*(?:\[[^\]]*\]\s*)*(?:public|internal)\s+(?:(?:sealed|static|abstract|readonly|partial|ref|unsafe|file)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?|delegate\s+[\w<>\[\],?. ]+?)\s+(\w+)", re.M)
NS = re.compile(r"^namespace ([\w.]+);", re.M)


def project_of(path):
    d = os.path.dirname(path)
    while d and d not in ROOTS:
        for f in os.listdir(d):
            if f.endswith(".csproj"):
                return d, f[:-7]
        d = os.path.dirname(d)
    return None, None


def root_namespace(project_dir, name):
    text = open(os.path.join(project_dir, name + ".csproj"), encoding="utf-8").read()
    m = re.search(r"<RootNamespace>([^<]+)</RootNamespace>", text)
    return m.group(1) if m else name


def files():
    for root in ROOTS:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in ("bin", "obj")]
            for f in filenames:
                if f.endswith(".cs"):
                    yield os.path.join(dirpath, f)


def expected_namespace(path):
    project_dir, name = project_of(path)
    if project_dir is None:
        return None
    rel = os.path.relpath(os.path.dirname(path), project_dir)
    ns = root_namespace(project_dir, name)
    if rel != ".":
        ns += "." + ".".join(rel.split(os.sep))
    return ns


def move(scope):
    changed = 0
    for path in files():
        if not path.startswith(scope):
            continue
        text = open(path, encoding="utf-8").read()
        m = NS.search(text)
        if not m or KEEP.search(text):
            continue
        want = expected_namespace(path)
        if want and m.group(1) != want:
            text = text[: m.start(1)] + want + text[m.end(1):]
            open(path, "w", encoding="utf-8").write(text)
            changed += 1
    return changed


def symbols(project=None):
    """Type name -> namespaces, over src/ and, when given, the files of one more project (a test project)."""
    table = defaultdict(set)
    for path in files():
        if not (path.startswith("src") or (project and path.startswith(project + os.sep))):
            continue
        text = open(path, encoding="utf-8").read()
        m = NS.search(text)
        if not m:
            continue
        for d in DECL.finditer(text):
            table[d.group(1)].add(m.group(1))
    return table


ERR = re.compile(r"^(/[^(]+\.cs)\(\d+,\d+\): (?:error|warning) (CS0246|CS0103|CS0234|CS1574|CS0305|CS0308|CS1061|CS0117|CS0426): (.*)$")
NAME = re.compile(r"'([\w.]+)(?:<[^']*>)?'")


def add_using(path, namespace):
    text = open(path, encoding="utf-8").read()
    line = f"using {namespace};\n"
    if line in text:
        return False
    own = NS.search(text)
    if own and own.group(1) == namespace:
        return False
    usings = list(re.finditer(r"^using [\w.]+;\n", text, re.M))
    if usings:
        # keep System first, then the rest sorted: insert in order
        block_start, block_end = usings[0].start(), usings[-1].end()
        lines = sorted(set(text[block_start:block_end].splitlines(True) + [line]), key=lambda l: (not l.startswith("using System"), l))
        text = text[:block_start] + "".join(lines) + text[block_end:]
    else:
        text = line + ("\n" if not text.startswith("\n") else "") + text
    open(path, "w", encoding="utf-8").write(text)
    return True


def build():
    out = subprocess.run(["dotnet", "build", "PaymentCore.sln", "-c", "Release", "-p:TreatWarningsAsErrors=false"], capture_output=True, text=True).stdout
    return out.splitlines()


def fix_usings(max_rounds=8):
    tables = {}
    for round_ in range(max_rounds):
        lines = build()
        added = 0
        unresolved = set()
        for line in lines:
            m = ERR.match(line.split(" [")[0])
            if not m:
                continue
            path, _, message = m.groups()
            if "/obj/" in path:
                continue  # generated code: fixed by the usings of the file it is generated from
            names = NAME.findall(message)[:1]
            if m.group(2) == "CS1574":
                # The message names the unresolved member only: read the cref itself and take its type.
                number = int(line.split("(")[1].split(",")[0])
                source = open(path, encoding="utf-8").read().split("\n")[number - 1]
                names = [c.split("(")[0].split("{")[0] for c in re.findall(r'cref="([^"]+)"', source)]
            for name in names:
                short = name.split(".")[0]
                project_dir = project_of(os.path.relpath(path))[0]
                if project_dir not in tables:
                    tables[project_dir] = symbols(None if project_dir is None or project_dir.startswith("src") else project_dir)
                spaces = tables[project_dir].get(short)
                if not spaces:
                    unresolved.add((os.path.relpath(path), short))
                    continue
                for ns in sorted(spaces):
                    if add_using(path, ns):
                        added += 1
        errors = [l for l in lines if " error " in l]
        print(f"round {round_ + 1}: {len(set(errors))} error lines, {added} usings added", flush=True)
        if added == 0:
            for e in sorted(set(errors))[:40]:
                print(e[:240])
            return len(set(errors))
    return -1


if __name__ == "__main__":
    scope = "src"
    for arg in sys.argv[1:]:
        if arg.startswith("--scope="):
            scope = arg.split("=", 1)[1]
    print("namespaces changed:", move(scope))
    if "--build" in sys.argv:
        sys.exit(1 if fix_usings() else 0)
