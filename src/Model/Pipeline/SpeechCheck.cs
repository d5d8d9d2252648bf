using KDTalker.Model.Audio;

namespace KDTalker.Model.Pipeline;

/// <summary>The checks speech input must pass before any work starts, each with a message that says what to do.</summary>
public static class SpeechCheck
{
    /// <summary>Below this peak (about −80 dBFS) a recording is treated as silence.</summary>
    public const float SilencePeak = 1e-4f;

    /// <summary>Throws <see cref="ArgumentException"/> for empty, too short or silent audio, or audio with NaN or infinite samples.</summary>
    public static void Validate(IAudioSamples speech, string? name = null)
    {
        string what = name ?? "The audio";
        int perFrame = AudioLoader.SampleRate / Talker.FramesPerSecond;
        if (speech.Length == 0)
            throw new ArgumentException($"{what} holds no samples. Give a recording of speech (WAV, MP3, or any format ffmpeg reads).");
        if (speech.Length < perFrame)
            throw new ArgumentException($"{what} lasts {speech.Length * 1000.0 / AudioLoader.SampleRate:F1} ms, shorter than one video frame (40 ms). " +
                "Give at least 40 ms of speech.");
        var block = new float[1 << 16];
        bool heard = false;
        for (long at = 0; at < speech.Length; at += block.Length)
        {
            speech.Read(at, block);
            int bad = NonFiniteSamples.IndexOf(block);
            if (bad >= 0)
                throw new ArgumentException(NonFiniteSamples.Describe(what, at + bad, block[bad], AudioLoader.SampleRate));
            foreach (float v in block)
                heard |= Math.Abs(v) > SilencePeak;
        }
        if (!heard)
            throw new ArgumentException($"{what} is silent (no sample above {SilencePeak} full scale, about −80 dBFS): there is no speech to animate.");
    }
}
