class BaseSmsBackend:
    def __init__(self, **kwargs):
        self.options = kwargs

    def send(self, message) -> None:
        raise NotImplementedError
