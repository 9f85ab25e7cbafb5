/** Dates and times in Home Assistant's time zone: Housekey's windows are the home's local time. */
import type { Values } from "./strings.js";
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

/** Today's date in the home's time zone ("2026-12-08"). */
export function today(hass: Hass): string {
  return toLocalInput(hass, new Date().toISOString()).slice(0, 10);
}

/** Today's midnight in the home's time zone, as the backend reads a moment without offset. */
export function startOfToday(hass: Hass): string {
  return `${today(hass)}T00:00`;
}

/** The calendar date `days` after `day` (both "YYYY-MM-DD"; no time zone, no DST). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) + days)).toISOString().slice(0, 10);
}

function formatIn(hass: Hass, iso: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(language(hass), { ...options, timeZone: hass.config.time_zone }).format(
    new Date(iso),
  );
}

const DAY: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };

/**
 * How a code-book window reads, in the home's time zone: the translation key of its shape
 * and its values. A day (midnight to midnight) is "all day"; a window within one day, or
 * ending at its midnight, shows the date once; one across midnight shows both ends in full.
 */
export function bookWindow(hass: Hass, from: string, until: string): { key: string; values: Values } {
  const [fromDay = "", start = ""] = toLocalInput(hass, from).split("T");
  const [untilDay = "", end = ""] = toLocalInput(hass, until).split("T");
  const date = formatIn(hass, from, DAY);
  if (end === "00:00" && untilDay === addDays(fromDay, 1)) {
    if (start === "00:00") return { key: "book.window_all_day", values: { date } };
    return { key: "book.window_day", values: { date, start, end: "24:00" } };
  }
  if (untilDay === fromDay) return { key: "book.window_day", values: { date, start, end } };
  const full = { ...DAY, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  return {
    key: "book.window_span",
    values: { start: formatIn(hass, from, full), end: formatIn(hass, until, full) },
  };
}

/** Whether a weekly window runs past midnight (its end is not after its start). */
export function endsNextDay(start: string, end: string): boolean {
  return Boolean(start && end) && end <= start;
}
