/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Functions that are easy to misuse with untrusted input, made compile errors
 * in every RICS source file (the build force-includes this header), as git's
 * banned.h does. Use strbuf, snprintf, strtok_r, gmtime_r instead.
 */
#ifndef RICS_BANNED_H
#define RICS_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_rics

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gets
#define gets(x) BANNED(gets)

#endif
