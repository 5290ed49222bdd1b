"""Structured logs: one JSON object a line, with ids and event kinds, never message text."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from types import TracebackType

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
            entry["trace"] = _frames(record.exc_info[2])
        return json.dumps(entry, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """One line for the console; an exception shows its type and frames, never its text."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[0] is not None:
            line += f" [{record.exc_info[0].__name__} at {' < '.join(_frames(record.exc_info[2]))}]"
        return line


def _frames(trace: TracebackType | None) -> list[str]:
    """The last two frames of a traceback as file:line in function (a driver's error text
    can quote the statement's values, e.g. PostgreSQL's DETAIL: Key (…)=(…))."""
    return [
        f"{frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(trace)[-2:]
    ]


def configure(level: str = "INFO", json_lines: bool = True) -> None:
    """Send logs to stderr, as JSON lines for servers or plain text for the console."""
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(PlainFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet if root.level > logging.DEBUG else logging.NOTSET)
