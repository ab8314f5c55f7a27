"""Demo case files: 40 beneficiaries per partner organisation, moved along their pathways.

Everything goes through the case and pathway services, as a worker's clicks would, so each
case has its history. Deterministic (a fixed seed per organisation, dates relative to
``today``) and idempotent: an organisation that already has case files gets none.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, select

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases import services as cases
from app.cases import timeline
from app.cases.models import Beneficiary, TaskKind
from app.cases.pathways import services as pathways
from app.cases.pathways.models import AssessmentPoint, Pathway, Stage
from app.cases.pathways.templates import PathwayTemplate, template_for_country
from app.demo import people
from app.demo.people import Origin
from app.extensions import db
from app.vocabulary import (
    BusinessPlanStatus,
    CaseStatus,
    CefrLevel,
    ClosureReason,
    ConsentPurpose,
    EducationLevel,
    Gender,
    IntensityReason,
    InterruptionReason,
    LanguageSkill,
    PathwayVariant,
    ResidenceStatus,
    StageKind,
    StageStatus,
)

CASES_PER_ORGANISATION = 40
SEED = "passerelle-demo-cases-v1"
AMINA = ("Amina", "Yusuf")

# Tracks after the language course, in the order their stages follow one another.
TRACKS: dict[str, tuple[StageKind, ...]] = {
    "language": (),
    "employment": (StageKind.WORK_PLACEMENT, StageKind.EMPLOYMENT, StageKind.EXIT_FOLLOW_UP),
    "training": (StageKind.VOCATIONAL_TRAINING, StageKind.WORK_PLACEMENT),
    "business": (StageKind.BUSINESS_CREATION,),
}
EXTRA_ORDER = (
    StageKind.SOCIAL_SUPPORT,
    StageKind.VOCATIONAL_TRAINING,
    StageKind.WORK_PLACEMENT,
    StageKind.EMPLOYMENT,
    StageKind.BUSINESS_CREATION,
    StageKind.EXIT_FOLLOW_UP,
)
# Hours of language course a week at full time.
WEEKLY_LANGUAGE_HOURS = {"FR": 12, "DE": 20, "IT": 9, "SE": 15}
LANGUAGE_CERTIFICATES = {
    "FR": ("DELF A2", "TCF IRN"),
    "IT": ("CILS A2", "Certificazione CPIA livello A2"),
    "SE": ("Betyg SFI kurs C", "Betyg SFI kurs D"),
}
HOLD_REASONS = (
    InterruptionReason.HEALTH,
    InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE,
    InterruptionReason.ADMINISTRATIVE,
    InterruptionReason.CHILDCARE,
)
RANDOM_INTERRUPTIONS = (
    InterruptionReason.HEALTH,
    InterruptionReason.CHILDCARE,
    InterruptionReason.PERSONAL_REASONS,
    InterruptionReason.ADMINISTRATIVE,
)
CLOSURE_INTERRUPTIONS = {
    ClosureReason.MOVED_AWAY: InterruptionReason.MOVED_AWAY,
    ClosureReason.LOST_CONTACT: InterruptionReason.LOST_CONTACT,
    ClosureReason.EMPLOYMENT: InterruptionReason.FOUND_WORK,
    ClosureReason.DECLINED: InterruptionReason.PERSONAL_REASONS,
}


@dataclass(frozen=True, slots=True)
class Staff:
    coordinator: User
    trainers: tuple[User, ...]
    psychologist: User


@dataclass(slots=True)
class Profile:
    """Who one beneficiary is and how their pathway has gone, decided before any write."""

    origin: Origin
    gender: Gender
    given_names: str
    family_name: str
    languages: list[str]
    preferred_language: str
    entered_on: date
    birth_date: date = date(2000, 1, 1)
    minor: bool = False
    disability: bool = False
    intensity: int = 100
    intensity_reason: IntensityReason | None = None
    track: str = "language"
    status: CaseStatus = CaseStatus.ACTIVE
    closure_reason: ClosureReason | None = None
    # Stages stop moving on this day: today, or when the case went on hold or closed.
    cutoff: date = date(2000, 1, 1)
    hold_reason: InterruptionReason | None = None
    psychologist: bool = False
    education: EducationLevel = EducationLevel.UNKNOWN
    variant: PathwayVariant = PathwayVariant.STANDARD


@dataclass(slots=True)
class Plan:
    """Planned dates of one stage, in days after entry; ``position`` None: a stage to add."""

    kind: StageKind
    start: int
    days: int
    position: int | None = None
    hours: int | None = None
    fields: dict[str, object] = field(default_factory=dict)


def seed_beneficiaries(organisations: Iterable[Organisation], today: date) -> int:
    """Add the demo case files to each organisation that has none yet; return how many."""
    added = 0
    for organisation in organisations:
        has_cases = db.session.scalar(
            select(func.count())
            .select_from(Beneficiary)
            .where(Beneficiary.organisation_id == organisation.id)
        )
        staff = _staff_of(organisation)
        template = template_for_country(organisation.country_code)
        if has_cases or staff is None or template is None:
            continue
        rng = random.Random(f"{SEED}-{organisation.country_code}")
        for number, profile in enumerate(_profiles(organisation.country_code, today, rng)):
            trainer = staff.trainers[number % len(staff.trainers)]
            _CaseWriter(organisation, staff, trainer, template, profile, today, rng).write()
            added += 1
    return added


def _staff_of(organisation: Organisation) -> Staff | None:
    users = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.active.is_(True))
    ).all()
    # E-mail addresses are encrypted: sort here, so trainer1 comes before trainer2.
    users = sorted(users, key=lambda user: str(user.email))
    by_role = {role: [user for user in users if user.role is role] for role in Role}
    if not (by_role[Role.COORDINATOR] and by_role[Role.TRAINER] and by_role[Role.PSYCHOLOGIST]):
        return None
    trainers = tuple(by_role[Role.TRAINER][:2])
    return Staff(by_role[Role.COORDINATOR][0], trainers, by_role[Role.PSYCHOLOGIST][0])


# --- Who the beneficiaries are ---------------------------------------------------------------


def _profiles(country: str, today: date, rng: random.Random) -> list[Profile]:
    """Forty people, with every target group, part-time pace and case status represented."""
    roles = ["minor", "minor", "disability", "disability", "disability", "health", "parent"]
    roles += ["young"] * 8
    roles += ["adult"] * (CASES_PER_ORGANISATION - len(roles))
    rng.shuffle(roles)
    statuses = [CaseStatus.ON_HOLD] * 3 + [CaseStatus.CLOSED] * 4
    statuses += [CaseStatus.ACTIVE] * (CASES_PER_ORGANISATION - len(statuses))
    rng.shuffle(statuses)
    closures = [
        ClosureReason.EMPLOYMENT,
        ClosureReason.MOVED_AWAY,
        ClosureReason.LOST_CONTACT,
        ClosureReason.PATHWAY_COMPLETED,
    ]
    taken = {AMINA}
    profiles = []
    for number, (role, status) in enumerate(zip(roles, statuses, strict=True)):
        if country == "FR" and number == 0:
            profile = _amina(today)
        else:
            profile = _person(country, role, status, today, rng, taken)
        profile.status = status
        if status is CaseStatus.CLOSED:
            profile.closure_reason = closures.pop() if closures else ClosureReason.DECLINED
            profile.cutoff = today - timedelta(days=rng.randint(15, 100))
        elif status is CaseStatus.ON_HOLD:
            profile.hold_reason = rng.choice(HOLD_REASONS)
            profile.cutoff = today - timedelta(days=rng.randint(10, 45))
        else:
            profile.cutoff = today
        profile.track = _track(profile, today, rng)
        if country == "DE":
            profile.variant = _german_variant(profile, rng)
        profiles.append(profile)
    return profiles


def _amina(today: date) -> Profile:
    """Other code and tests rely on her: keep her name and details exactly."""
    return Profile(
        origin=people.ORIGINS["somalia"],
        gender=Gender.FEMALE,
        given_names=AMINA[0],
        family_name=AMINA[1],
        languages=["so", "ar"],
        preferred_language="ar",
        entered_on=today - timedelta(days=200),
        birth_date=date(2001, 3, 14),
        education=EducationLevel.LOWER_SECONDARY,
        psychologist=True,
    )


def _person(
    country: str,
    role: str,
    status: CaseStatus,
    today: date,
    rng: random.Random,
    taken: set[tuple[str, str]],
) -> Profile:
    weights = people.ORIGIN_WEIGHTS[country]
    origin = people.ORIGINS[rng.choices(list(weights), list(weights.values()))[0]]
    woman = role == "parent" or rng.random() < origin.share_of_women
    while True:
        given = rng.choice(origin.women if woman else origin.men)
        family = rng.choice(origin.families)
        if (given, family) not in taken:
            taken.add((given, family))
            break
    languages = list(rng.choice(origin.languages))
    # Closed cases and cases on hold have been open long enough for that to happen.
    if status is CaseStatus.CLOSED:
        days_ago = rng.randint(500, 900)
    elif status is CaseStatus.ON_HOLD:
        days_ago = rng.randint(120, 600)
    else:
        days_ago = rng.randint(60, 330) if role == "minor" else rng.randint(20, 800)
    entered_on = today - timedelta(days=days_ago)
    if role == "minor":
        age = rng.randint(15, 17)
    elif role == "young":
        age = rng.randint(18, 25)
    else:
        age = rng.choice((rng.randint(19, 25), rng.randint(26, 40), rng.randint(26, 58)))
    profile = Profile(
        origin=origin,
        gender=Gender.FEMALE if woman else Gender.MALE,
        given_names=given,
        family_name=family,
        languages=languages,
        preferred_language=languages[0],
        entered_on=entered_on,
        birth_date=_birth_date(age, entered_on, rng),
        minor=role == "minor",
        disability=role == "disability",
        education=_education(origin, role, rng),
    )
    if role == "disability" and rng.random() < 0.7:
        profile.intensity = rng.choice((50, 75))
        profile.intensity_reason = IntensityReason.DISABILITY
    elif role == "health":
        profile.intensity, profile.intensity_reason = 75, IntensityReason.HEALTH
    elif role == "parent":
        profile.intensity, profile.intensity_reason = 50, IntensityReason.PARENTAL_LEAVE
    profile.psychologist = role in ("minor", "disability") or rng.random() < 0.2
    return profile


def _birth_date(age: int, entered: date, rng: random.Random) -> date:
    """A birth date at which the person was ``age`` on the day they entered."""
    birth = entered - timedelta(days=int(age * 365.25) + rng.randint(2, 360))
    while cases.age_on(birth, entered) > age:
        birth += timedelta(days=7)
    while cases.age_on(birth, entered) < age:
        birth -= timedelta(days=7)
    return birth


def _education(origin: Origin, role: str, rng: random.Random) -> EducationLevel:
    if role == "minor":
        return rng.choice((EducationLevel.PRIMARY, EducationLevel.LOWER_SECONDARY))
    levels = list(EducationLevel)
    weights = [2, 3, 3, 3, 1, 1, 2, 1, 0, 1]
    if origin.country in ("UA", "SY", "IQ", "VE"):
        weights = [0, 1, 2, 4, 2, 2, 4, 2, 1, 0]
    return rng.choices(levels, weights)[0]


def _track(profile: Profile, today: date, rng: random.Random) -> str:
    """What follows the language course: recent arrivals and minors are still learning."""
    if profile.closure_reason is ClosureReason.EMPLOYMENT:
        return "employment"
    if profile.minor or (today - profile.entered_on).days < 200:
        return "language"
    tracks = ("employment", "training", "business", "language")
    return rng.choices(tracks, (5, 3, 1, 1))[0]


def _german_variant(profile: Profile, rng: random.Random) -> PathwayVariant:
    age = cases.age_on(profile.birth_date, profile.entered_on)
    if profile.education in (EducationLevel.NONE, EducationLevel.PRIMARY):
        return PathwayVariant.LITERACY
    if age < 27:
        return PathwayVariant.YOUTH
    if profile.gender is Gender.FEMALE and rng.random() < 0.5:
        return PathwayVariant.PARENTS_WOMEN
    if profile.education in (EducationLevel.BACHELOR, EducationLevel.MASTER):
        return PathwayVariant.INTENSIVE
    return PathwayVariant.STANDARD


# --- Writing one case file -------------------------------------------------------------------


class _CaseWriter:
    """Creates one case through the services, in the order a worker would."""

    def __init__(
        self,
        organisation: Organisation,
        staff: Staff,
        trainer: User,
        template: PathwayTemplate,
        profile: Profile,
        today: date,
        rng: random.Random,
    ) -> None:
        self.organisation = organisation
        self.country = organisation.country_code
        self.language = people.LANGUAGE_OF_COUNTRY[self.country]
        self.staff = staff
        self.trainer = trainer
        self.template = template
        self.profile = profile
        self.today = today
        self.rng = rng

    def write(self) -> None:
        beneficiary = cases.create_case(
            self.organisation, self._case_data(), self.trainer, self.today
        )
        self._consents(beneficiary)
        if self.profile.psychologist:
            cases.assign(beneficiary, self.staff.psychologist, self.staff.coordinator)
        pathway = pathways.create_pathway(beneficiary, self.template, self.trainer)
        self._settings(pathway)
        self._stages(pathway)
        self._notes(beneficiary)
        self._tasks(beneficiary)
        profile = self.profile
        if profile.status is not CaseStatus.ACTIVE:
            # The status service dates a closure on the day it is given as "today".
            cases.set_case_status(
                beneficiary, profile.status, self.trainer, profile.cutoff, profile.closure_reason
            )

    def _case_data(self) -> cases.CaseData:
        p, rng, lang = self.profile, self.rng, self.language
        disability = rng.choice(people.DISABILITIES[lang]) if p.disability else (None, None)
        arrival = p.entered_on - timedelta(days=rng.randint(20, 200 if p.minor else 540))
        if p.origin.country == "UA":
            arrival = max(arrival, date(2022, 3, 1))
        status = (
            ResidenceStatus.ASYLUM_SEEKER
            if p.minor and p.origin.country != "UA"
            else rng.choice(p.origin.statuses)
        )
        details = None
        if status in (ResidenceStatus.REFUGEE, ResidenceStatus.SUBSIDIARY_PROTECTION):
            valid_until = self.today.year + rng.randint(1, 9)
            details = people.RESIDENCE_DETAILS[lang].format(year=valid_until)
        guardian = rng.choice(people.GUARDIANS[self.country]) if p.minor else None
        return cases.CaseData(
            given_names=p.given_names,
            family_name=p.family_name,
            birth_date=p.birth_date,
            gender=p.gender,
            country_of_origin=p.origin.country,
            languages=p.languages,
            preferred_language=p.preferred_language,
            arrival_date=max(arrival, p.birth_date + timedelta(days=1)),
            residence_status=status,
            residence_details=details,
            education_level=p.education,
            work_experience=self._work_experience(),
            phone=self._phone() if rng.random() < 0.9 else None,
            email=self._email() if rng.random() < 0.4 else None,
            address=f"{rng.randint(2, 140)} {rng.choice(people.STREETS[self.country])}"
            if rng.random() < 0.8
            else None,
            unaccompanied_minor=p.minor,
            guardian_name=guardian,
            guardian_contact=self._phone() if guardian else None,
            has_disability=p.disability,
            disability_details=disability[0],
            accommodations=disability[1],
            entered_on=p.entered_on,
        )

    def _work_experience(self) -> str | None:
        p, rng = self.profile, self.rng
        age = cases.age_on(p.birth_date, p.entered_on)
        if p.minor or (age < 22 and rng.random() < 0.5):
            return people.NO_WORK_EXPERIENCE[self.language] if rng.random() < 0.5 else None
        occupation = rng.choice(people.OCCUPATIONS[self.language])
        years = rng.randint(2, max(2, min(15, age - 16)))
        return people.WORK_EXPERIENCE[self.language].format(years=years, occupation=occupation)

    def _phone(self) -> str:
        pattern = people.PHONE_FORMATS[self.country]
        return "".join(str(self.rng.randint(0, 9)) if c == "#" else c for c in pattern)

    def _email(self) -> str:
        def ascii_word(text: str) -> str:
            plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
            return "".join(c for c in plain.lower() if c.isalnum())

        p = self.profile
        number = self.rng.randint(1, 99)
        return f"{ascii_word(p.given_names)}.{ascii_word(p.family_name)}{number}@example.com"

    def _consents(self, beneficiary: Beneficiary) -> None:
        p, rng, today = self.profile, self.rng, self.today
        record = cases.record_consent
        record(beneficiary, ConsentPurpose.CASE_MANAGEMENT, p.entered_on, self.trainer, today)
        if rng.random() < 0.85:
            purpose = ConsentPurpose.ANONYMOUS_STATISTICS
            record(beneficiary, purpose, p.entered_on, self.trainer, today)
        if rng.random() < 0.35:
            given_on = min(today, p.entered_on + timedelta(days=rng.randint(0, 60)))
            record(beneficiary, ConsentPurpose.PARTNER_SHARING, given_on, self.trainer, today)

    def _settings(self, pathway: Pathway) -> None:
        p = self.profile
        if p.intensity == 100 and p.variant is PathwayVariant.STANDARD:
            return
        settings = pathways.PathwaySettings(p.intensity, p.intensity_reason, p.variant)
        pathways.update_pathway_settings(pathway, settings, pathway.version, self.trainer)

    def _days_between(self, first: date, last: date, count: int) -> list[date]:
        span = max(0, (last - first).days)
        return sorted(first + timedelta(days=self.rng.randint(0, span)) for _ in range(count))

    def _notes(self, beneficiary: Beneficiary) -> None:
        p, rng = self.profile, self.rng
        last = min(p.cutoff, self.today)
        written = rng.sample(people.NOTES[self.language], rng.randint(2, 5))
        for day, (kind, body) in zip(
            self._days_between(p.entered_on, last, len(written)), written, strict=True
        ):
            timeline.add_note(
                beneficiary,
                self.trainer,
                occurred_on=day,
                kind=kind,
                body=body.format(name=p.given_names),
                confidential=False,
                today=self.today,
            )
        if not p.psychologist:
            return
        sessions = people.CONFIDENTIAL_NOTES[self.language][: rng.randint(1, 4)]
        start = min(last, p.entered_on + timedelta(days=14))
        for day, (kind, body) in zip(
            self._days_between(start, last, len(sessions)), sessions, strict=True
        ):
            timeline.add_note(
                beneficiary,
                self.staff.psychologist,
                occurred_on=day,
                kind=kind,
                body=body.format(name=p.given_names),
                confidential=True,
                today=self.today,
            )

    def _tasks(self, beneficiary: Beneficiary) -> None:
        """One done, and for open cases one due soon, overdue or later, and sometimes a goal."""
        p, rng, today = self.profile, self.rng, self.today
        tasks = people.TASKS[self.language]
        follow_ups = [task for task in tasks if task[0] is TaskKind.FOLLOW_UP]
        goals = [task for task in tasks if task[0] is TaskKind.GOAL]
        chosen = rng.sample(follow_ups, 2)
        done_on = self._days_between(p.entered_on + timedelta(days=7), p.cutoff, 1)[0]
        due: list[tuple[tuple[TaskKind, str], date, bool]] = [(chosen[0], done_on, True)]
        closed = p.status is CaseStatus.CLOSED
        when = rng.choice(("overdue", "this_week", "later"))
        if when == "overdue":
            open_on = today - timedelta(days=rng.randint(1, 25))
        elif when == "this_week":
            open_on = today + timedelta(days=rng.randint(0, 6 - today.weekday()))
        else:
            open_on = today + timedelta(days=rng.randint(8, 45))
        due.append((chosen[1], min(open_on, p.cutoff) if closed else open_on, closed))
        if rng.random() < 0.5:
            due.append((rng.choice(goals), today + timedelta(days=rng.randint(30, 120)), closed))
        for (kind, title), due_on, done in due:
            task = timeline.add_task(
                beneficiary, self.trainer, title=title, due_on=due_on, owner=self.trainer, kind=kind
            )
            if done:
                timeline.complete_task(task, self.trainer)

    # Stages

    def _stages(self, pathway: Pathway) -> None:
        # The pathway holds the template's compulsory steps; an optional one is added, as
        # a worker would, when this person's track takes it.
        created = iter(pathway.stages)
        by_position = {
            position: next(created)
            for position, step in enumerate(self.template.stages, start=1)
            if not step.optional
        }
        for plan in self._plans():
            if plan.position is None:
                title = people.EXTRA_STAGE_TITLES[plan.kind][self.language]
                data = pathways.StageData(kind=plan.kind, title=title)
                stage = pathways.add_stage(pathway, data, self.trainer, self.today)
            elif plan.position in by_position:
                stage = by_position[plan.position]
            else:
                step = self.template.stages[plan.position - 1]
                data = pathways.StageData(
                    kind=step.kind, title=step.title, provider=step.provider,
                    hours_planned=step.hours_planned, hours_unit=step.hours_unit,
                    certificate=step.certificate,
                )  # fmt: skip
                stage = pathways.add_stage(pathway, data, self.trainer, self.today)
            _StageMover(self, stage, plan).move()

    def _plans(self) -> list[Plan]:
        """Every stage's planned dates; optional template stages off the track stay undated."""
        p, rng = self.profile, self.rng
        stretch = 100 / p.intensity

        def span(days: float) -> int:
            return max(0, round(days * stretch))

        hours = self._language_hours()
        language_start = rng.randint(10, 40)
        language_days = span(hours / WEEKLY_LANGUAGE_HOURS[self.country] * 7)
        language_end = language_start + language_days
        plans: list[Plan] = []
        used: set[int] = set()
        track = list(TRACKS[p.track])
        # Stages a template makes compulsory (Italy's SAI) belong to every track.
        for step in self.template.stages:
            handled_above = (StageKind.SOCIAL_SUPPORT, StageKind.EXIT_FOLLOW_UP)
            if (
                not step.optional
                and step.kind in EXTRA_ORDER
                and step.kind not in track
                and step.kind not in handled_above
            ):
                track.append(step.kind)
        track.sort(key=EXTRA_ORDER.index)
        social = 0
        for position, step in enumerate(self.template.stages, start=1):
            kind = step.kind
            if kind is StageKind.INTAKE:
                first = not any(plan.kind is StageKind.INTAKE for plan in plans)
                start = 0 if first else rng.randint(0, 2)
                plans.append(Plan(kind, start, 30 if self.country == "SE" else 0, position))
            elif kind is StageKind.HOST_LANGUAGE:
                plans.append(Plan(kind, language_start, language_days, position, hours))
            elif kind is StageKind.CIVIC_ORIENTATION:
                plans.append(self._civic(position, language_end, span))
            elif kind is StageKind.SOCIAL_SUPPORT:
                start, days = ((0, 365), (20, 180), (7, 240), (300, 150), (30, 330))[social % 5]
                social += 1
                plans.append(Plan(kind, start, span(days), position))
            elif kind is StageKind.EXIT_FOLLOW_UP:
                plans.append(Plan(kind, language_end + rng.randint(20, 80), 0, position))
            else:
                continue
            used.add(position)
        needs_support = p.minor or p.disability or rng.random() < 0.35
        if needs_support and not any(plan.kind is StageKind.SOCIAL_SUPPORT for plan in plans):
            plans.append(Plan(StageKind.SOCIAL_SUPPORT, rng.randint(0, 30), span(240)))
        cursor = language_start + language_days // 2
        for kind in track:
            if kind is StageKind.VOCATIONAL_TRAINING:
                plan = Plan(kind, cursor, span(rng.randint(120, 240)), hours=rng.choice((280, 400)))
            elif kind is StageKind.WORK_PLACEMENT:
                plan = Plan(kind, cursor, span(rng.randint(28, 84)))
            elif kind is StageKind.EMPLOYMENT:
                plan = Plan(kind, cursor, rng.randint(180, 365))
            elif kind is StageKind.BUSINESS_CREATION:
                plan = Plan(kind, cursor, span(rng.randint(240, 360)))
            else:
                employment = next((x for x in plans if x.kind is StageKind.EMPLOYMENT), None)
                if employment is None or any(x.kind is kind for x in plans):
                    continue
                plan = Plan(kind, employment.start + 180, 180)
            if kind is not StageKind.EXIT_FOLLOW_UP:
                cursor = plan.start + plan.days + rng.randint(5, 40)
            plan.position = self._template_position(kind, used)
            plans.append(plan)
        return plans

    def _template_position(self, kind: StageKind, used: set[int]) -> int | None:
        free = [
            position
            for position, step in enumerate(self.template.stages, start=1)
            if step.kind is kind and position not in used
        ]
        if not free:
            return None
        position = self.rng.choice(free)
        used.add(position)
        return position

    def _civic(self, position: int, language_end: int, span: Callable[[float], int]) -> Plan:
        rng, kind = self.rng, StageKind.CIVIC_ORIENTATION
        if self.country == "FR":
            return Plan(kind, rng.randint(20, 70), span(25), position, 24)
        if self.country == "DE":
            units = 30 if self.profile.variant is PathwayVariant.INTENSIVE else 100
            return Plan(kind, language_end + rng.randint(3, 14), span(35), position, units)
        if self.country == "SE":
            return Plan(kind, rng.randint(20, 40), span(120), position, 100)
        return Plan(kind, rng.randint(7, 30), span(60), position)

    def _language_hours(self) -> int:
        entry = _entry_level(self.profile.education)
        if self.country == "FR":
            return {0: 600, 1: 600, 2: 400}.get(entry.rank, 200 if entry.rank == 3 else 100)
        if self.country == "DE":
            return {
                PathwayVariant.STANDARD: 600,
                PathwayVariant.INTENSIVE: 400,
            }.get(self.profile.variant, 900)
        if self.country == "IT":
            return 200 if entry.rank < 3 else 100
        return 525 if entry.rank < 2 else 400


def _entry_level(education: EducationLevel) -> CefrLevel:
    return {
        EducationLevel.NONE: CefrLevel.LITERACY,
        EducationLevel.PRIMARY: CefrLevel.PRE_A1,
        EducationLevel.LOWER_SECONDARY: CefrLevel.A1,
        EducationLevel.UPPER_SECONDARY: CefrLevel.A1,
        EducationLevel.BACHELOR: CefrLevel.A2,
        EducationLevel.MASTER: CefrLevel.A2,
        EducationLevel.DOCTORATE: CefrLevel.A2,
    }.get(education, CefrLevel.PRE_A1)


def _level(rank: int) -> CefrLevel:
    levels = list(CefrLevel)
    return levels[max(0, min(rank, len(levels) - 1))]


class _StageMover:
    """Plans one stage, then starts, completes or interrupts it, as the dates say."""

    def __init__(self, writer: _CaseWriter, stage: Stage, plan: Plan) -> None:
        self.writer = writer
        self.stage = stage
        self.plan = plan
        self.rng = writer.rng
        self.today = writer.today
        self.worker = writer.trainer
        self.language = writer.language

    def save(self, **changes: object) -> None:
        data = replace(pathways.stage_data_of(self.stage), **changes)  # type: ignore[arg-type]
        pathways.update_stage(self.stage, data, self.stage.version, self.worker, self.today)

    def move(self) -> None:
        plan, rng, profile = self.plan, self.rng, self.writer.profile
        entered = profile.entered_on
        planned_start = entered + timedelta(days=plan.start)
        planned_end = planned_start + timedelta(days=plan.days)
        self.save(
            planned_start=planned_start,
            planned_end=planned_end,
            hours_planned=plan.hours if plan.hours is not None else self.stage.hours_planned,
            **self._planned_fields(),
        )
        delay = 0 if plan.start == 0 else rng.randint(0, 6)
        actual_start = planned_start + timedelta(days=delay)
        actual_end = max(actual_start, planned_end + timedelta(days=rng.randint(-4, 8)))
        if plan.days == 0:
            actual_end = actual_start
        cutoff = profile.cutoff
        if actual_start > cutoff:
            return
        pathways.start_stage(self.stage, actual_start, self.worker, self.today)
        self._entry_levels(actual_start)
        kind = self.stage.kind
        if actual_end <= cutoff:
            skip_random = kind is StageKind.INTAKE or plan.days < 30
            if not skip_random and profile.status is CaseStatus.ACTIVE and rng.random() < 0.07:
                length = (actual_end - actual_start).days
                stop = actual_start + timedelta(days=rng.randint(1, length))
                self._interrupt(stop, rng.choice(RANDOM_INTERRUPTIONS))
            else:
                self._complete(actual_start, actual_end)
        elif cutoff == self.today:
            self.save(**self._progress(actual_start, cutoff, actual_end), **self._started_fields())
        elif self._ends_with_case(kind, profile.closure_reason):
            self._complete(actual_start, cutoff)
        else:
            reason = profile.hold_reason or CLOSURE_INTERRUPTIONS.get(
                profile.closure_reason or ClosureReason.OTHER, InterruptionReason.OTHER
            )
            self._interrupt(cutoff, reason)

    @staticmethod
    def _ends_with_case(kind: StageKind, closure: ClosureReason | None) -> bool:
        """A stage running when its case closed on a success ends completed, not cut short."""
        if closure is ClosureReason.PATHWAY_COMPLETED:
            return True
        return kind is StageKind.EMPLOYMENT and closure is ClosureReason.EMPLOYMENT

    def _progress(self, start: date, until: date, end: date) -> dict[str, object]:
        """Hours attended by ``until``, never more than planned."""
        planned = self.stage.hours_planned
        if planned is None:
            return {}
        share = 1.0 if end <= start else min(1.0, (until - start).days / max(1, (end - start).days))
        attended = int(planned * share * self.rng.uniform(0.78, 0.98))
        return {"hours_attended": min(planned, attended)}

    def _complete(self, start: date, end: date) -> None:
        outcome = people.OUTCOMES.get(self.stage.kind, {}).get(self.language)
        details = {**self._progress(start, end, end), **self._started_fields(done=True)}
        if outcome or details:
            # The worker fills in hours and outcome on the same form that marks it completed.
            self.save(status=StageStatus.COMPLETED, actual_end=end, outcome=outcome, **details)
        else:
            pathways.complete_stage(self.stage, end, self.worker, self.today)
        self._achieved_levels(end)

    def _interrupt(self, on: date, reason: InterruptionReason) -> None:
        start = self.stage.actual_start or on
        planned_end = self.stage.planned_end or on
        self.save(
            status=StageStatus.INTERRUPTED,
            actual_end=max(on, start),
            interruption_reason=reason,
            interruption_details=people.INTERRUPTIONS[self.language].get(reason),
            **self._progress(start, on, max(planned_end, start)),
            **self._started_fields(abandoned=True),
        )

    def _planned_fields(self) -> dict[str, object]:
        kind, lang, rng = self.stage.kind, self.language, self.rng
        fields: dict[str, object] = {"goals": people.GOALS.get(kind, {}).get(lang)}
        if kind is StageKind.HOST_LANGUAGE and self.writer.country in LANGUAGE_CERTIFICATES:
            fields["certificate"] = rng.choice(LANGUAGE_CERTIFICATES[self.writer.country])
        elif kind is StageKind.EMPLOYMENT:
            trade, section, contracts = rng.choice(people.JOBS[lang])
            self.plan.fields = {
                "nace_section": section,
                "contract_type": rng.choice(contracts),
                "hours_per_week": rng.choice((20, 24, 30, 35, 35, 39)),
            }
            fields["goals"] = trade
            fields["nace_section"] = section
        elif kind is StageKind.BUSINESS_CREATION:
            fields["business_activity"] = rng.choice(people.BUSINESSES[lang])
            fields["plan_status"] = BusinessPlanStatus.IDEA
        return fields

    def _started_fields(self, *, done: bool = False, abandoned: bool = False) -> dict[str, object]:
        kind = self.stage.kind
        if kind is StageKind.EMPLOYMENT:
            fields = dict(self.plan.fields)
            if self.writer.profile.intensity < 100:
                fields["hours_per_week"] = round(35 * self.writer.profile.intensity / 100)
            return fields
        if kind is StageKind.BUSINESS_CREATION:
            if abandoned:
                return {"plan_status": BusinessPlanStatus.ABANDONED}
            if done:
                start = self.stage.actual_start or self.today
                registered = min(self.today, start + timedelta(days=self.plan.days - 20))
                return {
                    "plan_status": BusinessPlanStatus.REGISTERED,
                    "registration_date": max(start, registered),
                }
            drafting, complete = BusinessPlanStatus.DRAFTING, BusinessPlanStatus.COMPLETE
            return {"plan_status": self.rng.choice((drafting, drafting, complete))}
        return {}

    # Language levels (CEFR), overall and per skill for some learners.

    def _entry_levels(self, on: date) -> None:
        if self.stage.kind is not StageKind.HOST_LANGUAGE:
            return
        entry = _entry_level(self.writer.profile.education)
        target = self._target(entry)
        levels: dict[tuple[AssessmentPoint, LanguageSkill], tuple[CefrLevel | None, date | None]]
        levels = {
            (AssessmentPoint.ENTRY, LanguageSkill.OVERALL): (entry, on),
            (AssessmentPoint.TARGET, LanguageSkill.OVERALL): (target, None),
        }
        if self.rng.random() < 0.5:
            for skill in (LanguageSkill.LISTENING, LanguageSkill.SPEAKING):
                levels[(AssessmentPoint.ENTRY, skill)] = (_level(entry.rank + 1), on)
            for skill in (LanguageSkill.READING, LanguageSkill.WRITING):
                levels[(AssessmentPoint.ENTRY, skill)] = (entry, on)
        pathways.set_language_levels(self.stage, levels, self.worker, self.today)

    def _achieved_levels(self, on: date) -> None:
        if self.stage.kind is not StageKind.HOST_LANGUAGE:
            return
        entry = _entry_level(self.writer.profile.education)
        target = self._target(entry)
        achieved = target if self.rng.random() < 0.7 else _level(target.rank - 1)
        levels: dict[tuple[AssessmentPoint, LanguageSkill], tuple[CefrLevel | None, date | None]]
        levels = {(AssessmentPoint.ACHIEVED, LanguageSkill.OVERALL): (achieved, on)}
        if any(a.skill is not LanguageSkill.OVERALL for a in self.stage.assessments):
            levels[(AssessmentPoint.ACHIEVED, LanguageSkill.SPEAKING)] = (
                _level(achieved.rank + 1),
                on,
            )
            levels[(AssessmentPoint.ACHIEVED, LanguageSkill.WRITING)] = (
                _level(achieved.rank - 1),
                on,
            )
        pathways.set_language_levels(self.stage, levels, self.worker, self.today)

    def _target(self, entry: CefrLevel) -> CefrLevel:
        if self.writer.country == "DE":
            literacy = self.writer.profile.variant is PathwayVariant.LITERACY
            return CefrLevel.A2 if literacy else CefrLevel.B1
        return CefrLevel.B1 if entry.rank >= CefrLevel.A2.rank else CefrLevel.A2
