"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'ac40340fcadd41c84bfa6a45ed934c34f76f1f6e40989f18ea646b749a0fff39'
SNAPSHOT_CRC32 = 0x6f366b4a
