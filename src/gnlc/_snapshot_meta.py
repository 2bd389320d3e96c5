"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 1
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'aa0f0ca18fd228a8ddf00cb728192f0e8cfcbc94cb326e5225e9f8e2e9f3cd9c'
