"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '8328419dd6b192860dc577c5abb0b1a48a0a0788c638e3781f7b93f7ee9d9de5'
SNAPSHOT_CRC32 = 0x9ef51ac6
