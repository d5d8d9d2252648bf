using KDTalker.Model.Media;

namespace KDTalker.Model.Audio;

/// <summary>
/// Loads the driving audio as the pipeline needs it (docs/PIPELINE.md §4): mono float samples at 16 kHz.
/// WAV (our chunk reader, NAudio's sample conversion) and MP3 (NLayer) are decoded in managed code; every other
/// format goes through the system ffmpeg. Non-finite samples are refused with the time of the first one.
/// </summary>
/// <param name="ffmpegExecutable">Path of ffmpeg; null searches PATH when a file needs it.</param>
public sealed class AudioLoader(string? ffmpegExecutable = null)
{
    /// <summary>The rate the audio encoder works at.</summary>
    public const int SampleRate = 16000;

    /// <summary>Extensions decoded without ffmpeg.</summary>
    public static IReadOnlyList<string> BuiltInExtensions { get; } = [".wav", ".wave", ".mp3", ".mp2"];

    /// <summary>Loads <paramref name="path"/> as mono samples at <see cref="SampleRate"/> Hz.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded, or it needs ffmpeg and ffmpeg is unavailable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public float[] Load(string path, CancellationToken cancellationToken = default)
    {
        using var track = Open(path, cancellationToken);
        return track.ReadAll();
    }

    /// <summary>
    /// Decodes <paramref name="path"/> block by block into an <see cref="AudioTrack"/> (a temporary file) at
    /// <see cref="SampleRate"/> Hz: memory stays bounded whatever the audio's length.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded, holds NaN or infinite samples, or it needs ffmpeg and ffmpeg is
    /// unavailable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the temporary file is deleted.</exception>
    public AudioTrack Open(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        var track = new AudioTrack(SampleRate);
        try
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (BuiltInExtensions.Contains(extension))
                DecodeManaged(path, extension, track, cancellationToken);
            else
                Ffmpeg(path).DecodeTo(path, SampleRate, NonFiniteSamples.Guard(path, SampleRate, track.Append), cancellationToken);
            return track;
        }
        catch
        {
            track.Dispose();
            throw;
        }
    }

    private static void DecodeManaged(string path, string extension, AudioTrack track, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Resampler.Stream? resampler = null;
        Action<ReadOnlySpan<float>> Receiver(int rate)
        {
            resampler = new Resampler.Stream(rate, SampleRate, track.Append);
            var checkedBlocks = NonFiniteSamples.Guard(path, rate, resampler.Write);
            return block =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                checkedBlocks(block);
            };
        }
        if (extension is ".wav" or ".wave")
            WavReader.Decode(stream, path, format => Receiver(format.SampleRate));
        else
            Mp3Decoder.Decode(stream, path, Receiver);
        resampler!.Complete();
    }

    private FfmpegDecoder Ffmpeg(string path)
    {
        string? executable = ffmpegExecutable is null ? FfmpegLocator.Find()
            : File.Exists(ffmpegExecutable) ? ffmpegExecutable : null;
        return executable is null
            ? throw new AudioFormatException(
                $"{path}: decoding {Path.GetExtension(path)} audio needs ffmpeg, which was not found " +
                $"{(ffmpegExecutable is null ? "on PATH" : $"at {ffmpegExecutable}")}. " +
                "Install it (apt install ffmpeg, or see https://ffmpeg.org) or give a WAV or MP3 file.")
            : new FfmpegDecoder(executable);
    }
}
