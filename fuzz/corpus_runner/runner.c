// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * A plain driver for a fuzz target, so its corpus runs as an ordinary test
 * in the normal build (gcc, ASan and UBSan from -Db_sanitize) without
 * libFuzzer: `runner DIR|FILE...` feeds every file, directories in name
 * order, to LLVMFuzzerTestOneInput once. A failed property or a sanitizer
 * report aborts with the file name printed just before; an empty or
 * unreadable corpus is a failure too, so a lost corpus cannot pass.
 */
#include "../fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static int read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *grown;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	if (!f)
		return errno ? -errno : -EIO;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			grown = realloc(buf, cap);
			if (!grown) {
				rc = -ENOMEM;
				goto out;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	if (ferror(f))
		rc = -EIO;
out:
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	*data = buf;
	*size = len;
	return 0;
}

static int run_file(const char *path)
{
	uint8_t *data = NULL;
	size_t size = 0;
	int rc = read_file(path, &data, &size);

	if (rc) {
		fprintf(stderr, "runner: cannot read '%s': %s\n", path, strerror(-rc));
		return rc;
	}
	/* said before the run, so a crash report follows the name it belongs to */
	fprintf(stderr, "runner: %s (%zu bytes)\n", path, size);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Runs every file in dir; returns how many, or a negative errno. */
static int run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_dot, by_name), ran = 0, rc = 0;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		char *path = NULL;
		struct stat st;

		if (rc == 0 && asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0) {
			path = NULL; /* undefined after a failure */
			rc = -ENOMEM;
		} else if (rc == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			rc = run_file(path);
			ran++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc ? rc : ran;
}

int main(int argc, char **argv)
{
	long total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "runner: '%s': %s\n", argv[i], strerror(errno));
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]) == 0 ? 1 : -EIO;
		if (n < 0) {
			fprintf(stderr, "runner: '%s': %s\n", argv[i], strerror(-n));
			return 1;
		}
		if (n == 0) {
			fprintf(stderr, "runner: '%s' holds no input\n", argv[i]);
			return 1;
		}
		total += n;
	}
	printf("%ld inputs ran without a failure\n", total);
	return 0;
}
