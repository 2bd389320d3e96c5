"""The built docs site in a real browser: headless Chromium driven by Playwright.

Run by ``nox -s browser``, which builds the site and sets ``GNLC_SITE`` (the
plain test run does not collect this folder: tests/conftest.py). The explorer
is checked against the library itself: the rows it shows are the rows
``gnlc.cities()`` returns, its search finds what ``gnlc.search`` finds, its CSV
is ``gnlc.to_csv`` of the same selection. Every page is loaded at 1280 px and
must neither log a console error, nor ask for anything off the machine, nor
hold an element wider than the viewport. Screenshots go to ``GNLC_SCREENSHOTS``.
"""

from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set

import pytest

import gnlc
import gnlc.export
from gnlc.normalization import normalize

playwright_sync = pytest.importorskip("playwright.sync_api")

SITE = Path(os.environ.get("GNLC_SITE", "site")).resolve()
SHOTS = Path(os.environ.get("GNLC_SCREENSHOTS", "site-screenshots")).resolve()
CHROMIUM = os.environ.get("GNLC_CHROMIUM", "/usr/bin/chromium")
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("*.html"))
WIDTH, HEIGHT = 1280, 900

# A fresh profile, and nothing Chromium would fetch on its own: the site must
# need no network, so any request that leaves the machine is a failure.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _no_network() -> None:
    """Overrides tests/conftest.py's socket guard: these tests talk to a local
    HTTP server and to Chromium. The pages' own requests are watched instead
    (``Tab.outside``)."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    if not (SITE / "explorer.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `nox -s browser`")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: nox -s browser installs it"
    profile = tempfile.TemporaryDirectory(prefix="gnlc-chromium-")
    with profile, playwright_sync.sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            profile.name,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": WIDTH, "height": HEIGHT},
            accept_downloads=True,
        )
        yield ctx
        ctx.close()


class Tab:
    """A page that records its console errors and any request off the machine."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.errors: List[str] = []
        self.outside: List[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture
def tab(context: Any) -> Iterator[Tab]:
    t = Tab(context)
    yield t
    t.page.close()


def _explorer(tab: Tab, base_url: str, fragment: str = "") -> Any:
    page = tab.open(base_url + "explorer.html" + fragment)
    page.wait_for_selector("#gx-rows tr")
    return page


def _shown_ids(page: Any) -> List[str]:
    ids: List[str] = page.eval_on_selector_all("#gx-rows tr", "rs => rs.map(r => r.dataset.id)")
    return ids


def _count(page: Any) -> int:
    return int(page.get_attribute("#gx-count", "data-count"))


# --------------------------------------------------------------------------- the explorer


def test_the_explorer_lists_every_member(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url)
    members = gnlc.cities()
    assert _shown_ids(page) == [c.id for c in members]  # the library's order: by id
    assert _count(page) == len(members)
    assert tab.outside == []
    assert tab.errors == []


def search_expected(text: str) -> Set[str]:
    """What the explorer's search box keeps, defined by the library: a member
    matches when the normalised text is part of the normalised name, an
    alias or an other name (accents, case and punctuation forgiven, as in
    every lookup), or
    when ``gnlc.search`` ranks it among its fuzzy matches (typos forgiven)."""
    key = normalize(text)
    members = gnlc.cities()
    names = {c.id: (c.name, *c.aliases, *c.other_names) for c in members}
    part = {c.id for c in members if any(key in normalize(n) for n in names[c.id])}
    every = len(gnlc.cities(status="any"))
    fuzzy = {m.city.id for m in gnlc.search(text, limit=every)}
    return part | (fuzzy & {c.id for c in members})


@pytest.mark.parametrize("text", ["seo", "SEÓ", "gelsenkirchn", "cao lanh", "São"])
def test_search_finds_what_the_library_finds(tab: Tab, base_url: str, text: str) -> None:
    page = _explorer(tab, base_url)
    page.fill("#gx-q", text)
    expected = search_expected(text)
    assert expected, text
    page.wait_for_function(
        "n => document.querySelectorAll('#gx-rows tr').length === n", arg=len(expected)
    )
    assert set(_shown_ids(page)) == expected
    if text == "seo":
        names = sorted(gnlc.city(i).name for i in expected)
        assert "Seo-gu (Gwangju)" in names and "Seodaemun-Gu" in names, names


def test_the_pages_normaliser_is_the_librarys(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url)
    names = [n for c in gnlc.cities(status="any") for n in (c.name, *c.aliases)]
    names += ["Straße", "ΣΊΣΥΦΟΣ", "N’Zérékoré", "Sønderborg", "İzmir", "Derry & Strabane"]
    got = page.evaluate("names => names.map(window.gnlcExplorer.normalize)", names)
    wrong = [(n, g, normalize(n)) for n, g in zip(names, got) if g != normalize(n)]
    assert wrong == []


def test_a_region_filter_counts_as_the_library_and_is_shareable(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url)
    page.select_option("#gx-region", "LAC")
    lac = gnlc.cities(region="LAC")
    assert _count(page) == len(lac) and _shown_ids(page) == [c.id for c in lac]
    assert page.evaluate("location.hash") == "#region=LAC"
    page = _explorer(tab, base_url, "#region=LAC")  # the address, opened afresh
    assert _count(page) == len(lac)
    assert page.input_value("#gx-region") == "LAC"


def test_filters_combine_as_the_librarys_do(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url, "#country=KR&cohort=2022")
    assert _shown_ids(page) == [c.id for c in gnlc.cities(country="KR", cohort="2022")]
    page = _explorer(tab, base_url, "#status=any")
    assert _count(page) == len(gnlc.cities(status="any"))
    page = _explorer(tab, base_url, "#cohort=2024&country=BH")  # Muharraq: 2019 and 2024
    assert _shown_ids(page) == [c.id for c in gnlc.cities(country="BH", cohort=2024)]


@pytest.mark.parametrize("fragment", ["#region=XYZ", "#%E0%A4%A", "#no-such-city", "#sort=zzz"])
def test_an_address_that_does_not_fit_is_ignored(tab: Tab, base_url: str, fragment: str) -> None:
    page = _explorer(tab, base_url, fragment)
    assert _count(page) == len(gnlc.cities())
    assert tab.errors == []


def test_sorting_by_a_column(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url)
    page.click("#gx-table th[data-col='name']")
    ids = _shown_ids(page)
    by_name = sorted(gnlc.cities(), key=lambda c: (normalize(c.name), c.id))
    assert ids == [c.id for c in by_name]
    page.click("#gx-table th[data-col='name']")
    assert _shown_ids(page) == ids[::-1]
    assert page.evaluate("location.hash") == "#sort=-name"


def test_a_member_shows_its_facts_and_numbered_sources(tab: Tab, base_url: str) -> None:
    city = gnlc.city("Cao Lanh")
    page = _explorer(tab, base_url, f"#{city.id}")
    detail = page.locator("#gx-detail")
    assert detail.locator("h2").inner_text() == city.name
    hrefs = detail.locator("ol.gx-sources a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs == list(city.sources)
    assert city.country.name in detail.inner_text()
    # choosing another member in the table opens it and gives it an address
    cork = gnlc.city("Cork")
    page.click(f"#gx-rows tr[data-id='{cork.id}']")
    assert detail.locator("h2").inner_text() == cork.name
    assert page.evaluate("location.hash") == f"#{cork.id}"
    assert detail.locator("ol.gx-sources li").count() == len(cork.sources)
    assert tab.errors == []


def test_the_selection_downloads_as_the_librarys_csv(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url, "#region=LAC")
    with page.expect_download() as info:
        page.click("#gx-csv")
    download = info.value
    assert download.suggested_filename == "gnlc-members-region-LAC.csv"
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text == gnlc.export.to_csv(gnlc.cities(region="LAC"))


def test_the_map_shows_the_selection(tab: Tab, base_url: str) -> None:
    page = _explorer(tab, base_url, "#region=AFR")
    afr = gnlc.cities(region="AFR")
    located = [c for c in afr if c.location is not None and c.location.lat is not None]
    assert page.locator("#gx-points circle").count() == len(located)
    legend = page.inner_text("#gx-legend")
    assert f"with coordinates: {len(located)} of {len(afr)}" in legend
    assert "Natural Earth" in page.inner_text("#gnlc-explorer")


def test_the_explorer_works_from_a_file(tab: Tab) -> None:
    page = tab.open((SITE / "explorer.html").as_uri() + "#region=LAC")
    page.wait_for_selector("#gx-rows tr")
    assert _count(page) == len(gnlc.cities(region="LAC"))
    page.fill("#gx-q", "medellin")
    medellin = gnlc.city("Medellín")
    assert _shown_ids(page) == [medellin.id]
    page.click(f"#gx-rows tr[data-id='{medellin.id}']")
    assert page.inner_text("#gx-detail h2") == medellin.name
    assert tab.outside == []
    assert tab.errors == []


def test_the_sites_search_works_from_a_file(tab: Tab) -> None:
    page = tab.open((SITE / "map.html").as_uri())
    page.click(".md-search__input")
    page.keyboard.type("provenance")
    page.wait_for_selector(".md-search-result__item")
    assert tab.outside == []
    assert tab.errors == []


# --------------------------------------------------------------------------- every page

# Material's header and navigation: their boxes clip by design (a long title ends
# in an ellipsis). Every other box that clips (code blocks, tables, the explorer's
# list of members, which scrolls down) must not hide anything sideways.
SCROLLS = ".md-sidebar *, .md-header *, .md-search *, .md-tabs *"

# Every element that reaches past the viewport or hides content sideways.
_OVERFLOW = (Path(__file__).parent / "overflow.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_1280_px_and_logs_no_error(tab: Tab, base_url: str, path: str) -> None:
    page = tab.open(base_url + path)
    if path == "explorer.html":
        page.wait_for_selector("#gx-rows tr")
    assert page.evaluate(_OVERFLOW, SCROLLS) == []
    assert tab.errors == []
    assert tab.outside == []


def test_screenshots(tab: Tab, base_url: str) -> None:
    """For a maintainer to look at: the explorer (with a member open, and the whole
    network), the map page and the provenance page's first table."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _explorer(tab, base_url, "#region=APA&vn-cao-lanh")
    page.screenshot(path=str(SHOTS / "explorer.png"), full_page=True)
    page = _explorer(tab, base_url)
    page.screenshot(path=str(SHOTS / "explorer-all.png"), full_page=False)
    page = tab.open(base_url + "map.html")
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)
    page = tab.open(base_url + "provenance.html")
    page.locator("article table").first.screenshot(path=str(SHOTS / "provenance.png"))
    shots: Dict[str, int] = {p.name: p.stat().st_size for p in SHOTS.glob("*.png")}
    assert len(shots) == 4 and all(size > 10_000 for size in shots.values()), shots
