"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '028d63ccc97d464e01a55b3ee1bf636acf881fbf743f47f24a197e6704c8c4f4'
SNAPSHOT_CRC32 = 0x802645a5
