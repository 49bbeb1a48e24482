"""The exam bank as a file: checking, loading and exporting `fixtures/*.yaml`."""

from quizapp.bank.exporter import dump_bank, export_bank
from quizapp.bank.loader import LoadReport, check_bank, load_bank, read_bank
from quizapp.bank.schema import BankError

__all__ = [
    "BankError",
    "LoadReport",
    "check_bank",
    "dump_bank",
    "export_bank",
    "load_bank",
    "read_bank",
]
