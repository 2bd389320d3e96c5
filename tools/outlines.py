"""Country outlines for maps: Natural Earth's 1:110m countries, compiled into
``src/gnlc/data/outlines.json``.

The source is the npm package world-atlas (a redistribution of Natural Earth
4.1.0 as TopoJSON), fetched with ``npm pack`` at a pinned version and checked
against a pinned SHA-256, so the file is rebuilt from the same bytes on any
machine. Natural Earth is in the public domain; world-atlas is ISC-licensed and
its licence text is kept beside the outlines (``outlines.LICENSE``).

The output keeps what a map needs and nothing else: per country its ISO 3166-1
numeric code, its name and its polygons, each a list of rings. A ring is one
flat list of integers in tenths of a degree (about 11 km, below a pixel of any
world or regional map of the 1:110m data), delta-encoded as TopoJSON does: the
first point, then each point's difference from the one before. That keeps the
file small in the wheel; ``gnlc.maps.basemap()`` decodes it into rings of
``[longitude, latitude]``.

    python -m tools.outlines           # fetch, compile, write
    python -m tools.outlines --check   # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas"
VERSION = "2.0.2"
TARBALL_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
MEMBER = "package/countries-110m.json"
LICENSE_MEMBER = "package/LICENSE"

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "gnlc" / "data" / "outlines.json"
LICENSE_OUTPUT = OUTPUT.with_name("outlines.LICENSE")

ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."

Ring = list[list[int]]
SCALE = 10  # units per degree


def fetch() -> bytes:
    """The pinned world-atlas tarball, from the npm registry."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        data = tarball.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != TARBALL_SHA256:
        sys.exit(f"{PACKAGE}@{VERSION}: SHA-256 {digest}, expected {TARBALL_SHA256}")
    return data


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decode the topology's delta-encoded, quantized arcs into coordinates."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    """One closed ring from arc indexes (a negative index is arc ~i reversed);
    consecutive arcs share their joining point, kept once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    ring: Ring = []
    for lon, lat in points:
        point = [round(lon * SCALE), round(lat * SCALE)]
        if not ring or ring[-1] != point:  # rounding can merge neighbours
            ring.append(point)
    return ring


def _delta(ring: Ring) -> list[int]:
    """*ring* as one flat list: the first point, then differences."""
    flat: list[int] = []
    x0 = y0 = 0
    for x, y in ring:
        flat += [x - x0, y - y0]
        x0, y0 = x, y
    return flat


def compile_outlines(topology: dict[str, Any]) -> dict[str, Any]:
    """The outlines document from world-atlas's countries topology."""
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:  # pragma: no cover - the 110m file has only these two
            raise ValueError(f"unexpected geometry {geometry['type']!r}")
        rings = [[_ring(ring, arcs) for ring in polygon] for polygon in polygons]
        # A ring of fewer than 4 points has collapsed in rounding (a tiny islet or
        # lake): a polygon goes with its outer ring, a hole alone.
        kept = [[r for r in p if len(r) >= 4] for p in rings if len(p[0]) >= 4]
        countries.append(
            {
                # Some areas (Kosovo, N. Cyprus, Somaliland) have no ISO code.
                "id": geometry.get("id"),
                "name": geometry["properties"]["name"],
                "polygons": [[_delta(r) for r in polygon] for polygon in kept],
            }
        )
    countries.sort(key=lambda c: (c["name"], c["id"] or ""))
    return {
        "source": f"Natural Earth 4.1.0, 1:110m countries, via the npm package {PACKAGE} {VERSION}",
        "licence": "Natural Earth: public domain; world-atlas packaging: ISC (outlines.LICENSE)",
        "attribution": ATTRIBUTION,
        "encoding": "delta",
        "scale": SCALE,
        "countries": countries,
    }


def render(document: dict[str, Any]) -> str:
    """Compact JSON, one country a line, so a diff shows which country changed."""
    head = {k: v for k, v in document.items() if k != "countries"}
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    lines = [json.dumps(c, **compact) for c in document["countries"]]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return text + ',\n "countries": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def build() -> tuple[str, str]:
    """The outlines file's text and the licence text, from the pinned tarball."""
    with tarfile.open(fileobj=io.BytesIO(fetch())) as tar:
        topology = json.load(tar.extractfile(MEMBER))  # type: ignore[arg-type]
        licence = tar.extractfile(LICENSE_MEMBER).read().decode("utf-8")  # type: ignore[union-attr]
    return render(compile_outlines(topology)), licence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text, licence = build()
    if args.check:
        same = OUTPUT.read_text(encoding="utf-8") == text
        same = same and LICENSE_OUTPUT.read_text(encoding="utf-8") == licence
        print(f"{OUTPUT.name}: {'matches' if same else 'DIFFERS from'} a fresh build")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    LICENSE_OUTPUT.write_text(licence, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
