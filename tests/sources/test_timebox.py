import pytest

from refwatch.sources.timebox import TimeBox, TimeBoxFailed, TimeBoxTimeout


def test_timebox_returns_the_child_result():
    box = TimeBox("json:dumps", timeout=30)
    try:
        assert box.call({"탈북": [1, 2]}) == '{"\\ud0c8\\ubd81": [1, 2]}'
    finally:
        box.close()


def test_timebox_kills_a_call_that_runs_too_long_and_recovers():
    box = TimeBox("time:sleep", timeout=0.5)
    try:
        with pytest.raises(TimeBoxTimeout, match=r"longer than 0\.5 s"):
            box.call(60)
        assert box.restarts == 1
        assert box.call(0) is None  # a fresh child answers the next call
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


def test_timebox_submit_lets_the_caller_work_while_the_child_computes():
    box = TimeBox("time:sleep", timeout=30)
    try:
        box.submit(0.3)
        polls = 0
        while not box.ready():
            polls += 1  # the caller is free while the child sleeps
        assert polls > 0
        assert box.result() is None
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
