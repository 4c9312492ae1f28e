"""The parser service: pages and article texts in, meeting records and source URLs out."""

PARSER_VERSION = "0.1.0"
