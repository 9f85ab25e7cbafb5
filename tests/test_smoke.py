from homeassistant.core import HomeAssistant

from .conftest import BACK, FRONT, call, settle


async def test_add_person_lands_on_both_locks(hass: HomeAssistant, household, events) -> None:
    runtime = household.runtime_data
    resp = await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    assert resp == {"person_id": "p1"}
    await settle(runtime)
    assert runtime.keypads[FRONT].codes == {1: "482913"}
    assert runtime.keypads[BACK].codes == {1: "482913"}
    await hass.services.async_call("lock", "unlock", {"entity_id": FRONT, "code": "482913"}, blocking=True)
    await hass.async_block_till_done()
    access = events.of("housekey_access")
    assert access[-1]["person_id"] == "p1"
    assert hass.states.get("sensor.front_door_last_opened_by").state == "Alice"
