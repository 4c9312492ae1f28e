# One image for every tinhuy service; the compose file picks the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app
RUN pip install --no-cache-dir uv==0.13.8

# Dependencies first (cached layer), then the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project --python python3
COPY shared ./shared
COPY services ./services
COPY tinhuy ./tinhuy
COPY seeds ./seeds
RUN uv sync --frozen --no-dev --python python3

RUN useradd --system --uid 10001 --home /app tinhuy && mkdir -p /data && chown tinhuy /data
# Numeric, so a runtime (Kubernetes runAsNonRoot) can verify it is not root.
USER 10001
CMD ["tinhuy", "--help"]
