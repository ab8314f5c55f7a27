"""The coded vocabulary of pathways and case files, with translated labels in one place.

Each enum stores a stable code (lowercase, except NACE section letters) and has a `.label`
looked up in the `*_LABELS` dict that follows it; `VOCABULARY` lists them all. Labels are
lazy, so they render in the language of the request that reads them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, overload

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from jinja2.runtime import Context

from app.i18n import locale_code, page_locale


class Labelled:
    """Mixin for the enums below: `.label` renders the member's translated label."""

    @property
    def label(self) -> str:
        return _label(locale_code(), type(self), self)  # type: ignore[arg-type]  # mypy reads a class's own __hash__, not its metaclass's: classes are hashable


@pass_context
def page_label(context: Context, member: Labelled) -> str:
    """The ``label`` filter: a member's label in the locale the page is rendered in."""
    return _label(page_locale(context), type(member), member)  # type: ignore[arg-type]  # as in Labelled.label


# A list page shows hundreds of labels: each is translated once per locale. The enum is
# part of the key, as members of two enums with the same code compare equal.
@lru_cache(maxsize=4096)
def _label(locale: str, vocabulary: type[Labelled], member: Labelled) -> str:
    return str(VOCABULARY[vocabulary][member])


@overload
def choices(enum_cls: type[enum.StrEnum]) -> list[tuple[str, LazyString]]: ...
@overload
def choices(enum_cls: type[enum.IntEnum]) -> list[tuple[int, LazyString]]: ...
def choices(
    enum_cls: type[enum.StrEnum] | type[enum.IntEnum],
) -> list[tuple[Any, LazyString]]:
    """`(code, label)` pairs in definition order, for form select fields.

    The labels stay lazy, so choices built at import time (a form class attribute) still
    render in the language of each request instead of freezing in English.
    """
    labels = VOCABULARY[enum_cls]
    return [(member.value, labels[member]) for member in enum_cls]


# --- Pathway stages -------------------------------------------------------------------------


class StageKind(Labelled, enum.StrEnum):
    INTAKE = "intake"
    HOST_LANGUAGE = "host_language"
    CIVIC_ORIENTATION = "civic_orientation"
    SOCIAL_SUPPORT = "social_support"
    VOCATIONAL_TRAINING = "vocational_training"
    WORK_PLACEMENT = "work_placement"
    EMPLOYMENT = "employment"
    BUSINESS_CREATION = "business_creation"
    EXIT_FOLLOW_UP = "exit_follow_up"

    @property
    def explanation(self) -> str:
        """One plain sentence, for beneficiaries, on what this stage is for."""
        return str(STAGE_KIND_EXPLANATIONS[self])


STAGE_KIND_LABELS = {
    StageKind.INTAKE: _l("Intake interview"),
    StageKind.HOST_LANGUAGE: _l("Language course"),
    StageKind.CIVIC_ORIENTATION: _l("Civic orientation"),
    StageKind.SOCIAL_SUPPORT: _l("Social support"),
    StageKind.VOCATIONAL_TRAINING: _l("Vocational training"),
    StageKind.WORK_PLACEMENT: _l("Work placement"),
    StageKind.EMPLOYMENT: _l("Employment"),
    StageKind.BUSINESS_CREATION: _l("Starting a business"),
    StageKind.EXIT_FOLLOW_UP: _l("Exit and follow-up"),
}

STAGE_KIND_EXPLANATIONS = {
    StageKind.INTAKE: _l(
        "We get to know you: your skills, your work experience, your languages and what you need."
    ),
    StageKind.HOST_LANGUAGE: _l(
        "You learn the language of the country for daily life and work, and can take an exam."
    ),
    StageKind.CIVIC_ORIENTATION: _l(
        "You learn how life works here: your rights, your duties, public services and values."
    ),
    StageKind.SOCIAL_SUPPORT: _l(
        "We help you with housing, health, paperwork and other problems of daily life."
    ),
    StageKind.VOCATIONAL_TRAINING: _l(
        "You learn a trade or have the skills you already have recognised."
    ),
    StageKind.WORK_PLACEMENT: _l(
        "You work for a while in a company to learn the job and show what you can do."
    ),
    StageKind.EMPLOYMENT: _l("You have a job, and we stay in touch while you settle in."),
    StageKind.BUSINESS_CREATION: _l("We help you plan and register your own business."),
    StageKind.EXIT_FOLLOW_UP: _l(
        "Your support ends, and we ask how you are doing 6 and 12 months later."
    ),
}


class StageStatus(Labelled, enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


STAGE_STATUS_LABELS = {
    StageStatus.PLANNED: _l("Planned"),
    StageStatus.IN_PROGRESS: _l("In progress"),
    StageStatus.COMPLETED: _l("Completed"),
    StageStatus.INTERRUPTED: _l("Interrupted"),
}


class InterruptionReason(Labelled, enum.StrEnum):
    HEALTH = "health"
    PREGNANCY_OR_PARENTAL_LEAVE = "pregnancy_or_parental_leave"
    CHILDCARE = "childcare"
    FOUND_WORK = "found_work"
    OTHER_TRAINING = "other_training"
    MOVED_AWAY = "moved_away"
    ADMINISTRATIVE = "administrative"
    LOST_CONTACT = "lost_contact"
    PERSONAL_REASONS = "personal_reasons"
    OTHER = "other"


INTERRUPTION_REASON_LABELS = {
    InterruptionReason.HEALTH: _l("Health"),
    InterruptionReason.PREGNANCY_OR_PARENTAL_LEAVE: _l("Pregnancy or parental leave"),
    InterruptionReason.CHILDCARE: _l("No childcare"),
    InterruptionReason.FOUND_WORK: _l("Found work"),
    InterruptionReason.OTHER_TRAINING: _l("Started other training"),
    InterruptionReason.MOVED_AWAY: _l("Moved away"),
    InterruptionReason.ADMINISTRATIVE: _l("Residence status or paperwork"),
    InterruptionReason.LOST_CONTACT: _l("Lost contact"),
    InterruptionReason.PERSONAL_REASONS: _l("Personal reasons"),
    InterruptionReason.OTHER: _l("Other"),
}


class HoursUnit(Labelled, enum.StrEnum):
    """What a stage's planned hours count: clock hours, or the teaching units of a scheme."""

    HOUR = "hour"
    TEACHING_UNIT = "teaching_unit"


HOURS_UNIT_LABELS = {
    HoursUnit.HOUR: _l("Hours"),
    HoursUnit.TEACHING_UNIT: _l("Teaching units"),
}


# --- Language levels ------------------------------------------------------------------------


class CefrLevel(Labelled, enum.StrEnum):
    """CEFR levels, with LASLLIAM literacy below Pre-A1; ordered by `rank`, not by code.

    Comparisons between levels (`<`, `max()`, `sorted()`) follow the rank; comparing a level
    with a plain string falls back to string order, so convert codes with `CefrLevel(code)`.
    """

    LITERACY = "literacy"
    PRE_A1 = "pre_a1"
    A1 = "a1"
    A2 = "a2"
    B1 = "b1"
    B2 = "b2"
    C1 = "c1"
    C2 = "c2"

    @property
    def rank(self) -> int:
        """0 for literacy, 1 for Pre-A1, 2 for A1 ... 7 for C2."""
        return _CEFR_RANKS[self]

    def __lt__(self, other: object) -> bool:
        if isinstance(other, CefrLevel):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, CefrLevel):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, CefrLevel):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, CefrLevel):
            return self.rank >= other.rank
        return NotImplemented


_CEFR_RANKS = {level: rank for rank, level in enumerate(CefrLevel)}

CEFR_LEVEL_LABELS = {
    # Translators: the lowest level, for adults still learning to read and write (LASLLIAM).
    CefrLevel.LITERACY: _l("Literacy"),
    # Translators: CEFR level names are international; change them only if your language
    # writes them differently.
    CefrLevel.PRE_A1: _l("Pre-A1"),
    CefrLevel.A1: _l("A1"),
    CefrLevel.A2: _l("A2"),
    CefrLevel.B1: _l("B1"),
    CefrLevel.B2: _l("B2"),
    CefrLevel.C1: _l("C1"),
    CefrLevel.C2: _l("C2"),
}


def levels_gained(before: CefrLevel, after: CefrLevel) -> int:
    """How many levels a learner moved up (negative if the later level is lower)."""
    return after.rank - before.rank


class LanguageSkill(Labelled, enum.StrEnum):
    LISTENING = "listening"
    READING = "reading"
    SPEAKING = "speaking"
    WRITING = "writing"
    OVERALL = "overall"


LANGUAGE_SKILL_LABELS = {
    LanguageSkill.LISTENING: _l("Listening"),
    LanguageSkill.READING: _l("Reading"),
    LanguageSkill.SPEAKING: _l("Speaking"),
    LanguageSkill.WRITING: _l("Writing"),
    LanguageSkill.OVERALL: _l("Overall"),
}


# --- Pace and variants ----------------------------------------------------------------------


class Intensity(Labelled, enum.IntEnum):
    """Share of full time a pathway runs at (Sweden allows 75, 50 or 25 %); stored as int."""

    FULL = 100
    THREE_QUARTERS = 75
    HALF = 50
    QUARTER = 25

    @property
    def fraction(self) -> float:
        return self.value / 100

    def scale(self, full_time_hours: int) -> int:
        """Hours at this intensity for a stage planned at `full_time_hours` full time."""
        return round(full_time_hours * self.value / 100)


INTENSITY_LABELS = {
    Intensity.FULL: _l("Full time (100%)"),
    Intensity.THREE_QUARTERS: _l("Three-quarter time (75%)"),
    Intensity.HALF: _l("Half time (50%)"),
    Intensity.QUARTER: _l("Quarter time (25%)"),
}


class IntensityReason(Labelled, enum.StrEnum):
    HEALTH = "health"
    DISABILITY = "disability"
    PARENTAL_LEAVE = "parental_leave"
    OTHER = "other"


INTENSITY_REASON_LABELS = {
    IntensityReason.HEALTH: _l("Health"),
    IntensityReason.DISABILITY: _l("Disability"),
    IntensityReason.PARENTAL_LEAVE: _l("Parental leave"),
    IntensityReason.OTHER: _l("Other"),
}


class PathwayVariant(Labelled, enum.StrEnum):
    """Course variants of a pathway's scheme.

    Germany's integration course (BAMF) has all of them: youth (up to 27), parents' and
    women's, literacy and second-script (up to about 1,000 units), intensive (about 430
    units). France (CIR), Italy (SAI) and Sweden (Etableringsprogrammet) use `standard` only;
    Sweden adapts the pace through `Intensity` instead.
    """

    STANDARD = "standard"
    YOUTH = "youth"
    PARENTS_WOMEN = "parents_women"
    LITERACY = "literacy"
    INTENSIVE = "intensive"
    SECOND_SCRIPT = "second_script"


PATHWAY_VARIANT_LABELS = {
    PathwayVariant.STANDARD: _l("Standard course"),
    PathwayVariant.YOUTH: _l("Youth course"),
    PathwayVariant.PARENTS_WOMEN: _l("Parents' and women's course"),
    PathwayVariant.LITERACY: _l("Literacy course"),
    PathwayVariant.INTENSIVE: _l("Intensive course"),
    PathwayVariant.SECOND_SCRIPT: _l("Course for learners of a second script"),
}


# --- Employment and business ----------------------------------------------------------------


class ContractType(Labelled, enum.StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    TEMPORARY_AGENCY = "temporary_agency"
    APPRENTICESHIP = "apprenticeship"
    SUBSIDISED = "subsidised"
    SELF_EMPLOYED = "self_employed"
    OTHER = "other"


CONTRACT_TYPE_LABELS = {
    ContractType.PERMANENT: _l("Permanent contract"),
    ContractType.FIXED_TERM: _l("Fixed-term contract"),
    ContractType.TEMPORARY_AGENCY: _l("Temporary agency work"),
    ContractType.APPRENTICESHIP: _l("Apprenticeship"),
    ContractType.SUBSIDISED: _l("Subsidised job"),
    ContractType.SELF_EMPLOYED: _l("Self-employed"),
    ContractType.OTHER: _l("Other"),
}


class NaceSection(Labelled, enum.StrEnum):
    """The 21 sections of NACE Rev. 2, stored as their upper-case letter."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741 -- the official section letter
    J = "J"
    K = "K"
    L = "L"
    M = "M"
    N = "N"
    O = "O"  # noqa: E741 -- the official section letter
    P = "P"
    Q = "Q"
    R = "R"
    S = "S"
    T = "T"
    U = "U"


NACE_SECTION_LABELS = {
    NaceSection.A: _l("Agriculture, forestry and fishing"),
    NaceSection.B: _l("Mining and quarrying"),
    NaceSection.C: _l("Manufacturing"),
    NaceSection.D: _l("Electricity, gas, steam and air conditioning supply"),
    NaceSection.E: _l("Water supply; sewerage, waste management and remediation activities"),
    NaceSection.F: _l("Construction"),
    NaceSection.G: _l("Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    NaceSection.H: _l("Transportation and storage"),
    NaceSection.I: _l("Accommodation and food service activities"),
    NaceSection.J: _l("Information and communication"),
    NaceSection.K: _l("Financial and insurance activities"),
    NaceSection.L: _l("Real estate activities"),
    NaceSection.M: _l("Professional, scientific and technical activities"),
    NaceSection.N: _l("Administrative and support service activities"),
    NaceSection.O: _l("Public administration and defence; compulsory social security"),
    NaceSection.P: _l("Education"),
    NaceSection.Q: _l("Human health and social work activities"),
    NaceSection.R: _l("Arts, entertainment and recreation"),
    NaceSection.S: _l("Other service activities"),
    NaceSection.T: _l(
        "Activities of households as employers; undifferentiated goods- and"
        " services-producing activities of households for own use"
    ),
    NaceSection.U: _l("Activities of extraterritorial organisations and bodies"),
}


class BusinessPlanStatus(Labelled, enum.StrEnum):
    IDEA = "idea"
    DRAFTING = "drafting"
    COMPLETE = "complete"
    REGISTERED = "registered"
    ABANDONED = "abandoned"


BUSINESS_PLAN_STATUS_LABELS = {
    BusinessPlanStatus.IDEA: _l("Idea"),
    BusinessPlanStatus.DRAFTING: _l("Plan being written"),
    BusinessPlanStatus.COMPLETE: _l("Plan complete"),
    BusinessPlanStatus.REGISTERED: _l("Business registered"),
    BusinessPlanStatus.ABANDONED: _l("Abandoned"),
}


# --- Case files -----------------------------------------------------------------------------


class NoteKind(Labelled, enum.StrEnum):
    MEETING = "meeting"
    TRAINING_SESSION = "training_session"
    PHONE_CALL = "phone_call"
    ASSESSMENT = "assessment"
    HOME_VISIT = "home_visit"
    OTHER = "other"


NOTE_KIND_LABELS = {
    NoteKind.MEETING: _l("Meeting"),
    NoteKind.TRAINING_SESSION: _l("Training session"),
    NoteKind.PHONE_CALL: _l("Phone call"),
    NoteKind.ASSESSMENT: _l("Assessment"),
    NoteKind.HOME_VISIT: _l("Home visit"),
    NoteKind.OTHER: _l("Other"),
}


class Gender(Labelled, enum.StrEnum):
    """Recorded for statistics only."""

    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    NOT_STATED = "not_stated"


GENDER_LABELS = {
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
    Gender.NON_BINARY: _l("Non-binary"),
    Gender.NOT_STATED: _l("Prefer not to say"),
}


class EducationLevel(Labelled, enum.StrEnum):
    """Highest completed education, grouped by ISCED 2011 level."""

    NONE = "none"
    PRIMARY = "primary"
    LOWER_SECONDARY = "lower_secondary"
    UPPER_SECONDARY = "upper_secondary"
    POST_SECONDARY = "post_secondary_non_tertiary"
    SHORT_CYCLE_TERTIARY = "short_cycle_tertiary"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"
    UNKNOWN = "unknown"


EDUCATION_LEVEL_LABELS = {
    EducationLevel.NONE: _l("No formal education"),
    EducationLevel.PRIMARY: _l("Primary school"),
    EducationLevel.LOWER_SECONDARY: _l("Lower secondary school"),
    EducationLevel.UPPER_SECONDARY: _l("Upper secondary school"),
    EducationLevel.POST_SECONDARY: _l("Post-secondary course (not university)"),
    EducationLevel.SHORT_CYCLE_TERTIARY: _l("Short higher-education course"),
    EducationLevel.BACHELOR: _l("Bachelor's degree or equivalent"),
    EducationLevel.MASTER: _l("Master's degree or equivalent"),
    EducationLevel.DOCTORATE: _l("Doctorate"),
    EducationLevel.UNKNOWN: _l("Unknown"),
}


class ResidenceStatus(Labelled, enum.StrEnum):
    ASYLUM_SEEKER = "asylum_seeker"
    REFUGEE = "refugee"
    SUBSIDIARY_PROTECTION = "subsidiary_protection"
    TEMPORARY_PROTECTION = "temporary_protection"
    FAMILY_REUNIFICATION = "family_reunification"
    WORK_PERMIT = "work_permit"
    EU_CITIZEN = "eu_citizen"
    OTHER = "other"
    UNKNOWN = "unknown"


RESIDENCE_STATUS_LABELS = {
    ResidenceStatus.ASYLUM_SEEKER: _l("Asylum seeker"),
    ResidenceStatus.REFUGEE: _l("Refugee"),
    ResidenceStatus.SUBSIDIARY_PROTECTION: _l("Subsidiary protection"),
    ResidenceStatus.TEMPORARY_PROTECTION: _l("Temporary protection"),
    ResidenceStatus.FAMILY_REUNIFICATION: _l("Family reunification"),
    ResidenceStatus.WORK_PERMIT: _l("Work permit"),
    ResidenceStatus.EU_CITIZEN: _l("EU citizen"),
    ResidenceStatus.OTHER: _l("Other"),
    ResidenceStatus.UNKNOWN: _l("Unknown"),
}


class TargetGroup(Labelled, enum.StrEnum):
    WOMAN = "woman"
    YOUNG_PERSON = "young_person"
    UNACCOMPANIED_MINOR = "unaccompanied_minor"
    DISABILITY = "disability"


TARGET_GROUP_LABELS = {
    TargetGroup.WOMAN: _l("Woman"),
    TargetGroup.YOUNG_PERSON: _l("Young person"),
    TargetGroup.UNACCOMPANIED_MINOR: _l("Unaccompanied minor"),
    TargetGroup.DISABILITY: _l("Person with a disability"),
}


class CaseStatus(Labelled, enum.StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


CASE_STATUS_LABELS = {
    CaseStatus.ACTIVE: _l("Active"),
    CaseStatus.ON_HOLD: _l("On hold"),
    CaseStatus.CLOSED: _l("Closed"),
}


class ClosureReason(Labelled, enum.StrEnum):
    PATHWAY_COMPLETED = "pathway_completed"
    EMPLOYMENT = "employment"
    MOVED_AWAY = "moved_away"
    LOST_CONTACT = "lost_contact"
    DECLINED = "declined"
    DECEASED = "deceased"
    OTHER = "other"


CLOSURE_REASON_LABELS = {
    ClosureReason.PATHWAY_COMPLETED: _l("Pathway completed"),
    ClosureReason.EMPLOYMENT: _l("Found work"),
    ClosureReason.MOVED_AWAY: _l("Moved away"),
    ClosureReason.LOST_CONTACT: _l("Lost contact"),
    ClosureReason.DECLINED: _l("No longer wants support"),
    ClosureReason.DECEASED: _l("Deceased"),
    ClosureReason.OTHER: _l("Other"),
}


class ConsentPurpose(Labelled, enum.StrEnum):
    CASE_MANAGEMENT = "case_management"
    PARTNER_SHARING = "partner_sharing"
    ANONYMOUS_STATISTICS = "anonymous_statistics"


CONSENT_PURPOSE_LABELS = {
    ConsentPurpose.CASE_MANAGEMENT: _l("Following my pathway"),
    ConsentPurpose.PARTNER_SHARING: _l("Sharing with partner organisations"),
    ConsentPurpose.ANONYMOUS_STATISTICS: _l("Anonymous statistics"),
}


# Every labelled enum and its labels: forms, exports and the tests walk this.
# Keyed by the enum class; each inner mapping is keyed by that class's members.
VOCABULARY: Mapping[type, Mapping[Any, LazyString]] = {
    StageKind: STAGE_KIND_LABELS,
    StageStatus: STAGE_STATUS_LABELS,
    InterruptionReason: INTERRUPTION_REASON_LABELS,
    HoursUnit: HOURS_UNIT_LABELS,
    CefrLevel: CEFR_LEVEL_LABELS,
    LanguageSkill: LANGUAGE_SKILL_LABELS,
    Intensity: INTENSITY_LABELS,
    IntensityReason: INTENSITY_REASON_LABELS,
    PathwayVariant: PATHWAY_VARIANT_LABELS,
    ContractType: CONTRACT_TYPE_LABELS,
    NaceSection: NACE_SECTION_LABELS,
    BusinessPlanStatus: BUSINESS_PLAN_STATUS_LABELS,
    NoteKind: NOTE_KIND_LABELS,
    Gender: GENDER_LABELS,
    EducationLevel: EDUCATION_LEVEL_LABELS,
    ResidenceStatus: RESIDENCE_STATUS_LABELS,
    TargetGroup: TARGET_GROUP_LABELS,
    CaseStatus: CASE_STATUS_LABELS,
    ClosureReason: CLOSURE_REASON_LABELS,
    ConsentPurpose: CONSENT_PURPOSE_LABELS,
}
