using System.Buffers.Binary;
using System.Text;

namespace KDTalker.Model.Audio;

/// <summary>
/// Reads RIFF/WAVE files (integer PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE)
/// into a mono <see cref="AudioClip"/>, decoding as soundfile does and averaging channels as librosa does.
/// </summary>
/// <remarks>
/// The stream is read forward only. A data size of 0 or 0xFFFFFFFF (written by streaming encoders) means
/// "until the end of the stream"; any other size must be present in full. The RIFF size field is not
/// checked, since streaming writers leave it 0 or stale. Memory grows only with the
/// bytes actually read, so a corrupt size never causes a huge allocation.
/// The chunks are walked here rather than by NAudio's <c>WaveFileReader</c>, which needs a seekable stream (no
/// pipes), reads no samples when the data size is 0, finds no fmt chunk when the RIFF size is 0, and silently
/// returns what there is when the data size claims more than the file holds (WavReaderNAudioTests shows each);
/// NAudio converts the samples (<see cref="WavSampleDecoder"/>).
/// </remarks>
public static class WavReader
{
    private const int MaxFmtChunkBytes = 1 << 16;
    private const int ReadBlockBytes = 1 << 16;
    private const uint DataUntilEndOfStream = 0xFFFFFFFF;

    /// <summary>Reads a WAV file from disk.</summary>
    /// <exception cref="AudioFormatException">The file is not a WAV file, is malformed or truncated, or uses an unsupported encoding.</exception>
    public static AudioClip Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBlockBytes, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads a WAV file from <paramref name="stream"/>, which need not be seekable.</summary>
    /// <param name="stream">Positioned at the "RIFF" tag.</param>
    /// <param name="source">Names the stream in error messages (a path or a description).</param>
    /// <exception cref="AudioFormatException">The stream is not a WAV file, is malformed or truncated, or uses an unsupported encoding.</exception>
    public static AudioClip Read(Stream stream, string source)
    {
        var samples = new float[0];
        int count = 0;
        var format = Decode(stream, source, _ => block =>
        {
            if (count + block.Length > samples.Length)
                Array.Resize(ref samples, (int)Math.Min(Array.MaxLength, Math.Max(count + block.Length, 2L * samples.Length)));
            block.CopyTo(samples.AsSpan(count));
            count += block.Length;
        });
        Array.Resize(ref samples, count);
        return new AudioClip(samples, format.SampleRate);
    }

    /// <summary>
    /// Decodes a WAV stream block by block, so memory does not grow with the file: once the format is known,
    /// <paramref name="consumer"/> is asked for the receiver of the mono samples, which then get them as they are
    /// read. Returns the format.
    /// </summary>
    /// <exception cref="AudioFormatException">The stream is not a WAV file, is malformed or truncated, or uses an unsupported encoding.</exception>
    public static WavFormat Decode(Stream stream, string source, Func<WavFormat, Action<ReadOnlySpan<float>>> consumer)
    {
        Span<byte> riff = stackalloc byte[12];
        int read = ReadFull(stream, riff);
        if (read >= 4 && !riff[..4].SequenceEqual("RIFF"u8))
            throw new AudioFormatException($"{source}: not a RIFF file (it starts with {Printable(riff[..4])}).");
        if (read < 12)
            throw new AudioFormatException($"{source}: truncated header: the file ends after {read} bytes, inside the 12-byte RIFF header.");
        if (!riff[8..12].SequenceEqual("WAVE"u8))
            throw new AudioFormatException($"{source}: RIFF file is not WAVE (its form type is {Printable(riff[8..12])}).");

        WavFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            read = ReadFull(stream, chunkHeader);
            if (read == 0)
                throw new AudioFormatException(format is null
                    ? $"{source}: missing fmt chunk: the file ends before any format description."
                    : $"{source}: missing data chunk: the file ends without audio data.");
            if (read < 8)
                throw new AudioFormatException($"{source}: truncated header: the file ends inside a chunk header.");
            var id = chunkHeader[..4];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);

            if (id.SequenceEqual("fmt "u8))
            {
                format = WavFormat.Parse(ReadFmtChunk(stream, size, source), source);
                SkipPadByte(stream, size);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } dataFormat)
                    throw new AudioFormatException($"{source}: missing fmt chunk: the data chunk comes before any format description.");
                ReadData(stream, dataFormat, size, source, consumer(dataFormat));
                return dataFormat;
            }
            else
            {
                SkipChunk(stream, size, Printable(id), source);
                SkipPadByte(stream, size);
            }
        }
    }

    private static byte[] ReadFmtChunk(Stream stream, uint size, string source)
    {
        if (size > MaxFmtChunkBytes)
            throw new AudioFormatException($"{source}: fmt chunk declares {size} bytes, larger than any WAV format description ({MaxFmtChunkBytes} at most).");
        var body = new byte[size];
        int read = ReadFull(stream, body);
        if (read < body.Length)
            throw new AudioFormatException($"{source}: truncated header: the fmt chunk declares {size} bytes but the file ends after {read}.");
        return body;
    }

    private static void ReadData(Stream stream, WavFormat format, uint size, string source, Action<ReadOnlySpan<float>> samples)
    {
        bool untilEnd = size is 0 or DataUntilEndOfStream;
        long remaining = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        if (!untilEnd && remaining >= 0 && size > remaining)
            throw new AudioFormatException($"{source}: truncated data: the data chunk declares {size} bytes but only {remaining} remain in the file.");

        int blockAlign = format.BlockAlign;
        var block = new byte[blockAlign * Math.Max(1, ReadBlockBytes / blockAlign)];
        var mono = new float[block.Length / blockAlign];
        var decoder = new WavSampleDecoder(format);
        long left = untilEnd ? long.MaxValue : size;
        long total = 0;
        while (left > 0)
        {
            int wanted = (int)Math.Min(block.Length, left);
            int read = ReadFull(stream, block.AsSpan(0, wanted));
            total += read;
            left -= read;
            int frames = decoder.Decode(block.AsSpan(0, read), mono);
            if (frames > 0)
                samples(mono.AsSpan(0, frames));
            if (read < wanted)
            {
                if (!untilEnd)
                    throw new AudioFormatException($"{source}: truncated data: the data chunk declares {size} bytes but the file ends after {total}.");
                break;
            }
        }
    }

    private static void SkipChunk(Stream stream, uint size, string id, string source)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (size > remaining)
                throw new AudioFormatException($"{source}: truncated chunk: {id} declares {size} bytes but only {remaining} remain in the file.");
            stream.Seek(size, SeekOrigin.Current);
            return;
        }
        Span<byte> discard = stackalloc byte[4096];
        long left = size;
        while (left > 0)
        {
            int wanted = (int)Math.Min(discard.Length, left);
            int read = ReadFull(stream, discard[..wanted]);
            left -= read;
            if (read < wanted)
                throw new AudioFormatException($"{source}: truncated chunk: {id} declares {size} bytes but the file ends after {size - left}.");
        }
    }

    // RIFF pads odd-sized chunks to an even length; a missing pad byte at the very end is tolerated.
    private static void SkipPadByte(Stream stream, uint size)
    {
        if ((size & 1) != 0)
            stream.ReadByte();
    }

    private static int ReadFull(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer[total..]);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }

    private static string Printable(ReadOnlySpan<byte> tag)
    {
        var text = new StringBuilder(tag.Length + 2).Append('"');
        foreach (byte b in tag)
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        return text.Append('"').ToString();
    }
}
