"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '309991a36661184d9673acf5c3691b642b5537c62c0824b78d6cf278976ac968'
SNAPSHOT_CRC32 = 0x468c783c
