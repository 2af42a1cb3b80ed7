# Sourced by scripts/run and scripts/test: a .venv with the pinned, hashed dependencies of
# requirements-dev.lock (the bot's and its test tools'), then the bot itself (editable).
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -m pip install --quiet --require-hashes -r requirements-dev.lock \
  || ! .venv/bin/python -m pip install --quiet --no-deps -e .; then
  echo "error: could not install the dependencies into .venv" >&2
  exit 1
fi
export PATH="$PWD/.venv/bin:$PATH"
