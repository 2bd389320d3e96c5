"""Facts about the bundled snapshot, written by tools/build_snapshot.py."""

SCHEMA = 4
DATA_VERSION = '2026.11.28'
SNAPSHOT_DATE = '2026-11-28'
SNAPSHOT_SHA256 = '1610699533a91725c225dad41419bdd0f671a0fa358ffe42e00d4d89ee6002cb'
SNAPSHOT_CRC32 = 0xac8e2c08
