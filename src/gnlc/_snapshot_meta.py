"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 3
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'ceec231e8314a1d8ec4f10694cb94ca50bd55403eeca29a376aca85086e923cf'
SNAPSHOT_CRC32 = 0x6f4c2ce5
