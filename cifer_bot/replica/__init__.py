"""The offline replica of the portal, served on loopback by the tool itself."""

from cifer_bot.replica.faults import Fault, parse_fault
from cifer_bot.replica.server import DEFAULT_VERSION, Replica

__all__ = ["DEFAULT_VERSION", "Fault", "Replica", "parse_fault"]
