#!/usr/bin/env bash
# Regenerates every package's API baseline (src/*/PublicAPI.Unshipped.txt) from the code as it is.
#
# Builds the packages in src/ (not the tests: a broken test project must not block the baseline) with
# warnings left as warnings, so the PublicApiAnalyzers report every RS0016 (public symbol not declared) and
# RS0017 (declared symbol gone) instead of stopping the build. Each RS0016 symbol goes into its project's
# PublicAPI.Unshipped.txt; each RS0017 entry is deleted from Unshipped, or, when it was shipped, recorded as
# "*REMOVED*<entry>" in Unshipped so the break shows in review. Repeats until a build reports neither (usually
# one collecting build and one confirming build; an up-to-date tree takes one). Files are rewritten sorted
# (ordinal), "#nullable enable" first, without duplicates, and only when their content changes.
#
# Usage: eng/update-public-api.sh            (from any directory; extra arguments go to dotnet build)
# Exit status: 0 when the baselines match the code; 1 when the build fails for another reason or does not
# settle within the pass limit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The symbol text is parsed out of the messages, so they must be in English.
export DOTNET_CLI_UI_LANGUAGE=en VSLANG=1033

max_passes=5
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

shopt -s nullglob
projects=(src/*/*.csproj)
if [ ${#projects[@]} -eq 0 ]; then echo "update-public-api: no project in src/" >&2; exit 1; fi

# A new package gets empty baseline files (Directory.Build.props adds them as AdditionalFiles).
for csproj in "${projects[@]}"; do
  dir="$(dirname "$csproj")"
  for kind in Shipped Unshipped; do
    [ -f "$dir/PublicAPI.$kind.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.$kind.txt"
  done
done

# One build of all packages at once, through a solution filter over PaymentCore.sln.
python3 - "$root" "$work/packages.slnf" "${projects[@]}" <<'PY'
import json, sys
root, out, projects = sys.argv[1], sys.argv[2], sys.argv[3:]
json.dump({"solution": {"path": f"{root}/PaymentCore.sln",
                        "projects": [p.replace("/", "\\") for p in projects]}}, open(out, "w"), indent=2)
PY

pass=1
while :; do
  log="$work/build.$pass.log"
  echo "update-public-api: pass $pass: building ${#projects[@]} packages..."
  start=$SECONDS
  # --no-incremental: an up-to-date project would skip the compiler and so report nothing.
  build_status=0
  dotnet build "$work/packages.slnf" -c Release --no-incremental -nologo -v:q -tl:off -clp:NoSummary \
    -p:TreatWarningsAsErrors=false \
    -flp:"LogFile=$log;Verbosity=minimal;NoSummary" "$@" >"$log.console" 2>&1 || build_status=$?
  echo "update-public-api: pass $pass: build took $((SECONDS - start)) s"

  # Prints "changed N" when it rewrote baselines, "clean" when there was nothing to record.
  result="$(python3 - "$root" "$log" "${projects[@]}" <<'PY'
import os, re, sys
root, log, projects = sys.argv[1], sys.argv[2], sys.argv[3:]
# path(line,col): warning RS0016: Symbol '<api line>' is not part of the declared public API (url) [project]
line_re = re.compile(r"^.*?: (?:warning|error) (RS0016|RS0017): (.*) \[([^\[\]]+\.csproj)(?:::[^\]]*)?\]\s*$")
msg_re = {
    "RS0016": re.compile(r"^Symbol '(.*)' is not part of the declared public API(?: \(https?://\S+\))?$"),
    "RS0017": re.compile(r"^Symbol '(.*)' is part of the declared API, but is either not public or could not be found(?: \(https?://\S+\))?$"),
}
implicit_ctor = re.compile(r"^implicit constructor for '(.*)'$")

def ctor_line(type_name):
    # "Ns.Outer.Name<T>" -> "Ns.Outer.Name<T>.Name() -> void", as the analyzer writes a default constructor.
    simple = re.sub(r"<.*>$", "", type_name).rsplit(".", 1)[-1]
    return f"{type_name}.{simple}() -> void"

added, removed = {}, {}
with open(log, encoding="utf-8", errors="replace") as f:
    for raw in f:
        m = line_re.match(raw.strip())
        if not m:
            continue
        rule, message, project = m.groups()
        mm = msg_re[rule].match(message)
        if not mm:
            sys.exit(f"update-public-api: cannot read the symbol in: {raw.strip()}")
        symbol = mm.group(1)
        ic = implicit_ctor.match(symbol)
        if ic:
            symbol = ctor_line(ic.group(1))
        elif symbol.startswith("implicit "):
            sys.exit(f"update-public-api: unknown implicit-symbol form, add it to the script: {raw.strip()}")
        d = os.path.dirname(os.path.abspath(project))
        (added if rule == "RS0016" else removed).setdefault(d, set()).add(symbol)

def read(path):
    if not os.path.exists(path):
        return []
    return [l.rstrip("\r\n") for l in open(path, encoding="utf-8")]

def entries(lines):
    return {l.strip() for l in lines if l.strip() and l.strip() != "#nullable enable"}

def write(path, items):
    text = "#nullable enable\n" + "".join(e + "\n" for e in sorted(items))
    old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
    if old != text:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        return True
    return False

changed = 0
# Every package's files, not only those with diagnostics, so a hand edit (order, duplicates, a lost
# "#nullable enable" line) is normalized too.
dirs = {os.path.dirname(os.path.join(root, p)) for p in projects} | set(added) | set(removed)
for d in sorted(dirs):
    shipped_path, unshipped_path = os.path.join(d, "PublicAPI.Shipped.txt"), os.path.join(d, "PublicAPI.Unshipped.txt")
    shipped, unshipped = entries(read(shipped_path)), entries(read(unshipped_path))
    new = set(unshipped)
    for s in removed.get(d, ()):
        if s in new:
            new.discard(s)                 # never shipped: just forget it
        elif s.startswith("*REMOVED*"):
            new.discard(s)                 # a removal marker whose symbol is back
        elif s in shipped:
            new.add("*REMOVED*" + s)        # a shipped symbol is gone: a breaking change, shown in review
    for s in added.get(d, ()):
        if s not in shipped:
            new.add(s)
        new.discard("*REMOVED*" + s)       # the shipped symbol is back as it was
    if write(shipped_path, shipped):
        print(f"update-public-api: {os.path.relpath(shipped_path, root)}: normalized", file=sys.stderr)
    if write(unshipped_path, new):
        n_add = len(new - unshipped); n_del = len(unshipped - new)
        print(f"update-public-api: {os.path.relpath(unshipped_path, root)}: +{n_add} -{n_del}", file=sys.stderr)
        changed += 1
print(f"changed {changed}" if (added or removed) else "clean")
PY
)"

  if [ "$result" = "clean" ]; then
    if [ "$build_status" -ne 0 ]; then
      echo "update-public-api: the build failed for another reason than the API baseline:" >&2
      grep -E ': error ' "$log" | sort -u >&2 || true
      exit 1
    fi
    others="$(grep -E ': warning ' "$log" | sort -u || true)"
    if [ -n "$others" ]; then
      echo "update-public-api: baselines match the code, but the build has other warnings (errors in a normal build):" >&2
      echo "$others" >&2
      exit 1
    fi
    echo "update-public-api: baselines match the code after $pass build(s)."
    exit 0
  fi
  if [ "$result" = "changed 0" ]; then
    echo "update-public-api: the analyzer still reports symbols the script cannot record:" >&2
    grep -E 'RS001[67]' "$log" | sort -u | head -n 20 >&2
    exit 1
  fi
  if [ "$pass" -ge "$max_passes" ]; then
    echo "update-public-api: not settled after $max_passes builds; see the RS0016/RS0017 lines above." >&2
    exit 1
  fi
  pass=$((pass + 1))
done
