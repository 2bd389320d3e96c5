"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '10e91eb68ae84dbffb3a87b6c3af21d5103fc63f95f4336faef7383814607d71'
SNAPSHOT_CRC32 = 0x2c984d3d
