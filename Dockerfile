# invoice-capture in one image; the same scripts/setup.sh as `make run` installs
# tesseract (eng, deu, fra, osd), redis-server and the project.
FROM python:3.11-slim-bookworm

WORKDIR /app
COPY scripts/setup.sh scripts/setup.sh
COPY pyproject.toml README.md ./
COPY capture capture
COPY extraction extraction
COPY review_ui review_ui
COPY models models
COPY samples samples
RUN SETUP_BROWSER=0 SETUP_EXTRAS="" SETUP_VENV=/opt/venv scripts/setup.sh \
    && rm -rf /var/lib/apt/lists/* /root/.cache/pip

ENV PATH=/opt/venv/bin:$PATH \
    CAPTURE_DATA_DIR=/data \
    CAPTURE_INBOX_DIR=/inbox \
    CAPTURE_HOST=0.0.0.0 \
    OMP_THREAD_LIMIT=1
VOLUME ["/data", "/inbox"]
EXPOSE 8000
# Everything in one container (its own redis-server); docker-compose.yml runs them apart.
CMD ["invoice-capture", "up"]
