/** Dates and times in Home Assistant's time zone: Housekey's windows are the home's local time. */
import type { Hass } from "./types.js";

function language(hass: Hass): string {
  return hass.locale?.language ?? hass.language ?? "en";
}

/** A moment as the user reads it, e.g. "3 Dec 2026, 14:05". */
export function formatMoment(hass: Hass, iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language(hass), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: hass.config.time_zone,
  }).format(date);
}

/** The value of a datetime-local input showing `iso` in the home's time zone ("" for none). */
export function toLocalInput(hass: Hass, iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: hass.config.time_zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Today's midnight in the home's time zone, as the backend reads a moment without offset. */
export function startOfToday(hass: Hass): string {
  return `${toLocalInput(hass, new Date().toISOString()).slice(0, 10)}T00:00`;
}

/** Whether a weekly window runs past midnight (its end is not after its start). */
export function endsNextDay(start: string, end: string): boolean {
  return Boolean(start && end) && end <= start;
}
