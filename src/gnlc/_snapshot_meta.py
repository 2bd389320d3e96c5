"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'e8b9074555b7f3ec34c1744b1822aeeebd7aaab817c42cc4943d9ad3e9cd75a9'
SNAPSHOT_CRC32 = 0x86de7970
