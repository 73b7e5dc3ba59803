"""Reference scorer in polars: what an analyst reaches for when pandas is too slow.

usage: score_polars.py RUBRIC INPUT.csv OUTPUT.csv

Same formula as score_duckdb.py and score_pandas.py: each layer is the weighted mean of the one
below, the index the weighted mean of the top layer, the rating the band with the greatest lower
bound not above the index. Lazy (scan_csv), so polars plans the whole query and uses every core.
Writes region,index,rating,<top ids>.
"""

import sys

import polars as pl

from spbe_rubric import RATING_SLACK, load, sniff_delimiter


def main(spec: str, inp: str, out: str) -> None:
    r = load(spec)
    x = pl.scan_csv(
        inp,
        separator=sniff_delimiter(inp),
        schema_overrides={"region": pl.String, "indicator": pl.String, "level": pl.Float64},
    ).select(pl.col("region"), pl.col("indicator").alias("node"), pl.col("level").alias("s"))
    for layer in r.layers:
        w = pl.LazyFrame(layer, schema=["node", "parent", "w"], orient="row")
        x = (
            x.join(w, on="node")
            .group_by("region", "parent")
            .agg(((pl.col("s") * pl.col("w")).sum() / pl.col("w").sum()).alias("s"))
            .rename({"parent": "node"})
        )
    top = pl.LazyFrame(r.top, schema=["node", "w"], orient="row")
    x = x.join(top, on="node")
    index = x.group_by("region").agg(
        ((pl.col("s") * pl.col("w")).sum() / pl.col("w").sum()).alias("index")
    )
    wide = x.select("region", "node", "s").collect().pivot(on="node", index="region", values="s")
    rating = pl.lit(r.bands[0][0])
    for name, lo in r.bands[1:]:
        rating = pl.when(pl.col("index") + RATING_SLACK >= lo).then(pl.lit(name)).otherwise(rating)
    result = (
        index.collect()
        .with_columns(rating.alias("rating"))
        .join(wide, on="region")
        .select("region", "index", "rating", *[i for i, _ in r.top])
    )
    result.write_csv(out, float_precision=None)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
