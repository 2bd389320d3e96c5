"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '65f9a9fe44c758f45c8774fdaeea5213eb6cee0334e9c5a9a1786167535badd2'
SNAPSHOT_CRC32 = 0x407f3ecc
