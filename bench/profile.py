"""Summarise a callgrind profile of `spbe score` by stage (see bench/profile).

usage: profile.py CALLGRIND.OUT INPUT.csv

Each source line's own instructions (inlined code counts on its own line, from the line tables)
go to a stage by the file and the enclosing function; the table says what share each stage has.
"""

import re
import sys
from collections import Counter
from pathlib import Path

FN = re.compile(r"^\s*(?:pub(?:\([\w:]+\))?\s+)?(?:const\s+)?(?:unsafe\s+)?fn\s+(\w+)")

# (stage, what it is), in the order of the table.
STAGES = [
    ("read", "reading blocks, finding line ends"),
    ("split", "finding the separators of a line"),
    ("parse", "ids, levels and region keys to values"),
    ("merge", "regions of each part merged, spellings checked"),
    ("score", "weighted means and the rating"),
    ("format", "numbers and cells to text"),
    ("write", "buffered output, the write calls"),
    ("alloc", "allocation and freeing"),
    ("other", "start-up, rubric, everything else"),
]

FAST = {
    "read": {"run_part"},
    "split": {"separators", "separators_swar", "word", "split"},
    "parse": {"quick_level", "node", "text", "trim", "is_space", "same", "short_row", "row",
              "line", "key_slot", "slot", "spelled", "prefix", "parse_level", "level"},
    "merge": {"read_regions", "merge_into", "check_spellings", "push"},
}


def enclosing(path: str, cache: dict) -> list:
    if path not in cache:
        starts = []
        p = Path(path)
        if p.is_file() and "/src/" in path and "/rustc/" not in path and "/.cargo/" not in path:
            for n, text in enumerate(p.read_text(errors="replace").splitlines(), 1):
                m = FN.match(text)
                if m:
                    starts.append((n, m.group(1)))
        cache[path] = starts
    return cache[path]


def fn_at(starts: list, line: int) -> str:
    name = "?"
    for n, f in starts:
        if n > line:
            break
        name = f
    return name


def stage(path: str, fn: str, symbol: str) -> str:
    s = by_path(path, fn, symbol)
    if s == "other" and ("/rustc/" in path or "library/" in path or not path):
        # The standard library's inlined helpers (bounds checks, iterators, f64 ops) count
        # for the spbe function they were inlined into.
        s = by_symbol(symbol)
    return s


def by_symbol(symbol: str) -> str:
    m = re.search(r"assessment::fast::(?:[A-Za-z_]+::)*?(\w+)(?:::h[0-9a-f]+)?$", symbol)
    if m:
        for s, names in FAST.items():
            if m.group(1) in names:
                return s
        return "parse"
    if "spbe::score" in symbol:
        return "score"
    if "spbe::output" in symbol or "cmd::score" in symbol:
        return "format"
    if "spbe::assessment::values" in symbol:
        return "parse"
    if re.search(r"malloc|free|realloc|alloc::", symbol):
        return "alloc"
    return "other"


def by_path(path: str, fn: str, symbol: str) -> str:
    p = path.replace("\\", "/")
    if "assessment/fast" in p:
        for s, names in FAST.items():
            if fn in names:
                return s
        return "parse"
    if p.endswith("assessment/values.rs"):
        return "parse"
    if p.endswith("src/score.rs") or "/engine" in p:
        return "score"
    if "/memchr/" in p or "memchr" in symbol:
        return "split"
    if "fmt/float" in p or "flt2dec" in p or "/ryu" in p or "/dtoa" in p or "fmt/num" in p or "/itoa" in p:
        return "format"
    if "src/output/" in p or p.endswith("src/cmd/score.rs") or "/csv" in p:
        return "format"
    if "std/src/io" in p or "io/buffered" in p or re.search(r"\b(write|__write|writev)\b", symbol):
        return "write"
    if "alloc" in p or re.search(r"malloc|free|realloc|memmove|memcpy|_int_", symbol):
        return "alloc"
    if "hashbrown" in p or "/hash" in p:
        return "parse"
    if re.search(r"\bread\b|__read", symbol):
        return "read"
    return "other"


def main(out: str, inp: str) -> None:
    names = {"fl": {}, "fn": {}}
    fl = fi = None
    symbol = ""
    line = 0
    skip = False
    cost = Counter()
    where = Counter()
    cache: dict = {}
    for raw in open(out, errors="replace"):
        raw = raw.rstrip("\n")
        if not raw:
            continue
        head, eq, rest = raw.partition("=")
        if eq and head in ("fl", "fi", "fe", "fn", "cfl", "cfi", "cfn", "ob", "cob"):
            kind = "fn" if head in ("fn", "cfn") else "fl"
            m = re.match(r"\((\d+)\)\s?(.*)", rest)
            if m:
                if m.group(2):
                    names[kind][m.group(1)] = m.group(2)
                value = names[kind].get(m.group(1), "")
            else:
                value = rest
            if head == "fl":
                fl = fi = value
            elif head in ("fi", "fe"):
                fi = value
            elif head == "fn":
                symbol, fi = value, fl
            continue
        if head == "calls" and eq:
            skip = True
            continue
        if not (raw[0].isdigit() or raw[0] in "+-*"):
            continue
        parts = raw.split()
        pos = parts[0]
        if pos == "*":
            pass
        elif pos[0] in "+-":
            line += int(pos)
        else:
            line = int(pos)
        if skip:
            skip = False
            continue
        ir = int(parts[1]) if len(parts) > 1 else 0
        path = fi or ""
        fn = fn_at(enclosing(path, cache), line)
        s = stage(path, fn, symbol)
        cost[s] += ir
        short = re.sub(r"^.*/(src|library)/", "", path)
        where[(s, f"{short} `{fn}`" if fn != "?" else f"{short} ({symbol[:40]})")] += ir
    total = sum(cost.values())
    rows = sum(1 for _ in open(inp)) - 1
    print(f"Instructions of one single-threaded `spbe score --format csv` of {Path(inp).name}")
    print(f"({rows:,} rows, {Path(inp).stat().st_size / 1e6:.0f} MB): {total / 1e6:.0f} M, {total / rows:.1f} per row.")
    print()
    print("| stage | what | instructions | share | per row |")
    print("|---|---|---:|---:|---:|")
    for s, what in STAGES:
        print(f"| {s} | {what} | {cost[s] / 1e6:.1f} M | {100 * cost[s] / total:.1f} % | {cost[s] / rows:.1f} |")
    print()
    print("Largest single places:")
    print()
    print("| stage | where | share |")
    print("|---|---|---:|")
    for (s, w), ir in where.most_common(12):
        print(f"| {s} | {w} | {100 * ir / total:.1f} % |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
