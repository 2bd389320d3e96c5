"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 3
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'ef6f538fa240f2f868282780801a09dc7c28271052d5299867b56377b0b659a0'
SNAPSHOT_CRC32 = 0x76ca1b22
