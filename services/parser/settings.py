"""Parser settings: `TINHUY_*` environment variables, read once in main()."""

from __future__ import annotations

from shared.settings import ServiceSettings


class ParserSettings(ServiceSettings):
    # Source URLs found at this depth or deeper are not requested: a chain of
    # "Source:" links (or a loop of them) ends here.
    parse_max_depth: int = 2
