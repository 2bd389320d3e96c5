"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 5
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'c2b9cf7ffab61f9b6ef37dad9c67852c013ac1fef6fac940428041356a805b4e'
SNAPSHOT_CRC32 = 0x8241866f
