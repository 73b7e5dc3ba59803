"""Reference scorer in pandas: what an analyst would write instead of `spbe score`.

usage: score_pandas.py RUBRIC INPUT.csv OUTPUT.csv

Same formula as score_duckdb.py: each layer is the weighted mean of the one below, the index
the weighted mean of the top layer, the rating the band with the greatest lower bound not above
the index. Writes region,index,rating,<top ids>, regions in order of first appearance.
"""

import sys

import numpy as np
import pandas as pd

from spbe_rubric import RATING_SLACK, load, sniff_delimiter


def main(spec: str, inp: str, out: str) -> None:
    r = load(spec)
    df = pd.read_csv(
        inp,
        sep=sniff_delimiter(inp),
        dtype={"region": str, "indicator": str, "level": "float64"},
        usecols=["region", "indicator", "level"],
    )
    x = df.rename(columns={"indicator": "node", "level": "s"})
    for layer in r.layers:
        w = pd.DataFrame(layer, columns=["node", "parent", "w"])
        x = x.merge(w, on="node")
        x["ws"] = x["s"] * x["w"]
        g = x.groupby(["region", "parent"], sort=False)[["ws", "w"]].sum()
        x = (g["ws"] / g["w"]).rename("s").reset_index().rename(columns={"parent": "node"})
    top = pd.DataFrame(r.top, columns=["node", "w"])
    x = x.merge(top, on="node")
    x["ws"] = x["s"] * x["w"]
    g = x.groupby("region", sort=False)[["ws", "w"]].sum()
    index = g["ws"] / g["w"]
    wide = x.pivot(index="region", columns="node", values="s").reindex(index.index)
    lows = np.array([lo for _, lo in r.bands])
    names = np.array([name for name, _ in r.bands])
    band = np.clip(np.searchsorted(lows, index.to_numpy() + RATING_SLACK, side="right") - 1, 0, None)
    result = pd.DataFrame({"index": index, "rating": names[band]}, index=index.index)
    result = result.join(wide[[i for i, _ in r.top]])
    result.to_csv(out, index_label="region")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
