"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'cc642764f81c5b5c6546c26ccfae76e81add0e664689e4c13e9e896598542c11'
SNAPSHOT_CRC32 = 0xbac484f9
