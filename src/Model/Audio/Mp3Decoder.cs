using NLayer;

namespace KDTalker.Model.Audio;

/// <summary>
/// Decodes MPEG audio (layers 1–3: .mp3, .mp2) with NLayer, a fully managed decoder: no ffmpeg needed. Channels are
/// averaged to mono; the encoder delay and padding a LAME/Lavc tag records are trimmed (<see cref="Mp3Gapless"/>),
/// so the samples line up with ffmpeg's decoding of the same file.
/// </summary>
public static class Mp3Decoder
{
    private const int HeadBytes = 1 << 16;
    private const int BlockFrames = 1 << 13;

    /// <summary>
    /// Decodes <paramref name="stream"/> block by block: once the rate is known, <paramref name="consumer"/> is asked for
    /// the receiver of the mono samples. Returns the sample rate.
    /// </summary>
    /// <param name="stream">A seekable stream at the start of the file.</param>
    /// <param name="source">Names the stream in error messages.</param>
    /// <param name="consumer">Given the sample rate, returns where the samples go.</param>
    /// <exception cref="AudioFormatException">No MPEG audio frames, or a frame NLayer cannot decode.</exception>
    public static int Decode(Stream stream, string source, Func<int, Action<ReadOnlySpan<float>>> consumer)
    {
        var head = new byte[HeadBytes];
        int headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var gapless = Mp3Gapless.Read(head.AsSpan(0, headLength));
        // NLayer allocates an ID3v2 tag's declared size (up to 256 MB): a tag larger than the file is refused first.
        long tagEnd = Mp3Gapless.Id3End(head.AsSpan(0, headLength));
        if (tagEnd > stream.Length)
            throw new AudioFormatException($"{source}: the ID3 tag declares {tagEnd - 10:N0} bytes but the file holds {stream.Length:N0}: the file is " +
                "damaged or not MP3.");
        stream.Position = 0;
        try
        {
            using var file = new MpegFile(stream);
            int channels = file.Channels, rate = file.SampleRate;
            if (channels is < 1 or > 2 || rate < WavFormat.MinSampleRate)
                throw new AudioFormatException($"{source}: not an MPEG audio file (its first frame says {channels} channels at {rate} Hz).");
            var samples = consumer(rate);
            var trimmer = new EdgeTrimmer(gapless, samples);
            var interleaved = new float[BlockFrames * channels];
            var mono = new float[BlockFrames];
            long decoded = 0;
            int read;
            while ((read = file.ReadSamples(interleaved, 0, interleaved.Length)) > 0)
            {
                int frames = read / channels;
                for (int i = 0; i < frames; i++)
                    mono[i] = channels == 1 ? interleaved[i] : (interleaved[2 * i] + interleaved[2 * i + 1]) / 2;
                trimmer.Write(mono.AsSpan(0, frames));
                decoded += frames;
            }
            if (decoded == 0)
                throw new AudioFormatException($"{source}: the MP3 file holds no audio frames.");
            trimmer.Complete();
            return rate;
        }
        catch (Exception error) when (error is InvalidDataException or IndexOutOfRangeException or ArgumentException
            or InvalidOperationException or EndOfStreamException)
        {
            // NLayer's own errors for a damaged stream.
            throw new AudioFormatException($"{source}: not a decodable MP3 file ({error.Message}). Re-encode it or give a WAV file.", error);
        }
    }

    /// <summary>Drops the first <c>Skip</c> samples and holds back the last <c>Drop</c> until the end is known.</summary>
    private sealed class EdgeTrimmer(Mp3Gapless gapless, Action<ReadOnlySpan<float>> output)
    {
        private readonly float[] _tail = new float[gapless.Drop];
        private long _toSkip = gapless.Skip;
        private int _held;

        public void Write(ReadOnlySpan<float> samples)
        {
            int skip = (int)Math.Min(_toSkip, samples.Length);
            _toSkip -= skip;
            samples = samples[skip..];
            if (_tail.Length == 0)
            {
                if (samples.Length > 0)
                    output(samples);
                return;
            }
            // Emit what can no longer be among the last Drop samples; keep the rest.
            int total = _held + samples.Length;
            int emit = Math.Max(0, total - _tail.Length);
            int fromHeld = Math.Min(emit, _held);
            if (fromHeld > 0)
                output(_tail.AsSpan(0, fromHeld));
            if (emit > fromHeld)
                output(samples[..(emit - fromHeld)]);
            var keptHeld = _tail.AsSpan(fromHeld, _held - fromHeld);
            keptHeld.CopyTo(_tail);
            samples[(emit - fromHeld)..].CopyTo(_tail.AsSpan(keptHeld.Length));
            _held = total - emit;
        }

        // The held samples are exactly the padding: dropped.
        public void Complete() => _held = 0;
    }
}
