"""The dashboard's filters as a plain value, applied the same way to every dataset."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import kinds


@dataclass(frozen=True)
class Filters:
    """What the user selected. Empty tuples mean "all"."""

    municipalities: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    target_groups: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    # Profile columns (``Kind.profiles``: age band, sex, education) with the values chosen.
    profiles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    mask_small: bool = False
    show_events: bool = True

    @property
    def covers_region(self) -> bool:
        """Whether the selection is the whole region (all municipalities and organisations),
        where a regional reference such as the 100 LDE-FTE applies; years may be chosen."""
        return not self.municipalities and not self.organisations

    @property
    def chosen_profiles(self) -> dict[str, tuple[str, ...]]:
        """Profile column → the values chosen, for the profiles with a choice."""
        return {column: values for column, values in self.profiles if values}

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows of a tidy frame that match; a filter on a column the frame lacks is ignored."""
        keep = pd.Series(True, index=frame.index)
        if self.years is not None and "year" in frame:
            keep &= frame["year"].between(*self.years)
        for column, chosen in (
            ("municipality", self.municipalities),
            ("target_group", self.target_groups),
            ("organisation", self.organisations),
            *self.profiles,
        ):
            if chosen and column in frame:
                keep &= frame[column].isin(chosen)
        return frame.loc[keep.fillna(False).astype(bool)]

    def describe(self) -> list[tuple[str, str]]:
        """The filters in Dutch, for slide and workbook headers."""
        years = f"{self.years[0]}–{self.years[1]}" if self.years else "alle jaren"
        return [
            ("Gemeenten", ", ".join(self.municipalities) or "alle gemeenten van de regio"),
            ("Jaren", years),
            ("Doelgroepen", ", ".join(self.target_groups) or "alle doelgroepen"),
            ("Organisaties", ", ".join(self.organisations) or "alle organisaties"),
            *(
                (kinds.profile(column).label, ", ".join(values))
                for column, values in self.chosen_profiles.items()
            ),
            ("Kleine aantallen gemaskeerd", "ja" if self.mask_small else "nee"),
        ]
