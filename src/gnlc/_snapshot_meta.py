"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 1
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '2735385b1f0b0a2faa30bd4debd309d174838ee06166f15bdbb215ce9b4fa8b1'
