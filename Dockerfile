# Two stages: the first installs the bot and its dependencies into a virtual environment (pip's
# build/ and *.egg-info stay there); the second holds only that environment and runs as an
# unprivileged user who owns only /data.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py README.md requirements.lock ./
COPY bot ./bot
# Installed inside the package (setup.py): the content, and the catalogs as .po (compiled in
# memory at start, so they can never be stale).
COPY conversations ./conversations
COPY locales ./locales
# Exactly the pinned, hashed versions of requirements.lock; then the bot without resolving again.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock \
    && /opt/venv/bin/pip install --no-deps .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DATABASE_PATH=/data/simexit.sqlite3
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin simexit \
    && mkdir /data && chown simexit:simexit /data
# Root owns the installed bot, its content and catalogs; the bot only reads them.
COPY --from=build /opt/venv /opt/venv
# No sources to stand in for the package: the installed copy is the one read. The working
# directory is root's, so nothing the bot may write can shadow the package (python -m puts it
# first on the path).
WORKDIR /
RUN python -m bot check-content
USER simexit
VOLUME ["/data"]
CMD ["python", "-m", "bot", "run"]
