# Manabi: one image, one process type (`manabi serve`: HTTP, outbox dispatch, scheduler).
# Build: docker build -t manabi .   Run with PostgreSQL: docker compose up (see compose.yaml).
# The dependencies come from requirements.lock (pinned, with hashes): the same build twice
# installs the same packages. Regenerate it after changing pyproject.toml (docs/deployment.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MANABI_LESSONS_DIR=/app/lessons \
    MANABI_PROMPTS_DIR=/app/prompts \
    MANABI_METRICS_HOST=0.0.0.0 \
    MANABI_METRICS_PORT=9100 \
    MPLCONFIGDIR=/tmp/matplotlib \
    PORT=3000

WORKDIR /app
RUN groupadd --system --gid 10001 manabi \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin manabi

# The digest chart's Japanese font comes in a locked package (matplotlib-fontja), loaded by
# file path: the image needs no system fonts. Matplotlib keeps its font cache in MPLCONFIGDIR
# (/app is not writable by the user the server runs as).
# Locked dependencies first (cached until the lock changes), then the package without
# resolving anything again, then the content.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-deps . && pip check && rm -rf /app/bot /app/build
COPY lessons ./lessons
COPY prompts ./prompts
# The default SQLite file lives in /app/var; with PostgreSQL nothing is written locally.
RUN mkdir -p /app/var && chown 10001:10001 /app/var

# Numeric, so that a cluster can verify it is not root (Kubernetes runAsNonRoot).
USER 10001:10001
# 3000: the public port (Slack, Teams, /healthz). 9100: /metrics, for Prometheus only: keep it
# on the internal network.
EXPOSE 3000 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"

# Migrations first (idempotent; safe when several replicas start together), then the server.
CMD ["sh", "-c", "manabi db upgrade && exec manabi serve --host 0.0.0.0 --port \"$PORT\""]
