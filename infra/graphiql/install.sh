#!/usr/bin/env bash
# GraphiQL's browser bundles for /graphql/, so the page works without internet: installed from the
# npm registry with `npm ci` (exact versions and integrity hashes from package-lock.json; no
# install scripts run), then the four files the page loads are copied to dist/ (both folders are
# ignored by git). STATICFILES_DIRS serves dist/ under /static/graphiql/.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "GraphiQL's files come from the npm registry, and npm is not installed." >&2
  echo "Install Node.js with npm (Debian: apt-get install nodejs npm), then run make again." >&2
  exit 1
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
rm -rf dist
mkdir -p dist
cp node_modules/react/umd/react.production.min.js \
   node_modules/react-dom/umd/react-dom.production.min.js \
   node_modules/graphiql/graphiql.min.js \
   node_modules/graphiql/graphiql.min.css \
   dist/
touch dist/.installed
