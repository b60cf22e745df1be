# syntax=docker/dockerfile:1
#
# Yui (結) container image.
#
#   docker build -t yui .
#   docker run --rm yui yui db upgrade        # migrate (see docker-compose.yml for the usual setup)
#   docker run --rm -p 8000:8000 --env-file .env yui
#
# Both stages use the same base image so the venv's interpreter symlinks stay valid
# (/opt/venv/bin/python -> /usr/local/bin/python3.11). Pin a digest in production, e.g.
#   docker build --build-arg PYTHON_IMAGE=python:3.11-slim@sha256:... .
ARG PYTHON_IMAGE=python:3.11-slim

# --------------------------------------------------------------------------- builder
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}"

WORKDIR /src

# Dependencies first, in their own layer, so code edits do not reinstall them.
# requirements.lock pins every package with hashes (pip refuses anything that does not match).
# Every pinned package ships a manylinux wheel, so no compiler is needed here.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The project itself. Its dependencies are already installed from the lock above, so --no-deps:
# nothing unpinned can sneak in. (Building the wheel fetches setuptools into an isolated build
# environment; that tool does not end up in the image.)
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY domain ./domain
COPY prompts ./prompts
RUN pip install --no-deps .

# requirements.lock is compiled with `--extra dev`, so it also pins the test and lint tools
# (~100 MB: ruff, mypy, pytest, hypothesis, import-linter). Production never runs them: remove
# them and the packages only they need. `pip check` then fails the build if anything Yui uses
# still needed one of them. Build with --build-arg KEEP_DEV_TOOLS=1 to keep them (e.g. to run
# `make check`-style tools in the container against a mounted checkout).
ARG KEEP_DEV_TOOLS=0
RUN if [ "${KEEP_DEV_TOOLS}" != "1" ]; then \
        pip uninstall --yes \
            pytest pytest-asyncio iniconfig pluggy \
            hypothesis sortedcontainers \
            ruff \
            mypy mypy-extensions pathspec librt ast-serialize \
            import-linter grimp ; \
    fi \
    && pip check \
    && yui --help > /dev/null \
    && yui line setup-richmenu --dry-run --output /tmp/menu.png > /dev/null
# (the last line draws the rich menus with the IPAex Gothic that matplotlib-fontja ships: the image
# needs no system font, and the build fails if that ever stops being true)

# --------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="Yui (結)" \
      org.opencontainers.image.description="Chat-first assistant for regional BPO teams: Slack for clients, LINE for teleworkers"

# A fixed, unprivileged user. /app is its working directory and is writable so the default
# SQLite database (./yui.db) works without a server; mount a volume on /app/data and set
# YUI_DATABASE_URL=sqlite+aiosqlite:////app/data/yui.db to keep it across container restarts.
RUN groupadd --system --gid 10001 yui \
    && useradd --system --uid 10001 --gid yui --home-dir /app --no-create-home --shell /usr/sbin/nologin yui \
    && mkdir -p /app/data \
    && chown -R yui:yui /app

COPY --from=builder /opt/venv /opt/venv

ENV PATH="/opt/venv/bin:${PATH}" \
    VIRTUAL_ENV=/opt/venv \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    YUI_HOST=0.0.0.0 \
    YUI_PORT=8000 \
    YUI_LOG_FORMAT=json

WORKDIR /app

EXPOSE 8000

# slim images have no curl: ask Python. urlopen raises on connection errors and non-2xx
# answers, so the exit status is 0 only when /healthz answers 2xx. Follows YUI_PORT if overridden.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('YUI_PORT', '8000'), timeout=4)"]

USER yui

CMD ["yui", "serve"]
