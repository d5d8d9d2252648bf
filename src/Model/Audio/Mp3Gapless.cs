using System.Buffers.Binary;

namespace KDTalker.Model.Audio;

/// <summary>
/// The encoder delay and padding an MP3's LAME (or ffmpeg "Lavc") tag records, so the decoded samples can be trimmed
/// to the original audio the way ffmpeg trims them.
/// </summary>
/// <remarks>
/// The tag sits in the first frame, after the Xing/Info header (flags, then the optional frame count, byte count,
/// 100-byte TOC and quality); 21 bytes into the LAME extension, 12 bits of delay and 12 of padding. The decoder adds
/// <see cref="DecoderDelay"/> samples of its own (the MDCT overlap), so the first delay + 529 samples and the last
/// padding − 529 are not audio.
/// </remarks>
/// <param name="Skip">Samples per channel to drop at the start.</param>
/// <param name="Drop">Samples per channel to drop at the end.</param>
public readonly record struct Mp3Gapless(int Skip, int Drop)
{
    /// <summary>The layer III decoder's own delay in samples.</summary>
    public const int DecoderDelay = 529;

    /// <summary>Reads the tag from the start of the file; no trimming when there is none.</summary>
    public static Mp3Gapless Read(ReadOnlySpan<byte> head)
    {
        int frame = Id3End(head);
        if (frame < 0 || frame + 4 > head.Length || head[frame] != 0xFF || (head[frame + 1] & 0xE0) != 0xE0)
            return default;
        // The Xing/Info tag follows the side information, whose size depends on the version and channel mode.
        bool mpeg1 = (head[frame + 1] & 0x18) == 0x18;
        bool mono = (head[frame + 3] & 0xC0) == 0xC0;
        int tag = frame + 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        if (tag + 8 > head.Length || !(head.Slice(tag, 4).SequenceEqual("Xing"u8) || head.Slice(tag, 4).SequenceEqual("Info"u8)))
            return default;
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(head[(tag + 4)..]);
        int lame = tag + 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        if (lame + 24 > head.Length || !IsEncoderName(head.Slice(lame, 4)))
            return default;
        int delay = head[lame + 21] << 4 | head[lame + 22] >> 4;
        int padding = (head[lame + 22] & 0x0F) << 8 | head[lame + 23];
        return new Mp3Gapless(delay + DecoderDelay, Math.Max(0, padding - DecoderDelay));
    }

    /// <summary>Where an ID3v2 tag at the start ends (0 without one): "ID3", version, flags, a 28-bit size in four 7-bit bytes, and 10 more with a
    /// footer.</summary>
    public static int Id3End(ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || !head[..3].SequenceEqual("ID3"u8))
            return 0;
        int size = head[6] << 21 | head[7] << 14 | head[8] << 7 | head[9];
        return 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
    }

    private static bool IsEncoderName(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
            if (!char.IsAsciiLetterOrDigit((char)b))
                return false;
        return true;
    }
}
