"""Under --listen, the program's stdout/stderr are also sent to the attached client as ``output`` events."""


class OutputTee(object):
    """Wraps a text stream: everything still goes to the stream, and to ``sink`` while a client is attached."""

    def __init__(self, stream, category):
        self._stream = stream
        self._category = category
        self.sink = None

    def write(self, text):
        result = self._stream.write(text)
        sink = self.sink
        if sink is not None and text:
            try:
                sink(self._category, text)
            except Exception:
                pass
        return result

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
