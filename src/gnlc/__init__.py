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
that need them. Every public submodule (``gnlc.export``, ``gnlc.frame``, ...)
is an attribute of the package, imported on first access.
"""

from typing import TYPE_CHECKING, Any, Dict, List

from ._snapshot_meta import DATA_VERSION, SNAPSHOT_DATE
from ._version import __version__

# Every public name, and the module that defines it: ``__all__`` and the lazy
# loading below both come from this one table. A program that only imports
# gnlc never pays for attrs, the records, the snapshot, cattrs, pycountry or
# pandas (PEP 562).
_PUBLIC: Dict[str, str] = {
    "AfterSnapshotWarning": "errors",
    "AmbiguousError": "errors",
    "GNLCError": "errors",
    "IncompleteDataWarning": "errors",
    "NotFoundError": "errors",
    "SnapshotError": "errors",
    "Admission": "model",
    "Award": "model",
    "City": "model",
    "Cluster": "model",
    "Cohort": "model",
    "Conference": "model",
    "Country": "model",
    "CoverageRow": "model",
    "Lead": "model",
    "Location": "model",
    "Match": "model",
    "MatchResult": "model",
    "Region": "model",
    "SnapshotInfo": "model",
    "Status": "model",
    "STATES": "query",
    "State": "query",
    "awards": "query",
    "cities": "query",
    "city": "query",
    "clusters": "query",
    "cohort": "query",
    "cohorts": "query",
    "conferences": "query",
    "count_by": "query",
    "countries": "query",
    "country": "query",
    "coverage": "query",
    "get_city": "query",
    "group_by": "query",
    "leads": "query",
    "region": "query",
    "regions": "query",
    "search": "query",
    "snapshot_info": "query",
    "Cities": "results",
    "Clusters": "results",
    "Conferences": "results",
    "match": "reconcile",
    "from_dict": "convert",
    "make_converter": "convert",
    "to_dict": "convert",
    "to_csv": "export",
    "to_geojson": "export",
    "to_json": "export",
    "to_jsonl": "export",
    "to_datapackage": "datapackage",
    "to_dataframe": "frame",
    "normalize": "normalization",
    "diff": "snapshot_diff",
    "Problem": "validation",
    "ValidationError": "validation",
    "ValidationReport": "validation",
    "validate": "validation",
}

#: The public submodules, reachable as ``gnlc.<name>`` after ``import gnlc``.
SUBMODULES = (
    "cli",
    "convert",
    "datapackage",
    "errors",
    "export",
    "fields",
    "frame",
    "maps",
    "model",
    "normalization",
    "query",
    "reconcile",
    "results",
    "snapshot_diff",
    "testing",
    "validation",
)

__all__ = ["DATA_VERSION", "SNAPSHOT_DATE", "__version__", *sorted(_PUBLIC)]

if TYPE_CHECKING:  # for type checkers: the same names, as the table above says
    from . import (
        cli as cli,
        convert as convert,
        datapackage as datapackage,
        errors as errors,
        export as export,
        fields as fields,
        frame as frame,
        maps as maps,
        model as model,
        normalization as normalization,
        query as query,
        reconcile as reconcile,
        results as results,
        snapshot_diff as snapshot_diff,
        testing as testing,
        validation as validation,
    )
    from .convert import (
        from_dict as from_dict,
        make_converter as make_converter,
        to_dict as to_dict,
    )
    from .datapackage import to_datapackage as to_datapackage
    from .errors import (
        AfterSnapshotWarning as AfterSnapshotWarning,
        AmbiguousError as AmbiguousError,
        GNLCError as GNLCError,
        IncompleteDataWarning as IncompleteDataWarning,
        NotFoundError as NotFoundError,
        SnapshotError as SnapshotError,
    )
    from .export import (
        to_csv as to_csv,
        to_geojson as to_geojson,
        to_json as to_json,
        to_jsonl as to_jsonl,
    )
    from .frame import to_dataframe as to_dataframe
    from .model import (
        Admission as Admission,
        Award as Award,
        City as City,
        Cluster as Cluster,
        Cohort as Cohort,
        Conference as Conference,
        Country as Country,
        CoverageRow as CoverageRow,
        Lead as Lead,
        Location as Location,
        Match as Match,
        MatchResult as MatchResult,
        Region as Region,
        SnapshotInfo as SnapshotInfo,
        Status as Status,
    )
    from .normalization import normalize as normalize
    from .query import (
        STATES as STATES,
        State as State,
        awards as awards,
        cities as cities,
        city as city,
        clusters as clusters,
        cohort as cohort,
        cohorts as cohorts,
        conferences as conferences,
        count_by as count_by,
        countries as countries,
        country as country,
        coverage as coverage,
        get_city as get_city,
        group_by as group_by,
        leads as leads,
        region as region,
        regions as regions,
        search as search,
        snapshot_info as snapshot_info,
    )
    from .reconcile import match as match
    from .results import (
        Cities as Cities,
        Clusters as Clusters,
        Conferences as Conferences,
    )
    from .snapshot_diff import diff as diff
    from .validation import (
        Problem as Problem,
        ValidationError as ValidationError,
        ValidationReport as ValidationReport,
        validate as validate,
    )


def __getattr__(name: str) -> Any:
    import importlib

    module = _PUBLIC.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"gnlc.{module}"), name)
        globals()[name] = value
        return value
    if name in SUBMODULES:
        return importlib.import_module(f"gnlc.{name}")
    raise AttributeError(f"module 'gnlc' has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__) | set(SUBMODULES))
