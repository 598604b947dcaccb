import sys

from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    """Prints the message: the demo's way of showing what a parent would receive."""

    def __init__(self, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream or sys.stdout

    def send(self, message) -> None:
        self.stream.write(f"SMS from {message.sender} to {message.to}\n{message.body}\n{'-' * 40}\n")
        self.stream.flush()
