// SPDX-License-Identifier: AGPL-3.0-or-later
// A Vite plugin that draws the situation centre's countries at build time:
// `import('virtual:rics-map')` gives the MapShape[] of src/map.ts, made from
// world-atlas (Natural Earth) with d3-geo, clipped to the map's frame. The
// browser then loads a fifth of the atlas it loaded before and draws no
// geometry.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoPath } from 'd3-geo';
import type { GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Plugin } from 'vite';
import { MAP_H, MAP_W, NEIGHBOURS, REGION, mapProjection } from './src/map';
import type { MapShape } from './src/map';

const ID = 'virtual:rics-map';
/* px drawn beyond the frame: the SVG keeps its aspect in a box of any
   shape (a wall display is wider than the frame), and what it shows beyond
   the frame must still be land and sea, not the clipped edge */
const MARGIN_X = 300, MARGIN_Y = 200;

/* Where a country's name goes: the centroid of its largest polygon, so that
   islands and exclaves do not pull it away; null when outside the frame. */
function labelOf(path: ReturnType<typeof geoPath>, g: any): [number, number] | null {
  const polys: number[][][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best = polys[0], area = -1;
  for (const p of polys) {
    const a = Math.abs(path.area({ type: 'Polygon', coordinates: p } as GeoPermissibleObjects));
    if (a > area) { area = a; best = p; }
  }
  const [x, y] = path.centroid({ type: 'Polygon', coordinates: best } as GeoPermissibleObjects);
  if (!(x > 0 && x < MAP_W && y > 0 && y < MAP_H)) return null;
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

/* The countries of a world-atlas file (a few disputed areas have no id). */
function atlas(file: string): any[] {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8'));
  return (feature(topo, topo.objects.countries) as any).features;
}

/* The region and its named neighbours at 1:50m; the countries further off,
   background only, at 1:110m, which is a third of the bytes (an area the
   110m file lacks stays at 50m). */
export function drawMap(): MapShape[] {
  const coarse = new Map(atlas('countries-110m.json').filter((f) => f.id).map((f) => [f.id, f]));
  const full = geoPath(mapProjection());
  const clipped = geoPath(mapProjection()
    .clipExtent([[-MARGIN_X, -MARGIN_Y], [MAP_W + MARGIN_X, MAP_H + MARGIN_Y]])).digits(1);
  const shapes: MapShape[] = [];
  for (const f of atlas('countries-50m.json')) {
    const id = String(f.id ?? '');
    const kind = REGION.includes(id) ? 'region' : NEIGHBOURS.includes(id) ? 'neighbour' : 'other';
    const d = clipped(kind === 'other' ? coarse.get(id) ?? f : f);
    if (!d) continue; // wholly outside the frame
    shapes.push({ id, kind, d, label: kind === 'other' ? null : labelOf(full, f.geometry) });
  }
  return shapes;
}

export function ricsMap(): Plugin {
  return {
    name: 'rics-map',
    resolveId: (id) => (id === ID ? '\0' + ID : null),
    load: (id) => (id === '\0' + ID ? `export default ${JSON.stringify(drawMap())};` : null),
  };
}
