# Sourced by scripts/run and scripts/test: a .venv with the bot (and its test extras) installed.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -m pip install --quiet -e ".[test]"; then
  echo "error: could not install the dependencies into .venv" >&2
  exit 1
fi
export PATH="$PWD/.venv/bin:$PATH"
