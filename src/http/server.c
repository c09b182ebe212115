// SPDX-License-Identifier: AGPL-3.0-or-later
int http_placeholder(void); int http_placeholder(void) { return 0; }
