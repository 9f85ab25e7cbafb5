"""Keep secrets out of script and automation traces, as far as Housekey can reach.

Home Assistant traces each script and automation run: every step's action data,
the variables that changed, and the configuration; the traces are saved to
`.storage/trace.saved_traces` when Home Assistant stops. An action runs in the
context of the step that called it, so while a run goes on Housekey can replace
the calling step's record of the call and the secrets in the run's variables,
through the trace helpers. A response a run received is the very object its trace
keeps, so it is blanked in place when Home Assistant stops. The calling step records
the run's variables once more when it ends, after the call (a script's first step
records them all, a secret field included), so its variables are cleaned again then,
too. A PIN written into the configuration itself stays there: that is what the repair
issue is for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.trace import (
    TraceElement,
    trace_cv,
    trace_id_get,
    trace_stack_cv,
    trace_stack_top,
    trace_update_result,
)
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .redaction import carries_secret, redact, secret_values

type Run = tuple[str, str]


class RunSecrets:
    """Secrets that went into or came out of script and automation runs, until HA stops."""

    def __init__(self) -> None:
        """Start with none."""
        self._given: list[tuple[Run, str]] = []
        self._responses: list[tuple[Run, dict[str, Any]]] = []
        self._steps: list[tuple[Run, TraceElement]] = []

    def add(self, run: Run, secrets: list[str]) -> None:
        """Remember secrets a run handed to an action."""
        self._given += [(run, s) for s in secrets if (run, s) not in self._given]

    def add_step(self, run: Run, step: TraceElement) -> None:
        """Remember a step that handed a secret to an action, to clean its variables again."""
        self._steps.append((run, step))

    def add_response(self, run: Run, response: dict[str, Any]) -> None:
        """Remember a response with a secret in it that a run received."""
        self._responses.append((run, response))

    def of(self, run: Run | None = None) -> list[str]:
        """Return the secrets of one run, or of every run."""
        given = [s for r, s in self._given if run is None or r == run]
        returned = [
            value
            for r, response in self._responses
            if run is None or r == run
            for value in secret_values(response)  # nested too: a code book's codes
        ]
        return given + returned

    def blank(self) -> None:
        """Blank every remembered response in place (traces hold the same objects).

        The steps that handed secrets over have their variables cleaned once more: each
        recorded them again when it ended.
        """
        for run, step in self._steps:
            _clean_variables(step, self.of(run))
        for _run, response in self._responses:
            response.update(redact(response))
        self._given.clear()
        self._responses.clear()
        self._steps.clear()


RUN_SECRETS: HassKey[RunSecrets] = HassKey(f"{DOMAIN}_run_secrets")


@callback
def track_response(hass: HomeAssistant, response: dict[str, Any]) -> None:
    """Remember a response with a secret in it, if a script or automation run receives it."""
    run = trace_id_get()
    if run is not None and RUN_SECRETS in hass.data and carries_secret(response):
        hass.data[RUN_SECRETS].add_response(run, response)


def current_run() -> Run | None:
    """Return the script or automation run the caller is part of, if any."""
    return trace_id_get()


@callback
def redact_calling_step(
    original: Mapping[str, Any], redacted: dict[str, Any]
) -> TraceElement | None:
    """Replace the calling step's record of an action call with the redacted data.

    Return the step, if a step of the current run made this very call.
    """
    if (step := trace_stack_top(trace_stack_cv)) is None:
        return None
    params = (step.as_dict().get("result") or {}).get("params")
    if not isinstance(params, Mapping) or params.get("service_data") is not original:
        return None
    trace_update_result(params={**params, "service_data": redacted})
    return step


@callback
def redact_run_variables(known: list[str]) -> None:
    """Remove known secrets from the variables the current run's trace recorded so far.

    A step records its variables once more when it ends (after the action call that
    brought Housekey here), from the run's own variables. So each cleaned element also
    takes the secret-bearing values as its baseline: recorded again, they are unchanged
    and left out, and a one-step script's field stays out of its trace.
    """
    for elements in (trace_cv.get() or {}).values():
        for element in elements:
            _clean_variables(element, known)


def _clean_variables(element: TraceElement, known: list[str]) -> None:
    """Remove known secrets from the variables one trace element recorded.

    The secret-bearing values also become the element's baseline: recorded again when
    the step ends, they are unchanged and left out.
    """
    changed = element.as_dict().get("changed_variables")
    if isinstance(changed, Mapping):
        cleaned = redact(changed, known, fields=False)
        if cleaned != changed:
            element.update_variables(cleaned)
            secret = {k: v for k, v in changed.items() if cleaned.get(k) != v}
            # No public way to set the baseline: the element's own attribute.
            element._last_variables = {**(element._last_variables or {}), **secret}
