"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '6e07d25abe99ce1f94cf78366e17a502a0b594da155c07849c83cfca8ff3cda8'
SNAPSHOT_CRC32 = 0x170f5604
