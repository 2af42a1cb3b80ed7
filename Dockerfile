FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY conversations ./conversations
COPY locales ./locales
RUN pip install --no-cache-dir . \
    && python -m bot check-content
# Catalogs are compiled from locales/*.po in memory at start, so they can never be stale.
ENV DATABASE_PATH=/data/simexit.sqlite3
VOLUME ["/data"]
CMD ["python", "-m", "bot", "run"]
