// SPDX-License-Identifier: AGPL-3.0-or-later
// The situation centre's map of Central Asia, shared by the build and the
// browser: the build draws the countries once into SVG paths (map-build.ts,
// a Vite plugin), and the browser places the BCPs with the same projection,
// so the two always agree. Only the paths inside the frame ship, rounded to
// a tenth of a pixel: about a tenth of the world atlas they come from.
import { geoMercator } from 'd3-geo';
import type { GeoPermissibleObjects } from 'd3-geo';

export const MAP_W = 1000, MAP_H = 620;

/* ISO 3166 numeric ids as world-atlas keys them: the region, then the
   neighbours whose names the map shows. */
export const REGION = ['398', '417', '762', '795', '860', '004'];
export const NEIGHBOURS = ['156', '643', '364', '586', '496', '356', '031'];

/* Central Asia from the Caspian to Xinjiang, Afghanistan included. */
export function mapProjection() {
  return geoMercator().fitExtent([[10, 10], [MAP_W - 10, MAP_H - 10]], {
    type: 'MultiPoint', coordinates: [[46, 29], [88, 56]],
  } as GeoPermissibleObjects);
}

/* A country as drawn: its SVG path in the frame and, for the region and its
   neighbours, where its name goes (null for the others). */
export interface MapShape {
  id: string;
  kind: 'region' | 'neighbour' | 'other';
  d: string;
  label: [number, number] | null;
}
