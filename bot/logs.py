"""Structured logs: one JSON object a line, with ids and event kinds, never message text."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

# Loggers that say the same thing every few seconds: APScheduler's executor logs "Running
# job…" and "…executed successfully" at INFO for every run (most of all log lines); its
# warnings (a missed or failed run) still come through, and DEBUG shows everything.
QUIET = {"apscheduler.executors": logging.WARNING}

# Attributes every LogRecord has; anything else was passed in `extra=` and is logged as a field.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Format a record as JSON: time, level, logger, message, and the `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[0] is not None:
            # The exception's type and where it happened; its text may quote member input.
            entry["error"] = record.exc_info[0].__name__
            entry["trace"] = self.formatException(record.exc_info).splitlines()[-3:-1]
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO", json_lines: bool = True) -> None:
    """Send logs to stderr, as JSON lines for servers or plain text for the console."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet if root.level > logging.DEBUG else logging.NOTSET)
