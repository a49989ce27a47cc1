#!/bin/sh
# Starts a Twofold service. With TWOFOLD_SECRETS_FILE set (docker compose), the keys come from
# that file, written by deploy/docker/compose-secrets.sh; in Kubernetes they come from a Secret.
set -e
if [ -n "${TWOFOLD_SECRETS_FILE:-}" ]; then
  while [ ! -f "$TWOFOLD_SECRETS_FILE" ]; do sleep 1; done
  set -a
  . "$TWOFOLD_SECRETS_FILE"
  set +a
fi
exec java -jar /app/service.jar "$@"
