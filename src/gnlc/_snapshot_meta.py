"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = 'dd9673b681a4d3c628ad98e908712c82452b331a77b54a6f9f1c6b9420aaa1a2'
SNAPSHOT_CRC32 = 0x9055a305
