import ipaddress

import pytest

from refwatch.errors import BlockedAddress, ConnectFailed
from refwatch.sources.guard import AddressGuard, forbidden_reason, parse_networks

FORBIDDEN = [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("172.16.5.4", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "not globally routable"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("2002:a00:1::1", "private"),
]


def fixed(*answers: str):
    return lambda host, port: list(answers)


@pytest.mark.parametrize(("address", "reason"), FORBIDDEN)
def test_guard_refuses_non_public_addresses_by_default(address, reason):
    assert reason in forbidden_reason(ipaddress.ip_address(address))
    with pytest.raises(BlockedAddress, match=reason):
        AddressGuard(resolver=fixed(address)).resolve("news.example.test", 80)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_guard_lets_public_addresses_through(address):
    assert AddressGuard(resolver=fixed(address)).resolve("news.example.test", 443) == ipaddress.ip_address(address)


def test_guard_allows_a_private_network_only_when_configured():
    guard = AddressGuard(parse_networks(["127.0.0.0/8"]), resolver=fixed("127.0.0.1"))
    assert str(guard.resolve("localhost", 80)) == "127.0.0.1"
    with pytest.raises(BlockedAddress):
        AddressGuard(parse_networks(["127.0.0.0/8"]), resolver=fixed("10.0.0.1")).resolve("intranet", 80)


def test_guard_refuses_a_host_if_any_answer_is_forbidden():
    guard = AddressGuard(resolver=fixed("93.184.216.34", "10.0.0.7"))
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.7"):
        guard.resolve("mixed.example.test", 80)


def test_guard_checks_ip_literals_without_resolving():
    def no_dns(host, port):
        raise AssertionError("an IP literal must not be looked up")
    with pytest.raises(BlockedAddress, match="link-local"):
        AddressGuard(resolver=no_dns).resolve("169.254.169.254", 80)
    with pytest.raises(BlockedAddress, match="loopback"):
        AddressGuard(resolver=no_dns).resolve("[::1]", 80)


def test_guard_names_dns_failures_and_bad_settings():
    def nxdomain(host, port):
        raise OSError("Name or service not known")
    with pytest.raises(ConnectFailed, match=r"cannot resolve nowhere\.test"):
        AddressGuard(resolver=nxdomain).resolve("nowhere.test", 80)
    with pytest.raises(ValueError, match="not a network"):
        parse_networks(["127.0.0.0/33"])
