"""JSON bodies nested too deeply for Python's parser are a 400, not a RecursionError."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as too_deep:
            raise ParseError("JSON parse error - the document is nested too deeply.") from too_deep
