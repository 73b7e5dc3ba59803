"""A rubric TOML read the way an analyst would (tomllib), for the reference scorers.

Nothing is hard-coded: the tree, the weights and the rating bands all come from the file, so
the DuckDB and pandas scorers compute exactly what the rubric says, like `spbe` does.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# spbe decides a rating on the unrounded index with this slack (src/rubric/mod.rs, RATING_SLACK).
RATING_SLACK = 1e-9


@dataclass
class Rubric:
    # (id, parent id, weight) per layer, from the bottom: indicators, aspects, [domains].
    layers: list
    # (id, weight) of the top layer: the index is their weighted mean.
    top: list
    # (name, lower bound), ascending.
    bands: list


def path_of(spec: str) -> Path:
    if spec.endswith(".toml") or "/" in spec:
        return Path(spec)
    return ROOT / "rubrics" / f"{spec}.toml"


def load(spec: str) -> Rubric:
    with open(path_of(spec), "rb") as f:
        t = tomllib.load(f)
    domains = t.get("domain", [])
    aspects = t["aspect"]
    indicators = t["indicator"]
    layers = [[(str(i["id"]), i["aspect"], float(i["weight"])) for i in indicators]]
    if domains:
        layers.append([(a["id"], a["domain"], float(a["weight"])) for a in aspects])
        top = [(d["id"], float(d["weight"])) for d in domains]
    else:
        top = [(a["id"], float(a["weight"])) for a in aspects]
    bands = sorted(((b["name"], float(b["min"])) for b in t["band"]), key=lambda b: b[1])
    return Rubric(layers=layers, top=top, bands=bands)


def sniff_delimiter(path: str) -> str:
    """The delimiter spbe would pick: the most frequent of , ; tab in the first line."""
    with open(path, encoding="utf-8-sig") as f:
        first = f.readline()
    counts = {d: first.count(d) for d in [",", ";", "\t"]}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
