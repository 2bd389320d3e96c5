"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 6
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '5469398eee43679a6545b9411405de35a8cb3717a87022dcee338dbe05865f07'
SNAPSHOT_CRC32 = 0x17823a50
