// SPDX-License-Identifier: AGPL-3.0-or-later
/// <reference types="vite/client" />

/* The countries of the situation centre's map, drawn at build time (map-build.ts). */
declare module 'virtual:rics-map' {
  const shapes: import('./map').MapShape[];
  export default shapes;
}
