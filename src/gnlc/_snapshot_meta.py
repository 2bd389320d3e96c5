"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '76b88f84c1a11b088176891c598804259dfe29f4cc4138d749c662bd8565cd37'
SNAPSHOT_CRC32 = 0xcf2f20f9
