# Backprop Explorer for any container platform, or a Docker-based Hugging Face Space.
# It installs requirements.txt and nothing else: no system packages, no compiler.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501
# two malloc arenas instead of glibc's eight per core: Streamlit runs each visitor's script in a
# thread of its own; with an arena per thread, 30 visitors took the server's resident memory to
# 683 MB at its peak, against 423 to 442 MB with two (bench/load.py, README "A classroom at
# once"). The server sets the same cap itself where this variable is not set (ui/startup.py).
ENV MALLOC_ARENA_MAX=2

# an unprivileged user; uid 1000 is also the user a Hugging Face Space runs as
RUN useradd --create-home --uid 1000 app
WORKDIR /home/app/explorer

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=app:app . .
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; u.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/_stcore/health', timeout=4)"
CMD ["sh", "-c", "exec streamlit run app.py --server.port=\"$PORT\" --server.address=0.0.0.0"]
