# syntax=docker/dockerfile:1
# Build stage: install groupbot and its dependencies into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
# Dependencies first, in their own layer: installing a stub package with the real
# pyproject.toml pulls them all, so a change under src/ reuses this layer.
COPY pyproject.toml README.md ./
RUN mkdir -p src/groupbot && touch src/groupbot/__init__.py \
    && python -m venv /opt/venv && /opt/venv/bin/pip install '.[digest]'
COPY src ./src
RUN /opt/venv/bin/pip install --no-deps --force-reinstall '.[digest]'

# Runtime stage: the virtualenv, the migrations and the FAQ; no compilers, not root.
FROM python:3.11-slim
# A CJK font, so the Chinese digest chart keeps its Chinese labels (matplotlib sees "WenQuanYi Zen Hei").
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 groupbot && mkdir -p /app/data/faq && chown -R groupbot /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY migrations ./migrations
COPY alembic.ini* ./
COPY faq ./faq
# What the bot learns (/learn, /faq add, faq import) goes to the volume with the database;
# the shipped faq/ stays read only. With no platform configured the console is off, so
# `docker run` without settings says what to configure and exits 2 instead of exiting 0.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GROUPBOT_DATABASE_URL=sqlite+aiosqlite:////app/data/groupbot.db \
    GROUPBOT_LEARNED_FAQ_DIR=/app/data/faq \
    GROUPBOT_CONSOLE__ENABLED=false \
    GROUPBOT_WEB__HOST=0.0.0.0
USER groupbot
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)" || exit 1
CMD ["groupbot", "run"]
