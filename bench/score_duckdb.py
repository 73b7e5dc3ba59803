"""Reference scorer in DuckDB: what an analyst would write instead of `spbe score`.

usage: score_duckdb.py RUBRIC INPUT.csv OUTPUT.csv

Reads a long CSV (region, indicator, level), computes aspect = weighted mean of indicators,
domain = weighted mean of aspects, index = weighted mean of the top layer, and the rating band,
and writes region,index,rating,<top ids> like `spbe score --format csv`.
"""

import sys

import duckdb

from spbe_rubric import RATING_SLACK, load, sniff_delimiter


def main(spec: str, inp: str, out: str) -> None:
    r = load(spec)
    con = duckdb.connect()
    for n, layer in enumerate(r.layers):
        con.execute(f"CREATE TABLE layer{n} (id VARCHAR, parent VARCHAR, w DOUBLE)")
        con.executemany(f"INSERT INTO layer{n} VALUES (?, ?, ?)", layer)
    con.execute("CREATE TABLE top (id VARCHAR, w DOUBLE)")
    con.executemany("INSERT INTO top VALUES (?, ?)", r.top)

    delim = sniff_delimiter(inp).replace("'", "''")
    src = (
        f"SELECT region, indicator AS node, level AS s FROM read_csv('{inp}', header = true, "
        f"delim = '{delim}', columns = {{'region': 'VARCHAR', 'indicator': 'VARCHAR', 'level': 'DOUBLE'}})"
    )
    ctes = [f"l0 AS ({src})"]
    for n in range(len(r.layers)):
        ctes.append(
            f"l{n + 1} AS (SELECT x.region, p.parent AS node, sum(x.s * p.w) / sum(p.w) AS s "
            f"FROM l{n} x JOIN layer{n} p ON x.node = p.id GROUP BY x.region, p.parent)"
        )
    last = f"l{len(r.layers)}"
    pivot = ", ".join(f"max(CASE WHEN x.node = '{i}' THEN x.s END) AS \"{i}\"" for i, _ in r.top)
    ctes.append(
        f"ix AS (SELECT x.region, sum(x.s * t.w) / sum(t.w) AS idx, {pivot} "
        f"FROM {last} x JOIN top t ON x.node = t.id GROUP BY x.region)"
    )
    cases = " ".join(
        f"WHEN idx + {RATING_SLACK} >= {lo!r} THEN '{name}'" for name, lo in reversed(r.bands[1:])
    )
    rating = f"CASE {cases} ELSE '{r.bands[0][0]}' END"
    cols = ", ".join(f'"{i}"' for i, _ in r.top)
    query = f"WITH {', '.join(ctes)} SELECT region, idx AS \"index\", {rating} AS rating, {cols} FROM ix"
    out_sql = out.replace("'", "''")
    con.execute(f"COPY ({query}) TO '{out_sql}' (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
