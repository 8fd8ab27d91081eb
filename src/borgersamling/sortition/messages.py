"""Message templates for the engine's error codes, in English and Danish.

Templates use ``str.format`` fields named after the error's parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "file_missing": {
        "en": "{file}: file not found",
        "da": "{file}: filen findes ikke",
    },
    "file_unreadable": {
        "en": "{file}: cannot read the file as CSV or XLSX ({reason})",
        "da": "{file}: filen kan ikke læses som CSV eller XLSX ({reason})",
    },
    "file_empty": {
        "en": "{file}: the file is empty (no header row)",
        "da": "{file}: filen er tom (ingen overskriftsrække)",
    },
    "header_blank": {
        "en": "{file}: row 1, column {column_number}: the column has no name",
        "da": "{file}: række 1, kolonne {column_number}: kolonnen har intet navn",
    },
    "header_duplicate": {
        "en": "{file}: row 1: the column '{column}' appears twice",
        "da": "{file}: række 1: kolonnen '{column}' findes to gange",
    },
    "row_too_long": {
        "en": "{file}: row {row}: {found} cells, but the header has {expected} columns",
        "da": "{file}: række {row}: {found} celler, men overskriften har {expected} kolonner",
    },
    "cell_blank": {
        "en": "{file}: row {row}, column '{column}': the cell is empty",
        "da": "{file}: række {row}, kolonne '{column}': cellen er tom",
    },
    "seats_not_positive": {
        "en": "the number of seats must be at least 1, not {seats}",
        "da": "antallet af pladser skal være mindst 1, ikke {seats}",
    },
    "tolerance_negative": {
        "en": "the tolerance must be 0 or more, not {tolerance}",
        "da": "tolerancen skal være 0 eller mere, ikke {tolerance}",
    },
    "quota_columns_missing": {
        "en": "{file}: row 1: missing column(s) {columns} (found: {found}); expected "
        "feature,value,min,max or feature,value,share",
        "da": "{file}: række 1: mangler kolonne(r) {columns} (fundet: {found}); forventet "
        "feature,value,min,max eller feature,value,share",
    },
    "quotas_empty": {
        "en": "{file}: no quotas below the header",
        "da": "{file}: ingen kvoter under overskriften",
    },
    "quota_not_count": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not a whole number of seats",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke et helt antal pladser",
    },
    "share_invalid": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not a share "
        "(write 0.35, 0,35 or 35%)",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke en andel "
        "(skriv 0.35, 0,35 eller 35%)",
    },
    "quota_duplicate": {
        "en": "{file}: row {row}: {feature} '{value}' already has a quota in row {first_row}",
        "da": "{file}: række {row}: {feature} '{value}' har allerede en kvote i række {first_row}",
    },
    "quota_min_above_max": {
        "en": "{file}: row {row}: {feature} '{value}' has min {min} above max {max}",
        "da": "{file}: række {row}: {feature} '{value}' har min {min} over max {max}",
    },
    "shares_do_not_sum": {
        "en": "{file}: the shares of {feature} add up to {total}%, not 100%",
        "da": "{file}: andelene for {feature} giver {total}% i alt, ikke 100%",
    },
    "seats_outside_quotas": {
        "en": "{file}: {seats} seats do not fit the quotas of {feature}: their minimums add "
        "up to {low} and their maximums to {high}",
        "da": "{file}: {seats} pladser passer ikke med kvoterne for {feature}: minimum giver "
        "{low} i alt og maksimum {high}",
    },
    "pool_columns_missing": {
        "en": "{file}: row 1: missing column(s) {columns} (found: {found})",
        "da": "{file}: række 1: mangler kolonne(r) {columns} (fundet: {found})",
    },
    "quota_feature_not_in_pool": {
        "en": "{file}: row 1: the quotas in {quotas_file} are about '{feature}', but the pool "
        "has no such column (found: {found})",
        "da": "{file}: række 1: kvoterne i {quotas_file} handler om '{feature}', men puljen har "
        "ingen sådan kolonne (fundet: {found})",
    },
    "pool_empty": {
        "en": "{file}: the pool has no respondents",
        "da": "{file}: puljen har ingen tilmeldte",
    },
    "pool_duplicate_id": {
        "en": "{file}: row {row}, column '{column}': id '{value}' already used in row {first_row}",
        "da": "{file}: række {row}, kolonne '{column}': id '{value}' er allerede brugt i række "
        "{first_row}",
    },
    "pool_value_without_quota": {
        "en": "{file}: row {row}, column '{column}': '{value}' has no quota in {quotas_file} "
        "(known values: {known})",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' har ingen kvote i "
        "{quotas_file} (kendte værdier: {known})",
    },
    "pool_smaller_than_panel": {
        "en": "{file}: {seats} seats, but the pool has only {available} {unit}",
        "da": "{file}: {seats} pladser, men puljen har kun {available} {unit}",
    },
    "infeasible": {
        "en": "no panel of {seats} meets all the quotas:\n{reasons}",
        "da": "intet panel med {seats} pladser opfylder alle kvoterne:\n{reasons}",
    },
    "seed_invalid": {
        "en": "the seed must be a whole number of 0 or more, not '{seed}'",
        "da": "seed skal være et helt tal på 0 eller mere, ikke '{seed}'",
    },
    "lottery_size_invalid": {
        "en": "the lottery size must be at least 1, not {size}",
        "da": "lotteriets størrelse skal være mindst 1, ikke {size}",
    },
    "algorithm_unknown": {
        "en": "unknown algorithm '{algorithm}' (choose leximin or legacy)",
        "da": "ukendt algoritme '{algorithm}' (vælg leximin eller legacy)",
    },
    "legacy_failed": {
        "en": "the legacy algorithm found no panel in {attempts} attempts",
        "da": "legacy-algoritmen fandt intet panel i {attempts} forsøg",
    },
    "report_unreadable": {
        "en": "{file}: not a selection report ({reason})",
        "da": "{file}: ikke en udvælgelsesrapport ({reason})",
    },
    "input_changed": {
        "en": "{file}: the input file changed since the selection (SHA-256 was {recorded}, "
        "is now {actual})",
        "da": "{file}: inputfilen er ændret siden udvælgelsen (SHA-256 var {recorded}, "
        "er nu {actual})",
    },
    "verification_failed": {
        "en": "the selection could not be reproduced:\n{differences}",
        "da": "udvælgelsen kunne ikke genskabes:\n{differences}",
    },
    # --- feasibility: plain-words reasons why no panel meets the quotas ---------------
    "word_and": {
        "en": "and",
        "da": "og",
    },
    "pool_fewer_than_seats": {
        "en": "the panel has {seats} seats, but the pool has only {people} people",
        "da": "panelet har {seats} pladser, men puljen har kun {people} personer",
    },
    "pool_fewer_than_seats_one": {
        "en": "the panel has {seats} seats, but the pool has only 1 person",
        "da": "panelet har {seats} pladser, men puljen har kun 1 person",
    },
    "households_fewer_than_seats": {
        "en": "the panel has {seats} seats, but the {people} people in the pool live in only "
        "{households} different households, and a panel takes at most one person per household",
        "da": "panelet har {seats} pladser, men de {people} personer i puljen bor i kun "
        "{households} forskellige husstande, og et panel tager højst én person pr. husstand",
    },
    "households_fewer_than_seats_one": {
        "en": "the panel has {seats} seats, but the {people} people in the pool all live in "
        "1 household, and a panel takes at most one person per household",
        "da": "panelet har {seats} pladser, men de {people} personer i puljen bor alle i "
        "1 husstand, og et panel tager højst én person pr. husstand",
    },
    "quota_min_above_pool": {
        "en": "{feature} {value} needs at least {min} of {seats} seats, but only {available} "
        "people in the pool are {value}",
        "da": "{feature} {value} kræver mindst {min} af {seats} pladser, men kun {available} "
        "personer i puljen er {value}",
    },
    "quota_min_above_pool_one": {
        "en": "{feature} {value} needs at least {min} of {seats} seats, but only 1 person in "
        "the pool is {value}",
        "da": "{feature} {value} kræver mindst {min} af {seats} pladser, men kun 1 person i "
        "puljen er {value}",
    },
    "quota_min_above_pool_none": {
        "en": "{feature} {value} needs at least {min} of {seats} seats, but nobody in the pool "
        "is {value}",
        "da": "{feature} {value} kræver mindst {min} af {seats} pladser, men ingen i puljen "
        "er {value}",
    },
    "quota_min_above_households": {
        "en": "{feature} {value} needs at least {min} of {seats} seats, but the {people} people "
        "in the pool who are {value} live in only {available} different households, and a "
        "panel takes at most one person per household",
        "da": "{feature} {value} kræver mindst {min} af {seats} pladser, men de {people} "
        "personer i puljen, der er {value}, bor i kun {available} forskellige husstande, og et "
        "panel tager højst én person pr. husstand",
    },
    "quota_min_above_households_one": {
        "en": "{feature} {value} needs at least {min} of {seats} seats, but the {people} people "
        "in the pool who are {value} all live in 1 household, and a panel takes at most one "
        "person per household",
        "da": "{feature} {value} kræver mindst {min} af {seats} pladser, men de {people} "
        "personer i puljen, der er {value}, bor alle i 1 husstand, og et panel tager højst én "
        "person pr. husstand",
    },
    "feature_capacity": {
        "en": "the quotas for {feature} can fill at most {capacity} of {seats} seats: {limits}",
        "da": "kvoterne for {feature} kan højst fylde {capacity} af {seats} pladser: {limits}",
    },
    "feature_capacity_households": {
        "en": "the quotas for {feature} can fill at most {capacity} of {seats} seats: {limits}, "
        "and a panel takes at most one person per household",
        "da": "kvoterne for {feature} kan højst fylde {capacity} af {seats} pladser: {limits}, "
        "og et panel tager højst én person pr. husstand",
    },
    "limit_max": {
        "en": "{value} at most {max}",
        "da": "{value} højst {max}",
    },
    "limit_pool": {
        "en": "{value} only {available} in the pool",
        "da": "{value} kun {available} i puljen",
    },
    "limit_pool_none": {
        "en": "{value} not in the pool at all",
        "da": "{value} slet ikke i puljen",
    },
    "limit_households": {
        "en": "{value} only {available} households in the pool",
        "da": "{value} kun {available} husstande i puljen",
    },
    "limit_households_one": {
        "en": "{value} only 1 household in the pool",
        "da": "{value} kun 1 husstand i puljen",
    },
    "bound_min": {
        "en": "{feature} {value} at least {count}",
        "da": "{feature} {value} mindst {count}",
    },
    "bound_max": {
        "en": "{feature} {value} at most {count}",
        "da": "{feature} {value} højst {count}",
    },
    "quotas_conflict": {
        "en": "{bounds} cannot be met together: with {others}, {subject} gets at most {best} of "
        "the {seats} seats",
        "da": "{bounds} kan ikke opfyldes samtidig: med {others} får {subject} højst {best} af "
        "de {seats} pladser",
    },
    "quotas_conflict_max": {
        "en": "{bounds} cannot be met together: with {others}, {subject} needs at least {best} "
        "of the {seats} seats",
        "da": "{bounds} kan ikke opfyldes samtidig: med {others} skal {subject} have mindst "
        "{best} af de {seats} pladser",
    },
    "quota_unreachable": {
        "en": "{bound} cannot be met: from this pool, {subject} gets at most {best} of the "
        "{seats} seats",
        "da": "{bound} kan ikke opfyldes: fra denne pulje får {subject} højst {best} af de "
        "{seats} pladser",
    },
    "quota_unreachable_max": {
        "en": "{bound} cannot be met: from this pool, {subject} needs at least {best} of the "
        "{seats} seats",
        "da": "{bound} kan ikke opfyldes: fra denne pulje skal {subject} have mindst {best} af "
        "de {seats} pladser",
    },
    "relax_min": {
        "en": "lower the minimum of {feature} {value} from {old} to {new}",
        "da": "sænk minimum for {feature} {value} fra {old} til {new}",
    },
    "relax_max": {
        "en": "raise the maximum of {feature} {value} from {old} to {new}",
        "da": "hæv maksimum for {feature} {value} fra {old} til {new}",
    },
    "unselectable_household": {
        "en": "person {person} can never be selected: they share a household with {mate}, "
        "who is on every panel that meets the quotas",
        "da": "person {person} kan aldrig blive udtrukket: de deler husstand med {mate}, som "
        "er med i hvert panel, der opfylder kvoterne",
    },
    "unselectable_quota_zero": {
        "en": "person {person} can never be selected: they are {feature} {value}, and the "
        "quotas give {feature} {value} no seats (max 0)",
        "da": "person {person} kan aldrig blive udtrukket: de er {feature} {value}, og "
        "kvoterne giver {feature} {value} ingen pladser (max 0)",
    },
    "unselectable_no_panel": {
        "en": "person {person} cannot be selected: no panel meets the quotas",
        "da": "person {person} kan ikke blive udtrukket: intet panel opfylder kvoterne",
    },
    "unselectable": {
        "en": "person {person} can never be selected: no panel that meets the quotas can "
        "include them",
        "da": "person {person} kan aldrig blive udtrukket: intet panel, der opfylder kvoterne, "
        "kan have dem med",
    },
    # --- seating (borgersamling seat) -------------------------------------------------
    "seat_members_empty": {
        "en": "{file}: no members below the header",
        "da": "{file}: ingen medlemmer under overskriften",
    },
    "seat_flag_invalid": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not yes or no "
        "(write yes/no, ja/nej, 1/0 or x)",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke ja eller nej "
        "(skriv ja/nej, yes/no, 1/0 eller x)",
    },
    "seat_theme_unknown": {
        "en": "{file}: row {row}, column '{column}': theme '{value}' names no table "
        "(tables: {known})",
        "da": "{file}: række {row}, kolonne '{column}': temaet '{value}' svarer ikke til noget "
        "bord (borde: {known})",
    },
    "seat_member_unknown": {
        "en": "{file}: row {row}, column '{column}': member '{value}' is not in the members file",
        "da": "{file}: række {row}, kolonne '{column}': medlem '{value}' findes ikke i "
        "medlemsfilen",
    },
    "seat_table_unknown": {
        "en": "{file}: row {row}, column '{column}': no table called '{value}' (tables: {known})",
        "da": "{file}: række {row}, kolonne '{column}': intet bord hedder '{value}' "
        "(borde: {known})",
    },
    "seat_session_invalid": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not a session number ({allowed})",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke et samlingsnummer "
        "({allowed})",
    },
    "seat_role_invalid": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not a role (host, scribe or "
        "empty)",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke en rolle (host, "
        "scribe eller tom)",
    },
    "seat_seated_twice": {
        "en": "{file}: row {row}: member '{member}' already has a seat in session {session} "
        "(row {first_row})",
        "da": "{file}: række {row}: medlem '{member}' har allerede en plads i samling {session} "
        "(række {first_row})",
    },
    "seat_fixed_absent_row": {
        "en": "{file}: row {row}: member '{member}' has a fixed seat in session {session} but "
        "is absent from it",
        "da": "{file}: række {row}: medlem '{member}' har en fast plads i samling {session} men "
        "er meldt fraværende",
    },
    "seat_member_unknown_in": {
        "en": "{where}: member '{member}' is not among the members",
        "da": "{where}: medlem '{member}' er ikke blandt medlemmerne",
    },
    "seat_table_unknown_in": {
        "en": "{where}: there is no table called '{table}'",
        "da": "{where}: intet bord hedder '{table}'",
    },
    "seat_session_unknown": {
        "en": "{where}: session {session} is not one of the sessions being seated",
        "da": "{where}: samling {session} er ikke blandt de samlinger, der placeres",
    },
    "seat_fixed_absent": {
        "en": "member '{member}' has a fixed seat in session {session} but is absent from it",
        "da": "medlem '{member}' har en fast plads i samling {session} men er meldt fraværende",
    },
    "seat_start_invalid": {
        "en": "the seating to start from does not fit session {session}: {reason}",
        "da": "placeringen, der skal søges videre fra, passer ikke til samling {session}: {reason}",
    },
    "seat_start_sizes": {
        "en": "session {session}: the seating to start from has tables of {found} members, "
        "where the members who come make tables of {expected}; generate afresh instead",
        "da": "samling {session}: placeringen, der skal søges videre fra, har borde med {found} "
        "medlemmer, hvor de fremmødte giver borde med {expected}; dan en ny i stedet",
    },
    "seat_fixed_twice": {
        "en": "member '{member}' has two fixed seats in session {session}",
        "da": "medlem '{member}' har to faste pladser i samling {session}",
    },
    "seat_apart_self": {
        "en": "{where}: member '{member}' cannot be kept apart from themselves",
        "da": "{where}: medlem '{member}' kan ikke holdes adskilt fra sig selv",
    },
    "seat_apart_self_row": {
        "en": "{file}: row {row}: member '{member}' cannot be kept apart from themselves",
        "da": "{file}: række {row}: medlem '{member}' kan ikke holdes adskilt fra sig selv",
    },
    "seat_apart_fixed": {
        "en": "session {session}: '{first}' and '{second}' are to sit apart, but both have a "
        "fixed seat at table '{table}'",
        "da": "samling {session}: '{first}' og '{second}' skal sidde hver for sig, men har "
        "begge en fast plads ved bord '{table}'",
    },
    "seat_fixed_overfull": {
        "en": "session {session}: {count} fixed seats at table '{table}', which seats {size}",
        "da": "samling {session}: {count} faste pladser ved bord '{table}', som har {size} pladser",
    },
    "seat_fixed_role_twice": {
        "en": "session {session}: two fixed seats at table '{table}' both have the role {role}",
        "da": "samling {session}: to faste pladser ved bord '{table}' har begge rollen {role}",
    },
    "seat_tables_too_small": {
        "en": "session {session}: {present} members come, but the tables seat only {capacity}",
        "da": "samling {session}: {present} medlemmer kommer, men bordene har kun {capacity} "
        "pladser",
    },
    "seat_tables_too_many": {
        "en": "session {session}: only {present} members come to {tables} tables; every table "
        "needs at least one",
        "da": "samling {session}: kun {present} medlemmer kommer til {tables} borde; hvert bord "
        "skal have mindst ét",
    },
    "seat_tables_invalid": {
        "en": "the number of tables must be at least 1, not {tables}",
        "da": "antallet af borde skal være mindst 1, ikke {tables}",
    },
    "seat_sessions_invalid": {
        "en": "the number of sessions must be at least 1, not {sessions}",
        "da": "antallet af samlinger skal være mindst 1, ikke {sessions}",
    },
    "seat_table_sizes_invalid": {
        "en": "table sizes '{sizes}': give {tables} whole numbers of 1 or more, separated by "
        "commas",
        "da": "bordstørrelser '{sizes}': angiv {tables} hele tal på 1 eller mere, adskilt af "
        "kommaer",
    },
    "seat_table_size_invalid": {
        "en": "{file}: row {row}, column '{column}': '{value}' is not a number of seats of 1 "
        "or more",
        "da": "{file}: række {row}, kolonne '{column}': '{value}' er ikke et antal pladser på 1 "
        "eller mere",
    },
    "seat_effort_invalid": {
        "en": "the effort must be at least 1 (percent), not {effort}",
        "da": "indsatsen skal være mindst 1 (procent), ikke {effort}",
    },
    "seat_theme_sessions_invalid": {
        "en": "theme sessions '{value}': give session numbers among {allowed}",
        "da": "temasamlinger '{value}': angiv samlingsnumre blandt {allowed}",
    },
}


def render(code: str, language: str, params: Mapping[str, Any]) -> str:
    templates = MESSAGES.get(code)
    if templates is None:
        return f"{code}: {dict(params)}"
    template = templates.get(language, templates["en"])
    return template.format(**params)
