"""The site's maps: the static map of members (a PNG drawn with matplotlib) and
the base map of the member explorer (an SVG path), both from the same country
outlines (Natural Earth 1:110m, bundled as ``gnlc/data/outlines.json``), the
same projection and the same colour per region.

The projection is equirectangular (x = longitude, y = latitude), cropped to the
latitudes where land and members are: Antarctica holds no member and would take
a fifth of the picture.
"""

from __future__ import annotations

import io
from typing import Any, Dict, List, Tuple

import gnlc

# Latitudes shown, south to north (the northernmost member is below 70 N).
SOUTH, NORTH = -58.0, 84.0
# matplotlib's default colour cycle (tab10), one per UNESCO region in gnlc's order.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
LAND, COAST = "#e6e6e6", "#ffffff"
_SKIP = {"Antarctica", "Fr. S. Antarctic Lands"}


def outlines() -> Dict[str, Any]:
    """The bundled outlines: ``{"attribution", "licence", "countries"}``, as the
    library reads them (:func:`gnlc.maps.basemap`)."""
    from gnlc import maps

    return maps.basemap()


def attribution() -> str:
    """The credit the outlines ask for, as the bundled file gives it."""
    return str(outlines()["attribution"])


def _unwrap(ring: List[List[float]]) -> List[Tuple[float, float]]:
    """*ring* without jumps of more than 180 degrees of longitude: a ring that
    crosses the antimeridian (Russia's far east, Fiji) continues past 180
    instead of running back across the whole map."""
    out: List[Tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if out:
            step = lon + shift - out[-1][0]
            shift -= 360.0 * round(step / 360.0)
        out.append((lon + shift, lat))
    return out


def polygons() -> List[List[List[Tuple[float, float]]]]:
    """Every polygon (outer ring, then holes) of every country shown; a polygon
    that reaches past the antimeridian comes twice, a world apart, so that the
    map's edges cut it where it belongs."""
    out = []
    for country in outlines()["countries"]:
        if country["name"] in _SKIP:
            continue
        for polygon in country["polygons"]:
            rings = [_unwrap(ring) for ring in polygon]
            out.append(rings)
            lons = [lon for ring in rings for lon, _ in ring]
            for shift in (-360.0 if max(lons) > 180 else 0.0, 360.0 if min(lons) < -180 else 0.0):
                if shift:
                    out.append([[(lon + shift, lat) for lon, lat in ring] for ring in rings])
    return out


def colours() -> Dict[str, str]:
    """Region code -> colour, the same on every map."""
    return {r.code: PALETTE[i % len(PALETTE)] for i, r in enumerate(gnlc.regions())}


def located(city: gnlc.City) -> bool:
    return city.location is not None and city.location.lat is not None


def svg_path(decimals: int = 1) -> str:
    """The countries as one SVG path in the map's coordinates (x = longitude,
    y = -latitude), rounded to *decimals* (0.1 degree is finer than a pixel)."""
    parts = []
    for polygon in polygons():
        for ring in polygon:
            points: List[str] = []
            for lon, lat in ring[:-1]:  # Z closes the ring
                point = f"{round(lon, decimals):g} {round(-lat, decimals):g}"
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def map_png() -> bytes:
    """Every located member as a point on the country outlines, coloured by
    its UNESCO region; the legend, under the map, counts the members with
    coordinates of each region against all its members."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    fig, ax = plt.subplots(figsize=(7.2, 4.3))
    patches = []
    for polygon in polygons():
        vertices: List[Tuple[float, float]] = []
        codes: List[int] = []
        for ring in polygon:
            vertices += ring
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY]
        patches.append(PathPatch(Path(vertices, codes)))
    ax.add_collection(PatchCollection(patches, facecolor=LAND, edgecolor=COAST, linewidth=0.4))
    palette = colours()
    members = gnlc.cities()
    shown = 0
    for region in gnlc.regions():
        mine = gnlc.cities(region=region)
        points = [(c.location.lon, c.location.lat) for c in mine if located(c)]  # type: ignore[union-attr]
        shown += len(points)
        xs, ys = zip(*points) if points else ((), ())
        label = f"{region.name}: {len(points)} of {len(mine)}"
        ax.scatter(xs, ys, s=12, color=palette[region.code], label=label, zorder=3,
                   edgecolors="white", linewidths=0.3)  # fmt: skip
    ax.set_xlim(-180, 180)
    ax.set_ylim(SOUTH, NORTH)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(f"GNLC member cities, snapshot of {gnlc.SNAPSHOT_DATE}", fontsize=11)
    # Under the map, so that it hides no point.
    fig.legend(
        loc="lower center",
        ncol=2,
        fontsize=9,
        frameon=False,
        title=f"with coordinates: {shown} of {len(members)} members",
        title_fontsize=9,
        markerscale=1.8,
        bbox_to_anchor=(0.5, 0.035),
    )
    fig.text(0.5, 0.01, attribution(), ha="center", va="bottom", fontsize=7, color="#666666")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.94, bottom=0.28)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()
