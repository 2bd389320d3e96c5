"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '3a2b3e3e8b674b773f1ca640a4170d656fe8ddf9963cf31500520a95703226e2'
SNAPSHOT_CRC32 = 0x7f72f519
