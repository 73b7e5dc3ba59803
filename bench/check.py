"""Check that reference outputs agree with spbe's to 1e-9 before anything is timed.

usage: check.py SPBE.csv OTHER.csv [OTHER.csv ...]

SPBE.csv is `spbe score --format csv --precision 12`; each OTHER.csv is a reference scorer's
region,index,rating,<top ids>. Same regions, same ratings, numbers within 1e-9 (12 decimals
round by at most 5e-13).
"""

import csv
import sys

TOLERANCE = 1e-9


def read(path: str) -> tuple[list, dict]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return header, {row[0]: dict(zip(header, row)) for row in body}


def main(reference: str, others: list) -> int:
    header, ref = read(reference)
    numeric = [h for h in header if h not in ("region", "rating")]
    failed = 0
    for path in others:
        oh, other = read(path)
        problems = []
        if set(oh) != set(header):
            problems.append(f"columns {oh} differ from {header}")
        missing, extra = ref.keys() - other.keys(), other.keys() - ref.keys()
        if missing or extra:
            problems.append(f"{len(missing)} regions missing, {len(extra)} extra")
        worst = 0.0
        for region, row in ref.items():
            o = other.get(region)
            if o is None:
                continue
            if o.get("rating") != row["rating"]:
                problems.append(f"{region}: rating {o.get('rating')} vs {row['rating']}")
            for h in numeric:
                d = abs(float(o[h]) - float(row[h]))
                worst = max(worst, d)
                if d > TOLERANCE:
                    problems.append(f"{region}: {h} {o[h]} vs {row[h]}")
            if len(problems) > 10:
                break
        if problems:
            failed += 1
            print(f"{path}: DISAGREES with {reference}:", *problems[:10], sep="\n  ")
        else:
            print(f"{path}: agrees with {reference} on {len(ref)} regions (largest difference {worst:.1e})")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
