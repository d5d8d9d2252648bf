using System.Diagnostics;
using System.Globalization;

namespace KDTalker.Model.Media;

/// <summary>
/// MP4 (H.264 yuv420p + AAC) through a system ffmpeg. Frames are piped to ffmpeg as raw RGB (libx264 encodes them into
/// a temporary video-only MP4) while the audio goes to a temporary WAV; <see cref="CompleteAsync"/> muxes the two into
/// the destination in a second, fast pass (<c>-c:v copy</c>, audio to AAC, <c>+faststart</c>) and renames it. Memory
/// holds one frame and the pipe's buffer. Every file is written under a temporary name next to the destination;
/// disposing an uncompleted writer (after cancellation or an error) stops ffmpeg and deletes them. ffmpeg's errors
/// carry the tail of its stderr.
/// </summary>
public sealed class FfmpegMp4Writer : IFrameSink, IDisposable
{
    private const int StderrTail = 1000;
    private readonly string _path;
    private readonly string? _requestedFfmpeg;
    private readonly int _crf;
    private readonly string _preset;
    private readonly SinkLifecycle _lifecycle = new("MP4 writer");
    private string? _executable, _video, _audioPath, _muxed;
    private Process? _encoder;
    private Task<string>? _encoderErrors;
    private WavFileWriter? _audio;

    /// <summary>A writer for <paramref name="path"/>.</summary>
    /// <param name="path">The .mp4 to write; its folder must exist.</param>
    /// <param name="ffmpeg">ffmpeg's path (or a name looked up on PATH); null finds <c>ffmpeg</c> on PATH.</param>
    /// <param name="crf">x264 constant rate factor, 0–51: lower is better and larger (18 is visually lossless for most content).</param>
    /// <param name="preset">x264 preset, ultrafast … veryslow.</param>
    public FfmpegMp4Writer(string path, string? ffmpeg = null, int crf = 18, string preset = "medium")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (crf is < 0 or > 51)
            throw new ArgumentOutOfRangeException(nameof(crf), crf, "The x264 CRF must be between 0 and 51.");
        if (string.IsNullOrEmpty(preset) || !preset.All(char.IsAsciiLetterLower))
            throw new ArgumentException($"'{preset}' is not an x264 preset (ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, " +
                "veryslow).", nameof(preset));
        _path = Path.GetFullPath(path);
        _requestedFfmpeg = ffmpeg;
        _crf = crf;
        _preset = preset;
    }

    /// <summary>True when a working ffmpeg is found on PATH (MP4 output is then available).</summary>
    public static bool IsAvailable => FfmpegLocator.Find() is not null;

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginOpen(info, cancellationToken);
        OutputFiles.RequireFolder(_path);
        _executable = FfmpegLocator.Require(_requestedFfmpeg);
        StaleTemporaries.CleanBeside(_path);
        _muxed = _path + StaleTemporaries.PartialSuffix;
        _video = _muxed + ".video.mp4";
        _audioPath = _muxed + ".audio.wav";
        _lifecycle.Failed(); // until ffmpeg runs
        _audio = new WavFileWriter(_audioPath, info.AudioSampleRate); // first: an unwritable folder fails here, clearly
        // yuv420p needs even sizes: pad odd ones by a pixel.
        _encoder = Start(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{info.Width}x{info.Height}", "-r", Text(info.FramesPerSecond), "-i", "pipe:0",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", _preset, "-crf", Text(_crf), "-pix_fmt", "yuv420p", "-f", "mp4",
            "file:" + _video],
            redirectInput: true);
        _encoderErrors = _encoder.StandardError.ReadToEndAsync(CancellationToken.None);
        _lifecycle.Opened();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginFrame(frame, cancellationToken);
        await _lifecycle.WriteFrameAsync(async () =>
        {
            try
            {
                _audio!.Write(audio.Span);
                await _encoder!.StandardInput.BaseStream.WriteAsync(frame.Pixels, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException error) when (EncoderExited())
            {
                // A broken pipe: ffmpeg has stopped, and its stderr says why.
                throw new IOException($"{_path}: ffmpeg stopped taking frames (exit " +
                    $"code {_encoder!.ExitCode}): {await Tail(_encoderErrors!).ConfigureAwait(false)}", error);
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _lifecycle.BeginComplete(cancellationToken);
        await _lifecycle.CompleteAsync(async () =>
        {
            var encoder = _encoder!;
            encoder.StandardInput.Close();
            await encoder.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (encoder.ExitCode != 0)
                throw new IOException($"{_path}: ffmpeg could not encode the video (exit " +
                    $"code {encoder.ExitCode}): {await Tail(_encoderErrors!).ConfigureAwait(false)}");
            _audio!.Complete();
            using var mux = Start(["-i", "file:" + _video, "-i", "file:" + _audioPath, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac",
                "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4", "file:" + _muxed], redirectInput: false);
            var errors = mux.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await mux.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Stop(mux);
                throw;
            }
            if (mux.ExitCode != 0)
                throw new IOException($"{_path}: ffmpeg could not add the audio (exit code {mux.ExitCode}): {await Tail(errors).ConfigureAwait(false)}");
            File.Move(_muxed!, _path, overwrite: true);
        }).ConfigureAwait(false);
        DeleteTemporaries();
    }

    /// <summary>Stops ffmpeg if it still runs; deletes the temporary files, and the output unless it is complete.</summary>
    public void Dispose()
    {
        if (!_lifecycle.TryDispose())
            return;
        if (_encoder is not null)
            Stop(_encoder);
        _encoder?.Dispose();
        _audio?.Dispose();
        if (!_lifecycle.IsCompleted)
            OutputFiles.Delete(_muxed);
        DeleteTemporaries();
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Process Start(IEnumerable<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(_executable!)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        string[] common = redirectInput ? ["-v", "error", "-nostats", "-y"] : ["-v", "error", "-nostats", "-nostdin", "-y"];
        foreach (string argument in common.Concat(arguments))
            start.ArgumentList.Add(argument);
        try
        {
            var process = Process.Start(start) ?? throw new IOException($"{_path}: could not start ffmpeg at {_executable}.");
            if (!redirectInput)
                process.StandardInput.Close();
            return process;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new IOException($"{_path}: could not run ffmpeg at {_executable}: {error.Message}", error);
        }
    }

    private bool EncoderExited() => _encoder is not null && _encoder.WaitForExit(TimeSpan.FromSeconds(5));

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile, or never started.
        }
    }

    private void DeleteTemporaries()
    {
        OutputFiles.Delete(_video);
        OutputFiles.Delete(_audioPath);
    }

    private static async Task<string> Tail(Task<string> errors)
    {
        string text = (await errors.ConfigureAwait(false)).Trim();
        return text.Length == 0 ? "(ffmpeg printed nothing)" : text.Length > StderrTail ? "…" + text[^StderrTail..] : text;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
