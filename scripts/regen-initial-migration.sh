#!/usr/bin/env bash
# Regenerate migration 0001 from bot/storage/models.py.
# Only while Manabi is unreleased: once a database exists in production, add new revisions instead.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f bot/storage/migrations/versions/0001_initial_schema.py
DATABASE_URL="sqlite+aiosqlite:///$tmp/gen.db" python - <<'PY'
from alembic import command
from bot.storage.db import alembic_config
command.revision(alembic_config(), message="initial schema", autogenerate=True, rev_id="0001")
PY
f=bot/storage/migrations/versions/0001_initial_schema.py
sed -i 's/bot\.storage\.models\.UTCDateTime(timezone=True)/sa.DateTime(timezone=True)/g; s/^Create Date: .*/Create Date: 2026-11-21/' "$f"
ruff format -q "$f"
ruff check -q --fix "$f" || true
echo "regenerated $f"
