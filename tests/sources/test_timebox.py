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
