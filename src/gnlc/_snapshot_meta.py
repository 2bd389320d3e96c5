"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '6ee8df6ad99a89e1ede027e1631d628ec8e9e031b39d0798f5d422c2799ee5b9'
SNAPSHOT_CRC32 = 0x20913a8f
