#!/bin/sh
# Creates the keys of a docker compose deployment once, in the directory given (a volume), and
# mints a fresh bearer token for Prometheus at every start:
#   $1/twofold.env         TWOFOLD_JWT_HMAC_SECRET, TWOFOLD_CODE_KEY, TWOFOLD_TOTP_KEY, TWOFOLD_BACKUP_CODE_PEPPER
#   $1/prometheus.token    an HS256 JWT with scope twofold.internal, valid for 30 days
# TWOFOLD_SECRETS_OWNER (a uid) gets the key file, readable by it alone; the token is world-readable
# for the Prometheus container. Needs only sh and openssl. Nothing is printed: it stays in the volume.
set -eu
dir="${1:?usage: compose-secrets.sh DIR}"
umask 077
mkdir -p "$dir"
key() { openssl rand -base64 32; }
if [ ! -f "$dir/twofold.env" ]; then
  {
    echo "TWOFOLD_JWT_HMAC_SECRET=$(key)"
    echo "TWOFOLD_CODE_KEY=$(key)"
    echo "TWOFOLD_TOTP_KEY=$(key)"
    echo "TWOFOLD_BACKUP_CODE_PEPPER=$(key)"
  } > "$dir/twofold.env.tmp"
  mv "$dir/twofold.env.tmp" "$dir/twofold.env"
fi
if [ -n "${TWOFOLD_SECRETS_OWNER:-}" ]; then
  chown "$TWOFOLD_SECRETS_OWNER" "$dir/twofold.env"
fi
secret=$(sed -n 's/^TWOFOLD_JWT_HMAC_SECRET=//p' "$dir/twofold.env")
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"prometheus","scope":"twofold.internal","iat":%d,"exp":%d}' "$now" $((now + 30 * 86400)) | b64url)
hexkey=$(printf '%s' "$secret" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | b64url)
printf '%s.%s.%s' "$header" "$payload" "$signature" > "$dir/prometheus.token"
chmod 644 "$dir/prometheus.token"
