"""A synthetic organizing campaign at a fictional tech company, for the demo and benchmarks.

Brightline Systems does not exist. Every name, phone number and e-mail address is made up:
phones use the 555-01xx range reserved for fiction and e-mail addresses use the reserved
example.org / example.net / .example domains, so nothing here can reach a real person.

Determinism: the same `seed` and `people` give the same content (names, ids, text, who talks
to whom, every count). Dates are offsets from `today` (the real date by default), so a demo made
on another day has the same content with its dates shifted; pass `today` for identical files.
The record ids come from the same seeded generator, so two demo vaults made with one seed share
ids: fine for a demo, and the reason a demo must never be merged into a real campaign.

Speed: rows are written with `executemany` in batches inside one `bulk_load` transaction
(organizer.core.bulk, the one path for bulk writes), in this process, so a cancelled or failed
run leaves the vault exactly as it was before. bulk_load drops the schema's triggers and
indexes for the load and does their work once at the end (the search index, person.assessment
/ last_contact_on / next_follow_up_on, one sort per index), with the same result as rows typed
in the app. Timings: `make bench` and the README.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

from organizer import formats
from organizer.core import errors
from organizer.core.bulk import bulk_load
from organizer.core.errors import OrganizerError
from organizer.core.vault import Vault
from organizer.i18n import N_, _

COMPANY = "Brightline Systems"
# Named in the language the demo is made in (`generate_demo` renames a vault created with it).
CAMPAIGN_NAME = N_("Brightline Systems workers (demo)")
CAMPAIGN_DAYS = 240  # the campaign started about eight months before `today`
BATCH_ROWS = 10_000
# A bigger page cache while generating, in proportion to the campaign (within bounds): the
# random UUID keys scatter inserts over the pages, which a small cache would re-read and
# re-decrypt again and again.
GENERATION_CACHE_KIB_PER_PERSON = 5
GENERATION_CACHE_KIB = (32_768, 262_144)  # at least, at most
WRITING_SHARE = 0.8  # of the progress bar; the rest is bulk_load's indexing at the end

ProgressHook = Callable[[float], None]
CancelHook = Callable[[], bool]


class DemoCancelled(OrganizerError):
    """The caller asked to stop; the transaction was rolled back and nothing was added."""

    def __init__(self) -> None:
        super().__init__(_("Making the demo campaign was cancelled; nothing was added."))


@dataclass(frozen=True)
class DemoSummary:
    """How much was made, for the CLI's one-line report and the benchmark."""

    people: int
    oc_members: int
    assigned: int
    one_on_ones: int
    assessments: int
    follow_ups: int
    relationships: int
    participations: int
    call_attempts: int
    seconds: float


# ----- the company ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Department:
    name: str
    weight: float  # share of the workforce
    oc_rate: float  # share of its people on the committee: thin where low
    # Chance of each final assessment: not assessed, then scores 1..5.
    assessment_odds: tuple[float, float, float, float, float, float]
    shift_odds: tuple[float, float, float, float]  # Day, Evening, Night, On-call
    site_odds: tuple[float, float, float]  # Harbourside, Eastfield, Remote
    teams: tuple[str, ...]
    titles: tuple[str, ...]
    issue_weights: dict[str, float]


SHIFTS = (N_("Day"), N_("Evening"), N_("Night"), N_("On-call"))
SITES = (N_("Harbourside (HQ)"), N_("Eastfield"), N_("Remote"))

_ENGINEER_TITLES = (
    "Software Engineer",
    "Software Engineer II",
    "Senior Software Engineer",
    "Senior Software Engineer",
    "Staff Software Engineer",
    "Engineering Manager",
)

# The departments' and teams' names are made in the language the demo is made in; job titles
# stay as the company writes them.
DEPARTMENTS: tuple[_Department, ...] = (
    _Department(
        N_("Infrastructure"), 14, 0.15, (0.22, 0.16, 0.26, 0.20, 0.10, 0.06),
        (0.55, 0.10, 0.10, 0.25), (0.55, 0.15, 0.30),
        (N_("Networking"), N_("Storage"), N_("Compute"), N_("Site Reliability")),
        ("Site Reliability Engineer", "Systems Engineer", "Network Engineer",
         "Senior SRE", "Staff SRE", "Infrastructure Manager"),
        {"oncall": 5, "layoffs": 2, "staffing": 3, "halberd": 2},
    ),
    _Department(
        N_("Platform"), 18, 0.12, (0.32, 0.09, 0.20, 0.22, 0.11, 0.06),
        (0.85, 0.0, 0.0, 0.15), (0.50, 0.05, 0.45),
        (N_("API"), N_("Identity"), N_("Payments Platform"), N_("Developer Tools")),
        _ENGINEER_TITLES,
        {"halberd": 4, "rto": 3, "reviews": 2, "visa": 2},
    ),
    _Department(
        N_("Mobile"), 10, 0.09, (0.36, 0.07, 0.18, 0.24, 0.10, 0.05),
        (0.95, 0.05, 0.0, 0.0), (0.60, 0.05, 0.35),
        (N_("iOS"), N_("Android"), N_("Mobile Growth")),
        _ENGINEER_TITLES,
        {"rto": 4, "reviews": 3, "tracking": 2},
    ),
    _Department(
        N_("Data"), 10, 0.08, (0.38, 0.07, 0.17, 0.22, 0.10, 0.06),
        (0.90, 0.0, 0.0, 0.10), (0.45, 0.05, 0.50),
        (N_("Data Engineering"), N_("Analytics"), N_("ML Platform")),
        ("Data Engineer", "Senior Data Engineer", "Data Analyst", "Machine Learning Engineer",
         "Data Scientist", "Analytics Manager"),
        {"halberd": 5, "tracking": 2, "visa": 3},
    ),
    _Department(
        N_("Customer Support"), 22, 0.14, (0.24, 0.15, 0.26, 0.19, 0.10, 0.06),
        (0.45, 0.30, 0.25, 0.0), (0.15, 0.75, 0.10),
        (N_("Tier 1"), N_("Tier 2"), N_("Enterprise Support"), N_("Escalations")),
        ("Support Specialist", "Support Specialist", "Senior Support Specialist",
         "Technical Support Engineer", "Support Team Lead"),
        {"pay": 6, "tracking": 4, "staffing": 4, "health": 2},
    ),
    _Department(
        N_("QA"), 10, 0.10, (0.34, 0.08, 0.20, 0.22, 0.10, 0.06),
        (0.60, 0.25, 0.15, 0.0), (0.30, 0.55, 0.15),
        (N_("Release QA"), N_("Test Automation"), N_("Device Lab")),
        ("QA Analyst", "QA Engineer", "Senior QA Engineer", "Test Automation Engineer",
         "QA Lead"),
        {"contractors": 5, "layoffs": 3, "pay": 3, "staffing": 2},
    ),
    _Department(
        N_("Design"), 7, 0.03, (0.62, 0.03, 0.09, 0.14, 0.08, 0.04),
        (1.0, 0.0, 0.0, 0.0), (0.65, 0.0, 0.35),
        (N_("Product Design"), N_("User Research"), N_("Brand")),
        ("Product Designer", "Senior Product Designer", "UX Researcher", "Content Designer",
         "Design Manager"),
        {"rto": 4, "layoffs": 3, "parental": 2},
    ),
    _Department(
        N_("Sales Engineering"), 9, 0.02, (0.66, 0.02, 0.06, 0.12, 0.08, 0.06),
        (0.90, 0.10, 0.0, 0.0), (0.55, 0.10, 0.35),
        (N_("Pre-sales"), N_("Solutions"), N_("Partner Engineering")),
        ("Sales Engineer", "Senior Sales Engineer", "Solutions Architect",
         "Partner Engineer", "Sales Engineering Manager"),
        {"pay": 4, "reviews": 3, "halberd": 1},
    ),
)

# (key, name, description); the name and description in the language the demo is made in.
ISSUES: tuple[tuple[str, str, str], ...] = (
    ("pay", N_("Pay and raises"),
     N_("Raises below inflation, pay secrecy, the bonus cut to 40% of target.")),
    ("rto", N_("Return to office"),
     N_("Three office days a week from next quarter, announced by e-mail with no discussion.")),
    ("layoffs", N_("Layoffs and job security"),
     N_("Two rounds of layoffs this year; nobody explained how people were chosen.")),
    ("oncall", N_("On-call load"),
     N_("Unpaid on-call weeks, night pages, and rotations that got shorter after the layoffs.")),
    ("halberd", N_("Project Halberd (defence contract)"),
     N_("The new contract to build targeting analytics for a defence ministry.")),
    ("reviews", N_("Performance reviews"),
     N_("Stack ranking came back as 'calibration'; a fixed share must be rated low.")),
    ("staffing", N_("Understaffing"),
     N_("Open roles frozen; the same work spread over fewer people.")),
    ("tracking", N_("Productivity tracking"),
     N_("Keystroke and screen tracking installed on support laptops.")),
    ("visa", N_("Visa sponsorship"),
     N_("Green card sponsorship paused; people on visas afraid to speak up.")),
    ("health", N_("Health insurance"),
     N_("The new plan doubled the deductible and dropped two hospitals.")),
    ("parental", N_("Parental leave"),
     N_("Leave cut from 20 to 12 weeks for new hires.")),
    ("contractors", N_("Contractors"),
     N_("Contract testers doing the same work for less, with no benefits.")),
)
_ISSUE_KEYS = tuple(key for key, _name, _description in ISSUES)

# ----- names --------------------------------------------------------------------------------

# (weight, first names, last names, languages with weights)
_NAME_GROUPS: tuple[tuple[float, tuple[str, ...], tuple[str, ...], tuple[tuple[str, float], ...]],
                    ...] = (
    (30, ("James", "Mary", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason",
          "Harper", "Lucas", "Ella", "Jack", "Grace", "Henry", "Chloe", "Owen", "Nora", "Caleb",
          "Hannah", "Wyatt", "Riley", "Dylan", "Madison", "Tyler", "Brooke", "Austin", "Megan",
          "Jordan", "Taylor", "Sam", "Alex", "Morgan", "Casey", "Jamie"),
     ("Smith", "Johnson", "Walker", "Bennett", "Carter", "Mitchell", "Hughes", "Foster",
      "Reed", "Brooks", "Sullivan", "Murphy", "Kelly", "Price", "Gray", "Ward", "Hayes",
      "Coleman", "Palmer", "Fletcher", "Harris", "Turner", "Parker", "Collins", "Stewart",
      "Morris", "Rogers", "Cook", "Bailey", "Cooper", "Richardson", "Howard", "Jenkins"),
     ((N_("English"), 1.0),)),
    (12, ("José", "María", "Lucía", "Alejandro", "Sofía", "Diego", "Valentina", "Javier",
          "Camila", "Mateo", "Ximena", "Andrés", "Paula", "Raúl", "Inés", "Joaquín", "Guadalupe",
          "Marisol", "Héctor", "Rocío", "Esteban", "Daniela"),
     ("García", "Martínez", "Hernández", "López", "González", "Rodríguez", "Pérez", "Sánchez",
      "Ramírez", "Flores", "Torres", "Vargas", "Castillo", "Ortega", "Navarro", "Muñoz",
      "Ibáñez", "Morales", "Delgado", "Cortés"),
     ((N_("English"), 0.55), (N_("Spanish"), 0.45))),
    (10, ("Wei", "Li Na", "Jing", "Hao", "Xiaoming", "Mei", "Yu", "Zhiwei", "Lan", "Yan", "Jun",
          "Xinyi", "Tao", "Fang", "Jian", "Ling"),
     ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
      "Ma", "Zhu", "Hu", "Guo"),
     ((N_("English"), 0.6), (N_("Mandarin"), 0.35), (N_("Cantonese"), 0.05))),
    (14, ("Priya", "Rahul", "Ananya", "Arjun", "Kavya", "Rohan", "Divya", "Vikram", "Sneha",
          "Aditya", "Meera", "Karthik", "Lakshmi", "Sanjay", "Pooja", "Nikhil", "Deepa",
          "Harish", "Shreya", "Varun"),
     ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kapoor", "Menon", "Rao",
      "Desai", "Chatterjee", "Krishnan", "Bhat", "Mehta", "Pillai", "Joshi", "Das"),
     ((N_("English"), 0.7), (N_("Hindi"), 0.15), (N_("Tamil"), 0.08), (N_("Telugu"), 0.07))),
    (4, ("Minh", "Linh", "Huy", "Thảo", "Quang", "Ngọc", "Tuấn", "Hương", "Bảo", "Trang"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh"),
     ((N_("English"), 0.6), (N_("Vietnamese"), 0.4))),
    (5, ("Maricel", "Jerome", "Rhea", "Paolo", "Kristine", "Mark Anthony", "Joy", "Carlo",
         "Aileen", "Jericho", "Liza", "Ramon"),
     ("Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Mendoza", "Aquino", "Villanueva",
      "Ramos", "Tolentino", "Soriano", "Manalo"),
     ((N_("English"), 0.7), (N_("Tagalog"), 0.3))),
    (3, ("Łukasz", "Agnieszka", "Katarzyna", "Paweł", "Małgorzata", "Tomasz", "Zofia",
         "Michał", "Joanna", "Wojciech"),
     ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Dudek", "Pawlak", "Sikora",
      "Baran", "Wróbel"),
     ((N_("English"), 0.6), (N_("Polish"), 0.4))),
    (4, ("Omar", "Layla", "Youssef", "Fatima", "Karim", "Nour", "Hassan", "Amira", "Tariq",
         "Salma", "Samir", "Rania"),
     ("Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Hamdan", "Farouk", "Aziz", "Darwish",
      "El-Amin"),
     ((N_("English"), 0.6), (N_("Arabic"), 0.4))),
    (4, ("Chinedu", "Ngozi", "Adebayo", "Folake", "Emeka", "Chiamaka", "Tunde", "Yetunde",
         "Obinna", "Ifeoma"),
     ("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Adeleke", "Nwosu", "Ogunleye"),
     ((N_("English"), 0.85), (N_("Yoruba"), 0.1), (N_("Igbo"), 0.05))),
    (4, ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Jae-won", "Soo-ah", "Hyun-woo", "Ji-woo"),
     ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Han"),
     ((N_("English"), 0.6), (N_("Korean"), 0.4))),
    (4, ("João", "Ana", "Thiago", "Beatriz", "Gabriel", "Larissa", "Rafael", "Fernanda",
         "Leonardo", "Juliana"),
     ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Carvalho",
      "Ribeiro", "Rocha"),
     ((N_("English"), 0.6), (N_("Portuguese"), 0.4))),
    (2, ("Abebe", "Selam", "Dawit", "Hirut", "Yonas", "Meron", "Bereket", "Tsion"),
     ("Tesfaye", "Bekele", "Haile", "Girma", "Alemu", "Mekonnen", "Wolde", "Tadesse"),
     ((N_("English"), 0.6), (N_("Amharic"), 0.4))),
    (2, ("Emre", "Elif", "Mehmet", "Zeynep", "Can", "Ayşe", "Burak", "Deniz"),
     ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"),
     ((N_("English"), 0.6), (N_("Turkish"), 0.4))),
    (2, ("Siobhán", "Ciarán", "Aoife", "Niamh", "Seán", "Oisín", "Róisín", "Pádraig"),
     ("O'Brien", "Byrne", "Doyle", "Kavanagh", "Gallagher", "O'Connor", "Ní Bhriain"),
     ((N_("English"), 0.95), (N_("Irish"), 0.05))),
    (2, ("Olena", "Dmytro", "Iryna", "Oleksandr", "Nataliia", "Andrii", "Kateryna", "Yurii"),
     ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko"),
     ((N_("English"), 0.6), (N_("Ukrainian"), 0.4))),
)

_CODE_WORDS = (
    "Heron", "Kestrel", "Juniper", "Basalt", "Lantern", "Marigold", "Osprey", "Cedar",
    "Quartz", "Willow", "Falcon", "Thistle", "Harbor", "Ember", "Sparrow", "Birch", "Onyx",
    "Comet", "Fern", "Granite", "Puffin", "Maple", "Garnet", "Otter", "Saffron", "Wren",
    "Aspen", "Cobalt", "Finch", "Larch", "Pebble", "Robin", "Sequoia", "Tern", "Umber",
    "Vesper", "Yarrow", "Zephyr", "Badger", "Clover", "Drift", "Egret", "Flint", "Gull",
    "Hazel", "Iris", "Jay", "Kite", "Lupin", "Moss", "Nettle", "Oriole", "Plover", "Quill",
    "Rook", "Sorrel", "Tansy", "Vole", "Whin", "Alder",
)

_AREA_CODES = ("206", "212", "312", "415", "503", "510", "512", "617", "646", "718", "720",
               "773", "929", "971")
_PHONES_PER_CODE = 100  # 555-0100 to 555-0199 in each area code


def _free_phone(area_code: str, number: int, used: set[str]) -> str:
    """A fictional number nobody in the demo has yet (the next free one after the drawn
    one), so Find duplicates does not pair strangers by phone; once all 1,400 are taken
    (demos of thousands of people), the drawn one. Draws no extra random numbers, so the
    rest of the demo stays the same for a seed."""
    codes = len(_AREA_CODES)
    if len(used) < codes * _PHONES_PER_CODE:
        start = _AREA_CODES.index(area_code) * _PHONES_PER_CODE + number
        for step in range(codes * _PHONES_PER_CODE):
            slot = (start + step) % (codes * _PHONES_PER_CODE)
            code, n = _AREA_CODES[slot // _PHONES_PER_CODE], slot % _PHONES_PER_CODE
            phone = f"+1 {code} 555 01{n:02d}"
            if phone not in used:
                used.add(phone)
                return phone
    return f"+1 {area_code} 555 01{number:02d}"


_EMAIL_DOMAINS = ("example.org", "example.net", "mail.example.org", "post.example.net")
_WORK_DOMAIN = "brightline.example"
_SAFE_CHANNELS = (("Signal", 0.45), ("personal phone", 0.25), ("in person", 0.18),
                  ("personal email", 0.07), ("WhatsApp", 0.05))
_PERSON_NOTES = (
    N_("Sits with {team} near the kitchen on the third floor."),
    N_("Ran the parents' group; knows most of {shift} shift."),
    N_("Worked at a unionised warehouse before; knows how this goes."),
    N_("Manager is close to the VP of {dept}; be careful what we share with them."),
    N_("Caregiver at home; can't do evening meetings. Lunch works."),
    N_("Everyone on {team} asks them when something breaks."),
    N_("Easiest to catch {place}."),
    N_("Was passed over for promotion twice; angry but quiet about it."),
    N_("New parent, back from leave in the spring."),
    N_("On a work visa; talk only outside work and never on work devices."),
    N_("Plays in the Thursday football game with half of {dept}."),
    N_("Organised the fundraiser when a coworker's house flooded."),
)

# ----- one-on-one text ----------------------------------------------------------------------

_AGITATE: dict[str, tuple[str, ...]] = {
    "pay": (
        N_("No raise that beats inflation in two years. Found out a new hire on {team} starts "
        "higher than {first} earns now."),
        N_("Rent went up again; the bonus was cut to 40% and nobody explained why."),
        N_("Asked their manager about pay bands and was told they are confidential."),
    ),
    "rto": (
        N_("The three-office-days rule means a 90-minute commute each way. Feels like a way to "
        "make people quit without paying severance."),
        N_("Moved away during the pandemic with written approval; now told to relocate or leave."),
        N_("Nobody on {team} was asked about the return to office; the e-mail came on a Friday."),
    ),
    "layoffs": (
        N_("Lost two teammates in the March layoffs and now covers their work too."),
        N_("Afraid the next round hits {dept}; nobody says how people were picked last time."),
        N_("Found out about the layoffs from a news article before any e-mail from the company."),
    ),
    "oncall": (
        N_("On call every third week with no extra pay; paged eleven times last Saturday night."),
        N_("The on-call rota got shorter after the layoffs: same pages, fewer people."),
        N_("Missed a family event because nobody else on {team} could take the pager."),
    ),
    "halberd": (
        N_("Didn't join {company} to build targeting software. Heard about Project Halberd from "
        "a customer, not from leadership."),
        N_("Asked at the all-hands whether we can opt out of Halberd work; got no answer."),
        N_("Worried Halberd data work is landing on {team} without anyone saying so."),
    ),
    "reviews": (
        N_("Calibration means someone on {team} must be rated low no matter what."),
        N_("Got 'meets expectations' after carrying the launch; the manager said the quota was "
        "full."),
    ),
    "staffing": (
        N_("Three open roles on {team} frozen since spring; everyone covers two jobs."),
        N_("Burning out: twelve-hour days before every release because we are short."),
    ),
    "tracking": (
        N_("The new tracking software flags 'idle time' when they are on a long call."),
        N_("Screenshots every ten minutes on support laptops; it feels like being watched."),
    ),
    "visa": (
        N_("Green card sponsorship paused; afraid that speaking up means losing status."),
        N_("Visa holders on {team} feel they can't say no to anything."),
    ),
    "health": (
        N_("The new health plan doubled the deductible; a hospital visit cost a month's rent."),
        N_("Their kid's doctor is out of network since January."),
    ),
    "parental": (
        N_("Parental leave cut to twelve weeks for new hires; planning a family and worried."),
    ),
    "contractors": (
        N_("Contract testers sit next to {first} doing the same work for less and no benefits."),
        N_("Contractors on {team} get cut first and told last."),
    ),
}
_EDUCATE = (
    N_("Talked about who decides: the VP of {dept} signs off on staffing, not our manager."),
    N_("Went through how the on-call policy changed without asking anyone."),
    N_("Explained that together we can ask for things none of us gets alone."),
    N_("Showed how other tech workers won paid on-call and pay bands by acting together."),
    N_("Talked about the legal right to discuss pay and conditions with coworkers."),
    N_("Went over what the open letter asks for and who is already on board in {dept}."),
    "",
)
_INOCULATE = (
    N_("Warned that management will call a meeting and say a union is an outside third party."),
    N_("Expect 'open door' e-mails and extra one-on-ones with managers; tell us when they happen."),
    N_("They may offer a small fix to split us; welcome it and keep going."),
    N_("Talked through what to say if a manager asks about the committee: you don't have to "
    "answer."),
    N_("Expect rumours that organizing puts visas at risk; we checked with a lawyer."),
    "",
)
_ORGANIZE = (
    N_("Talked about the open letter and who else on {team} would sign."),
    N_("Mapped who on {shift} shift trusts {first}; named two people to talk to."),
    N_("Asked who people go to on {team} when something goes wrong."),
    N_("Planned to bring two coworkers to the next committee meeting."),
    N_("Talked about wearing buttons on the same day across {dept}."),
    "",
)
_UPLIFT = (
    N_("Said we are stronger together and that {dept} is already more than half there."),
    N_("Reminded them how the Support team won the schedule change last year."),
    N_("Asked what they want {company} to look like in five years."),
    "",
)
_ASKS = (
    N_("Will you sign the open letter to the CEO?"),
    N_("Will you come to the committee meeting on Thursday?"),
    N_("Will you talk to two coworkers on {team} this week?"),
    N_("Will you sign a union card?"),
    N_("Will you wear a button on Friday?"),
    N_("Will you join the organizing committee?"),
)
_ANSWERS: dict[int, tuple[str, ...]] = {
    1: (N_("Yes, straight away."), N_("Yes, and offered to bring a friend from {team}."),
        N_("Yes; wants to help run the next meeting.")),
    2: (N_("Yes."), N_("Yes, after reading the letter once more."),
        N_("Probably; wants to talk to a teammate first.")),
    3: (N_("Wants to think about it; asked for the letter text."), N_("Not sure yet."),
        N_("Maybe, if others on {team} do too.")),
    4: (N_("Not now; worried about what the manager would think."),
        N_("Doesn't think it will change anything."), N_("Not yet; wants to see numbers first.")),
    5: (N_("No. Thinks the company is doing fine."),
        N_("No; said organizing will make things worse."),
        N_("Refused and asked who else is involved.")),
}
_COMMITMENTS: dict[int, tuple[str, ...]] = {
    1: (N_("Will sign on Friday and talk to two people on {team}."),
        N_("Will host a lunch for {shift} shift."), N_("Will join the committee.")),
    2: (N_("Will sign the letter this week."), N_("Will come to Thursday's meeting."),
        N_("Will wear a button.")),
    3: (N_("Will read the letter and answer by Monday."), N_("Will think about it."), ""),
    4: ("", N_("Will keep the conversation private.")),
    5: ("",),
}
_NEXT_STEPS = (
    N_("Follow up after the all-hands."),
    N_("Introduce to {oc} from the committee."),
    N_("Bring the letter draft next time."),
    N_("Check in after the on-call week."),
    N_("Invite to the Thursday meeting."),
    N_("Ask about the two coworkers they named."),
    "",
)
_NOTES = (
    N_("Met {place}."),
    N_("Prefers Signal; never text the work phone."),
    N_("Talked mostly about {issue}; they did most of the talking."),
    N_("Long conversation; {issue} came up first and kept coming back."),
    N_("Short talk on a break; continue soon."),
    N_("Nervous at first, warmer by the end."),
    N_("Mentioned the manager has been asking who talks to whom."),
    "",
)
_FOLLOW_UPS = (
    N_("Check whether {first} read the letter draft"),
    N_("Bring {first} to meet {oc}"),
    N_("Ask {first} about the two coworkers they named"),
    N_("Give {first} the meeting time and place"),
    N_("Check in with {first} after the on-call week"),
    N_("Ask {first} to sign the petition"),
    N_("Bring {first} a button for Friday"),
)
_FIRST_CONTACT = (
    N_("First conversation with {first}"),
    N_("Find out who on {team} knows {first}"),
    N_("Find a time to meet {first} away from work"),
)
_ASSESSMENT_NOTES = {
    "one-on-one": (
        N_("Moved after the 1:1: {answer}"),
        N_("From the conversation on {day}."),
        N_("Said so clearly in our 1:1."),
    ),
    "hearsay": (
        N_("{oc} says {first} complains about {issue} a lot."),
        N_("Heard from a teammate on {team}; not confirmed yet."),
        N_("Guess from the team lunch; talk to them directly."),
    ),
    "structure test": (
        N_("Signed a card during the card drive."),
        N_("Took part in the structure test."),
    ),
}
_CALL_COMMITMENTS = (N_("Will sign the petition"), N_("Will come to the rally"),
                     N_("Will wear a button"), N_("Will talk to two teammates"), "")

LADDER: tuple[tuple[str, float, int | None, str], ...] = (
    # (name, target percent, planned: days from today (None: not scheduled), description)
    (N_("Committee meeting"), 1.0, -150, N_("The first meeting of the organizing committee.")),
    (N_("Start signing cards"), 10.0, -90, N_("Union authorisation cards, signed in private.")),
    (N_("Majority petition"), 51.0, -20,
     N_("The open letter to the CEO: drop Project Halberd, pay for on-call, no forced RTO.")),
    (N_("Wearing buttons"), 60.0, 14,
     N_("Everyone wears the 'Brightline Workers' button on Friday.")),
    (N_("Rally"), 75.0, 45, N_("A lunchtime rally outside Harbourside (HQ).")),
    (N_("Overtime boycott"), 80.0, None,
     N_("Nobody takes unpaid overtime or extra pages for a week.")),
    (N_("Strike vote"), 85.0, None, ""),
    (N_("Strike"), 90.0, None, ""),
)

# (title, goal, days until due, steps: (description, days until due, done))
ACTION_PLANS: tuple[tuple[str, str, int, tuple[tuple[str, int, bool], ...]], ...] = (
    (N_("Deliver the open letter to the CEO"),
     N_("A majority of Brightline workers sign the letter asking the CEO to drop Project Halberd, "
     "pay for on-call and reverse the office mandate, delivered in person."),
     25,
     ((N_("Finalise the letter text with the committee"), -60, True),
      (N_("Translate the letter into Spanish, Mandarin and Tagalog"), -45, True),
      (N_("Collect signatures in every department"), 10, False),
      (N_("Reach 51% in Customer Support and Infrastructure"), 14, False),
      (N_("Pick a delegation with at least one person per department"), 18, False),
      (N_("Deliver the letter at the Harbourside all-hands"), 25, False),
      (N_("Tell everyone what happened the same evening"), 25, False))),
    (N_("Paid on-call in Infrastructure"),
     N_("Every on-call week paid, and no rota shorter than one in six."),
     60,
     ((N_("Collect pages-per-week numbers from every team"), -10, True),
      (N_("Write up the on-call survey results"), 5, False),
      (N_("Ask Platform's on-call people to join the demand"), 20, False),
      (N_("Bring the demand to the VP of Infrastructure as a group"), 60, False))),
)


# ----- helpers ------------------------------------------------------------------------------


def _seeded_id(rng: Random) -> str:
    """A version-4 UUID drawn from the seeded generator (so a seed gives the same ids)."""
    n = rng.getrandbits(128)
    n = (n & ~(0xF << 76)) | (0x4 << 76)
    n = (n & ~(0x3 << 62)) | (0x2 << 62)
    return f"{n:032x}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in folded.lower() if c.isalnum())


class _Weighted:
    """A weighted choice drawn with one `random()` call (random.choices is slow in a loop)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = tuple(items)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rnd: Callable[[], float]) -> Any:
        index = bisect.bisect_right(self.cumulative, rnd() * self.total)
        return self.items[min(index, len(self.items) - 1)]


class _Calendar:
    """Dates as days before `today` (negative: after), formatted once each."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._days: dict[int, str] = {}

    def day(self, days_ago: int) -> str:
        text = self._days.get(days_ago)
        if text is None:
            text = (self.today - dt.timedelta(days=days_ago)).isoformat()
            self._days[days_ago] = text
        return text

    def stamp(self, days_ago: int, minute_of_day: int) -> str:
        return f"{self.day(days_ago)}T{minute_of_day // 60:02d}:{minute_of_day % 60:02d}:00.000Z"


class _Writer:
    """Rows buffered per table and written with executemany, parents before children."""

    def __init__(self, conn: Any, progress: ProgressHook | None, cancelled: CancelHook | None):
        self.conn = conn
        self.progress = progress
        self.cancelled = cancelled
        self.buffers: dict[str, tuple[str, list[tuple[Any, ...]]]] = {}
        self.counts: dict[str, int] = {}
        self._calls = 0

    def table(self, name: str, columns: str) -> list[tuple[Any, ...]]:
        """Register a table (in insertion order) and return the list to append rows to."""
        marks = ",".join("?" * len(columns.split(",")))
        rows: list[tuple[Any, ...]] = []
        self.buffers[name] = (f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
        self.counts[name] = 0
        return rows

    def maybe_flush(self, fraction: float) -> None:
        # Counting the buffers is cheap, but not free 100,000 times over: look every 64 calls.
        self._calls += 1
        if self._calls & 63:
            return
        if sum(len(rows) for _sql, rows in self.buffers.values()) >= BATCH_ROWS:
            self.flush(fraction)

    def flush(self, fraction: float) -> None:
        if self.cancelled is not None and self.cancelled():
            raise DemoCancelled()
        for name, (sql, rows) in self.buffers.items():
            if rows:
                self.conn.executemany(sql, rows)
                self.counts[name] += len(rows)
                rows.clear()
        if self.progress is not None:
            self.progress(min(fraction, 1.0))


@dataclass(frozen=True)
class _Plan:
    people: int
    seed: int
    one_on_ones: int
    today: dt.date


def _fill(
    vault: Vault, plan: _Plan, progress: ProgressHook | None, cancelled: CancelHook | None
) -> dict[str, int]:
    conn = vault.connection
    old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    low, high = GENERATION_CACHE_KIB
    cache_kib = min(high, max(low, plan.people * GENERATION_CACHE_KIB_PER_PERSON))
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    # Writing the rows is most of the time; bulk_load's indexing the rest.
    scaled = None if progress is None else (lambda fraction: progress(WRITING_SHARE * fraction))
    try:
        with bulk_load(vault) as same:
            writer = _Writer(same, scaled, cancelled)
            campaign = _Campaign(Random(plan.seed), _Calendar(plan.today), plan.people,
                                 plan.one_on_ones)
            counts = campaign.write(writer)
        if progress is not None:
            progress(1.0)
        return counts
    finally:
        conn.execute(f"PRAGMA cache_size = {int(old_cache)}")


# ----- the public entry points --------------------------------------------------------------


def generate_demo(
    vault: Vault,
    *,
    people: int = 300,
    seed: int = 0,
    one_on_ones: int | None = None,
    today: dt.date | None = None,
    progress: ProgressHook | None = None,
    cancelled: CancelHook | None = None,
) -> DemoSummary:
    """Fill a new, empty vault with a believable campaign; all or nothing.

    `one_on_ones` defaults to four per person. `progress` gets a fraction 0..1 after every
    batch; when `cancelled()` turns true the run stops, rolls back and raises DemoCancelled.
    """
    if people < 1:
        raise ValueError("a demo campaign needs at least one person")
    if vault.connection.execute(
        "SELECT EXISTS (SELECT 1 FROM person) OR EXISTS (SELECT 1 FROM department)"
    ).fetchone()[0]:
        raise errors.InvalidInput(_(
            "A demo campaign goes into a new, empty vault, and this one already has people "
            "or departments. Create a new vault for the demo."
        ))
    started = time.perf_counter()
    plan = _Plan(
        people=people,
        seed=seed,
        one_on_ones=people * 4 if one_on_ones is None else max(0, one_on_ones),
        today=today or dt.date.today(),
    )
    counts = _fill(vault, plan, progress, cancelled)
    if progress is not None:
        progress(1.0)
    return DemoSummary(**counts, seconds=time.perf_counter() - started)


def create_demo_vault(
    path: Path | str,
    passphrase: str,
    *,
    people: int = 300,
    seed: int = 0,
    one_on_ones: int | None = None,
    today: dt.date | None = None,
) -> Vault:
    """Create a demo vault at `path` and fill it; returns it open."""
    vault = Vault.create(path, passphrase, _(CAMPAIGN_NAME), is_demo=True)
    try:
        generate_demo(vault, people=people, seed=seed, one_on_ones=one_on_ones, today=today)
    except BaseException:
        vault.close()
        raise
    return vault


# ----- the campaign itself ------------------------------------------------------------------


class _Campaign:
    """One generation run: draws everything from one seeded Random, in a fixed order."""

    def __init__(self, rng: Random, calendar: _Calendar, people: int, one_on_ones: int) -> None:
        self.rng = rng
        self.cal = calendar
        self.n = people
        self.total_one_on_ones = one_on_ones

    # The order of the draws below is the content: change it and a seed gives another campaign.
    def write(self, w: _Writer) -> dict[str, int]:
        rng, cal = self.rng, self.cal
        rnd = rng.random
        campaign_start = cal.stamp(CAMPAIGN_DAYS + 10, 19 * 60)
        # Every word of the demo in the language in use (the draws stay the same).
        if _(CAMPAIGN_NAME) != CAMPAIGN_NAME:
            w.conn.execute("UPDATE campaign SET name = ? WHERE name = ?",
                           (_(CAMPAIGN_NAME), CAMPAIGN_NAME))
        shift_names = _in_language(SHIFTS)
        site_names = _in_language(SITES)
        dept_names = [_(d.name) for d in DEPARTMENTS]
        dept_teams = [_in_language(d.teams) for d in DEPARTMENTS]
        issue_texts = {key: (_(name), _(description)) for key, name, description in ISSUES}
        person_notes = _in_language(_PERSON_NOTES)
        agitate_texts = _in_language(_AGITATE)
        educate_texts = _in_language(_EDUCATE)
        inoculate_texts = _in_language(_INOCULATE)
        organize_texts = _in_language(_ORGANIZE)
        uplift_texts = _in_language(_UPLIFT)
        asks = _in_language(_ASKS)
        answer_texts = _in_language(_ANSWERS)
        commitment_texts = _in_language(_COMMITMENTS)
        next_steps = _in_language(_NEXT_STEPS)
        meeting_note_texts = _in_language(_NOTES)
        follow_up_texts = _in_language(_FOLLOW_UPS)
        first_contact_texts = _in_language(_FIRST_CONTACT)
        assessment_notes = _in_language(_ASSESSMENT_NOTES)
        call_commitments = _in_language(_CALL_COMMITMENTS)
        ladder = _in_language(LADDER)
        action_plans = _in_language(ACTION_PLANS)
        shown_days: dict[int, str] = {}

        def shown_day(days_ago: int) -> str:
            """A day as notes write it ("May 4, 2026"), formatted once each."""
            text = shown_days.get(days_ago)
            if text is None:
                text = shown_days[days_ago] = formats.short_date(cal.day(days_ago))
            return text

        departments = w.table("department", "id,name,position,created_at,updated_at")
        shifts = w.table("shift", "id,name,position,created_at,updated_at")
        sites = w.table("site", "id,name,position,created_at,updated_at")
        issues = w.table("workplace_issue", "id,name,description,created_at,updated_at")
        person_rows = w.table(
            "person",
            "id,name,code_name,personal_phone,personal_email,work_phone,work_email,"
            "department_id,team,job_title,shift_id,site_id,start_date,language,safe_channel,"
            "assigned_oc_member_id,is_oc_member,is_organic_leader,left_company_on,notes,"
            "created_at,updated_at",
        )
        meeting_rows = w.table(
            "one_on_one",
            "id,person_id,held_on,oc_member_id,channel,agitate,educate,inoculate,organize,"
            "uplift,ask,answer,commitment,assessment_before,assessment_after,next_step,notes,"
            "created_at,updated_at",
        )
        assessment_rows = w.table(
            "assessment",
            "id,person_id,score,assessed_by_id,assessed_at,basis,one_on_one_id,note,"
            "created_at,updated_at",
        )
        person_issue_rows = w.table("person_issue", "person_id,issue_id")
        meeting_issue_rows = w.table("one_on_one_issue", "one_on_one_id,issue_id")
        follow_up_rows = w.table(
            "follow_up",
            "id,person_id,one_on_one_id,owner_id,due_on,description,done_at,created_at,"
            "updated_at",
        )
        relationship_rows = w.table(
            "relationship", "id,person_id,other_person_id,kind,note,created_at,updated_at"
        )
        plan_rows = w.table("action_plan", "id,title,goal,due_on,status,created_at,updated_at")
        step_rows = w.table(
            "action_step",
            "id,plan_id,position,description,owner_id,due_on,done_at,created_at,updated_at",
        )
        test_rows = w.table(
            "structure_test",
            "id,name,ladder_position,target_percent,planned_on,description,created_at,"
            "updated_at",
        )
        participation_rows = w.table(
            "participation", "id,structure_test_id,person_id,status,created_at,updated_at"
        )
        call_rows = w.table(
            "call_attempt",
            "id,person_id,caller_id,called_at,outcome,commitment,note,created_at,updated_at",
        )

        dept_ids = [_seeded_id(rng) for _dept in DEPARTMENTS]
        shift_ids = [_seeded_id(rng) for _shift in SHIFTS]
        site_ids = [_seeded_id(rng) for _site in SITES]
        issue_ids = {key: _seeded_id(rng) for key in _ISSUE_KEYS}
        for i, dept_name in enumerate(dept_names):
            departments.append((dept_ids[i], dept_name, i, campaign_start, campaign_start))
        for i, name in enumerate(shift_names):
            shifts.append((shift_ids[i], name, i, campaign_start, campaign_start))
        for i, name in enumerate(site_names):
            sites.append((site_ids[i], name, i, campaign_start, campaign_start))
        for key, (name, description) in issue_texts.items():
            issues.append((issue_ids[key], name, description, campaign_start, campaign_start))

        # ----- who works here ---------------------------------------------------------------
        n = self.n
        pick_dept = _Weighted(range(len(DEPARTMENTS)), [d.weight for d in DEPARTMENTS])
        pick_group = _Weighted(_NAME_GROUPS, [g[0] for g in _NAME_GROUPS])
        pick_channel = _Weighted([channel for channel, _odds in _SAFE_CHANNELS],
                                 [odds for _channel, odds in _SAFE_CHANNELS])
        pick_language = {
            id(group): _Weighted([_(lang) for lang, _odds in group[3]],
                                 [odds for _lang, odds in group[3]])
            for group in _NAME_GROUPS
        }
        pick_shift = [_Weighted(range(len(SHIFTS)), d.shift_odds) for d in DEPARTMENTS]
        pick_site = [_Weighted(range(len(SITES)), d.site_odds) for d in DEPARTMENTS]
        ids = [_seeded_id(rng) for _person in range(n)]
        dept_of = [pick_dept.pick(rnd) for _person in range(n)]
        first_names: list[str] = []
        is_oc = [False] * n
        is_leader = [False] * n
        left = [False] * n
        shift_of = [0] * n
        site_of = [0] * n
        team_of: list[str] = []
        rows_of: list[list[Any]] = []
        used_code_names: set[str] = set()
        used_phones: set[str] = set()
        initials = "ABCDEFGHJKLMNPRSTVW"
        remote = SITES.index("Remote")
        places = [_place(site, remote, site_names) for site in range(len(SITES))]
        for i in range(n):
            dept = DEPARTMENTS[dept_of[i]]
            group = pick_group.pick(rnd)
            first = group[1][int(rnd() * len(group[1]))]
            # People marry, migrate and mix: some surnames come from another group.
            last_group = group if rnd() < 0.85 else pick_group.pick(rnd)
            last = last_group[2][int(rnd() * len(last_group[2]))]
            initial = f" {initials[int(rnd() * len(initials))]}." if rnd() < 0.25 else ""
            language = pick_language[id(group)].pick(rnd)
            # The first person always joins the committee, so even a tiny demo has one.
            oc = rnd() < dept.oc_rate or (i == 0 and n > 1)
            leader = rnd() < 0.05
            gone = not oc and rnd() < 0.015
            shift = pick_shift[dept_of[i]].pick(rnd)
            site = pick_site[dept_of[i]].pick(rnd)
            team = dept_teams[dept_of[i]][int(rnd() * len(dept.teams))]
            title = dept.titles[int(rnd() * len(dept.titles))]
            code_name = ""
            if rnd() < (0.6 if oc else 0.12):
                # Unique, so "Heron" on a call list means one person.
                base = code_name = rng.choice(_CODE_WORDS)
                suffix = 2
                while code_name in used_code_names:
                    code_name = f"{base} {suffix}"
                    suffix += 1
                used_code_names.add(code_name)
            phone = ""
            if rnd() < 0.9:
                phone = _free_phone(rng.choice(_AREA_CODES), int(rnd() * 100), used_phones)
            email = ""
            if rnd() < 0.8:
                a, b = _ascii(first), _ascii(last)
                local = (f"{a}.{b}", f"{a}{b[:1]}{int(rnd() * 90) + 10}", f"{b}.{a[:1]}")[
                    int(rnd() * 3)
                ]
                email = f"{local}@{rng.choice(_EMAIL_DOMAINS)}"
            work_phone = work_email = ""
            if rnd() < 0.4:
                work_email = f"{_ascii(first)}.{_ascii(last)}@{_WORK_DOMAIN}"
                if rnd() < 0.5:
                    work_phone = (
                        f"+1 415 555 01{int(rnd() * 100):02d} ext. {int(rnd() * 6000) + 2000}"
                    )
            tenure = min(int(rng.expovariate(1 / 900)) + 30, 14 * 365)
            channel = pick_channel.pick(rnd)
            left_days = int(rnd() * 55) + 5 if gone else None
            note = ""
            if rnd() < 0.3:
                note = rng.choice(person_notes).format(
                    team=team, shift=shift_names[shift], dept=dept_names[dept_of[i]],
                    place=places[site],
                )
            created = cal.stamp(CAMPAIGN_DAYS + int(rnd() * 10), 1080 + int(rnd() * 300))
            first_names.append(first)
            is_oc[i], is_leader[i], left[i] = oc, leader, gone
            shift_of[i], site_of[i] = shift, site
            team_of.append(team)
            rows_of.append([
                ids[i], f"{first}{initial} {last}", code_name, phone, email, work_phone,
                work_email, dept_ids[dept_of[i]], team, title, shift_ids[shift], site_ids[site],
                tenure, language, channel, None, int(oc), int(leader), left_days, note,
                created, created,
            ])

        # Assign people to committee members, mostly inside their own department and shift.
        # Where a department has no committee member, most of its people have nobody yet.
        all_oc = [i for i in range(n) if is_oc[i]]
        oc_by_dept: list[list[int]] = [[] for _dept in DEPARTMENTS]
        oc_by_dept_shift: dict[tuple[int, int], list[int]] = {}
        for i in all_oc:
            oc_by_dept[dept_of[i]].append(i)
            oc_by_dept_shift.setdefault((dept_of[i], shift_of[i]), []).append(i)
        assigned_to: list[int | None] = [None] * n
        for i in range(n):
            if is_oc[i] or not all_oc:
                continue
            own = oc_by_dept[dept_of[i]]
            draw = rnd()
            if own and draw < 0.82:
                same_shift = oc_by_dept_shift.get((dept_of[i], shift_of[i]))
                pool = same_shift if same_shift and draw < 0.6 else own
                assigned_to[i] = pool[int(rnd() * len(pool))]
            elif draw < (0.88 if own else 0.25):
                assigned_to[i] = all_oc[int(rnd() * len(all_oc))]
        for i in range(n):
            fields = rows_of[i]
            fields[12] = cal.day(fields[12])  # tenure in days -> start date
            oc_of_i = assigned_to[i]
            fields[15] = ids[oc_of_i] if oc_of_i is not None else None
            fields[18] = cal.day(fields[18]) if fields[18] is not None else None
        # Committee members first: everyone else's row points at theirs.
        for written, i in enumerate(sorted(range(n), key=lambda k: not is_oc[k])):
            person_rows.append(tuple(rows_of[i]))
            w.maybe_flush(0.12 * (written + 1) / n)
        del rows_of

        # ----- where each person stands in the end ----------------------------------------
        score_odds = [_Weighted((None, 1, 2, 3, 4, 5), d.assessment_odds) for d in DEPARTMENTS]
        target: list[int | None] = [None] * n
        for i in range(n):
            if is_oc[i]:
                target[i] = 1 if rnd() < 0.85 else 2
                continue
            score = score_odds[dept_of[i]].pick(rnd)
            if assigned_to[i] is None and rnd() < 0.5:
                score = None  # nobody is talking to them, so nobody knows
            target[i] = score

        # Which issues each person cares about, weighted by what their department raises.
        pick_issue = [
            _Weighted(_ISSUE_KEYS, [d.issue_weights.get(k, 1.0) for k in _ISSUE_KEYS])
            for d in DEPARTMENTS
        ]
        person_issues: list[tuple[str, ...]] = []
        for i in range(n):
            picker = pick_issue[dept_of[i]]
            picked = dict.fromkeys(picker.pick(rnd) for _issue in range(1 + int(rnd() * 3)))
            person_issues.append(tuple(picked))

        # How many one-on-ones each person had: supporters and committee members the most.
        engagement = {None: 0.05, 1: 3.0, 2: 2.6, 3: 2.0, 4: 1.1, 5: 0.5}
        person_weights = [
            0.0 if left[i] and target[i] is None
            else engagement[target[i]] * (1.3 if is_oc[i] else 1.0) * (1.4 if is_leader[i]
                                                                       else 1.0)
            for i in range(n)
        ]
        meetings_of = [0] * n
        if self.total_one_on_ones and sum(person_weights) > 0:
            pick_person = _Weighted(range(n), person_weights)
            for _meeting in range(self.total_one_on_ones):
                meetings_of[pick_person.pick(rnd)] += 1

        # ----- conversations, assessments, follow-ups --------------------------------------
        channels = ("in person", "in person", "in person", "phone", "Signal", "Signal", "video")
        oc_first_name = {o: first_names[o] for o in all_oc}
        hearsay_notes = assessment_notes["hearsay"]
        meeting_notes = assessment_notes["one-on-one"]
        for i in range(n):
            person_id = ids[i]
            oc_index = assigned_to[i]
            if oc_index is None and all_oc:
                # Unassigned people (and committee members) talk with any committee member.
                oc_index = all_oc[int(rnd() * len(all_oc))]
                if oc_index == i:
                    others = [o for o in (all_oc[0], all_oc[-1]) if o != i]
                    oc_index = others[0] if others else None
            oc_id = ids[oc_index] if oc_index is not None else None
            ctx = {
                "first": first_names[i], "team": team_of[i], "dept": dept_names[dept_of[i]],
                "shift": shift_names[shift_of[i]], "place": places[site_of[i]],
                "company": COMPANY,
                "oc": oc_first_name[oc_index] if oc_index is not None else _("the committee"),
            }
            my_issues = person_issues[i]
            for key in my_issues:
                person_issue_rows.append((person_id, issue_ids[key]))
            final = target[i]
            count = meetings_of[i]
            # Days ago of each conversation, oldest first.
            days: list[int] = []
            if count:
                first_day = (
                    int(rnd() * (CAMPAIGN_DAYS // 2)) + CAMPAIGN_DAYS // 2 if is_oc[i]
                    else int(rnd() * (CAMPAIGN_DAYS - 5)) + 5
                )
                if count < first_day:
                    days = sorted(rng.sample(range(1, first_day + 1), count), reverse=True)
                else:
                    days = sorted((int(rnd() * first_day) + 1 for _day in range(count)),
                                  reverse=True)
            # A path from an opening guess to the final assessment.
            hearsay = final is not None and (not count or rnd() < 0.35)
            opening: int | None = None
            path: list[int | None] = [None] * count
            if final is not None:
                opening = min(5, max(1, final + (0, 0, 1, 1, 2, -1)[int(rnd() * 6)]))
                path = [round(opening + (final - opening) * (k + 1) / count)
                        for k in range(count)]
            before: int | None = None
            if hearsay:
                day = days[0] + 3 + int(rnd() * 17) if days else 3 + int(rnd() * CAMPAIGN_DAYS)
                score = opening if count else final
                stamp = cal.stamp(day, 1080 + int(rnd() * 300))
                note = hearsay_notes[int(rnd() * len(hearsay_notes))].format(
                    issue=issue_texts[my_issues[0]][0].lower(), **ctx)
                assessment_rows.append((_seeded_id(rng), person_id, score, oc_id, stamp,
                                        "hearsay", None, note, stamp, stamp))
                before = score
            last_meeting_id: str | None = None
            last_day = -1
            minute = 0
            mine: list[tuple[Any, ...]] = []
            for k in range(count):
                meeting_id = _seeded_id(rng)
                day = days[k]
                after = path[k]
                issue_key = my_issues[int(rnd() * len(my_issues))]
                level = after or 3
                answers = answer_texts[level]
                answer = answers[int(rnd() * len(answers))].format_map(ctx)
                commitments = commitment_texts[level]
                agitate = agitate_texts[issue_key]
                # Two talks on one day are entered in order, so the later one is newer.
                minute = min(minute + 7, 1439) if day == last_day else 1080 + int(rnd() * 300)
                stamp = cal.stamp(day, minute)
                mine.append((
                    meeting_id, person_id, cal.day(day), oc_id,
                    channels[int(rnd() * len(channels))],
                    agitate[int(rnd() * len(agitate))].format_map(ctx),
                    # Most people fill in only some of the AEIOU boxes.
                    educate_texts[int(rnd() * len(educate_texts))].format_map(ctx)
                    if rnd() < 0.6 else "",
                    inoculate_texts[int(rnd() * len(inoculate_texts))] if rnd() < 0.45 else "",
                    organize_texts[int(rnd() * len(organize_texts))].format_map(ctx)
                    if rnd() < 0.65 else "",
                    uplift_texts[int(rnd() * len(uplift_texts))].format_map(ctx)
                    if rnd() < 0.4 else "",
                    asks[int(rnd() * len(asks))].format_map(ctx),
                    answer,
                    commitments[int(rnd() * len(commitments))].format_map(ctx),
                    before, after,
                    next_steps[int(rnd() * len(next_steps))].format_map(ctx),
                    meeting_note_texts[int(rnd() * len(meeting_note_texts))].format(
                        place=ctx["place"], issue=issue_texts[issue_key][0].lower())
                    if rnd() < 0.55 else "",
                    stamp, stamp,
                ))
                meeting_issue_rows.append((meeting_id, issue_ids[issue_key]))
                if len(my_issues) > 1 and rnd() < 0.2:
                    other = my_issues[int(rnd() * len(my_issues))]
                    if other != issue_key:
                        meeting_issue_rows.append((meeting_id, issue_ids[other]))
                if after is not None and after != before:
                    note = meeting_notes[int(rnd() * len(meeting_notes))].format(
                        answer=answer, day=shown_day(day))
                    assessment_rows.append((_seeded_id(rng), person_id, after, oc_id, stamp,
                                            "one-on-one", meeting_id, note, stamp, stamp))
                before = after
                if k < count - 1 and rnd() < 0.12:
                    due = day - 3 - int(rnd() * 7)
                    done_stamp = cal.stamp(max(due, 1), 1080 + int(rnd() * 300))
                    follow_up_rows.append((
                        _seeded_id(rng), person_id, meeting_id, oc_id, cal.day(due),
                        rng.choice(follow_up_texts).format_map(ctx), done_stamp, stamp, stamp))
                last_meeting_id, last_day = meeting_id, day
            meeting_rows.extend(mine)
            # The next step after the latest talk: some done, some overdue, some this week.
            if last_meeting_id is not None and not left[i] and rnd() < 0.75:
                due = last_day - 3 - int(rnd() * 25)
                done_at = None
                if due > 3 and rnd() < 0.55:
                    done_at = cal.stamp(due, 1080 + int(rnd() * 300))
                created = cal.stamp(last_day, 1410)
                follow_up_rows.append((
                    _seeded_id(rng), person_id, last_meeting_id, oc_id, cal.day(due),
                    rng.choice(follow_up_texts).format_map(ctx), done_at, created, created))
            elif count == 0 and assigned_to[i] is not None and rnd() < 0.3:
                due = int(rnd() * 35) - 14
                created = cal.stamp(max(due, 0) + 1 + int(rnd() * 13), 1200)
                follow_up_rows.append((
                    _seeded_id(rng), person_id, None, oc_id, cal.day(due),
                    rng.choice(first_contact_texts).format_map(ctx), None, created, created))
            # A few were cleared: moved into management, so their old score no longer counts.
            if final is not None and not is_oc[i] and rnd() < 0.004:
                stamp = cal.stamp(0, 600 + int(rnd() * 400))
                assessment_rows.append((
                    _seeded_id(rng), person_id, None, oc_id, stamp, "other", None,
                    _("Moved into a management role; reassess before counting."), stamp,
                    stamp))
            w.maybe_flush(0.12 + 0.76 * (i + 1) / n)


        # ----- relationships ----------------------------------------------------------------
        by_team: dict[tuple[int, str], list[int]] = {}
        for i in range(n):
            by_team.setdefault((dept_of[i], team_of[i]), []).append(i)
        pick_kind = _Weighted(("works with", "close to", "friends", "influences", "family",
                               "other"), (0.36, 0.26, 0.16, 0.12, 0.02, 0.08))
        relationship_notes = ("", "", _("Sit together."), _("Carpool from the east side."),
                              _("Trust each other."), _("Came from the same old company."),
                              _("Lunch together most days."))
        seen: set[tuple[int, int, str]] = set()
        if n > 1:
            for i in range(n):
                links = 0
                if is_leader[i]:
                    links = 3 + int(rnd() * 6)
                elif rnd() < 0.45:
                    links = 1 if rnd() < 0.7 else 2
                teammates = by_team[(dept_of[i], team_of[i])]
                for _link in range(links):
                    if len(teammates) > 1 and rnd() < 0.8:
                        friend = teammates[int(rnd() * len(teammates))]
                    else:
                        friend = int(rnd() * n)
                    if friend == i:
                        continue
                    kind: str = (
                        "influences" if is_leader[i] and rnd() < 0.7 else pick_kind.pick(rnd)
                    )
                    if (i, friend, kind) in seen:
                        continue
                    seen.add((i, friend, kind))
                    stamp = cal.stamp(1 + int(rnd() * CAMPAIGN_DAYS), 1080 + int(rnd() * 300))
                    relationship_rows.append((
                        _seeded_id(rng), ids[i], ids[friend], kind,
                        relationship_notes[int(rnd() * len(relationship_notes))], stamp, stamp))
                w.maybe_flush(0.88 + 0.04 * (i + 1) / n)
        del seen

        # ----- plans and the escalation ladder ------------------------------------------
        owners = all_oc or [0]
        for title, goal, due, steps in action_plans:
            plan_id = _seeded_id(rng)
            created = cal.stamp(CAMPAIGN_DAYS - 100, 1230)
            plan_rows.append((plan_id, title, goal, cal.day(-due), "active", created, created))
            # Positions count from 1, as plans.add_step numbers them.
            for position, (description, step_due, done) in enumerate(steps, 1):
                done_at = cal.stamp(int(rnd() * 5) - step_due, 1260) if done else None
                step_rows.append((_seeded_id(rng), plan_id, position, description,
                                  ids[owners[int(rnd() * len(owners))]], cal.day(-step_due),
                                  done_at, created, created))
        test_ids = []
        for position, (name, percent, planned, description) in enumerate(ladder, 1):
            test_id = _seeded_id(rng)
            test_ids.append(test_id)
            created = cal.stamp(CAMPAIGN_DAYS - 20 * (position - 1), 1200)
            test_rows.append((test_id, name, position, percent,
                              cal.day(-planned) if planned is not None else None,
                              description, created, created))
        # Who was asked to take part in the first three tests, and what they did:
        # chances of asked / committed / did it / declined by final assessment.
        statuses = ("asked", "committed", "did it", "declined")
        odds: list[dict[int | None, _Weighted]] = [
            {1: _Weighted(statuses, (0.0, 0.0, 0.9, 0.1)),
             2: _Weighted(statuses, (0.2, 0.2, 0.4, 0.2))},
            {1: _Weighted(statuses, (0.05, 0.1, 0.8, 0.05)),
             2: _Weighted(statuses, (0.2, 0.2, 0.5, 0.1)),
             3: _Weighted(statuses, (0.5, 0.1, 0.1, 0.3)),
             4: _Weighted(statuses, (0.3, 0.0, 0.0, 0.7))},
            {1: _Weighted(statuses, (0.1, 0.3, 0.55, 0.05)),
             2: _Weighted(statuses, (0.3, 0.35, 0.25, 0.1)),
             3: _Weighted(statuses, (0.6, 0.15, 0.05, 0.2)),
             4: _Weighted(statuses, (0.4, 0.0, 0.0, 0.6)),
             5: _Weighted(statuses, (0.3, 0.0, 0.0, 0.7))},
        ]
        reach = (1.0, 0.8, 0.75)  # share of those eligible who were asked, per test
        card_notes = assessment_notes["structure test"]
        for test in range(3):
            stamp = cal.stamp(-(LADDER[test][2] or 0), 1200)
            for i in range(n):
                picker = odds[test].get(target[i])
                if picker is None or left[i]:
                    continue
                if test == 0 and not (is_oc[i] or is_leader[i]):
                    continue
                if rnd() > reach[test]:
                    continue
                status = picker.pick(rnd)
                participation_rows.append((_seeded_id(rng), test_ids[test], ids[i], status,
                                           stamp, stamp))
                # Signing a card is the strongest evidence of support there is.
                if test == 1 and status == "did it" and rnd() < 0.3:
                    assessor = assigned_to[i]
                    assessment_rows.append((
                        _seeded_id(rng), ids[i], target[i],
                        ids[assessor] if assessor is not None else None, stamp,
                        "structure test", None, card_notes[int(rnd() * len(card_notes))],
                        stamp, stamp))
                w.maybe_flush(0.92 + 0.01 * (test + (i + 1) / n))

        # ----- the petition phone bank: each committee member calls their people ------------
        pick_outcome = _Weighted(("reached", "no answer", "left message", "wrong number",
                                  "call back"), (0.45, 0.25, 0.18, 0.04, 0.08))
        call_notes = ("", "", _("Busy, try after 6."), _("Sounded keen."),
                      _("Kid crying; keep short."), _("Asked for the letter text by Signal."))
        for i in range(n):
            caller = assigned_to[i]
            if caller is None or rnd() > 0.4:
                continue
            day = 3 + int(rnd() * 18)
            for _attempt in range(1 + int(rnd() * 3)):
                outcome = "left the company" if left[i] else pick_outcome.pick(rnd)
                stamp = cal.stamp(day, 1050 + int(rnd() * 240))
                commitment = (
                    call_commitments[int(rnd() * len(call_commitments))]
                    if outcome == "reached" else ""
                )
                call_rows.append((_seeded_id(rng), ids[i], ids[caller], stamp, outcome,
                                  commitment, call_notes[int(rnd() * len(call_notes))],
                                  stamp, stamp))
                if outcome in ("reached", "wrong number", "left the company") or day <= 1:
                    break
                day -= 1 + int(rnd() * min(3, day - 1))
            w.maybe_flush(0.95 + 0.04 * (i + 1) / n)
        w.flush(0.99)

        counts = w.counts
        return {
            "people": counts["person"],
            "oc_members": len(all_oc),
            "assigned": sum(1 for a in assigned_to if a is not None),
            "one_on_ones": counts["one_on_one"],
            "assessments": counts["assessment"],
            "follow_ups": counts["follow_up"],
            "relationships": counts["relationship"],
            "participations": counts["participation"],
            "call_attempts": counts["call_attempt"],
        }


def _place(site: int, remote: int, site_names: Sequence[str]) -> str:
    """Where a coworker is easiest to meet, in the language in use."""
    if site == remote:
        return _("on a video call after work")
    # Translators: {site} is one of the demo company's sites, such as "Eastfield".
    return _("at the café across from {site} after the shift").format(site=site_names[site])


def _in_language(value: Any) -> Any:
    """The demo's words in the language in use, through tuples and dicts' values; blanks stay
    blank (gettext answers "" with its catalogue's header)."""
    if isinstance(value, str):
        return _(value) if value else value
    if isinstance(value, tuple):
        return tuple(_in_language(item) for item in value)
    if isinstance(value, dict):
        return {key: _in_language(item) for key, item in value.items()}
    return value

