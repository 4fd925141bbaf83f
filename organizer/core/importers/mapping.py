"""Which column holds what: headers in English (and common variants), Spanish and French,
plus the CSV exports of Google Contacts and Microsoft Outlook, recognised by their headers.

`suggest_mapping(headers)` gives {header: field or None}; the app shows it and lets the user
change it before anything is written. Fields are `IMPORT_FIELDS`: the person's own fields,
with "first_name"/"last_name" (combined into the name) and "department"/"shift"/"site" as
names (new ones are added to the campaign's lists).
"""

from __future__ import annotations

import re
import unicodedata

from organizer.core.importers.table import MappingError, Table, short

# field -> label shown in the app's mapping table
IMPORT_FIELDS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "code_name": "Code name",
    "personal_phone": "Personal phone",
    "personal_email": "Personal email",
    "work_phone": "Work phone",
    "work_email": "Work email",
    "department": "Department",
    "team": "Team",
    "job_title": "Job title",
    "shift": "Shift",
    "site": "Site",
    "start_date": "Start date",
    "language": "Language",
    "safe_channel": "Safe channel",
    "notes": "Notes",
}
NAME_FIELDS = ("name", "first_name", "last_name")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "full name", "fullname", "display name", "employee name", "employee",
        "worker", "worker name", "coworker", "co worker", "person", "contact", "contact name",
        "member", "member name", "nombre completo", "nombre y apellido", "nombre y apellidos",
        "nombre del trabajador", "empleado", "trabajador", "nom complet", "nom et prenom",
        "prenom et nom", "nom prenom", "prenom nom", "salarie", "employe",
    ),
    "first_name": (
        "first name", "first", "given name", "firstname", "forename", "given", "nombre",
        "nombres", "primer nombre", "prenom", "prenoms",
    ),
    "last_name": (
        "last name", "last", "surname", "family name", "lastname", "apellido", "apellidos",
        "primer apellido", "nom", "nom de famille",
    ),
    "code_name": ("code name", "codename", "alias", "seudonimo", "pseudonyme", "nom de code"),
    "personal_phone": (
        "phone", "phone number", "phone no", "telephone", "telephone number", "tel", "mobile",
        "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "cell number",
        "personal phone", "home phone", "private phone", "personal mobile", "whatsapp",
        "primary phone", "telefono", "telefono movil", "movil", "celular", "telefono celular",
        "telefono personal", "numero de telefono", "numero", "portable", "telephone portable",
        "tel portable", "telephone personnel", "numero de telephone", "tel mobile",
    ),
    "personal_email": (
        "email", "e mail", "email address", "e mail address", "personal email",
        "personal e mail", "private email", "home email", "mail", "correo",
        "correo electronico", "email personal", "correo personal", "courriel",
        "adresse e mail", "adresse email", "adresse electronique", "courriel personnel",
        "e mail personnel", "email personnel", "mel",
    ),
    "work_phone": (
        "work phone", "business phone", "office phone", "desk phone", "work number",
        "company phone", "work mobile", "extension", "telefono trabajo",
        "telefono del trabajo", "telefono laboral", "telefono de la empresa",
        "telephone professionnel", "tel pro", "telephone pro", "telephone bureau",
        "tel bureau",
    ),
    "work_email": (
        "work email", "work e mail", "business email", "company email", "office email",
        "correo del trabajo", "correo laboral", "correo corporativo", "email del trabajo",
        "courriel professionnel", "email professionnel", "e mail professionnel", "mail pro",
    ),
    "department": (
        "department", "dept", "division", "area", "unit", "section", "departamento", "depto",
        "area de trabajo", "seccion", "service", "departement", "unite", "rayon",
    ),
    "team": ("team", "crew", "group", "work group", "line", "equipo", "grupo", "cuadrilla",
             "equipe"),
    "job_title": (
        "job title", "title", "job", "position", "role", "occupation", "classification",
        "job classification", "puesto", "cargo", "ocupacion", "categoria", "poste",
        "fonction", "emploi", "metier", "intitule du poste",
    ),
    "shift": ("shift", "schedule", "hours", "work shift", "turno", "horario", "jornada",
              "horaire", "quart", "roulement"),
    "site": (
        "site", "location", "store", "branch", "plant", "facility", "building", "warehouse",
        "workplace", "sede", "sucursal", "planta", "centro", "centro de trabajo", "tienda",
        "lieu", "etablissement", "magasin", "usine", "agence", "lieu de travail",
    ),
    "start_date": (
        "start date", "hire date", "date hired", "hired", "hired on", "seniority date",
        "started", "fecha de ingreso", "fecha de contratacion", "fecha de alta", "antiguedad",
        "date d entree", "date d embauche", "anciennete",
    ),
    "language": ("language", "languages", "preferred language", "idioma", "lengua", "langue"),
    "safe_channel": ("safe channel", "best way to reach", "canal seguro", "canal sur"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "observaciones", "notas",
              "comentarios", "remarques", "commentaires", "observations"),
}
_LOOKUP: dict[str, str] = {
    synonym: field_name for field_name, words in _SYNONYMS.items() for synonym in words
}

# Outlook's export names 90-odd columns; these are the ones that mean something else there.
_OUTLOOK: dict[str, str | None] = {
    "title": None,  # Mr., Ms.
    "company": None,
    "middle name": None,
    "suffix": None,
    "business phone": "work_phone",
    "business phone 2": "work_phone",
    "company main phone": None,
    "mobile phone": "personal_phone",
    "home phone": "personal_phone",
    "home phone 2": "personal_phone",
    "other phone": "personal_phone",
    "e mail address": "personal_email",
    "e mail 2 address": "personal_email",
    "e mail 3 address": "personal_email",
    "job title": "job_title",
    "department": "department",
    "notes": "notes",
    "first name": "first_name",
    "last name": "last_name",
}


def normalise_header(header: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(header))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def is_outlook(headers: list[str]) -> bool:
    found = {normalise_header(h) for h in headers}
    return {"e mail address", "business phone"} <= found or {
        "e mail display name", "mobile phone"} <= found


_GOOGLE_PAIR = re.compile(r"^(e-mail|phone|organization) (\d+) - (label|type|value|name|title|"
                          r"department)$", re.IGNORECASE)


def is_google(headers: list[str]) -> bool:
    return any(_GOOGLE_PAIR.match(h.strip()) for h in headers) and any(
        h.strip().lower() in ("first name", "given name", "name") for h in headers)


def _google_values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(":::") if v.strip()]


def from_google(table: Table) -> Table:
    """Google's "E-mail 1 - Label / E-mail 1 - Value" pairs, turned into plain columns."""
    headers = [h.strip() for h in table.headers]
    index = {h.lower(): i for i, h in reversed(list(enumerate(headers)))}

    def col(*names: str) -> int | None:
        for n in names:
            if n in index:
                return index[n]
        return None

    pairs: dict[str, list[tuple[int | None, int]]] = {"e-mail": [], "phone": []}
    for i, h in enumerate(headers):
        m = _GOOGLE_PAIR.match(h)
        if m and m.group(3).lower() == "value" and m.group(1).lower() in pairs:
            kind, n = m.group(1).lower(), m.group(2)
            label = col(f"{kind} {n} - label", f"{kind} {n} - type")
            pairs[kind].append((label, i))
    simple = {
        "First name": col("first name", "given name"),
        "Last name": col("last name", "family name"),
        "Full name": col("name") if col("first name", "given name") is None else None,
        "Code name": None,
        "Department": col("organization department", "organization 1 - department"),
        "Job title": col("organization title", "organization 1 - title"),
        "Notes": col("notes"),
    }
    out_headers = ["First name", "Last name", "Full name", "Mobile phone", "Work phone",
                   "Email", "Work email", "Department", "Job title", "Notes"]
    rows: list[list[str]] = []
    for row in table.rows:
        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        found: dict[str, list[str]] = {"Mobile phone": [], "Work phone": [], "Email": [],
                                       "Work email": []}
        for kind, label_key in (("phone", "phone"), ("e-mail", "email")):
            for label_i, value_i in pairs[kind]:
                work = "work" in cell(label_i).lower()
                target = {("phone", False): "Mobile phone", ("phone", True): "Work phone",
                          ("email", False): "Email", ("email", True): "Work email"}[
                    (label_key, work)]
                found[target].extend(_google_values(cell(value_i)))
        extra = [f"Other {k.lower()}: {v}" for k, vs in found.items() for v in vs[1:]]
        notes = "\n".join(x for x in [cell(simple["Notes"]), *extra] if x)
        rows.append([
            cell(simple["First name"]), cell(simple["Last name"]), cell(simple["Full name"]),
            *(vs[0] if vs else "" for vs in found.values()),
            cell(simple["Department"]), cell(simple["Job title"]), notes,
        ])
    return Table(out_headers, rows, list(table.row_numbers), "google",
                 problems=list(table.problems), row_problems=dict(table.row_problems))


def recognise(table: Table) -> Table:
    """A Google Contacts export becomes plain columns; Outlook's is marked as such."""
    tidy_headers(table)
    if table.kind == "csv" and is_google(table.headers):
        return from_google(table)
    if table.kind == "csv" and is_outlook(table.headers):
        table.kind = "outlook"
    return table


def tidy_headers(table: Table) -> None:
    """Blank headers get "Column N"; repeated ones get " (2)", " (3)"… so each is unique."""
    seen: dict[str, int] = {}
    tidy: list[str] = []
    for i, header in enumerate(table.headers, start=1):
        header = " ".join(str(header).split()) or f"Column {i}"
        count = seen.get(header.lower(), 0) + 1
        seen[header.lower()] = count
        tidy.append(header if count == 1 else f"{header} ({count})")
    table.headers = tidy


def suggest_field(header: str, kind: str = "csv") -> str | None:
    key = normalise_header(header)
    if kind == "outlook":
        return _OUTLOOK.get(key)
    if key in _LOOKUP:
        return _LOOKUP[key]
    # "Phone 2", "Email 3": numbered variants of a known column.
    stripped = re.sub(r"\s*\d+$", "", key)
    return _LOOKUP.get(stripped)


def suggest_mapping(headers: list[str], kind: str = "csv") -> dict[str, str | None]:
    return {header: suggest_field(header, kind) for header in headers}


def unmapped(mapping: dict[str, str | None]) -> list[str]:
    return [h for h, f in mapping.items() if f is None]


def unmapped_message(mapping: dict[str, str | None]) -> str:
    left = unmapped(mapping)
    if not left:
        return ""
    shown = ", ".join(repr(short(h)) for h in left[:12])
    more = f" and {len(left) - 12} more" if len(left) > 12 else ""
    return f"Columns not understood: {shown}{more} — map them or leave them out."


def check_mapping(mapping: dict[str, str | None]) -> None:
    """A mapping must name at least one name column, and only known fields."""
    for header, field_name in mapping.items():
        if field_name is not None and field_name not in IMPORT_FIELDS:
            raise MappingError(f"{field_name!r} (for column {short(header)!r}) is not a field "
                               f"Organizer knows; use one of {', '.join(IMPORT_FIELDS)}.")
    if any(f in NAME_FIELDS for f in mapping.values()):
        return
    shown = ", ".join(repr(short(h)) for h in list(mapping)[:12]) or "none"
    more = f" and {len(mapping) - 12} more" if len(mapping) > 12 else ""
    raise MappingError(
        f"No column holds names, so nobody can be imported. The columns found are {shown}"
        f"{more}. Rename the column of names to 'Name' (or 'First name' and 'Last name'), "
        "or map it to Name in the import window (on the command line: "
        "--map 'COLUMN=name')."
    )
