"""Which column holds what: headers in English (and common variants), Spanish and French,
plus the CSV exports of Google Contacts and Microsoft Outlook, recognised by their headers.

`suggest_mapping(headers)` gives {header: field or None}; the app shows it and lets the user
change it before anything is written. Fields are `IMPORT_FIELDS`: the person's own fields,
with "first_name"/"last_name" (combined into the name) and "department"/"shift"/"site" as
names (new ones are added to the campaign's lists), and the committee's organizing columns:
assessment, assigned OC member (by name), on the OC and organic leader (yes/no), issues and
tags (lists of names), last contact date (cell_values.py reads them).

The mapping names the file's own columns as the file has them ("Phone 1 - Value", "Office
Location"): a Google Contacts export keeps its columns, and its "Phone 1 - Label" decides
per row whether that number is a work one (`google_labels`). `sample_values` gives a few
values of each column to show beside it, and `shift_hints` notices a column mapped to Team
whose values read like shifts ("Nuit/Jour").
"""

from __future__ import annotations

import re
import unicodedata

from organizer import formats
from organizer.core.importers.cell_values import looks_like_shift
from organizer.core.importers.table import MappingError, Table, short
from organizer.i18n import N_, _, ngettext

# field -> label shown in the app's mapping table: marked here, translated where it is shown
# (`field_label`). The keys are what the command line's --map names.
IMPORT_FIELDS: dict[str, str] = {
    "name": N_("Full name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "code_name": N_("Code name"),
    "personal_phone": N_("Personal phone"),
    "personal_email": N_("Personal email"),
    "work_phone": N_("Work phone"),
    "work_email": N_("Work email"),
    "department": N_("Department"),
    "team": N_("Team"),
    "job_title": N_("Job title"),
    "shift": N_("Shift"),
    "site": N_("Site"),
    "start_date": N_("Start date"),
    "language": N_("Language"),
    "safe_channel": N_("Safe channel"),
    "notes": N_("Notes"),
    "assessment": N_("Assessment (1–5)"),
    "assigned_oc_member": N_("Assigned OC member"),
    "is_oc_member": N_("On the OC (yes/no)"),
    "is_organic_leader": N_("Organic leader (yes/no)"),
    "issues": N_("Issues"),
    "last_contact_on": N_("Last contact date"),
    "tags": N_("Tags"),
}
NAME_FIELDS = ("name", "first_name", "last_name")


def field_label(field_name: str) -> str:
    """The field's label in the language in use ("Assessment (1–5)")."""
    label = IMPORT_FIELDS.get(field_name)
    return _(label) if label else field_name


# The fields read as dates (cell_values.read_date).
DATE_FIELDS = ("start_date", "last_contact_on")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "full name", "fullname", "display name", "employee name", "employee",
        "worker", "worker name", "coworker", "co worker", "person", "contact", "contact name",
        "member", "member name", "nombre completo", "nombre y apellido", "nombre y apellidos",
        "nombre del trabajador", "empleado", "trabajador", "empleada", "trabajadora",
        "nombre de la persona", "persona", "companero", "companera",
        "companero de trabajo", "companera de trabajo", "nom complet", "nom et prenom",
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
    "code_name": ("code name", "codename", "alias", "seudonimo", "pseudonyme", "nom de code",
                  "nombre en clave", "apodo"),
    "personal_phone": (
        "phone", "phone number", "phone no", "telephone", "telephone number", "tel", "mobile",
        "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "cell number",
        "personal phone", "home phone", "private phone", "personal mobile", "whatsapp",
        "primary phone", "telefono", "telefono movil", "movil", "celular", "telefono celular",
        "telefono personal", "numero de telefono", "numero", "telefono de casa",
        "celular personal", "movil personal", "numero de celular", "portable", "telephone portable",
        "tel portable", "telephone personnel", "numero de telephone", "tel mobile",
    ),
    "personal_email": (
        "email", "e mail", "email address", "e mail address", "personal email",
        "personal e mail", "private email", "home email", "mail", "correo",
        "correo electronico", "email personal", "correo personal",
        "correo electronico personal", "e mail personal", "courriel",
        "adresse e mail", "adresse email", "adresse electronique", "courriel personnel",
        "e mail personnel", "email personnel", "mel",
    ),
    "work_phone": (
        "work phone", "business phone", "office phone", "desk phone", "work number",
        "company phone", "work mobile", "extension", "telefono trabajo",
        "telefono de trabajo", "telefono de oficina", "telefono de la oficina",
        "celular del trabajo",
        "telefono del trabajo", "telefono laboral", "telefono de la empresa",
        "telephone professionnel", "tel pro", "telephone pro", "telephone bureau",
        "tel bureau",
    ),
    "work_email": (
        "work email", "work e mail", "business email", "company email", "office email",
        "correo del trabajo", "correo laboral", "correo corporativo", "email del trabajo",
        "correo de trabajo", "correo electronico del trabajo", "correo de la empresa",
        "courriel professionnel", "email professionnel", "e mail professionnel", "mail pro",
    ),
    "department": (
        "department", "dept", "division", "area", "unit", "section", "departamento", "depto",
        "area de trabajo", "seccion", "departamento de trabajo", "service", "departement",
        "unite", "rayon",
    ),
    "team": ("team", "crew", "group", "work group", "line", "equipo", "grupo", "cuadrilla",
             "equipo de trabajo", "linea", "equipe"),
    "job_title": (
        "job title", "title", "job", "position", "role", "occupation", "classification",
        "job classification", "puesto", "puesto de trabajo", "cargo", "ocupacion",
        "categoria", "oficio", "clasificacion", "poste",
        "fonction", "emploi", "metier", "intitule du poste",
    ),
    "shift": ("shift", "schedule", "hours", "work shift", "turno", "horario", "jornada",
              "turno de trabajo", "horas", "horaire", "quart", "roulement"),
    "site": (
        "site", "location", "office location", "office", "work location", "store", "branch",
        "plant", "facility", "building", "warehouse",
        "workplace", "sede", "sucursal", "planta", "centro", "centro de trabajo", "tienda",
        "lugar de trabajo", "ubicacion", "almacen", "bodega", "oficina",
        "lieu", "etablissement", "magasin", "usine", "agence", "lieu de travail",
    ),
    "start_date": (
        "start date", "hire date", "date hired", "hired", "hired on", "seniority date",
        "started", "fecha de ingreso", "fecha de contratacion", "fecha de alta", "antiguedad",
        "fecha de inicio", "fecha de entrada", "contratado", "contratada",
        "date d entree", "date d embauche", "anciennete",
    ),
    "language": ("language", "languages", "preferred language", "idioma", "idiomas",
                 "idioma preferido", "lengua", "langue"),
    "safe_channel": ("safe channel", "best way to reach", "canal seguro",
                     "forma mas segura de contactar", "como contactar", "canal sur"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "observaciones", "notas",
              "nota", "comentarios", "comentario", "remarques", "commentaires",
              "observations"),
    "assessment": (
        "assessment", "assessment score", "assessed", "score", "rating", "support",
        "support level", "where they stand", "evaluacion", "valoracion", "nivel de apoyo",
        "apoyo", "puntuacion", "calificacion", "postura", "evaluation", "soutien",
        "niveau de soutien",
    ),
    "assigned_oc_member": (
        "assigned oc member", "assigned to", "assigned", "organizer", "organiser",
        "assigned organizer", "oc contact", "oc assigned", "point person", "who talks to them",
        "organizador", "organizadora", "asignado a", "asignada a",
        "miembro del comite asignado", "miembro asignado", "organizador asignado",
        "organizadora asignada", "quien habla con esta persona", "organisateur",
        "organisatrice",
    ),
    "is_oc_member": (
        "oc member", "on the oc", "on oc", "oc", "in the oc", "committee",
        "committee member", "on the committee", "organizing committee", "comite",
        "en el comite", "miembro del comite", "comite organizador", "en el co",
        "miembro del co", "membre du comite",
    ),
    "is_organic_leader": (
        "organic leader", "natural leader", "informal leader", "leader", "lider organico",
        "lider natural", "lider", "lider organica", "lideresa", "leader naturel",
        "leader organique",
    ),
    "issues": (
        "issues", "issue", "concerns", "concern", "top issue", "top issues", "main issue",
        "grievances", "problemas", "problema", "temas", "tema", "problemas laborales",
        "quejas", "inquietudes", "problemes",
        "revendications", "preoccupations",
    ),
    "last_contact_on": (
        "last contact", "last contacted", "last contact date", "last contacted on",
        "last spoke", "last talked", "last one on one", "last 1 1", "date of last contact",
        "ultimo contacto", "fecha de ultimo contacto", "fecha del ultimo contacto",
        "ultima conversacion", "ultima vez contactado", "ultima vez contactada",
        "dernier contact", "date du dernier contact",
    ),
    "tags": ("tags", "tag", "labels", "label", "etiquetas", "etiqueta", "etiquettes",
             "etiquette"),
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
    "office location": "site",
    "categories": "tags",  # Outlook's categories are the user's own labels
    "notes": "notes",
    "first name": "first_name",
    "last name": "last_name",
}
# Google Contacts' columns that mean something here; the others (Nickname, Labels, which are
# Google's groups such as "* myContacts", Organization Name...) mean nothing to a campaign.
_GOOGLE: dict[str, str] = {
    "name": "name",
    "first name": "first_name",
    "given name": "first_name",
    "last name": "last_name",
    "family name": "last_name",
    "organization title": "job_title",
    "organization 1 title": "job_title",
    "organization department": "department",
    "organization 1 department": "department",
    "notes": "notes",
}
_GOOGLE_VALUE = re.compile(r"^(e mail|phone) [0-9]+ value$")


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


def google_values(cell: str) -> list[str]:
    """A Google Contacts cell holding several values ("a ::: b")."""
    return [v.strip() for v in cell.split(":::") if v.strip()]


def google_labels(headers: list[str]) -> dict[int, int]:
    """For a Google Contacts export: the position of each "Phone N - Value" or "E-mail N -
    Value" column -> the position of its "- Label" (or older "- Type") column."""
    index = {h.strip().lower(): i for i, h in reversed(list(enumerate(headers)))}
    found: dict[int, int] = {}
    for i, header in enumerate(headers):
        match = _GOOGLE_PAIR.match(header.strip())
        if match and match.group(3).lower() == "value" and match.group(1).lower() in (
                "e-mail", "phone"):
            kind, n = match.group(1).lower(), match.group(2)
            label = index.get(f"{kind} {n} - label", index.get(f"{kind} {n} - type"))
            if label is not None:
                found[i] = label
    return found


def recognise(table: Table) -> Table:
    """Headers made unique, and a Google Contacts or Outlook export marked as such (their
    columns are mapped by what those apps mean by them)."""
    tidy_headers(table)
    if table.kind == "csv" and is_google(table.headers):
        table.kind = "google"
    elif table.kind == "csv" and is_outlook(table.headers):
        table.kind = "outlook"
    return table


def tidy_headers(table: Table) -> None:
    """Blank headers get "Column N"; repeated ones get " (2)", " (3)"… so each is unique."""
    seen: dict[str, int] = {}
    tidy: list[str] = []
    for i, header in enumerate(table.headers, start=1):
        # Translators: the name given to a column whose header cell is blank.
        header = " ".join(str(header).split()) or _("Column {number}").format(number=i)
        count = seen.get(header.lower(), 0) + 1
        seen[header.lower()] = count
        tidy.append(header if count == 1 else f"{header} ({count})")
    table.headers = tidy


def suggest_field(header: str, kind: str = "csv") -> str | None:
    if kind == "vcard":
        # A vCard's columns are Organizer's own, named in the language in use (vcard.py).
        from organizer.core.importers.vcard import vcard_field

        found = vcard_field(header)
        if found is not None:
            return found
    key = normalise_header(header)
    if kind == "outlook":
        return _OUTLOOK.get(key)
    if kind == "google":
        if _GOOGLE_VALUE.match(key):
            return "personal_email" if key.startswith("e mail") else "personal_phone"
        return _GOOGLE.get(key)
    if key in _LOOKUP:
        return _LOOKUP[key]
    # "Phone 2", "Email 3": numbered variants of a known column.
    stripped = re.sub(r"\s*\d+$", "", key)
    return _LOOKUP.get(stripped)


def suggest_mapping(headers: list[str], kind: str = "csv") -> dict[str, str | None]:
    return {header: suggest_field(header, kind) for header in headers}


def sample_values(table: Table, count: int = 3, scan: int = 500) -> dict[str, list[str]]:
    """Up to `count` different values of each column, from its first `scan` rows, to show
    beside the column so the user sees what it holds."""
    found: dict[str, list[str]] = {h: [] for h in table.headers}
    seen: list[set[str]] = [set() for _header in table.headers]
    lists = [found[h] for h in table.headers]
    for row in table.rows[:scan]:
        for position, cell in enumerate(row[: len(lists)]):
            if not cell or len(lists[position]) >= count:
                continue
            value = " ".join(cell.split())
            if value and value.casefold() not in seen[position]:
                seen[position].add(value.casefold())
                lists[position].append(short(value, 30))
    return found


def shift_hints(table: Table, mapping: dict[str, str | None], scan: int = 500) -> list[str]:
    """A sentence for each column mapped to Team whose values read like shifts ("Nuit/Jour",
    "Day/Night", "Evening"): a team is who you work with, a shift when."""
    hints: list[str] = []
    for position, header in enumerate(table.headers):
        if mapping.get(header) != "team":
            continue
        values: dict[str, str] = {}
        for row in table.rows[:scan]:
            cell = row[position].strip() if position < len(row) else ""
            if cell:
                values.setdefault(cell.casefold(), cell)
            if len(values) >= 20:
                break
        shifts = [v for v in values.values() if looks_like_shift(v)]
        if shifts and len(shifts) * 3 >= len(values) * 2:
            shown = ", ".join(repr(short(v, 20)) for v in shifts[:3])
            # Translators: {column} is the file's column, in quotes; {values} a few of its
            # values. "Team" and "Shift" are the choices of the mapping's field list.
            hints.append(_("The column {column} goes to Team, but its values look like shifts "
                           "({values}). If it is the shift, choose Shift for it.").format(
                column=repr(short(header)), values=shown))
    return hints


def unmapped(mapping: dict[str, str | None]) -> list[str]:
    return [h for h, f in mapping.items() if f is None]


def unmapped_message(mapping: dict[str, str | None]) -> str:
    left = unmapped(mapping)
    if not left:
        return ""
    shown = ", ".join(repr(short(h)) for h in left[:12])
    if len(left) > 12:
        more = len(left) - 12
        # Translators: {columns} lists the columns' names, in quotes.
        return ngettext("Columns not understood: {columns} and {n} more — map them or leave "
                        "them out.",
                        "Columns not understood: {columns} and {n} more — map them or leave "
                        "them out.", more).format(columns=shown, n=formats.number(more))
    # Translators: {columns} lists the columns' names, in quotes.
    return _("Columns not understood: {columns} — map them or leave them out.").format(
        columns=shown)


def check_mapping(mapping: dict[str, str | None]) -> None:
    """A mapping must name at least one name column, and only known fields."""
    for header, field_name in mapping.items():
        if field_name is not None and field_name not in IMPORT_FIELDS:
            raise MappingError(
                # Translators: {field} is what was asked for, {column} the file's column (both
                # in quotes); {fields} lists the field names the command line knows.
                _("{field} (for column {column}) is not a field Organizer knows; use one of "
                  "{fields}.").format(field=repr(field_name), column=repr(short(header)),
                                      fields=", ".join(IMPORT_FIELDS)))
    if any(f in NAME_FIELDS for f in mapping.values()):
        return
    # Translators: what "The columns found are …" says when the file has no columns.
    shown = ", ".join(repr(short(h)) for h in list(mapping)[:12]) or _("none")
    if len(mapping) > 12:
        more = len(mapping) - 12
        raise MappingError(ngettext(
            "No column holds names, so nobody can be imported. The columns found are "
            "{columns} and {n} more. Rename the column of names to 'Name' (or 'First name' "
            "and 'Last name'), or map it to Name in the import window (on the command line: "
            "--map 'COLUMN=name').",
            "No column holds names, so nobody can be imported. The columns found are "
            "{columns} and {n} more. Rename the column of names to 'Name' (or 'First name' "
            "and 'Last name'), or map it to Name in the import window (on the command line: "
            "--map 'COLUMN=name').", more).format(columns=shown, n=formats.number(more)))
    raise MappingError(_(
        "No column holds names, so nobody can be imported. The columns found are {columns}. "
        "Rename the column of names to 'Name' (or 'First name' and 'Last name'), or map it "
        "to Name in the import window (on the command line: --map 'COLUMN=name')."
    ).format(columns=shown))
