namespace KDTalker.Model.Media;

/// <summary>
/// A folder of frames (<c>frame_000000.png</c>, …) and the speech as <c>audio.wav</c> (16-bit PCM mono). The folder is
/// built under a temporary name next to its destination (which must not exist, or be empty) and renamed when
/// complete; disposing an uncompleted sink (after cancellation or an error) deletes it.
/// </summary>
/// <param name="folder">The folder to create; its parent must exist.</param>
public sealed class PngSequenceSink(string folder) : IFrameSink, IDisposable
{
    private readonly string _folder = Path.GetFullPath(folder ?? throw new ArgumentNullException(nameof(folder))).TrimEnd(Path.DirectorySeparatorChar);
    private readonly SinkLifecycle _lifecycle = new("PNG sequence sink");
    private string? _temporary;
    private WavFileWriter? _audio;

    /// <summary>The name of frame <paramref name="index"/> in the folder.</summary>
    public static string FrameFileName(int index) => $"frame_{index:D6}.png";

    /// <summary>The name of the audio file in the folder.</summary>
    public const string AudioFileName = "audio.wav";

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginOpen(info, cancellationToken);
        OutputFiles.RequireFolder(_folder);
        if (File.Exists(_folder))
            throw new IOException($"{_folder} is a file; PNG frames go into a new folder.");
        if (Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).Any())
            throw new IOException($"The output folder {_folder} exists and is not empty; choose a new folder for the PNG frames.");
        StaleTemporaries.CleanBeside(_folder);
        string temporary = _folder + StaleTemporaries.PartialSuffix;
        _lifecycle.Failed(); // until the folder and the WAV exist
        OutputFiles.CreateTemporaryFolder(_folder, temporary);
        _temporary = temporary;
        _audio = new WavFileWriter(Path.Combine(temporary, AudioFileName), info.AudioSampleRate);
        _lifecycle.Opened();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginFrame(frame, cancellationToken);
        _lifecycle.WriteFrame(() =>
        {
            PngFile.Write(frame, Path.Combine(_temporary!, FrameFileName(_lifecycle.Frames)));
            _audio!.Write(audio.Span);
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginComplete(cancellationToken);
        _lifecycle.Complete(() =>
        {
            _audio!.Complete();
            if (Directory.Exists(_folder))
                Directory.Delete(_folder); // empty, checked at open
            Directory.Move(_temporary!, _folder);
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the audio file; an uncompleted folder is deleted.</summary>
    public void Dispose()
    {
        if (!_lifecycle.TryDispose())
            return;
        _audio?.Dispose();
        if (!_lifecycle.IsCompleted && _temporary is not null && Directory.Exists(_temporary))
            Directory.Delete(_temporary, recursive: true);
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
