#!/bin/sh
# Creates the keys of a docker compose deployment once, in the directory given (a volume), gives each
# service the keys it uses and no other, and mints a bearer token for Prometheus:
#   $1/keys.env                     every key, made once: TWOFOLD_JWT_HMAC_SECRET, TWOFOLD_CODE_KEY,
#                                   TWOFOLD_TOTP_KEY, TWOFOLD_BACKUP_CODE_PEPPER
#   $1/<service>/twofold.env        policy: the token key only; challenge and delivery: + the code key;
#                                   enrollment: + the code key, the TOTP key ring and the pepper
#   $1/prometheus/prometheus.token  an HS256 JWT with scope twofold.metrics (metrics only), valid
#                                   TWOFOLD_PROMETHEUS_TOKEN_HOURS (48); replaced atomically
# With --token-only, only the token is minted again (keys.env must exist): compose's
# prometheus-token service does so every 12 hours, and Prometheus reads the file at every scrape
# (prometheus/common FileSecret is not immutable: it is fetched per request).
# Compose mounts each <service> directory (a volume of its own) into that service alone.
# TWOFOLD_SECRETS_OWNER (a uid) gets the services' files, readable by it alone; the token is
# world-readable for the Prometheus container. Needs only sh and openssl (installed in Twofold's
# image at build time, so `up` needs no network). Nothing is printed.
set -eu
token_only=false
if [ "${1:-}" = "--token-only" ]; then
  token_only=true
  shift
fi
dir="${1:?usage: compose-secrets.sh [--token-only] DIR}"
umask 077
mkdir -p "$dir"
key() { openssl rand -base64 32; }
if [ "$token_only" = true ] && [ ! -f "$dir/keys.env" ]; then
  echo "compose-secrets.sh: $dir/keys.env does not exist yet" >&2
  exit 1
fi
if [ ! -f "$dir/keys.env" ]; then
  {
    echo "TWOFOLD_JWT_HMAC_SECRET=$(key)"
    echo "TWOFOLD_CODE_KEY=$(key)"
    echo "TWOFOLD_TOTP_KEY=$(key)"
    echo "TWOFOLD_BACKUP_CODE_PEPPER=$(key)"
  } > "$dir/keys.env.tmp"
  mv "$dir/keys.env.tmp" "$dir/keys.env"
fi
value() { sed -n "s/^$1=//p" "$dir/keys.env"; }
service_keys() { # service_keys SERVICE NAME...: the service's env file with these keys
  service="$1"
  shift
  mkdir -p "$dir/$service"
  for name in "$@"; do echo "$name=$(value "$name")"; done > "$dir/$service/twofold.env.tmp"
  mv "$dir/$service/twofold.env.tmp" "$dir/$service/twofold.env"
  if [ -n "${TWOFOLD_SECRETS_OWNER:-}" ]; then
    chown "$TWOFOLD_SECRETS_OWNER" "$dir/$service" "$dir/$service/twofold.env"
  fi
}
if [ "$token_only" = false ]; then
  service_keys policy TWOFOLD_JWT_HMAC_SECRET
  service_keys enrollment TWOFOLD_JWT_HMAC_SECRET TWOFOLD_CODE_KEY TWOFOLD_TOTP_KEY TWOFOLD_BACKUP_CODE_PEPPER
  service_keys challenge TWOFOLD_JWT_HMAC_SECRET TWOFOLD_CODE_KEY
  service_keys delivery TWOFOLD_JWT_HMAC_SECRET TWOFOLD_CODE_KEY
fi

secret=$(value TWOFOLD_JWT_HMAC_SECRET)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"prometheus","scope":"twofold.metrics","aud":"twofold","iat":%d,"exp":%d}' \
  "$now" $((now + ${TWOFOLD_PROMETHEUS_TOKEN_HOURS:-48} * 3600)) | b64url)
hexkey=$(printf '%s' "$secret" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | b64url)
mkdir -p "$dir/prometheus"
chmod 755 "$dir/prometheus"
printf '%s.%s.%s' "$header" "$payload" "$signature" > "$dir/prometheus/prometheus.token.tmp"
chmod 644 "$dir/prometheus/prometheus.token.tmp"
mv "$dir/prometheus/prometheus.token.tmp" "$dir/prometheus/prometheus.token"
