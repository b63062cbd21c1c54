# syntax=docker/dockerfile:1
# Build stage: install groupbot and its dependencies into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/venv && /opt/venv/bin/pip install '.[digest]'

# Runtime stage: the virtualenv, the migrations and the FAQ; no compilers, not root.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 groupbot && mkdir -p /app/data && chown groupbot /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY migrations ./migrations
COPY alembic.ini* ./
COPY faq ./faq
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GROUPBOT_DATABASE_URL=sqlite+aiosqlite:////app/data/groupbot.db \
    GROUPBOT_WEB__HOST=0.0.0.0
USER groupbot
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)" || exit 1
CMD ["groupbot", "run"]
