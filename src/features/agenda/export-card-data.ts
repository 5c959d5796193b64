/**
 * The data of the export card (cards/agenda-export.json), added to the core's map of card data so
 * `renderCard` type-checks it. Every string is shown as is: the caller passes texts already
 * localised and times already formatted.
 */

/** `agenda-export`: the record of a meeting or a year, as two downloads behind signed links. */
export interface AgendaExportData {
  /** What is exported, e.g. "Koordinatormøte, 12. jan. 2027" or "Nettverkets møter i 2027". */
  title: string;
  /** How much, e.g. "2 møter, 5 saker". */
  summary: string;
  /** The Markdown file's signed link; absent when exports are not set up here (no buttons then). */
  markdownUrl?: string;
  /** The CSV file's signed link (set with `markdownUrl`). */
  csvUrl?: string;
  /** Until when the links work, in Oslo time, e.g. "12. jan. 2027 kl. 14:35" (set with the links). */
  expires?: string;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'agenda-export': AgendaExportData;
  }
}
