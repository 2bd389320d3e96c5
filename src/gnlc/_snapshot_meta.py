"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 3
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'c762e10e1d04ba6e50a1545f677e402ef0926edfeb1446de7502c79986cd2538'
SNAPSHOT_CRC32 = 0xd5cf55c9
