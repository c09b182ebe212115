/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * What every fuzz target provides and may use. A target is one file
 * fuzz/fuzz_<name>.c defining LLVMFuzzerTestOneInput; it is linked twice:
 * with libFuzzer (fuzz/meson.build, clang, -Dfuzz=true) to search for new
 * inputs, and with fuzz/corpus_runner/runner.c in the ordinary build, where
 * `meson test` feeds it every file of fuzz/corpus/<name>/ under ASan and UBSan.
 *
 * A target checks the parser's contract as well as its memory safety: when a
 * property fails, FUZZ_CHECK prints it and aborts, which both drivers report
 * as a crash with the input that caused it.
 */
#ifndef RICS_FUZZ_H
#define RICS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Called once per input; returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, \
				#cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

/* The input as a file, for the readers that stream from one; NULL for an
 * empty input (fmemopen refuses a zero size) or when it cannot be made. */
static inline FILE *fuzz_fopen(const uint8_t *data, size_t size)
{
	return size ? fmemopen((void *)(uintptr_t)data, size, "rb") : NULL;
}

/*
 * The contract every streaming reader keeps, checked at each step: a call
 * ends in a record (1), a refusal with a reason (RICS_E_INVALID, -1000) or
 * the end; line numbers never go back; and it reaches the end of the input
 * in at most one step per byte.
 */
static inline void fuzz_reader_step(int rc, unsigned long line, const char *error,
				    unsigned long *last, size_t *steps, size_t size)
{
	FUZZ_CHECK(rc == 1 || rc == -1000, "the reader returned %d", rc);
	FUZZ_CHECK(line >= *last, "line went back from %lu to %lu", *last, line);
	FUZZ_CHECK(rc == 1 || error[0], "a refusal without a reason at line %lu", line);
	FUZZ_CHECK(++*steps <= size + 2, "the reader does not reach the end");
	*last = line;
}

#endif
