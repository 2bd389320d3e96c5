"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 3
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'c3a477bba51aef649fe79d08e94ad2d8f175e93e45ef3261c52fa58843d149b1'
SNAPSHOT_CRC32 = 0x15eacc64
