# Manabi: one image, one process type (`manabi serve`: HTTP, outbox dispatch, scheduler).
# Build: docker build -t manabi .   Run with PostgreSQL: docker compose up (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MANABI_LESSONS_DIR=/app/lessons \
    MANABI_PROMPTS_DIR=/app/prompts \
    PORT=3000

WORKDIR /app
RUN groupadd --system --gid 10001 manabi \
    && useradd --system --uid 10001 --gid manabi --home-dir /app --shell /usr/sbin/nologin manabi

# Dependencies and the package first (cached while only content changes), then the content.
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && rm -rf /app/bot /app/build
COPY lessons ./lessons
COPY prompts ./prompts
# The default SQLite file lives in /app/var; with PostgreSQL nothing is written locally.
RUN mkdir -p /app/var && chown manabi:manabi /app/var

USER manabi
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"

# Migrations first (idempotent; safe when several replicas start together), then the server.
CMD ["sh", "-c", "manabi db upgrade && exec manabi serve --host 0.0.0.0 --port \"$PORT\""]
