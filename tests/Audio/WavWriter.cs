using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Tests.Audio;

/// <summary>A minimal test-side RIFF/WAVE writer: chunks are assembled by hand so that tests can lie in them.</summary>
internal static class WavWriter
{
    public const ushort TagPcm = 1;
    public const ushort TagFloat = 3;
    public const ushort TagExtensible = 0xFFFE;

    /// <summary>A plain 16-byte fmt body; block align and byte rate follow from the other fields unless given.</summary>
    public static byte[] Fmt(ushort tag, int channels, int sampleRate, int bits, int? blockAlign = null)
    {
        var body = new byte[16];
        int align = blockAlign ?? channels * bits / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        return body;
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body whose sub-format GUID carries <paramref name="subFormatTag"/>.</summary>
    public static byte[] FmtExtensible(ushort subFormatTag, int channels, int sampleRate, int bits)
    {
        var body = new byte[40];
        Fmt(TagExtensible, channels, sampleRate, bits).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)bits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 1 ? 0x4u : 0x3u);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormatTag);
        byte[] guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        guidTail.CopyTo(body, 26);
        return body;
    }

    /// <summary>One chunk: id, size (the body's unless <paramref name="declaredSize"/>), body, pad byte when odd.</summary>
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        var chunk = new byte[8 + body.Length + (body.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>"RIFF", the total size, "WAVE", then the chunks.</summary>
    public static byte[] Riff(params byte[][] chunks)
    {
        var file = new List<byte>();
        file.AddRange("RIFF"u8.ToArray());
        file.AddRange(new byte[4]);
        file.AddRange("WAVE"u8.ToArray());
        foreach (var chunk in chunks)
            file.AddRange(chunk);
        var bytes = file.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>A complete file with a plain fmt chunk and one data chunk.</summary>
    public static byte[] Simple(ushort tag, int channels, int sampleRate, int bits, byte[] data) =>
        Riff(Chunk("fmt ", Fmt(tag, channels, sampleRate, bits)), Chunk("data", data));

    /// <summary>Integer codes (already in range) as little-endian samples of <paramref name="bits"/> bits; 8-bit ones unsigned.</summary>
    public static byte[] IntegerSamples(long[] codes, int bits)
    {
        int width = bits / 8;
        var data = new byte[codes.Length * width];
        for (int i = 0; i < codes.Length; i++)
        {
            long code = bits == 8 ? codes[i] + 128 : codes[i];
            for (int b = 0; b < width; b++)
                data[i * width + b] = (byte)(code >> (8 * b));
        }
        return data;
    }

    public static byte[] Float32Samples(float[] values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return data;
    }

    public static byte[] Float64Samples(double[] values)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        return data;
    }

    /// <summary>Full-scale random integer codes for <paramref name="bits"/>-bit samples, including both extremes.</summary>
    public static long[] RandomCodes(Random random, int count, int bits)
    {
        long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
        var codes = new long[count];
        for (int i = 0; i < count; i++)
            codes[i] = random.NextInt64(min, max + 1);
        codes[0] = min;
        codes[1] = max;
        codes[2] = 0;
        return codes;
    }
}

/// <summary>A stream that only reads forward and returns short, irregular reads, like a pipe.</summary>
internal sealed class PipeLikeStream(byte[] bytes) : Stream
{
    private int _position;
    private int _call;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int chunk = Math.Min(buffer.Length, Math.Min(bytes.Length - _position, 1 + _call++ % 7));
        bytes.AsSpan(_position, chunk).CopyTo(buffer);
        _position += chunk;
        return chunk;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
