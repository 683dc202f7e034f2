class MemberError(Exception):
    """A refused step on a membership, label or cost share, with German messages to show as they are."""

    def __init__(self, *messages: str):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))
