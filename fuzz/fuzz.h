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

#endif
