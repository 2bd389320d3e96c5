"""Validation: check city data and report every problem, with its path and a fix.

:func:`validate` checks the bundled snapshot (with no argument),
:class:`~gnlc.City` objects, plain dicts (as :func:`gnlc.to_dict` makes them,
or flat rows as :mod:`gnlc.export` writes them, with codes in place of
records), or a JSON, JSON Lines or CSV file. It returns a
:class:`ValidationReport`, an immutable sequence of :class:`Problem` records
that is empty when the data is valid:

>>> import gnlc
>>> gnlc.validate().ok
True
>>> row = {"id": "kr-suwon", "name": "Suwon ", "country": "KOR", "region": "ENA",
...        "cohort": "2015-2018", "sources": ["https://example.org/suwon"]}
>>> report = gnlc.validate([row])
>>> print(report)  # doctest: +NORMALIZE_WHITESPACE
3 problems:
  cities[0].name: untrimmed-name: the name has spaces at an end; use "Suwon"
  cities[0].country: unknown-country: "KOR" is alpha-3; alpha-2 is "KR"
  cities[0].region: region-mismatch: "ENA" is not the UNESCO region of KR
    (Republic of Korea); use "APA" (Asia and the Pacific)
>>> report[1].code, report[1].path, report[1].value
('unknown-country', 'cities[0].country', 'KOR')

``strict=True`` raises one :class:`ValidationError` that lists every problem.
Paths index the records in input order: ``cities[0]`` is the first record (in
a CSV file, the first row after the header). Validation never changes its
input and never uses the network. This module imports cattrs; pycountry is
imported on the first call of :func:`validate`.

The work is done in private modules, one job each: ``_readers`` (inputs
and files), ``_shape`` (structuring with the strict converter), ``_checks``
(the rules), ``_report`` (problems and reports) and ``_validate`` (running
it all).
"""

from ._report import CODES, Problem, ValidationError, ValidationReport
from ._validate import validate

__all__ = ["CODES", "Problem", "ValidationError", "ValidationReport", "validate"]
