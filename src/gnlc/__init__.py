"""gnlc: the UNESCO Global Network of Learning Cities as typed, offline data.

>>> import gnlc
>>> gnlc.city("Cao Lanh").country.alpha_2
'VN'
>>> gnlc.country("Republic of Korea").alpha_2
'KR'
>>> gnlc.region("Asia Pacific").name
'Asia and the Pacific'

Importing gnlc is cheap: every public name loads on first use, the snapshot
on the first query, and cattrs, pycountry and pandas only with the functions
that need them.
"""

from typing import TYPE_CHECKING, Any

from ._snapshot_meta import DATA_VERSION, SNAPSHOT_DATE
from ._version import __version__
from .normalize import normalize  # eager: the submodule has the same name

if TYPE_CHECKING:  # imported lazily at run time, see __getattr__
    from .convert import converter, from_dict, to_dict
    from .errors import (
        AmbiguousError,
        GNLCError,
        IncompleteDataWarning,
        NotFoundError,
        SnapshotError,
    )
    from .export import to_csv, to_geojson, to_json, to_jsonl
    from .frame import to_dataframe
    from .model import (
        Admission,
        Award,
        City,
        Cohort,
        Country,
        CoverageRow,
        Lead,
        Location,
        Match,
        Region,
        SnapshotInfo,
        Status,
    )
    from .query import (
        STATES,
        awards,
        cities,
        city,
        cohort,
        cohorts,
        count_by,
        countries,
        country,
        coverage,
        get_city,
        group_by,
        leads,
        region,
        regions,
        search,
        snapshot_info,
    )
    from .results import Cities
    from .snapshot_diff import diff
    from .validation import Problem, ValidationError, ValidationReport, validate

__all__ = [
    "DATA_VERSION",
    "SNAPSHOT_DATE",
    "STATES",
    "Admission",
    "AmbiguousError",
    "Award",
    "Cities",
    "City",
    "Cohort",
    "Country",
    "CoverageRow",
    "GNLCError",
    "IncompleteDataWarning",
    "Lead",
    "Location",
    "Match",
    "NotFoundError",
    "Problem",
    "Region",
    "SnapshotError",
    "SnapshotInfo",
    "Status",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "awards",
    "cities",
    "city",
    "cohort",
    "cohorts",
    "converter",
    "count_by",
    "countries",
    "country",
    "coverage",
    "diff",
    "from_dict",
    "get_city",
    "group_by",
    "leads",
    "normalize",
    "region",
    "regions",
    "search",
    "snapshot_info",
    "to_csv",
    "to_dataframe",
    "to_dict",
    "to_geojson",
    "to_json",
    "to_jsonl",
    "validate",
]

# Every other public name loads on first access (PEP 562): `import gnlc` then
# costs about what the interpreter's start does, and a program that only
# imports gnlc (or only calls gnlc.normalize) never pays for attrs, the
# records, the snapshot, cattrs, pycountry or pandas.
_LAZY = {
    **dict.fromkeys(
        ("AmbiguousError", "GNLCError", "IncompleteDataWarning", "NotFoundError", "SnapshotError"),
        "errors",
    ),
    **dict.fromkeys(
        (
            "Admission",
            "Award",
            "City",
            "Cohort",
            "Country",
            "CoverageRow",
            "Lead",
            "Location",
            "Match",
            "Region",
            "SnapshotInfo",
            "Status",
        ),
        "model",
    ),
    **dict.fromkeys(
        (
            "STATES",
            "awards",
            "cities",
            "city",
            "cohort",
            "cohorts",
            "count_by",
            "countries",
            "country",
            "coverage",
            "get_city",
            "group_by",
            "leads",
            "region",
            "regions",
            "search",
            "snapshot_info",
        ),
        "query",
    ),
    "Cities": "results",
    "converter": "convert",
    "from_dict": "convert",
    "to_dict": "convert",
    "diff": "snapshot_diff",
    "to_csv": "export",
    "to_geojson": "export",
    "to_json": "export",
    "to_jsonl": "export",
    "to_dataframe": "frame",
    "Problem": "validation",
    "ValidationError": "validation",
    "ValidationReport": "validation",
    "validate": "validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gnlc' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"gnlc.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(__all__))
