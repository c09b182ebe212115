// SPDX-License-Identifier: AGPL-3.0-or-later
/* Search keys for names via ICU's NFKC_Casefold; see text.h. */
#include "core/text.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

int rics_text_fold(const char *s, struct strbuf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
	UChar *src = NULL, *dst = NULL;
	char *utf8 = NULL;
	int32_t srclen, dstlen, u8len;
	int rc = RICS_E_INVALID;

	if (U_FAILURE(err))
		return RICS_E_INVALID;
	u_strFromUTF8(NULL, 0, &srclen, s, -1, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return RICS_E_INVALID;
	err = U_ZERO_ERROR;
	src = rics_malloc(((size_t)srclen + 1) * sizeof(UChar));
	dstlen = srclen * 4 + 16; /* usually enough; ICU says when it is not */
	dst = rics_malloc((size_t)dstlen * sizeof(UChar));
	rc = -ENOMEM;
	if (!src || !dst)
		goto out;
	rc = RICS_E_INVALID;
	u_strFromUTF8(src, srclen + 1, NULL, s, -1, &err);
	if (U_FAILURE(err))
		goto out;
	int32_t need = unorm2_normalize(nfkc_cf, src, srclen, dst, dstlen, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		/* some compatibility characters expand to 18 units (U+FDFA) */
		rics_free(dst);
		dstlen = need + 1;
		dst = rics_malloc((size_t)dstlen * sizeof(UChar));
		rc = -ENOMEM;
		if (!dst)
			goto out;
		rc = RICS_E_INVALID;
		err = U_ZERO_ERROR;
		need = unorm2_normalize(nfkc_cf, src, srclen, dst, dstlen, &err);
	}
	if (U_FAILURE(err))
		goto out;
	dstlen = need;
	utf8 = rics_malloc((size_t)dstlen * 3 + 1);
	rc = -ENOMEM;
	if (!utf8)
		goto out;
	rc = RICS_E_INVALID;
	u_strToUTF8(utf8, dstlen * 3 + 1, &u8len, dst, dstlen, &err);
	if (U_FAILURE(err))
		goto out;
	/* collapse runs of white space and trim */
	rc = 0;
	int pending_space = 0;
	size_t start = out->len;
	for (int32_t i = 0; i < u8len && rc == 0; i++) {
		char c = utf8[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			pending_space = out->len > start;
			continue;
		}
		if (pending_space)
			rc = strbuf_addch(out, ' ');
		pending_space = 0;
		if (rc == 0)
			rc = strbuf_addch(out, c);
	}
out:
	rics_free(src);
	rics_free(dst);
	rics_free(utf8);
	return rc;
}

bool rics_text_valid(const char *s, size_t n)
{
	int32_t i = 0, len = (int32_t)n;
	if (n > INT32_MAX)
		return false;
	while (i < len) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0)
			return false;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return false;
		if (c == 0x7f)
			return false;
	}
	return true;
}

int rics_text_put_utf8(struct strbuf *out, uint32_t cp)
{
	uint8_t b[U8_MAX_LENGTH];
	int32_t n = 0;
	if (cp > 0x10FFFF || U_IS_SURROGATE(cp))
		cp = 0xFFFD;
	U8_APPEND_UNSAFE(b, n, cp);
	return strbuf_add(out, b, (size_t)n) ? -ENOMEM : 0;
}
