#!/bin/bash
# Run once by the postgres image on a new primary (deploy/compose.yaml): the replication role
# the standby's pg_basebackup and streaming use, and its line in pg_hba.conf.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "create role replicator replication login password '${REPLICATION_PASSWORD}'"
echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
