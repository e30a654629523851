/*
 * fuzz-core-utf8-stream.c — libFuzzer target for the repair of what an SSH
 * client types into UTF-8 (core/utf8-stream.c). The first byte picks the
 * chunk size the input is fed in; it asserts the promises of utf8-stream.h:
 * the output is valid UTF-8 once the stream is flushed by a final ASCII byte,
 * and every ASCII byte typed comes out, in order.
 *
 * Build and run (make fuzz does both):
 *   clang -std=c11 -D_GNU_SOURCE -I. -g -O1 -fsanitize=fuzzer,address,undefined \
 *     tests/fuzz/fuzz-core-utf8-stream.c core/utf8-stream.c core/text.c core/util.c \
 *     -o fuzz-core-utf8-stream
 *   ./fuzz-core-utf8-stream -max_total_time=60
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/utf8-stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[8 * 4096 + 16];
	struct utf8_stream st = { 0 };
	size_t chunk, off = 1, n = 0, produced, ascii_in = 0, ascii_out = 0, used;

	if (size < 1 || size > 4096)
		return 0;
	chunk = 1 + data[0] % 16;
	while (off < size) {
		size_t take = size - off < chunk ? size - off : chunk;

		used = utf8_stream_repair(&st, data + off, take, out + n, sizeof out - n, &produced);
		if (used == 0)
			abort();                /* room was left: it must make progress */
		off += used;
		n += produced;
	}
	/* An ASCII byte ends any sequence still held. */
	used = utf8_stream_repair(&st, "\n", 1, out + n, sizeof out - n, &produced);
	n += produced;
	if (used != 1 || !utf8_valid(out, n))
		abort();
	for (size_t i = 1; i < size; i++)
		ascii_in += data[i] < 0x80;
	for (size_t i = 0; i < n; i++)
		ascii_out += (unsigned char)out[i] < 0x80;
	if (ascii_out != ascii_in + 1)
		abort();
	return 0;
}
