// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The node's key pairs on disk and the fingerprint people compare before
 * pairing. Secret keys live in DATA/keys/ as raw bytes readable by the
 * owner alone; the public halves are derived from them, so there is no
 * public-key file that could disagree with its secret.
 */
#include "exchange/exchange.h"
#include "exchange/exchange_int.h"

#include "core/error.h"


#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read exactly n bytes from a file only its owner may read. */
static int read_secret(const char *path, unsigned char *buf, size_t n)
{
	struct stat st;
	unsigned char extra;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return errno == ENOENT ? RICS_E_NOT_FOUND : -errno;
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) || (size_t)st.st_size != n)
		rc = RICS_E_CORRUPT;
	else if (read(fd, buf, n) != (ssize_t)n || read(fd, &extra, 1) != 0)
		rc = RICS_E_CORRUPT;
	close(fd);
	return rc;
}

int exchange_write_secret(const char *path, const unsigned char *buf, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), rc = 0;
	if (fd < 0)
		return -errno;
	if (write(fd, buf, n) != (ssize_t)n || fsync(fd) != 0)
		rc = errno ? -errno : -EIO;
	close(fd);
	if (rc)
		unlink(path);
	return rc;
}

static int create_keys(const char *dir, const char *sign_path, const char *box_path)
{
	struct exchange_keys k;
	int rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -errno;
	crypto_sign_keypair(k.sign_pk, k.sign_sk);
	crypto_box_keypair(k.box_pk, k.box_sk);
	rc = exchange_write_secret(sign_path, k.sign_sk, sizeof k.sign_sk);
	if (!rc && (rc = exchange_write_secret(box_path, k.box_sk, sizeof k.box_sk)) != 0)
		unlink(sign_path);
	exchange_keys_wipe(&k);
	return rc;
}

static int load_keys(const char *sign_path, const char *box_path, struct exchange_keys *k)
{
	int rc = read_secret(sign_path, k->sign_sk, sizeof k->sign_sk);
	if (!rc)
		rc = read_secret(box_path, k->box_sk, sizeof k->box_sk);
	if (rc)
		return rc;
	crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
	return crypto_scalarmult_base(k->box_pk, k->box_sk) == 0 ? 0 : RICS_E_CORRUPT;
}

int exchange_keys_load(const char *datadir, bool create, bool *created,
		       struct exchange_keys *out)
{
	char dir[PATH_MAX], sign_path[PATH_MAX + 16], box_path[PATH_MAX + 16];
	struct exchange_keys k;
	bool made = false;
	int rc;

	snprintf(dir, sizeof dir, "%s/keys", datadir);
	snprintf(sign_path, sizeof sign_path, "%s/sign.key", dir);
	snprintf(box_path, sizeof box_path, "%s/box.key", dir);
	rc = load_keys(sign_path, box_path, &k);
	if (rc == RICS_E_NOT_FOUND && create && access(sign_path, F_OK) != 0 &&
	    access(box_path, F_OK) != 0) {
		rc = create_keys(dir, sign_path, box_path);
		made = rc == 0;
		if (!rc)
			rc = load_keys(sign_path, box_path, &k);
	}
	if (!rc) {
		*out = k;
		if (created)
			*created = made;
	}
	exchange_keys_wipe(&k);
	return rc;
}

int exchange_keys_rotate(const char *datadir, int64_t now_ms, char *retired, size_t retired_size,
			 struct exchange_keys *out)
{
	char dir[PATH_MAX], old[PATH_MAX + 32];
	struct exchange_keys k;
	int rc = exchange_keys_load(datadir, false, NULL, &k);

	if (rc)
		return rc; /* no keys or unreadable ones: nothing sound to retire */
	exchange_keys_wipe(&k);
	snprintf(dir, sizeof dir, "%s/keys", datadir);
	snprintf(old, sizeof old, "%s/keys.retired-%lld", datadir, (long long)now_ms);
	if (rename(dir, old) != 0)
		return -errno;
	rc = exchange_keys_load(datadir, true, NULL, &k);
	if (rc) {
		/* put the old keys back rather than leave the node without any */
		char failed[PATH_MAX + 32];
		snprintf(failed, sizeof failed, "%s/keys.failed-%lld", datadir, (long long)now_ms);
		if (rename(dir, failed) == 0 || errno == ENOENT)
			(void)rename(old, dir);
		return rc;
	}
	snprintf(retired, retired_size, "%s", old);
	*out = k;
	exchange_keys_wipe(&k);
	return 0;
}

void exchange_keys_wipe(struct exchange_keys *k)
{
	sodium_memzero(k->sign_sk, sizeof k->sign_sk);
	sodium_memzero(k->box_sk, sizeof k->box_sk);
}

/* Like Signal's safety numbers: 5 bytes of a hash per group, mod 100000.
 * A domain tag keeps the hash from meaning anything elsewhere. */
void exchange_fingerprint(const unsigned char sign_pk[EXCHANGE_PK_LEN],
			  const unsigned char box_pk[EXCHANGE_PK_LEN],
			  char out[EXCHANGE_FINGERPRINT_LEN])
{
	static const char tag[] = "RICS node fingerprint v1";
	crypto_generichash_state st;
	unsigned char h[60];
	size_t pos = 0;

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag - 1);
	crypto_generichash_update(&st, sign_pk, EXCHANGE_PK_LEN);
	crypto_generichash_update(&st, box_pk, EXCHANGE_PK_LEN);
	crypto_generichash_final(&st, h, sizeof h);
	for (int g = 0; g < 12; g++) {
		uint64_t v = 0;
		for (int i = 0; i < 5; i++)
			v = v << 8 | h[g * 5 + i];
		pos += (size_t)snprintf(out + pos, EXCHANGE_FINGERPRINT_LEN - pos, "%s%05u",
					g ? " " : "", (unsigned)(v % 100000));
	}
}

/* The digits of s, up to 60; -1 if s holds anything but digits, spaces
 * and dashes or too many digits. */
static int digits_of(const char *s, char out[61])
{
	int n = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n == 60)
				return -1;
			out[n++] = *s;
		} else if (*s != ' ' && *s != '-') {
			return -1;
		}
	}
	out[n] = '\0';
	return n;
}

bool exchange_fingerprint_equal(const char *typed, const char *fp)
{
	char a[61], b[61];
	return digits_of(typed, a) == 60 && digits_of(fp, b) == 60 && sodium_memcmp(a, b, 60) == 0;
}

void exchange_pk_b64(const unsigned char pk[EXCHANGE_PK_LEN], char out[EXCHANGE_PK_B64_LEN])
{
	sodium_bin2base64(out, EXCHANGE_PK_B64_LEN, pk, EXCHANGE_PK_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
}

int exchange_pk_parse(const char *b64, unsigned char out[EXCHANGE_PK_LEN])
{
	unsigned char buf[EXCHANGE_PK_LEN];
	size_t len = 0;
	if (!b64 || sodium_base642bin(buf, sizeof buf, b64, strlen(b64), NULL, &len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != EXCHANGE_PK_LEN)
		return RICS_E_INVALID;
	memcpy(out, buf, sizeof buf);
	return 0;
}

json_t *exchange_identity_json(const struct exchange_keys *k, const char *node_id,
			       const char *name, const char *country, const char *agency)
{
	char sign[EXCHANGE_PK_B64_LEN], box[EXCHANGE_PK_B64_LEN], fp[EXCHANGE_FINGERPRINT_LEN];
	exchange_pk_b64(k->sign_pk, sign);
	exchange_pk_b64(k->box_pk, box);
	exchange_fingerprint(k->sign_pk, k->box_pk, fp);
	return json_pack("{ss ss ss ss ss ss ss}", "node_id", node_id, "name", name, "country",
			 country, "agency", agency, "sign_pk", sign, "box_pk", box, "fingerprint",
			 fp);
}
