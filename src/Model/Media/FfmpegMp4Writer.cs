using System.Diagnostics;
using System.Globalization;
using KDTalker.Model.Audio;

namespace KDTalker.Model.Media;

/// <summary>
/// MP4 (H.264 + AAC) through a system ffmpeg: frames are piped to ffmpeg as raw RGB while the audio goes to a
/// temporary WAV; <see cref="CompleteAsync"/> muxes the two into the destination (a second, copy-only pass that
/// re-encodes just the audio to AAC). Everything is written under temporary names and renamed at the end;
/// disposing an uncompleted writer stops ffmpeg and deletes them.
/// </summary>
/// <param name="path">The .mp4 to write.</param>
/// <param name="ffmpeg">ffmpeg's path; null searches PATH.</param>
/// <param name="crf">x264 constant rate factor: lower is better and larger (18 is visually lossless for most content).</param>
public sealed class FfmpegMp4Writer(string path, string? ffmpeg = null, int crf = 18) : IFrameSink
{
    private readonly string _path = Path.GetFullPath(path);
    private string? _executable, _video, _audioPath, _muxed;
    private Process? _encoder;
    private Task<string>? _encoderErrors;
    private WavFileWriter? _audio;
    private bool _completed;

    /// <summary>True when an ffmpeg is found on PATH (MP4 output is then available).</summary>
    public static bool IsAvailable => FfmpegDecoder.FindOnPath() is not null;

    /// <inheritdoc />
    public ValueTask OpenAsync(VideoStreamInfo info, CancellationToken cancellationToken = default)
    {
        OutputFiles.RequireFolder(_path);
        _executable = ffmpeg ?? FfmpegDecoder.FindOnPath()
            ?? throw new IOException("MP4 output needs ffmpeg, which was not found on PATH. Install it (apt install ffmpeg) or write AVI (--format avi).");
        string stem = _path + $".{Environment.ProcessId}";
        _video = stem + ".video.mp4";
        _audioPath = stem + ".audio.wav";
        _muxed = _path + ".partial";
        _audio = new WavFileWriter(_audioPath, info.AudioSampleRate);
        // yuv420p needs even sizes: pad odd ones by a pixel.
        _encoder = Start(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{info.Width}x{info.Height}", "-r", Text(info.FramesPerSecond), "-i", "pipe:0",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", "medium", "-crf", Text(crf), "-pix_fmt", "yuv420p", "-f", "mp4", "file:" + _video],
            redirectInput: true);
        _encoderErrors = _encoder.StandardError.ReadToEndAsync(CancellationToken.None);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteFrameAsync(RgbImage frame, ReadOnlyMemory<short> audio, CancellationToken cancellationToken = default)
    {
        var encoder = _encoder ?? throw new InvalidOperationException("Open the MP4 writer before writing frames.");
        _audio!.Write(audio.Span);
        try
        {
            await encoder.StandardInput.BaseStream.WriteAsync(frame.Pixels, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            throw new IOException($"{_path}: ffmpeg stopped taking frames: {await Tail(_encoderErrors!).ConfigureAwait(false)}", error);
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        var encoder = _encoder ?? throw new InvalidOperationException("Open the MP4 writer before completing it.");
        encoder.StandardInput.Close();
        await encoder.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (encoder.ExitCode != 0)
            throw new IOException($"{_path}: ffmpeg could not encode the video (exit code {encoder.ExitCode}): {await Tail(_encoderErrors!).ConfigureAwait(false)}");
        _audio!.Complete();
        using var mux = Start(["-i", "file:" + _video, "-i", "file:" + _audioPath, "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k",
            "-movflags", "+faststart", "-f", "mp4", "file:" + _muxed], redirectInput: false);
        var errors = mux.StandardError.ReadToEndAsync(CancellationToken.None);
        await mux.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (mux.ExitCode != 0)
            throw new IOException($"{_path}: ffmpeg could not add the audio (exit code {mux.ExitCode}): {await Tail(errors).ConfigureAwait(false)}");
        File.Move(_muxed!, _path, overwrite: true);
        _completed = true;
        DeleteTemporaries();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_encoder is { HasExited: false })
        {
            try
            {
                _encoder.Kill(entireProcessTree: true);
                _encoder.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
        _encoder?.Dispose();
        _audio?.Dispose();
        if (!_completed)
            OutputFiles.Delete(_muxed);
        DeleteTemporaries();
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
        string[] common = redirectInput ? ["-v", "error", "-y"] : ["-v", "error", "-nostdin", "-y"];
        foreach (string argument in common.Concat(arguments))
            start.ArgumentList.Add(argument);
        try
        {
            var process = Process.Start(start)!;
            if (!redirectInput)
                process.StandardInput.Close();
            return process;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new IOException($"{_path}: could not run ffmpeg at {_executable}: {error.Message}", error);
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
        return text.Length > 600 ? "…" + text[^600..] : text;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
