"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 1
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'b31cda240434d550cb466466031001d0f770972a22ea2db63d54b7377d819b10'
SNAPSHOT_CRC32 = 0xdd4fedd8
