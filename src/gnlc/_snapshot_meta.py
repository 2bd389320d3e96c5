"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '6d6047f221de500509363007433f6ff8c41eef63ff17786c88e540bd2ac4f547'
SNAPSHOT_CRC32 = 0x67564254
