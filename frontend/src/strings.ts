/**
 * The panel's words come from the integration's translations (`panel` in strings.json),
 * loaded with `hass.loadBackendTranslation("panel", "housekey")`. A key the translation
 * lacks falls back to readable English made from the key, never to an empty label.
 */
import type { Hass } from "./types.js";

const PREFIX = "component.housekey.panel.";

export type Values = Record<string, string | number>;

export function translate(hass: Hass | undefined, key: string, values?: Values): string {
  const found = hass?.localize(PREFIX + key, values);
  if (found) return found;
  let text = (key.split(".").pop() ?? key).replaceAll("_", " ");
  text = text.charAt(0).toUpperCase() + text.slice(1);
  for (const [name, value] of Object.entries(values ?? {})) text += ` ${name}: ${value}`;
  return text;
}
