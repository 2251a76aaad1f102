"""gunicorn settings for the booking app: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every number can be set from the environment (systemd's EnvironmentFile, see booking.service);
the names are gunicorn's own where it has one (WEB_CONCURRENCY, FORWARDED_ALLOW_IPS), GUNICORN_* else.
They are not BOOKING_* names: those go into the app's configuration.
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen. Behind nginx on the same machine: 127.0.0.1:8000; on an app server of its own,
# its private address (only the proxy may reach it: see FORWARDED_ALLOW_IPS and docs/deploy.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Processes x threads. gthread: a request that waits for the database holds a thread, not a process.
# Each worker has its own database pool (5 connections + 10 overflow): on PostgreSQL keep
# servers x workers x 15 under max_connections.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# A request taking longer than this is killed with its worker (the slowest page, the annual report, takes
# well under a second); graceful_timeout lets running requests finish on a restart.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to the app open (keepalive in its upstream): a bit longer than its idle time.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# A new worker after this many requests (jittered, so not all at once) bounds any slow growth of memory.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# The app makes its engine in each worker after the fork (no preload): no database connection is shared
# between processes.
preload_app = False

# No access log: the app writes one JSON line per request itself (LOG_JSON, on in production), with the
# user, the request id and secrets masked. The error log (and those lines) go to stderr: the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# Whose X-Forwarded-Proto gunicorn believes (https behind a TLS proxy): the proxy's address only.
# The app's BOOKING_PROXY_HOPS=1 reads X-Forwarded-Host/-For/-Proto/-Port from the same proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn >= 25 opens a control socket at one fixed path; two servers on one machine would share it.
control_socket_disable = True

# Kept in memory, not on a disk that may be slow (the workers' heartbeat files).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
