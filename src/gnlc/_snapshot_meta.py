"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 1
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '6153048957f7346f101e5c239736a3c798faa2b50a005f5968609b6783645936'
