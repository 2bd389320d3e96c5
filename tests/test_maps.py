"""Every selection is a map: GeoDataFrames and plots on the bundled country outlines."""

from __future__ import annotations

import geopandas  # the test extra installs geopandas and matplotlib: these tests always run
import matplotlib
import pytest

import gnlc
from gnlc import maps

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def test_geodataframe_keeps_members_without_coordinates() -> None:
    found = gnlc.cities(status="any")
    gdf = found.to_geodataframe()
    assert isinstance(gdf, geopandas.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(found) and list(gdf["id"]) == [c.id for c in found]
    located = [c.location is not None and c.location.lat is not None for c in found]
    assert not all(located)  # some members have no point yet
    assert list(~gdf.geometry.is_empty) == located
    cork = gdf[gdf["id"] == "ie-cork"].geometry.iloc[0]
    loc = gnlc.city("Cork").location
    assert (cork.x, cork.y) == (loc.lon, loc.lat)  # longitude first


def test_geodataframe_of_nothing() -> None:
    assert len(gnlc.cities(country="IE")[:0].to_geodataframe()) == 0


@pytest.mark.parametrize("column", ["region", "cohort", "status", "country"])
def test_plot_map(column: str) -> None:
    found = gnlc.cities(region="ENA")
    ax = found.plot_map(column)
    try:
        legend = ax.get_legend()
        with_coordinates = sum(1 for c in found if c.location and c.location.lat is not None)
        assert (
            legend.get_title()
            .get_text()
            .endswith(f"with coordinates: {with_coordinates} of {len(found)}")
        )
        assert sum(int(t.get_text().rsplit("(", 1)[1][:-1]) for t in legend.get_texts()) == (
            with_coordinates
        )
        texts = [t.get_text() for t in ax.figure.texts]
        assert any(t.startswith("Made with Natural Earth") for t in texts)
        assert ax.collections[0].get_paths()  # the outlines are drawn under the points
    finally:
        plt.close(ax.figure)


def test_plot_map_legend_order_and_bad_column() -> None:
    ax = gnlc.cities().plot_map("region")
    try:
        labels = [t.get_text().split(" ")[0] for t in ax.get_legend().get_texts()]
        assert labels == [r.code for r in gnlc.regions()]
    finally:
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="one of the cities' columns"):
        gnlc.cities().plot_map("colour")


def test_basemap_is_read_once() -> None:
    assert maps.basemap() is maps.basemap()
    assert {"attribution", "licence", "countries"} <= set(maps.basemap())
