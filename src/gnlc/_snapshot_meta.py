"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 2
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '3cd1c5e62730894284e92410f7470d0ba6146160162a5b1b1fe972b78691ccb8'
SNAPSHOT_CRC32 = 0xdf7e1b72
