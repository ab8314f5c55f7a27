"""Creating and editing a case file through the pages, with every kind of bad input."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.roles import Role
from app.cases.models import Beneficiary, CaseEvent
from app.cases.pathways.models import Stage
from app.cases.pathways.templates import template_for_country
from app.extensions import db
from tests.casefiles import Office
from tests.helpers import statements_on_main_database, statements_with_parameters

NEXT_YEAR = datetime.now(UTC).year + 1


def profile_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "given_names": "Yonas",
        "family_name": "Tesfaye",
        "birth_date": "2003-02-03",
        "gender": "male",
        "country_of_origin": "ER",
        "languages": ["ti", "ar"],
        "preferred_language": "ti",
        "arrival_date": "2024-05-20",
        "entered_on": "2026-02-01",
        "residence_status": "refugee",
        "education_level": "lower_secondary",
        "work_experience": "Mécanicien",
        "phone": "+33 6 00 00 00 00",
        "email": "",
        "address": "",
        "young_person_override": "",
        "guardian_name": "",
        "guardian_contact": "",
        "residence_details": "",
        "disability_details": "",
        "accommodations": "",
        "version": "0",
        "use_template": "1",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def _count(app: Flask, model: type = Beneficiary) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_trainer_creates_a_case_with_the_national_pathway(app: Flask, office: Office) -> None:
    client = office.client(app)
    response = client.post("/cases/new", profile_form())
    assert response.status_code == 302, response.text
    page = client.text(response.headers["Location"])
    number = re.search(r"FR-\d{4}-\d{5}", page)
    assert number and number.group(0) == "FR-2026-00001"
    assert "Yonas Tesfaye" in page
    with app.app_context():
        beneficiary = db.session.scalar(select(Beneficiary))
        stages = db.session.scalars(select(Stage).order_by(Stage.position)).all()
        template = template_for_country("FR")
        assert [s.title for s in stages] == [step.title for step in template.stages]
        assert beneficiary.young_person is True
        assert beneficiary.birth_year == 2003
        actions = db.session.scalars(select(CaseEvent.action)).all()
        assert {"case_created", "pathway_created"} <= set(actions)


def test_case_numbers_count_per_organisation_and_year(app: Flask, office: Office) -> None:
    client = office.client(app)
    client.post("/cases/new", profile_form())
    client.post("/cases/new", profile_form(given_names="Selam", birth_date="2000-01-01"))
    client.post("/cases/new", profile_form(given_names="Olena", entered_on="2025-12-30"))
    with app.app_context():
        numbers = sorted(db.session.scalars(select(Beneficiary.case_number)))
    assert numbers == ["FR-2025-00001", "FR-2026-00001", "FR-2026-00002"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth_date": f"{NEXT_YEAR}-01-01"}, "The date of birth cannot be in the future."),
        ({"birth_date": "2099-01-01"}, "Enter a date between the years 1900 and"),
        ({"birth_date": "1899-12-31"}, "Enter a date between the years 1900 and"),
        ({"arrival_date": "1990-01-01"}, "The arrival date cannot be before the date of birth."),
        ({"birth_date": "31/02/2000"}, "Enter a real date, for example 2026-03-27."),
        ({"birth_date": ""}, "Enter the date of birth."),
        ({"family_name": "  "}, "Enter the family name."),
        ({"family_name": "x" * 201}, "at most 200 characters"),
        ({"country_of_origin": "XX"}, "Choose one of the options in the list."),
        ({"languages": ["ti", "xx"]}, "Choose languages from the list."),
        ({"preferred_language": "klingon"}, "Choose one of the options in the list."),
        ({"gender": "unknown-code"}, "Choose one of the options in the list."),
        (
            {"unaccompanied_minor": "y", "guardian_name": "Tuteur"},
            "An unaccompanied minor must be under 18 at the start of support.",
        ),
        (
            {"unaccompanied_minor": "y", "birth_date": "2010-01-01"},
            "Enter the guardian or legal representative of the minor.",
        ),
        ({"work_experience": "y" * 4001}, "at most 4000 characters"),
        ({"email": "not-an-address"}, "Enter an e-mail address in the form name@example.org."),
    ],
)
def test_bad_case_input_is_refused_next_to_the_field_and_nothing_is_saved(
    app: Flask, office: Office, changes: dict[str, Any], message: str
) -> None:
    client = office.client(app)
    response = client.post("/cases/new", profile_form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert 'class="field__error"' in response.text
    assert _count(app) == 0
    assert _count(app, CaseEvent) == 0


def test_dates_typed_with_arabic_or_persian_digits_are_accepted(app: Flask, office: Office) -> None:
    client = office.client(app)
    response = client.post(
        "/cases/new", profile_form(birth_date="١٩٩٩-٠٢-٠٣", arrival_date="۲۰۲۴-۰۵-۲۰")
    )
    assert response.status_code == 302
    with app.app_context():
        beneficiary = db.session.scalar(select(Beneficiary))
        assert str(beneficiary.birth_date) == "1999-02-03"
        assert str(beneficiary.arrival_date) == "2024-05-20"


def test_a_possible_duplicate_is_flagged_before_saving(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    client = office.client(app, "other_trainer")
    form = profile_form(given_names="AMINA", family_name="Yûsuf  ", birth_date="2001-04-12")
    response = client.post("/cases/new", form)
    assert response.status_code == 200
    assert "This person may already have a case" in response.text
    assert amina.case_number in response.text
    assert _count(app) == 1
    response = client.post("/cases/new", {**form, "not_a_duplicate": "1"})
    assert response.status_code == 302
    assert _count(app) == 2


def test_concurrent_profile_edits_are_refused_with_what_changed(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    client = office.client(app)
    url = f"/cases/{amina.id}/edit"
    page = client.text(url)
    assert 'name="version" type="hidden" value="1"' in page
    base = profile_form(
        given_names="Amina", family_name="Yusuf", birth_date="2001-04-12", version="1"
    )
    first = office.client(app, "trainer").post(url, {**base, "work_experience": "Tailleuse"})
    assert first.status_code == 302
    second = client.post(url, {**base, "family_name": "Youssouf"})
    assert second.status_code == 409
    assert "Someone else saved this record" in second.text
    assert 'value="Youssouf"' in second.text
    assert "Saved by someone else:" in second.text
    with app.app_context():
        saved = db.session.get(Beneficiary, amina.id)
        assert saved.family_name == "Yusuf"
        assert saved.work_experience == "Tailleuse"


def test_every_profile_change_is_in_the_history_with_its_fields(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    client = office.client(app)
    form = profile_form(
        given_names="Amina",
        family_name="Yusuf",
        birth_date="2001-04-12",
        version="1",
        residence_status="subsidiary_protection",
    )
    assert client.post(f"/cases/{amina.id}/edit", form).status_code == 302
    history = client.text(f"/cases/{amina.id}/history")
    assert "Profile changed" in history
    assert "Residence status" in history
    assert "Julien Moreau" in history
    with app.app_context():
        event = db.session.scalar(select(CaseEvent).where(CaseEvent.action == "profile_updated"))
        assert "residence_status" in event.fields
        assert event.changes["residence_status"] == ["refugee", "subsidiary_protection"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Amina Yusuf", True),
        ("amina  YÛSUF", True),
        ("Yusuf Amina", True),
        ("yusuf", True),
        ("Amina", False),
        ("Amina Yusif", False),
    ],
)
def test_name_search_goes_through_blind_indexes(
    app: Flask, office: Office, amina: Beneficiary, query: str, found: bool
) -> None:
    page = office.client(app).text(f"/cases/?q={query}")
    assert ("Amina" in page and amina.case_number in page) is found


def test_search_by_case_number(app: Flask, office: Office, amina: Beneficiary) -> None:
    page = office.client(app).text(f"/cases/?q={amina.case_number.lower()}")
    assert "1 case found." in page


def test_the_caseload_filters(app: Flask, office: Office, amina: Beneficiary) -> None:
    client = office.client(app)
    assert "Amina" in client.text("/cases/?group=woman")
    assert "Amina" not in client.text("/cases/?group=unaccompanied_minor")
    assert "Amina" in client.text("/cases/?stage=civic_orientation&stage_status=planned")
    assert "Amina" not in client.text("/cases/?stage=employment")
    assert "Amina" in client.text("/cases/?stage=bogus&group=bogus&page=-3")
    coordinator = office.client(app, "coordinator")
    assert "Amina" in coordinator.text(f"/cases/?worker={office.trainer.id}")
    assert "Amina" not in coordinator.text(f"/cases/?worker={office.other_trainer.id}")


def test_coordinators_choose_whose_caseload_to_see(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    from tests.factories import make_organisation, make_user

    with app.app_context():
        elsewhere = make_user(Role.TRAINER, organisation=make_organisation("Brücke Köln", "DE"))
    coordinator = office.client(app, "coordinator")
    workers = coordinator.text("/cases/workers")
    assert "Julien Moreau" in workers
    assert f'href="/cases/?worker={office.trainer.id}"' in workers
    row = workers[workers.index("Julien Moreau") :]
    assert '<td class="number">1</td>' in row[: row.index("</tr>")]
    assert str(elsewhere.id) not in workers
    filtered = coordinator.text(f"/cases/?worker={office.trainer.id}")
    assert "Julien Moreau" in filtered and "1 case found." in filtered
    # A worker of another organisation is no filter at all: every case of the organisation.
    foreign = coordinator.text(f"/cases/?worker={elsewhere.id}")
    assert "Amina" in foreign and "Choose a worker" in foreign
    assert office.client(app).get("/cases/workers").status_code == 404


def test_pagination(app: Flask, office: Office) -> None:
    from tests.factories import make_case

    with app.app_context():
        for number in range(27):
            make_case(office.trainer, with_pathway=False, given_names=f"Person{number}")
    client = office.client(app)
    first = client.text("/cases/")
    assert "27 cases found." in first
    assert "Page 1 of 2" in first
    assert first.count("/cases/") > 25
    second = client.text("/cases/?page=2")
    assert "Page 2 of 2" in second
    past_the_end = client.text("/cases/?page=99")
    assert "Page 2 of 2" in past_the_end
    assert len(re.findall(r"Person\d+ Yusuf", past_the_end)) == 2
    # A name 27 people share: confirmed a page at a time, every one of them found once.
    by_name = [client.text(f"/cases/?q=yusuf&page={page}") for page in (1, 2)]
    assert "27 cases found." in by_name[0] and "Page 2 of 2" in by_name[1]
    shown = [re.findall(r"Person(\d+) Yusuf", page) for page in by_name]
    assert len(shown[0]) == 25 and len(shown[1]) == 2
    assert sorted(int(n) for n in shown[0] + shown[1]) == list(range(27))


def test_the_caseload_runs_as_many_statements_for_one_case_as_for_a_full_page(
    app: Flask, office: Office, amina: Beneficiary, today: date
) -> None:
    """Rows and their tasks come with the page's queries: no statement per row."""
    from tests.factories import make_case

    client = office.client(app)

    def statements_of(url: str) -> int:
        with statements_on_main_database(app) as statements:
            page = client.text(url)
        assert "Amina" in page
        return len(statements)

    def add_task(beneficiary_id: object) -> None:
        form = {
            "task-title": "Rappeler pour le stage",
            "task-due_on": str(today + timedelta(days=1)),
            "task-owner_id": str(office.trainer.id),
            "task-kind": "follow_up",
        }
        assert client.post(f"/cases/{beneficiary_id}/tasks", form).status_code == 302

    add_task(amina.id)
    one = {url: statements_of(url) for url in ("/cases/", "/cases/?q=Yusuf")}
    with app.app_context():
        others = [make_case(office.trainer, with_pathway=False) for _ in range(30)]
    for beneficiary in others[:5]:
        add_task(beneficiary.id)
    page = client.text("/cases/")
    assert page.count("Rappeler pour le stage") == 6 and "31 cases found." in page
    assert {url: statements_of(url) for url in one} == one


def test_closing_needs_a_reason_and_reopening_works(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    client = office.client(app)
    close = f"/cases/{amina.id}/close"
    assert "Close the case" in client.text(close)
    refused = client.post(close, {"close-closure_reason": "bogus"})
    assert refused.status_code == 200
    assert "Choose one of the options in the list." in refused.text
    with app.app_context():
        assert db.session.get(Beneficiary, amina.id).status.value == "active"
    assert client.post(close, {"close-closure_reason": "employment"}).status_code == 302
    with app.app_context():
        closed = db.session.get(Beneficiary, amina.id)
        assert closed.status.value == "closed"
        assert closed.closure_reason.value == "employment"
    url = f"/cases/{amina.id}/status"
    client.post(url, {"status": "active"})
    with app.app_context():
        assert db.session.get(Beneficiary, amina.id).status.value == "active"
    assert client.post(url, {"status": "nonsense"}).status_code == 400
    # Closing goes through its page, where the reason is asked for.
    assert client.post(url, {"status": "closed"}).status_code == 400


def _plan(app: Flask, statement: str, parameters: Any) -> str:
    """The database's plan for a statement as the page ran it, one line per step."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(str(row[-1]) for row in rows)
        # A handful of test rows: PostgreSQL would rightly scan them. Forbidding the scan
        # shows whether an index can serve the query at all.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # until the rollback
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return "\n".join(str(row[0]) for row in rows)


def test_the_coordinators_caseload_is_counted_and_paged_from_indexes(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    """The coordinator's caseload is counted from an index alone and its first page read in
    the caseload index's order, as they must be at 10,000 active cases."""
    client = office.client(app, "coordinator")
    with statements_with_parameters(app) as statements:
        assert "Amina" in client.text("/cases/")
    on_cases = [(sql, p) for sql, p in statements if "FROM beneficiaries" in sql]
    count = next((sql, p) for sql, p in on_cases if sql.startswith("SELECT count(*)"))
    page = next((sql, p) for sql, p in on_cases if "ORDER BY beneficiaries.entered_on" in sql)
    count_plan, page_plan = _plan(app, *count), _plan(app, *page)
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect == "sqlite":
        # From an index alone; which of the two that start with these columns SQLite
        # takes depends on its statistics.
        assert "USING COVERING INDEX" in count_plan
        assert "(organisation_id=? AND status=?)" in count_plan
        assert "USING INDEX ix_beneficiaries_caseload" in page_plan
        # Read in the index's order; only cases entered the same day are put in order.
        assert "TEMP B-TREE FOR ORDER BY" not in page_plan
    else:
        # Which index PostgreSQL picks for a few rows says little; that one serves is enough.
        for plan in (count_plan, page_plan):
            assert "Index" in plan and "Seq Scan" not in plan, plan
