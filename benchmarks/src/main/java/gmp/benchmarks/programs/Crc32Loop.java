package gmp.benchmarks.programs;

import java.util.function.LongUnaryOperator;

/** A loop with a realistic body: table-driven CRC-32 over 4 KB (a load, shifts, xors per byte). */
public final class Crc32Loop implements LongUnaryOperator {
    private static final int[] TABLE = new int[256];
    private final byte[] data = new byte[4096];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    public Crc32Loop() {
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 131);
        }
    }

    @Override
    public long applyAsLong(long seed) {
        int c = ~(int) seed;
        for (byte b : data) {
            c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
        }
        return ~c & 0xffffffffL;
    }
}
