"""Forms of the admission process (interfaces layer): wizard sections, advisory call, actors, import."""
