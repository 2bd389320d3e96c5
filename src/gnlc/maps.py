"""Every selection is a map: a GeoDataFrame (the ``gnlc[geopandas]`` extra) and a
drawing on country outlines (the ``gnlc[matplotlib]`` extra).

The basemap is Natural Earth's 1:110m countries (public domain), bundled as
``gnlc/data/outlines.json`` and read on first use. Every figure carries its
attribution.

>>> import gnlc
>>> outlines = basemap()
>>> len(outlines["countries"]) > 150, outlines["attribution"].startswith("Made with Natural Earth")
(True, True)
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Tuple

from .frame import _optional, to_dataframe

if TYPE_CHECKING:
    from .model import City

__all__ = ["GEOPANDAS_EXTRA", "MATPLOTLIB_EXTRA", "basemap", "plot_map", "to_geodataframe"]

GEOPANDAS_EXTRA = 'pip install "gnlc[geopandas]"'
"""How to install what :func:`to_geodataframe` needs."""
MATPLOTLIB_EXTRA = 'pip install "gnlc[matplotlib]"'
"""How to install what :func:`plot_map` needs."""

CRS = "EPSG:4326"
"""The coordinates' reference system: WGS 84 longitude and latitude."""

_lock = threading.Lock()
_outlines: Optional[Dict[str, Any]] = None


def basemap() -> Dict[str, Any]:
    """The bundled country outlines: ``{"attribution", "licence", "countries":
    [{"id", "name", "polygons": [[ring, hole, ...], ...]}]}``, rings of
    ``[lon, lat]``. Read once, on first use."""
    global _outlines
    if _outlines is None:
        with _lock:
            if _outlines is None:
                import json
                from importlib import resources

                text = resources.files("gnlc").joinpath("data/outlines.json").read_text("utf-8")
                _outlines = _decoded(json.loads(text))
    return _outlines


def _decoded(raw: Dict[str, Any]) -> Dict[str, Any]:
    """The outlines file (tools/outlines.py) with each ring's delta-encoded
    integers (``scale`` per degree) as ``[lon, lat]`` pairs.

    >>> _decoded({"scale": 10, "countries": [{"polygons": [[[10, 20, 5, -1, -5, 1]]]}]})
    {'scale': 10, 'countries': [{'polygons': [[[[1.0, 2.0], [1.5, 1.9], [1.0, 2.0]]]]}]}
    """
    scale = raw["scale"]

    def ring(flat: List[int]) -> List[List[float]]:
        points, x, y = [], 0, 0
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append([x / scale, y / scale])
        return points

    countries = [
        {**c, "polygons": [[ring(r) for r in polygon] for polygon in c["polygons"]]}
        for c in raw["countries"]
    ]
    return {**raw, "countries": countries}


def _as_cities(cities: Optional[Iterable[City]]) -> Tuple[City, ...]:
    from . import _store

    return _store.get().members if cities is None else tuple(cities)


def to_geodataframe(cities: Optional[Iterable[City]] = None) -> Any:
    """*cities* (every member when ``None``) as a ``geopandas.GeoDataFrame``:
    the columns of :func:`gnlc.to_dataframe` and a point ``geometry`` in
    EPSG:4326. A member without coordinates keeps its row, with an empty
    point (``geometry.is_empty``), so the frame counts every member."""
    gpd = _optional("geopandas", GEOPANDAS_EXTRA)
    Point = _optional("shapely.geometry", GEOPANDAS_EXTRA).Point  # noqa: N806 (a class)

    found = _as_cities(cities)
    frame = to_dataframe(found)
    points = [
        Point()
        if c.location is None or c.location.lat is None or c.location.lon is None
        else Point(c.location.lon, c.location.lat)
        for c in found
    ]
    return gpd.GeoDataFrame(frame, geometry=points, crs=CRS)


def plot_map(
    cities: Optional[Iterable[City]] = None,
    *,
    column: str = "region",
    ax: Any = None,
    title: Optional[str] = None,
    markersize: float = 14,
) -> Any:
    """Draw *cities* (every member when ``None``) as points on the country
    outlines, coloured by *column* (any column of :data:`gnlc.fields.CITIES`:
    ``region``, ``cohort``, ``status``, ``country``...); return the matplotlib
    ``Axes``. The legend names each value and says how many of the selection
    have coordinates; the attribution of the outlines is on the figure."""
    # Imported by name: matplotlib is optional, and mypy need not see its types.
    plt = _optional("matplotlib.pyplot", MATPLOTLIB_EXTRA)
    PolyCollection = _optional("matplotlib.collections", MATPLOTLIB_EXTRA).PolyCollection  # noqa: N806

    from .fields import CITIES

    if not isinstance(column, str) or column not in CITIES.names:
        raise ValueError(
            f"column must be one of the cities' columns ({', '.join(CITIES.names)}), not {column!r}"
        )
    found = _as_cities(cities)
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 5.6))
    outlines = basemap()
    rings = [
        ring
        for country in outlines["countries"]
        for polygon in country["polygons"]
        for ring in _unwrapped(polygon[0])
    ]
    ax.add_collection(
        PolyCollection(rings, facecolors="#eeeeee", edgecolors="#9a9a9a", linewidths=0.4, zorder=0)
    )
    col = CITIES.column(column)
    located = [
        c
        for c in found
        if c.location is not None and c.location.lat is not None and c.location.lon is not None
    ]
    groups: Dict[str, List[City]] = {}
    for c in located:
        value = col.value(c)
        key = " ".join(map(str, value)) if isinstance(value, list) else str(value)
        groups.setdefault("unknown" if value is None else key, []).append(c)
    order = _order(column, list(groups))
    cmap = plt.get_cmap("tab10" if len(order) <= 10 else "tab20")
    for i, key in enumerate(order):
        members = groups[key]
        ax.scatter(
            [c.location.lon for c in members],  # type: ignore[union-attr]
            [c.location.lat for c in members],  # type: ignore[union-attr]
            s=markersize,
            color=cmap(i % cmap.N),
            edgecolors="white",
            linewidths=0.3,
            label=f"{key} ({len(members)})",
            zorder=2,
        )
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 85)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if order:
        ax.legend(
            title=f"{column}; with coordinates: {len(located)} of {len(found)}",
            loc="center left",
            bbox_to_anchor=(1.01, 0.5),
            fontsize="small",
            ncol=1 if len(order) <= 16 else 2,
            frameon=False,
        )
    else:
        note = f"with coordinates: 0 of {len(found)}"
        ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center")
    if title is not None:
        ax.set_title(title)
    ax.figure.text(
        0.01, 0.01, outlines["attribution"], fontsize=6, color="#555555", ha="left", va="bottom"
    )
    return ax


def _unwrapped(ring: List[List[float]]) -> List[List[Tuple[float, float]]]:
    """*ring* drawn without a line across the map: where it crosses the
    antimeridian (Fiji, Russia), its longitudes continue past 180 and the
    ring is drawn twice, once shifted a full turn, each clipped by the axes."""
    out: List[Tuple[float, float]] = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i:
            jump = x + shift - out[-1][0]
            if jump > 180:
                shift -= 360
            elif jump < -180:
                shift += 360
        out.append((x + shift, y))
    xs = [x for x, _ in out]
    if max(xs) > 180:
        return [out, [(x - 360, y) for x, y in out]]
    if min(xs) < -180:
        return [out, [(x + 360, y) for x, y in out]]
    return [out]


def _order(column: str, keys: List[str]) -> List[str]:
    """Legend order: the column's own order where it has one (regions, cohorts
    by date, states), else alphabetical."""
    from ._rules import STATES
    from .query import cohorts, regions

    known: Dict[str, List[str]] = {
        "region": [r.code for r in regions()],
        "region_name": [r.name for r in regions()],
        "cohort": [c.id for c in cohorts()],
        "status": list(STATES),
    }
    rank = {k: i for i, k in enumerate(known.get(column, []))}
    return sorted(keys, key=lambda k: (k == "unknown", rank.get(k, len(rank)), k))
