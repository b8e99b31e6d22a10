import os

import pytest

from refwatch.sources.timebox import TimeBox, TimeBoxFailed, TimeBoxTimeout


@pytest.fixture
def fifo(tmp_path):
    """A named pipe: `os.open(fifo, O_RDONLY)` in the child blocks until someone opens it for writing."""
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return str(path)


def test_timebox_returns_the_child_result():
    box = TimeBox("json:dumps", timeout=30)
    try:
        assert box.call({"탈북": [1, 2]}) == '{"\\ud0c8\\ubd81": [1, 2]}'
    finally:
        box.close()


def test_timebox_kills_a_call_that_runs_too_long_and_recovers(fifo):
    box = TimeBox("os:open", timeout=0.5)
    try:
        with pytest.raises(TimeBoxTimeout, match=r"longer than 0\.5 s"):
            box.call(fifo, os.O_RDONLY)  # no writer ever comes: the call would never end
        assert box.restarts == 1
        box.timeout = 60  # the fresh child's start-up must not race a short limit
        assert isinstance(box.call(os.devnull, os.O_RDONLY), int)  # a fresh child answers the next call
    finally:
        box.close()


def test_timebox_reports_the_function_error_and_keeps_the_child():
    box = TimeBox("math:sqrt", timeout=30)
    try:
        with pytest.raises(TimeBoxFailed, match="ValueError"):
            box.call(-1)
        assert box.call(9) == 3.0
        assert box.restarts == 0
    finally:
        box.close()


def test_timebox_submit_lets_the_caller_work_while_the_child_computes(fifo):
    box = TimeBox("os:open", timeout=60)
    try:
        box.submit(fifo, os.O_RDONLY)
        assert not box.ready()  # the child waits for the caller, who is free meanwhile
        writer = os.open(fifo, os.O_WRONLY)  # lets the child's call finish
        try:
            assert isinstance(box.result(), int)
        finally:
            os.close(writer)
        with pytest.raises(RuntimeError, match="no call in flight"):
            box.result()
    finally:
        box.close()


def test_timebox_one_call_in_flight_at_a_time():
    box = TimeBox("json:dumps", timeout=30)
    try:
        box.submit([1])
        with pytest.raises(RuntimeError, match="already in flight"):
            box.submit([2])
        assert box.result() == "[1]"
    finally:
        box.close()


def test_timebox_a_child_that_dies_is_reported_and_replaced():
    box = TimeBox("os:_exit", timeout=30)
    try:
        with pytest.raises(TimeBoxFailed, match="died"):
            box.call(3)
        assert box.restarts == 1
    finally:
        box.close()
