"""The one exception a chart builder raises when there is nothing to draw."""

from __future__ import annotations


class NoData(Exception):
    """Nothing to draw; ``message`` is a friendly Dutch sentence for the page to show.

    Builders raise it for a dataset that was never imported, for filters that leave
    no rows, and for charts that need a year the data does not cover.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @classmethod
    def missing_dataset(cls, label: str) -> NoData:
        return cls(f"Er zijn nog geen {label} ingeladen. Laad ze op via de pagina Gegevens.")

    @classmethod
    def filtered_away(cls, label: str) -> NoData:
        return cls(
            f"Er zijn geen {label} voor deze selectie. Kies andere gemeenten, jaren, "
            "doelgroepen of organisaties in de filters."
        )
