"""TicketStore contract, on every database."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.messages import Role, Sender
from groupbot.core.repeats import RepeatCandidate
from groupbot.core.tickets import Category, ReportSummary, Team, Ticket, TicketEvent, TicketStatus, summarize
from groupbot.db import SqlUnitOfWork, create_engine, unit_of_work_factory
from tests.db.samples import GROUP, at, report, ticket

Factory = Callable[[], SqlUnitOfWork]


async def _create(uow_factory: Factory, new: Ticket) -> Ticket:
    async with uow_factory() as uow:
        stored = await uow.tickets.create(new)
        await uow.commit()
    return stored


async def test_create_assigns_increasing_numbers_and_keeps_every_field(uow_factory: Factory) -> None:
    first = await _create(uow_factory, ticket("export fails"))
    second = await _create(uow_factory, ticket("login loops", minutes=5))
    assert 0 < first.number < second.number
    assert first == dataclasses.replace(ticket("export fails"), number=first.number)


async def test_get_returns_the_ticket_with_its_reports_or_none(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket(reports=(report("m1"), report("m2", "me too", minutes=3))))
    async with uow_factory() as uow:
        found = await uow.tickets.get(created.number)
        assert await uow.tickets.get(created.number + 1000) is None
    assert found == created
    assert [r.message_id for r in found.reports] == ["m1", "m2"]
    assert all(r.time.utcoffset() is not None for r in found.reports)


async def test_save_updates_the_fields_but_not_the_reports(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    changed = dataclasses.replace(
        created,
        status=TicketStatus.RESOLVED,
        assignee="telegram:7",
        updated_at=at(60),
        first_response_at=at(10),
        resolved_at=at(60),
        resolution="fixed in 2.3.1",
        reports=(),
    )
    async with uow_factory() as uow:
        await uow.tickets.save(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tickets.get(created.number) == dataclasses.replace(changed, reports=created.reports)


async def test_save_of_an_unknown_ticket_is_a_lookup_error(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(LookupError):
            await uow.tickets.save(dataclasses.replace(ticket(), number=999))


async def test_duplicate_of_points_at_another_ticket(uow_factory: Factory) -> None:
    original = await _create(uow_factory, ticket())
    dup = await _create(uow_factory, ticket(status=TicketStatus.DUPLICATE, duplicate_of=original.number))
    async with uow_factory() as uow:
        assert (await uow.tickets.get(dup.number)).duplicate_of == original.number  # type: ignore[union-attr]


async def test_add_report_appends_to_the_ticket(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    async with uow_factory() as uow:
        await uow.tickets.add_report(created.number, report("m9", "still broken", minutes=30))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.tickets.get(created.number)
    assert found is not None
    assert [(r.message_id, r.text) for r in found.reports] == [("m1", created.reports[0].text), ("m9", "still broken")]


async def test_add_report_keeps_counts_of_reports_askers_and_chats(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    other_chat = dataclasses.replace(GROUP, chat_id="-100999")
    bob = Sender("43", "Bob", Role.CUSTOMER)
    async with uow_factory() as uow:
        again = await uow.tickets.add_report(created.number, report("m2", "me too", minutes=1))
        bobs = await uow.tickets.add_report(created.number, dataclasses.replace(report("m3"), sender=bob))
        elsewhere = await uow.tickets.add_report(created.number, dataclasses.replace(report("m4"), chat=other_chat))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.tickets.get(created.number)
    assert (again, bobs, elsewhere) == (ReportSummary(2, 1, 1), ReportSummary(3, 2, 1), ReportSummary(4, 2, 2))
    assert found is not None and found.summary == elsewhere == summarize(found.reports)


async def test_head_is_the_ticket_with_its_latest_reports_and_counts_over_all(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    async with uow_factory() as uow:
        for n in range(2, 8):
            await uow.tickets.add_report(created.number, report(f"m{n}", f"still broken {n}", minutes=n))
        await uow.commit()
    async with uow_factory() as uow:
        head = await uow.tickets.head(created.number, 3)
        full = await uow.tickets.get(created.number)
        assert await uow.tickets.head(created.number + 1000, 3) is None
    assert head is not None and full is not None
    assert [r.message_id for r in head.reports] == ["m5", "m6", "m7"]
    assert head.reports == full.reports[-3:]
    assert head.summary == ReportSummary(7, 1, 1)
    assert dataclasses.replace(head, reports=full.reports) == full


async def test_remove_report_takes_one_report_off_and_counts_again_over_the_rest(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    bob = Sender("43", "Bob", Role.CUSTOMER)
    bobs = dataclasses.replace(report("m2", "the map stays grey", minutes=1), sender=bob,
                               chat=dataclasses.replace(GROUP, chat_id="-100999"))
    async with uow_factory() as uow:
        await uow.tickets.add_report(created.number, bobs)
        await uow.tickets.add_report(created.number, report("m3", "still broken", minutes=2))
        assert await uow.tickets.remove_report(created.number, bobs) == ReportSummary(2, 1, 1)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.tickets.get(created.number)
        [candidate] = await uow.tickets.merge_candidates(10, 10)
        with pytest.raises(LookupError):
            await uow.tickets.remove_report(created.number, bobs)  # gone already
    assert found is not None and [r.message_id for r in found.reports] == ["m1", "m3"]
    assert found.summary == ReportSummary(2, 1, 1) == summarize(found.reports)
    assert "the map stays grey" not in candidate.phrasings  # new reports of bob's problem no longer match it


async def test_add_report_or_event_to_an_unknown_ticket_is_a_lookup_error(uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(LookupError):
            await uow.tickets.add_report(404, report())
        with pytest.raises(LookupError):
            await uow.tickets.add_event(TicketEvent(404, "ops", at(1), "assign"))
        # The refusals did not spoil the transaction.
        assert (await uow.tickets.create(ticket())).number > 0


async def test_events_come_back_oldest_first_with_their_data(uow_factory: Factory) -> None:
    created = await _create(uow_factory, ticket())
    later = TicketEvent(created.number, "telegram:7", at(20), "status", "resolved", {"from": "open", "to": "resolved"})
    earlier = TicketEvent(created.number, "telegram:7", at(10), "assign", data={"assignee": "telegram:7"})
    async with uow_factory() as uow:
        await uow.tickets.add_event(later)
        await uow.tickets.add_event(earlier)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tickets.events(created.number) == [earlier, later]
        assert await uow.tickets.events(created.number + 1) == []


async def test_find_filters_by_every_given_field_newest_first(uow_factory: Factory) -> None:
    a = await _create(uow_factory, ticket("a", minutes=1))
    b = await _create(uow_factory, ticket("b", minutes=2, status=TicketStatus.TRIAGED, assignee="ops:1"))
    c = await _create(uow_factory, ticket("c", minutes=3, category=Category.HOWTO, team=Team.OPS))
    d = await _create(uow_factory, ticket("d", minutes=4, status=TicketStatus.CLOSED))
    async with uow_factory() as uow:
        find = uow.tickets.find
        assert [t.number for t in await find()] == [d.number, c.number, b.number, a.number]
        assert [t.title for t in await find(statuses=("open", "triaged"))] == ["c", "b", "a"]
        assert [t.title for t in await find(category="howto")] == ["c"]
        assert [t.title for t in await find(team=Team.RD, statuses=[TicketStatus.OPEN])] == ["a"]
        assert [t.title for t in await find(assignee="ops:1")] == ["b"]
        assert [t.title for t in await find(limit=2)] == ["d", "c"]
        assert (await find(statuses=["open"]))[0].reports == c.reports


async def test_merge_candidates_are_open_tickets_newest_first_with_their_latest_distinct_texts(
    uow_factory: Factory,
) -> None:
    busy = await _create(uow_factory, ticket("export fails", minutes=1))
    closed = await _create(uow_factory, ticket("login loops", minutes=2, status=TicketStatus.RESOLVED))
    quiet = await _create(uow_factory, ticket("sync stalls", minutes=3, status=TicketStatus.ESCALATED))
    async with uow_factory() as uow:
        for n, text in enumerate(["export still fails", "export fails", "csv export is empty", "export still fails"]):
            await uow.tickets.add_report(busy.number, report(f"r{n}", text, minutes=10 + n))
        await uow.tickets.add_report(closed.number, report("c1", "login loops again", minutes=20))
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.tickets.merge_candidates(10, 10)
        capped = await uow.tickets.merge_candidates(1, 2)
    first_text = busy.reports[0].text
    assert everything == [
        RepeatCandidate(quiet.number, ("sync stalls", quiet.reports[0].text)),
        # The title, then distinct report texts, the most recently reported first.
        RepeatCandidate(busy.number, ("export fails", "export still fails", "csv export is empty", first_text)),
    ]
    assert capped == [RepeatCandidate(quiet.number, ("sync stalls", quiet.reports[0].text))]
    async with uow_factory() as uow:
        assert (await uow.tickets.merge_candidates(5, 2))[1] == RepeatCandidate(
            busy.number, ("export fails", "export still fails", "csv export is empty")
        )


async def test_searching_again_in_one_unit_of_work_sees_tickets_opened_joined_or_renamed_since(
    uow_factory: Factory,
) -> None:
    # The second search (under the repeats lock) reads texts only for tickets that changed: it must not miss one.
    joined = await _create(uow_factory, ticket("export fails", minutes=1))
    renamed = await _create(uow_factory, ticket("sync stalls", minutes=2))
    async with uow_factory() as uow:
        await uow.tickets.merge_candidates(10, 10)
        await uow.tickets.add_report(joined.number, report("r1", "csv export is empty", minutes=5))
        await uow.tickets.save(replace(renamed, title="sync stalls on mobile"))
        opened = await uow.tickets.create(ticket("login loops", minutes=6))
        again = await uow.tickets.merge_candidates(10, 10)
    assert again == [
        RepeatCandidate(opened.number, ("login loops", opened.reports[0].text)),
        RepeatCandidate(renamed.number, ("sync stalls on mobile", renamed.reports[0].text)),
        RepeatCandidate(joined.number, ("export fails", "csv export is empty", joined.reports[0].text)),
    ]


async def test_two_instances_creating_at_once_never_share_a_number(engine: AsyncEngine, db_url: str) -> None:
    # A second engine stands for a second bot process on the same database.
    other = create_engine(db_url)
    factories = [unit_of_work_factory(engine), unit_of_work_factory(other)]
    try:
        created = await asyncio.gather(*(_create(factories[i % 2], ticket(f"t{i}")) for i in range(10)))
    finally:
        await other.dispose()
    assert len({t.number for t in created}) == 10
