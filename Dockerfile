# Two stages: the first installs the bot and its dependencies into a virtual environment (pip's
# build/ and *.egg-info stay there); the second holds that environment, the sources and the
# content, and runs as an unprivileged user who owns only /data.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY bot ./bot
# Exactly the pinned, hashed versions of requirements.lock; then the bot without resolving again.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock \
    && /opt/venv/bin/pip install --no-deps .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DATABASE_PATH=/data/simexit.sqlite3
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin simexit \
    && mkdir /data && chown simexit:simexit /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The bot reads conversations/ and locales/ beside its sources (catalogs are compiled in
# memory at start, so they can never be stale); root owns them, the bot only reads them.
COPY bot ./bot
COPY conversations ./conversations
COPY locales ./locales
RUN python -m bot check-content
USER simexit
VOLUME ["/data"]
CMD ["python", "-m", "bot", "run"]
