// SPDX-License-Identifier: AGPL-3.0-or-later
/* placeholder until the paxlst module lands */
#include <stddef.h>
