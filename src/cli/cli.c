// SPDX-License-Identifier: AGPL-3.0-or-later
int cli_placeholder(void); int cli_placeholder(void) { return 0; }
