using System.Buffers.Binary;

namespace KDTalker.Model.Audio;

/// <summary>How samples are stored in a WAV data chunk.</summary>
public enum WavEncoding
{
    /// <summary>Little-endian two's-complement integers (8-bit ones unsigned, offset 128).</summary>
    Pcm,

    /// <summary>Little-endian IEEE 754 floats.</summary>
    Float,
}

/// <summary>The decoded <c>fmt </c> chunk of a WAV file, validated.</summary>
/// <param name="Encoding">Integer or float samples.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BitsPerSample">Container size of one sample in bits (8, 16, 24, 32 or 64).</param>
public readonly record struct WavFormat(WavEncoding Encoding, int Channels, int SampleRate, int BitsPerSample)
{
    private const ushort TagPcm = 0x0001;
    private const ushort TagFloat = 0x0003;
    private const ushort TagExtensible = 0xFFFE;

    /// <summary>Lowest sample rate accepted: below telephone speech (8 kHz) by a margin; a lower rate is a corrupt header,
    /// and would turn a small file into hours of audio (a 1 Hz header makes a second of samples last hours).</summary>
    public const int MinSampleRate = 4_000;

    /// <summary>Most channels accepted (far beyond any recording's; NAudio's converters overflow past 32 KB frames).</summary>
    public const int MaxChannels = 256;

    /// <summary>Highest sample rate accepted (the highest PCM rate in use); anything above is a corrupt header.</summary>
    public const int MaxSampleRate = 768_000;

    /// <summary>Bytes per sample of one channel.</summary>
    public int BytesPerSample => BitsPerSample / 8;

    /// <summary>Bytes per frame (all channels).</summary>
    public int BlockAlign => Channels * BytesPerSample;

    /// <summary>Parses and validates a <c>fmt </c> chunk body.</summary>
    /// <exception cref="AudioFormatException">The chunk is short, inconsistent or describes an unsupported encoding.</exception>
    public static WavFormat Parse(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < 16)
            throw new AudioFormatException($"{source}: fmt chunk is {chunk.Length} bytes, shorter than the 16 a WAV format needs.");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);

        if (tag == TagExtensible)
            tag = SubFormatTag(chunk, source);
        var encoding = tag switch
        {
            TagPcm => WavEncoding.Pcm,
            TagFloat => WavEncoding.Float,
            _ => throw new AudioFormatException(
                $"{source}: unsupported WAV format tag 0x{tag:X4} ({TagName(tag)}); only integer PCM and IEEE float are supported."),
        };
        if (channels == 0)
            throw new AudioFormatException($"{source}: fmt chunk declares zero channels.");
        if (channels > MaxChannels)
            throw new AudioFormatException($"{source}: fmt chunk declares {channels} channels, more than any recording has ({MaxChannels} at most): " +
                "the header is corrupt.");
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
            throw new AudioFormatException(
                $"{source}: invalid sample rate {sampleRate} Hz: speech is recorded at {MinSampleRate:N0} to {MaxSampleRate:N0} Hz, " +
                "so the header is corrupt. " +
                "Re-export the recording (e.g. ffmpeg -i IN -ar 16000 OUT.wav).");
        bool supportedDepth = encoding == WavEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!supportedDepth)
            throw new AudioFormatException($"{source}: unsupported bit depth {bits} for {(encoding == WavEncoding.Pcm ? "integer PCM" : "IEEE float")} " +
                "samples.");

        var format = new WavFormat(encoding, channels, (int)sampleRate, bits);
        if (blockAlign != format.BlockAlign)
            throw new AudioFormatException(
                $"{source}: block align {blockAlign} is inconsistent with {channels} channel(s) of {bits}-bit samples (expected {format.BlockAlign}).");
        return format;
    }

    // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID
    // {tag-0000-0010-8000-00AA00389B71}.
    private static ushort SubFormatTag(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < 40)
            throw new AudioFormatException($"{source}: WAVE_FORMAT_EXTENSIBLE fmt chunk is {chunk.Length} bytes, shorter than 40.");
        ReadOnlySpan<byte> guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        var subFormat = chunk.Slice(24, 16);
        if (!subFormat[2..].SequenceEqual(guidTail))
            throw new AudioFormatException($"{source}: unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(subFormat)}.");
        return BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
    }

    private static string TagName(ushort tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0055 => "MPEG layer 3",
        _ => "unknown",
    };
}
