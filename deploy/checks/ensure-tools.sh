#!/usr/bin/env bash
# Installs, through apt-get, the command-line tools the test suite calls when they are missing:
# promtool (Debian package prometheus) and kubectl for deploy/checks, openssl for the compose
# secrets script, docker-compose (Debian's; only `config`, which needs no engine) for the compose
# file, curl and jq for the README walkthroughs LocalStackIT runs, chromium and its driver for the
# login app's browser tests (e2e). The Maven build runs
# it before any test that needs them (deploy/checks, process-test-resources); .ci/run runs it too.
set -euo pipefail
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "Installing ${missing[*]} (apt-get) for the deployment checks, README walkthroughs and browser tests ..."
sudo_=""
[[ $(id -u) -ne 0 ]] && sudo_="sudo"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}"
