// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * TLS for the exchange without a certificate authority: each node makes a
 * self-signed certificate (GnuTLS) and publishes its pin, the SHA-256 of
 * the certificate's public key in libcurl's "sha256//BASE64" form, signed
 * with its Ed25519 key. The signing key is what the administrators compared
 * by phone, so a pairing node can trust the pin it fetched over an
 * unverified connection and pin every later request to it.
 */
#include "exchange/exchange.h"
#include "exchange/exchange_int.h"

#include "core/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIN_PREFIX "sha256//"
/* the signature covers this tag too, so it cannot pass for another statement */
#define PIN_TAG "RICS tls pin v1\n"
#define TEN_YEARS_S (10LL * 365 * 86400 + 3 * 86400)

static int add_ip(gnutls_x509_crt_t crt, const char *ip)
{
	unsigned char addr[16];
	if (inet_pton(AF_INET, ip, addr) == 1)
		return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, addr, 4,
							    GNUTLS_FSAN_APPEND);
	if (inet_pton(AF_INET6, ip, addr) == 1)
		return gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, addr, 16,
							    GNUTLS_FSAN_APPEND);
	return 0; /* not an address: nothing to name */
}

static int fill_cert(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *name,
		     const char *listen, int64_t now_s)
{
	unsigned char serial[16];
	int rc;

	randombytes_buf(serial, sizeof serial);
	serial[0] &= 0x7f; /* a positive number */
	if ((rc = gnutls_x509_crt_set_version(crt, 3)) ||
	    (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) ||
	    (rc = gnutls_x509_crt_set_activation_time(crt, (time_t)(now_s - 3600))) ||
	    (rc = gnutls_x509_crt_set_expiration_time(crt, (time_t)(now_s + TEN_YEARS_S))) ||
	    (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, name,
						(unsigned)strlen(name))) ||
	    (rc = gnutls_x509_crt_set_key(crt, key)) ||
	    (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "localhost", 9,
						       GNUTLS_FSAN_APPEND)) ||
	    (rc = add_ip(crt, "127.0.0.1")) ||
	    (listen && strcmp(listen, "127.0.0.1") && (rc = add_ip(crt, listen))) ||
	    (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) ||
	    (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) ||
	    (rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)))
		return rc;
	return gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0);
}

/* The PEM texts of a new key and its self-signed certificate. */
static int make_pems(const char *name, const char *listen, int64_t now_s, gnutls_datum_t *cert,
		     gnutls_datum_t *key)
{
	gnutls_x509_privkey_t k = NULL;
	gnutls_x509_crt_t crt = NULL;
	int rc = gnutls_x509_privkey_init(&k);

	if (!rc)
		rc = gnutls_x509_privkey_generate(
			k, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (!rc)
		rc = gnutls_x509_crt_init(&crt);
	if (!rc)
		rc = fill_cert(crt, k, name, listen, now_s);
	if (!rc)
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, cert);
	if (!rc && (rc = gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM, key)) != 0)
		gnutls_free(cert->data);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (k)
		gnutls_x509_privkey_deinit(k);
	return rc ? RICS_E_INVALID : 0;
}

int exchange_tls_make(const char *datadir, const char *name, const char *listen, int64_t now_s,
		      struct strbuf *cert_path, struct strbuf *key_path)
{
	gnutls_datum_t cert = { 0 }, key = { 0 };
	struct strbuf dir, c, k;
	int rc;

	strbuf_init(&dir, 0);
	strbuf_init(&c, 0);
	strbuf_init(&k, 0);
	if ((rc = strbuf_addf(&dir, "%s/tls", datadir)) ||
	    (rc = strbuf_addf(&c, "%s/cert.pem", dir.buf)) ||
	    (rc = strbuf_addf(&k, "%s/key.pem", dir.buf)))
		goto out;
	if (mkdir(dir.buf, 0700) != 0) {
		rc = errno == EEXIST ? RICS_E_CONFLICT : -errno;
		goto out;
	}
	if ((rc = make_pems(name, listen, now_s, &cert, &key)) ||
	    (rc = exchange_write_secret(k.buf, key.data, key.size)) ||
	    (rc = exchange_write_secret(c.buf, cert.data, cert.size)) ||
	    (rc = strbuf_adds(cert_path, c.buf)) || (rc = strbuf_adds(key_path, k.buf))) {
		unlink(k.buf);
		unlink(c.buf);
		rmdir(dir.buf);
	}
out:
	if (key.data) {
		sodium_memzero(key.data, key.size);
		gnutls_free(key.data);
	}
	gnutls_free(cert.data);
	strbuf_release(&dir);
	strbuf_release(&c);
	strbuf_release(&k);
	return rc;
}

int exchange_tls_pin(const char *cert_pem, char out[EXCHANGE_TLS_PIN_LEN])
{
	gnutls_datum_t pem = { (unsigned char *)(uintptr_t)cert_pem, 0 }, spki = { 0 };
	gnutls_x509_crt_t crt = NULL;
	gnutls_pubkey_t pk = NULL;
	unsigned char hash[crypto_hash_sha256_BYTES];
	int rc;

	pem.size = (unsigned)strlen(cert_pem);
	rc = gnutls_x509_crt_init(&crt);
	if (!rc && !(rc = gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM)))
		rc = gnutls_pubkey_init(&pk);
	if (!rc && !(rc = gnutls_pubkey_import_x509(pk, crt, 0)))
		rc = gnutls_pubkey_export2(pk, GNUTLS_X509_FMT_DER, &spki);
	if (!rc) {
		crypto_hash_sha256(hash, spki.data, spki.size);
		memcpy(out, PIN_PREFIX, sizeof PIN_PREFIX - 1);
		sodium_bin2base64(out + sizeof PIN_PREFIX - 1,
				  EXCHANGE_TLS_PIN_LEN - (sizeof PIN_PREFIX - 1), hash, sizeof hash,
				  sodium_base64_VARIANT_ORIGINAL);
	}
	gnutls_free(spki.data);
	if (pk)
		gnutls_pubkey_deinit(pk);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	return rc ? RICS_E_INVALID : 0;
}

/* The bytes the signature covers: the tag, then the pin. */
static int pin_statement(const char *pin, struct strbuf *out)
{
	return strbuf_addf(out, "%s%s", PIN_TAG, pin);
}

int exchange_tls_pin_sign(const struct exchange_keys *k, const char *pin,
			  char out[EXCHANGE_SIG_B64_LEN])
{
	unsigned char sig[crypto_sign_BYTES];
	struct strbuf text;
	int rc;

	strbuf_init(&text, 0);
	rc = pin_statement(pin, &text);
	if (!rc) {
		crypto_sign_detached(sig, NULL, (const unsigned char *)text.buf, text.len,
				     k->sign_sk);
		sodium_bin2base64(out, EXCHANGE_SIG_B64_LEN, sig, sizeof sig,
				  sodium_base64_VARIANT_ORIGINAL);
	}
	strbuf_release(&text);
	return rc;
}

int exchange_tls_pin_verify(const unsigned char sign_pk[EXCHANGE_PK_LEN], const char *pin,
			    const char *sig_b64)
{
	unsigned char sig[crypto_sign_BYTES];
	struct strbuf text;
	size_t len = 0;
	int rc;

	if (!pin || !sig_b64 || strncmp(pin, PIN_PREFIX, sizeof PIN_PREFIX - 1) ||
	    strlen(pin) >= EXCHANGE_TLS_PIN_LEN ||
	    sodium_base642bin(sig, sizeof sig, sig_b64, strlen(sig_b64), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != sizeof sig)
		return RICS_E_MALFORMED;
	strbuf_init(&text, 0);
	rc = pin_statement(pin, &text);
	if (!rc && crypto_sign_verify_detached(sig, (const unsigned char *)text.buf, text.len,
					       sign_pk) != 0)
		rc = RICS_E_UNAUTHORIZED;
	strbuf_release(&text);
	return rc;
}
