namespace KDTalker.Web.Uploads;

/// <summary>Tells an upload's type from its first bytes (never from its name): the extension the service stores it under, or null.</summary>
internal static class ContentSniffer
{
    /// <summary>".jpg", ".png", ".bmp" or ".gif" — the photo types the engine decodes — or null.</summary>
    public static string? Image(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return ".jpg";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return ".png";
        if (head.StartsWith("BM"u8) && head.Length >= 26)
            return ".bmp";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
            return ".gif";
        return null;
    }

    /// <summary>".wav" (decoded in-process), or ".mp3", ".ogg", ".flac", ".webm", ".m4a" (decoded by ffmpeg), or null.</summary>
    public static string? Audio(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8))
            return ".wav";
        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
            return ".mp3";
        if (head.StartsWith("OggS"u8))
            return ".ogg";
        if (head.StartsWith("fLaC"u8))
            return ".flac";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) // EBML: WebM/Matroska, what MediaRecorder records
            return ".webm";
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
            return ".m4a";
        return null;
    }
}
