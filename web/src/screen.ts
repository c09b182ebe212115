// SPDX-License-Identifier: AGPL-3.0-or-later
// The contract of a screen: each file in screens/ exports one `screen`, and
// the shell finds it there (no list to edit), shows it in the navigation to
// the roles it names, and routes #/<id>/<arg> to it.
import type { ComponentChildren } from 'preact';

export interface Screen {
  id: string;        // the route: #/<id>, or #/<id>/<arg>
  title: string;     // catalogue key of its navigation label and heading
  roles: string[];   // who sees it in the navigation
  order: number;     // place in the navigation
  hidden?: boolean;  // reached by link only (a page per BCP, one thread)
  view: (props: { arg: string }) => ComponentChildren;
}

/* Where a link goes: screens link to one another by route, never by import. */
export function href(id: string, arg?: string): string {
  return arg ? `#/${id}/${encodeURIComponent(arg)}` : `#/${id}`;
}
