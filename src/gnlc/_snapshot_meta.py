"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '6621580971ec6608e8117fff0b56dc9a5c1785edf7fdf43cb05b3fd6f1e65ec5'
SNAPSHOT_CRC32 = 0x66484540
