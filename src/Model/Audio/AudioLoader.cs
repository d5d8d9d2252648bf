namespace KDTalker.Model.Audio;

/// <summary>
/// Loads the driving audio as the pipeline needs it (docs/PIPELINE.md §4): mono float samples at 16 kHz.
/// WAV files are decoded here; every other format goes through the system ffmpeg.
/// </summary>
/// <param name="ffmpegExecutable">Path of ffmpeg; null searches PATH when a non-WAV file is loaded.</param>
public sealed class AudioLoader(string? ffmpegExecutable = null)
{
    /// <summary>The rate the audio encoder works at.</summary>
    public const int SampleRate = 16000;

    /// <summary>Loads <paramref name="path"/> as mono samples at <see cref="SampleRate"/> Hz.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded, or it is not WAV and ffmpeg is unavailable.</exception>
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
    /// <exception cref="AudioFormatException">The file cannot be decoded, or it is not WAV and ffmpeg is unavailable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the temporary file is deleted.</exception>
    public AudioTrack Open(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        var track = new AudioTrack(SampleRate);
        try
        {
            if (IsWav(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                Resampler.Stream? resampler = null;
                WavReader.Decode(stream, path, format =>
                {
                    resampler = new Resampler.Stream(format.SampleRate, SampleRate, track.Append);
                    return block =>
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        resampler.Write(block);
                    };
                });
                resampler!.Complete();
            }
            else
                Ffmpeg(path).DecodeTo(path, SampleRate, track.Append, cancellationToken);
            return track;
        }
        catch
        {
            track.Dispose();
            throw;
        }
    }

    private FfmpegDecoder Ffmpeg(string path)
    {
        string? executable = ffmpegExecutable is null ? Media.FfmpegLocator.Find()
            : File.Exists(ffmpegExecutable) ? ffmpegExecutable : null;
        return executable is null
            ? throw new AudioFormatException(
                $"{path}: decoding {Path.GetExtension(path)} audio needs ffmpeg, which was not found " +
                $"{(ffmpegExecutable is null ? "on PATH" : $"at {ffmpegExecutable}")}. " +
                "Install it (apt install ffmpeg, or see https://ffmpeg.org) or give a WAV file.")
            : new FfmpegDecoder(executable);
    }

    private static bool IsWav(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".wav" or ".wave";
}
