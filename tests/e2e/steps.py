"""Steps several end-to-end tests share, as a user would take them."""

from __future__ import annotations

from devtools.devchat import Person


def send_cancellation_today(person: Person) -> None:
    person.say("/start")
    person.tap("SIM with a monthly plan")
    person.tap("Orange")
    person.tap("End the number")
    person.wait_until(lambda p: p.find_button("I've sent my cancellation"))
    person.tap("I've sent my cancellation")
    assert "When did you send it?" in person.last["text"]
    person.tap("Today")
    assert "I will ask you on" in person.last["text"]
