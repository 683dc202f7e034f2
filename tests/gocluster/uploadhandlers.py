"""An upload handler that notes every file Django starts to parse (and passes the data on)."""

from django.core.files.uploadhandler import FileUploadHandler


class RecordingUploadHandler(FileUploadHandler):
    started: list = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        RecordingUploadHandler.started.append(field_name)
        super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
