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
    "AmbiguousError": "errors",
    "GNLCError": "errors",
    "IncompleteDataWarning": "errors",
    "NotFoundError": "errors",
    "SnapshotError": "errors",
    "Admission": "model",
    "Award": "model",
    "City": "model",
    "Cohort": "model",
    "Country": "model",
    "CoverageRow": "model",
    "Lead": "model",
    "Location": "model",
    "Match": "model",
    "Region": "model",
    "SnapshotInfo": "model",
    "Status": "model",
    "STATES": "query",
    "State": "query",
    "awards": "query",
    "cities": "query",
    "city": "query",
    "cohort": "query",
    "cohorts": "query",
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
    "from_dict": "convert",
    "make_converter": "convert",
    "to_dict": "convert",
    "to_csv": "export",
    "to_geojson": "export",
    "to_json": "export",
    "to_jsonl": "export",
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
    "errors",
    "export",
    "fields",
    "frame",
    "model",
    "normalization",
    "query",
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
    )
    from . import (
        errors as errors,
    )
    from . import (
        export as export,
    )
    from . import (
        fields as fields,
    )
    from . import (
        frame as frame,
    )
    from . import (
        model as model,
    )
    from . import (
        normalization as normalization,
    )
    from . import (
        query as query,
    )
    from . import (
        results as results,
    )
    from . import (
        snapshot_diff as snapshot_diff,
    )
    from . import (
        testing as testing,
    )
    from . import (
        validation as validation,
    )
    from .convert import from_dict as from_dict
    from .convert import make_converter as make_converter
    from .convert import to_dict as to_dict
    from .errors import (
        AmbiguousError as AmbiguousError,
    )
    from .errors import (
        GNLCError as GNLCError,
    )
    from .errors import (
        IncompleteDataWarning as IncompleteDataWarning,
    )
    from .errors import (
        NotFoundError as NotFoundError,
    )
    from .errors import (
        SnapshotError as SnapshotError,
    )
    from .export import (
        to_csv as to_csv,
    )
    from .export import (
        to_geojson as to_geojson,
    )
    from .export import (
        to_json as to_json,
    )
    from .export import (
        to_jsonl as to_jsonl,
    )
    from .frame import to_dataframe as to_dataframe
    from .model import (
        Admission as Admission,
    )
    from .model import (
        Award as Award,
    )
    from .model import (
        City as City,
    )
    from .model import (
        Cohort as Cohort,
    )
    from .model import (
        Country as Country,
    )
    from .model import (
        CoverageRow as CoverageRow,
    )
    from .model import (
        Lead as Lead,
    )
    from .model import (
        Location as Location,
    )
    from .model import (
        Match as Match,
    )
    from .model import (
        Region as Region,
    )
    from .model import (
        SnapshotInfo as SnapshotInfo,
    )
    from .model import (
        Status as Status,
    )
    from .normalization import normalize as normalize
    from .query import (
        STATES as STATES,
    )
    from .query import (
        State as State,
    )
    from .query import (
        awards as awards,
    )
    from .query import (
        cities as cities,
    )
    from .query import (
        city as city,
    )
    from .query import (
        cohort as cohort,
    )
    from .query import (
        cohorts as cohorts,
    )
    from .query import (
        count_by as count_by,
    )
    from .query import (
        countries as countries,
    )
    from .query import (
        country as country,
    )
    from .query import (
        coverage as coverage,
    )
    from .query import (
        get_city as get_city,
    )
    from .query import (
        group_by as group_by,
    )
    from .query import (
        leads as leads,
    )
    from .query import (
        region as region,
    )
    from .query import (
        regions as regions,
    )
    from .query import (
        search as search,
    )
    from .query import (
        snapshot_info as snapshot_info,
    )
    from .results import Cities as Cities
    from .snapshot_diff import diff as diff
    from .validation import (
        Problem as Problem,
    )
    from .validation import (
        ValidationError as ValidationError,
    )
    from .validation import (
        ValidationReport as ValidationReport,
    )
    from .validation import (
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
