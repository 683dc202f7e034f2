"""The member directory as CSV and JSON (the schema page lives with the programme figures)."""

from gocluster.opendata import download_view
from members.selectors.open_data import DIRECTORY

directory_data = download_view(DIRECTORY)
