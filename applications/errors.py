class WorkflowError(Exception):
    """A refused step of the case, with German messages a view can show as they are."""

    def __init__(self, *messages: str):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))
