"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 3
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '57d0b38d3d91735b4346ef1746039a8a733469b792cd2e1bec4aa7b8b75d3632'
SNAPSHOT_CRC32 = 0x5a855458
